"""Problems in a line, straight into the table, for counting tests: the services' path is tested
in ``walk``; here only where a problem lies, of what class and source, and where it stands."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fupin.accounts.models import User
from fupin.ledger.choices import ProblemClass, ProblemState, Source
from fupin.ledger.models import Problem

from .walk import START


def problem(
    region: str,
    *,
    by: User,
    state: str = ProblemState.REGISTERED,
    category: str = ProblemClass.HOUSING,
    source: str = Source.SUPERVISION,
    deadline: dt.date | None = None,
    registered_at: dt.datetime = START,
    reopened_from: Problem | None = None,
) -> Problem:
    if state != ProblemState.REGISTERED and deadline is None:
        deadline = dt.date(2026, 6, 30)
    return Problem.objects.create(
        region_id=region,
        category=category,
        source=source,
        description="测试问题",
        state=state,
        deadline=deadline,
        registered_at=registered_at,
        found_on=reopened_from.found_on if reopened_from else timezone.localdate(registered_at),
        registered_by=by,
        closed_at=timezone.now() if state == ProblemState.CLOSED else None,
        reopened_from=reopened_from,
    )
