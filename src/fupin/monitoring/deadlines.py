"""Deadlines and work lists of a user's region (rules.md §9): the 15 days from lead to decision,
the 5 days of 公示, the 6 months of help before 风险消除, and the inbox ("我的待办").

Every list starts from ``Case.objects.visible_to(user)``; ``now`` defaults to the current time, so
pages call these without it and tests may pass one or move the clock.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fupin.accounts.models import User

from .eligibility import earliest_elimination
from .models import Case, CaseQuerySet
from .workflow import waiting_on


def overdue(user: User, *, now: dt.datetime | None = None) -> CaseQuerySet:
    """Leads and cases undecided more than 15 days after the lead, oldest first."""
    now = now or timezone.now()
    return Case.objects.visible_to(user).overdue(now).order_by("opened_at", "pk")


def due_soon(user: User, *, now: dt.datetime | None = None) -> CaseQuerySet:
    """Undecided cases with at most 3 of their 15 days left, the most pressing first."""
    now = now or timezone.now()
    return Case.objects.visible_to(user).due_soon(now).order_by("opened_at", "pk")


def inbox(user: User, *, now: dt.datetime | None = None) -> CaseQuerySet:
    """我的待办: open cases in the user's region waiting for a step of the user's role and office
    (a township sees a case once its 公示 is over, not before), oldest lead first."""
    today = timezone.localdate(now or timezone.now())
    return (
        Case.objects.visible_to(user)
        .open()
        .filter(waiting_on(user, today))
        .order_by("opened_at", "pk")
    )


def notice_over_on(case: Case) -> dt.date | None:
    """The first day after the 公示, when the step after it may be taken."""
    return None if case.notice_end is None else case.notice_end + dt.timedelta(days=1)


def days_left(case: Case, *, now: dt.datetime | None = None) -> int | None:
    """Whole days left of the 15 (negative when overdue); None once decided."""
    if case.decided_at is not None or not case.is_open:
        return None
    return (case.decision_due - (now or timezone.now())).days


__all__ = ["days_left", "due_soon", "earliest_elimination", "inbox", "notice_over_on", "overdue"]
