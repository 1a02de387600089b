"""修改记录: the change history of any object tracked by django-simple-history, as plain entries a
template can show (who, when, what kind of change, and each field's old and new value); and the
one way services name who makes a change and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import zip_longest
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

ACTION_LABELS = {"+": "创建", "~": "修改", "-": "删除"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    # The row's version after this change, for rows that count their versions (core.versions).
    version: int | None = None


# A row's version number changes with every save: it is how changes are counted, not one.
_NOT_SHOWN = ["version"]
# The instance attributes django-simple-history reads when the object is next saved.
_HISTORY_USER = "_history_user"
_CHANGE_REASON = "_change_reason"


def record_change(
    obj: models.Model, user: AbstractBaseUser | None, reason: str | None = None
) -> None:
    """Name who makes the next save of ``obj`` and why, for the history record it writes.

    Without a user the record names whoever signed in to the request (the history middleware),
    or no one; so does a user who is not stored, like the command-line operator."""
    if user is not None and user.pk is not None:
        setattr(obj, _HISTORY_USER, user)
    if reason is not None:
        setattr(obj, _CHANGE_REASON, reason)


def history_of(obj: models.Model | type[models.Model]) -> Any:
    """The history manager django-simple-history adds to a tracked model (untyped library)."""
    return obj.history  # type: ignore[union-attr]  # added by HistoricalRecords at class creation


def history_entries(obj: models.Model) -> list[HistoryEntry]:
    """Newest first. Each entry compares a record with the one before it."""
    records = list(
        history_of(obj).select_related("history_user").order_by("-history_date", "-history_id")
    )
    entries = []
    # The oldest record has nothing before it; an object made without history has no records.
    for newer, older in zip_longest(records, records[1:]):
        changes = []
        if older is not None:
            delta = newer.diff_against(
                older, excluded_fields=[f for f in _NOT_SHOWN if hasattr(newer, f)]
            )
            changes = [
                FieldChange(
                    label=str(_field(obj, change.field).verbose_name),
                    old=_display(obj, change.field, change.old),
                    new=_display(obj, change.field, change.new),
                )
                for change in delta.changes
            ]
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=str(newer.history_user) if newer.history_user else "系统",
                action=ACTION_LABELS.get(newer.history_type, newer.history_type),
                reason=newer.history_change_reason or "",
                changes=changes,
                version=getattr(newer, "version", None),
            )
        )
    return entries


def _display(obj: models.Model, field_name: str, value: Any) -> str:
    """A stored value as a person reads it: choice labels, 是/否, blank for empty."""
    if value is None or value == "":
        return ""
    model_field = _field(obj, field_name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _field(obj: models.Model, name: str) -> models.Field[Any, Any]:
    """A field the history compares: a concrete field (relations' reverse sides have no history)."""
    field = obj._meta.get_field(name)
    assert isinstance(field, models.Field), name
    return field
