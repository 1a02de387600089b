"""The ledger's figures: the keys `fupin stats` adds (rules.md §7), shown again on the 清零 board
and in the API, from this one definition.

Each problem is counted once. Reopening a closed problem starts a new one that points back to it
(``services.reopen``); the closed original is then left out, so the problem counts once, as its
reopening stands now. Overdue is ``Problem.objects.overdue`` as of today in the project's time
zone.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, IntegerField, OuterRef, Q
from django.db.models.functions import Length
from django.utils import timezone

from fupin.regions.choices import CODE_LENGTH, Level

from .choices import ProblemState
from .models import Problem, ProblemQuerySet, overdue_on

OPEN = ~Q(state=ProblemState.CLOSED)
CLOSED = Q(state=ProblemState.CLOSED)


def counted(problems: ProblemQuerySet) -> ProblemQuerySet:
    """``problems`` without the closed ones that were reopened (their reopening stands for them)."""
    reopened = Exists(Problem.objects.filter(reopened_from=OuterRef("pk")))
    return problems.exclude(CLOSED & Q(reopened))


def ledger_figures(problems: ProblemQuerySet, today: dt.date) -> dict[str, int]:
    """``problems_open``, ``problems_overdue``, ``problems_closed`` and ``villages_cleared``
    (villages with at least one problem and none open) over ``problems`` (already scoped)."""
    rows = counted(problems).order_by()
    counts = rows.aggregate(
        problems_open=Count("pk", filter=OPEN),
        problems_overdue=Count("pk", filter=overdue_on(today)),
        problems_closed=Count("pk", filter=CLOSED),
    )
    villages = (
        rows.annotate(code_length=Length("region_id", output_field=IntegerField()))
        .filter(code_length=CODE_LENGTH[Level.VILLAGE])
        .values("region_id")
        .annotate(open=Count("pk", filter=OPEN))
        .filter(open=0)
    )
    return {**counts, "villages_cleared": villages.count()}


def ledger_statistics(region_code: str | None) -> dict[str, int]:
    """The keys of `fupin stats` for a region (None: the whole country), as of today."""
    problems = Problem.objects.all()
    if region_code is not None:
        problems = problems.within(region_code)
    return ledger_figures(problems, timezone.localdate())
