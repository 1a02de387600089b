"""No lost update: every edited row carries a version, and a change made on a page (or an API
call) read at an older version is refused instead of silently overwriting what others saved.

- A model that people edit derives from :class:`Versioned`: an integer ``version`` that starts
  at 1 and goes up by one on every save of the row (services, imports, bulk updates alike; the
  history records keep it, so the changes made since a version can be listed).
- A page carries the version it was read at in a hidden field (:class:`VersionField`); the API
  takes it in the ``If-Match`` header (:func:`if_match`). Either is put on the object the service
  is given with :func:`as_read`.
- The service, inside its transaction, compares the version read with the version stored now
  (:func:`check_version`, with the row locked: ``SELECT … FOR UPDATE`` on PostgreSQL, SQLite's
  IMMEDIATE transactions serialise writers), and refuses with :class:`StaleEdit` before writing
  anything. The state machines, which lock the row themselves, compare with
  :func:`check_unchanged`.

A StaleEdit is a refusal of the state of things: pages show its message, the API answers 409.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError

from .errors import DomainError, Refusal
from .history import HistoryEntry, history_entries

VERSION = "version"
SHOWN_CHANGES = 5
# How the API documents the version it gives with each record.
VERSION_DESCRIPTION = (
    '记录的版本号，每次修改加 1。办理或修改时请在 If-Match 头中回传（如 If-Match: "3"）：'
    "记录在此之后已被他人修改的，答 409，说明谁在何时改了什么，本次请求不写入任何内容。"
)


class Versioned(models.Model):
    """A row whose every save counts: ``version`` is the number of the row's state."""

    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new row starts at its default; an existing one moves to the next version, also when
        # only some fields are written.
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, VERSION}
        super().save(*args, **kwargs)


def next_versions(rows: list[Any], fields: list[str]) -> list[str]:
    """For a bulk update of ``rows``: move each row to its next version in memory and return the
    fields to write, ``version`` among them (an import changes rows too)."""
    for row in rows:
        row.version += 1
    return sorted({*fields, VERSION})


class StaleEdit(DomainError):
    """The record was changed by someone else after the page (or the API client) read it."""

    default_refusal = Refusal.STATE

    def __init__(self, obj: models.Model, *, read: int, current: int) -> None:
        self.read = read
        self.current = current
        super().__init__(stale_message(obj, read=read))


def stale_message(obj: models.Model, *, read: int) -> str:
    """What the person is told: the record changed, by whom, when and in which fields (from its
    history), and that nothing of their change was saved."""
    label = obj._meta.verbose_name
    changes = []
    for entry in reversed(history_entries(obj)):  # oldest first
        if entry.version is None or entry.version <= read:
            continue
        when = timezone.localtime(entry.when)
        changes.append(f"{entry.who} 于 {when:%Y-%m-%d %H:%M} {_what(entry)}")
    # The latest few say enough; an older page has its record's whole history to look at.
    shown = changes[-SHOWN_CHANGES:]
    more = "；……" if len(changes) > len(shown) else ""
    since = f"：{'；'.join(shown)}{more}" if shown else ""
    return (
        f"此记录已被他人修改（{label}，您打开页面后有 {_count(obj, read)} 次修改{since}）。"
        "您的修改未保存，请重新打开页面，核对最新内容后再修改。"
    )


def _what(entry: HistoryEntry) -> str:
    """One change as a sentence's end: the fields it changed and the step it was, if named."""
    fields = "、".join(dict.fromkeys(change.label for change in entry.changes))
    # A step's reason starts with its audit code (``ledger.problem.close 销号``): the label is
    # what a person reads.
    words = entry.reason.split(maxsplit=1)
    if words and words[0].isascii() and "." in words[0]:
        words = words[1:]
    step = " ".join(words)
    if fields and step:
        return f"修改了{fields}（{step}）"
    if fields:
        return f"修改了{fields}"
    return f"办理了“{step}”" if step else entry.action


def _count(obj: models.Model, read: int) -> int:
    return max(int(getattr(obj, VERSION)) - read, 1)


# The attribute of an instance that names the version a page or a client read it at.
_READ_AT = "_version_read"


def as_read(obj: Any, version: int | None) -> Any:
    """``obj`` as the page or the client read it: at ``version`` (when one was given)."""
    if version is not None:
        obj.version = version
        setattr(obj, _READ_AT, version)
    return obj


def check_version(obj: Versioned) -> None:
    """Inside the caller's transaction, before writing: the row is still at the version ``obj``
    was read at, else StaleEdit (and the caller writes nothing). The row stays locked until the
    transaction ends, so no one else's save can come between this check and the caller's."""
    model = type(obj)
    current = (
        model._base_manager.select_for_update()
        .filter(pk=obj.pk)
        .values_list(VERSION, flat=True)
        .first()
    )
    if current is not None and current != obj.version:
        fresh = model._base_manager.get(pk=obj.pk)
        raise StaleEdit(fresh, read=obj.version, current=current)


def check_unchanged(read: Versioned, fresh: Versioned) -> None:
    """``fresh`` is the row as stored now (already locked by the caller); ``read`` is what the page
    was built from. A step taken on a page that is no longer current is refused.

    Only a version a page or client gave (:func:`as_read`) is compared: the state machines take
    each step on the row as stored, so a caller that takes several steps in turn on the object it
    loaded once (a bulk approval, an import) is checked against the state alone, as before."""
    read_at = getattr(read, _READ_AT, None)
    if read_at is not None and read_at != fresh.version:
        raise StaleEdit(fresh, read=read_at, current=fresh.version)


class VersionField(forms.IntegerField):
    """The hidden field of an edit form that carries the version the page was read at."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault(
            "error_messages", {"required": "页面缺少版本信息，请重新打开页面后再保存"}
        )
        super().__init__(**kwargs)


class VersionedForm(forms.Form):
    """A form about one versioned record, made on a page of it: it carries the version the page
    showed, and once valid the record is as read (:func:`as_read`), for the service to check."""

    version = VersionField()

    def __init__(self, *args: Any, record: Versioned, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[VERSION].initial = record.version
        self.record = record

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        as_read(self.record, cleaned.get(VERSION))
        return cleaned

    def values(self) -> dict[str, Any]:
        """The cleaned values the service takes: all but the version."""
        return {name: value for name, value in self.cleaned_data.items() if name != VERSION}


def read_version(form: forms.Form) -> int | None:
    """The version a bound, valid form was read at."""
    value = form.cleaned_data.get(VERSION)
    return int(value) if value is not None else None


def if_match(request: HttpRequest) -> int | None:
    """The version an API client read, from ``If-Match: "7"`` (an ETag as the API gives it in
    ``version``; the quotes and a weak ``W/`` prefix are optional). Without the header the write
    is checked against the state only; a malformed one is refused (400)."""
    value = request.headers.get("If-Match", "").strip()
    if not value or value == "*":
        return None
    text = value.removeprefix("W/").strip().strip('"')
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise HttpError(400, f'If-Match 应为记录的版本号（如 "3"），而不是 {value[:20]}')
    return int(text)
