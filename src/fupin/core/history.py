"""修改记录: the change history of any object tracked by django-simple-history, as plain entries a
template can show (who, when, what kind of change, and each field's old and new value)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import zip_longest
from typing import Any

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


def history_entries(obj: models.Model) -> list[HistoryEntry]:
    """Newest first. Each entry compares a record with the one before it."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    entries = []
    # The oldest record has nothing before it; an object made without history has no records.
    for newer, older in zip_longest(records, records[1:]):
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            changes = [
                FieldChange(
                    label=str(obj._meta.get_field(change.field).verbose_name),
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
            )
        )
    return entries


def _display(obj: models.Model, field_name: str, value: Any) -> str:
    """A stored value as a person reads it: choice labels, 是/否, blank for empty."""
    if value is None or value == "":
        return ""
    model_field = obj._meta.get_field(field_name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
