"""Login throttling: after LOGIN_FAILURE_LIMIT failures in a row a user name is locked for
LOGIN_LOCK_PERIOD, whether or not the name exists (so a lock reveals nothing)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import LoginThrottle


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def locked_until(username: str) -> datetime | None:
    """When the lock on this user name ends, or None if it may try now."""
    row = LoginThrottle.objects.filter(username=_key(username)).first()
    if row and row.locked_until and row.locked_until > timezone.now():
        return row.locked_until
    return None


def record_failure(username: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        row, _ = LoginThrottle.objects.select_for_update().get_or_create(username=_key(username))
        if row.locked_until and row.locked_until <= now:
            row.failures = 0  # the previous lock has run out: start counting again
            row.locked_until = None
        row.failures = F("failures") + 1
        row.last_failure_at = now
        row.save()
        row.refresh_from_db()
        if row.failures >= settings.LOGIN_FAILURE_LIMIT:
            row.locked_until = now + settings.LOGIN_LOCK_PERIOD
            row.save(update_fields=["locked_until"])


def record_success(username: str) -> None:
    LoginThrottle.objects.filter(username=_key(username)).delete()
