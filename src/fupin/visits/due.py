"""Visit coverage: which households are due a visit on a day, set-based.

A household is *on the visit schedule* when it is not closed and either monitored (an open case
in 已纳入 or 帮扶中) — visited every ``monitored_interval`` days — or registered and poor, or
exited fewer than ``exited_years`` ago — visited every ``poor_interval`` days. The intervals are
those of the household's province (``fupin.grid.limits``), chosen in SQL so that a whole country is
still one statement. A household on the schedule is due when it was never visited, or when its
last visit plus its interval falls on or before the day.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import models
from django.db.models import Case as SqlCase
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from fupin.core.scope import within
from fupin.grid.limits import Limits, limits_for
from fupin.grid.models import GridSettings
from fupin.monitoring.models import Case
from fupin.registry.models import Household

from .models import Visit


class Category(models.TextChoices):
    """Why a household is on the visit schedule (the first that applies)."""

    MONITORED = "监测对象", "监测对象"
    POOR = "未脱贫户", "未脱贫户"
    EXITED = "脱贫户", "脱贫户"


class AddDays(models.Func):
    """``date + days`` as a date. Django's date arithmetic goes through durations and comes back
    as a timestamp on PostgreSQL and as text on SQLite; both databases add whole days natively."""

    output_field = models.DateField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="date(%(expressions)s || ' days')", **extra
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" + ", **extra
        )


class DaysBetween(models.Func):
    """Whole days from the second date to the first (negative when the first is earlier)."""

    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra
        )


class _Category(TypedDict):
    category: str | None  # a Category; None for a household off the schedule


def _monitored() -> QuerySet[Case, dict[str, Any]]:
    # IN, not a correlated EXISTS: the database reads the few monitored households once instead
    # of probing the cases for every household (measured on SQLite over 760,000 households).
    return Case.objects.monitored().values("household_id")


def categorised(households: QuerySet[Household]) -> QuerySet[CategorisedHousehold]:
    """The households among ``households`` that can be on the schedule (monitored or registered,
    whatever their exit year; not closed), annotated with their ``category`` (a :class:`Category`)."""
    return households.filter(
        Q(pk__in=_monitored()) | Q(is_registered=True), closed_on__isnull=True
    ).annotate(
        category=SqlCase(
            When(pk__in=_monitored(), then=Value(Category.MONITORED)),
            When(is_registered=True, exit_year__isnull=True, then=Value(Category.POOR)),
            When(is_registered=True, then=Value(Category.EXITED)),
            default=None,
            output_field=models.CharField(),
        )
    )


def _interval(limits: Limits, day: dt.date) -> SqlCase:
    """The interval by the category's own tests, not by ``category``: Django writes an annotation
    out in full wherever another one uses it, and the visit dates use the interval three times."""
    return SqlCase(
        When(pk__in=_monitored(), then=Value(limits.monitored_interval)),
        When(is_registered=True, exit_year__isnull=True, then=Value(limits.poor_interval)),
        When(
            is_registered=True,
            exit_year__gte=day.year - limits.exited_years,
            then=Value(limits.poor_interval),
        ),
        default=None,
        output_field=IntegerField(),
    )


class _Schedule(_Category):
    interval: int
    last_visit: dt.date | None
    due_on: dt.date | None
    days_overdue: int | None


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    CategorisedHousehold = WithAnnotations[Household, _Category]
    ScheduledHousehold = WithAnnotations[Household, _Schedule]


def scheduled(households: QuerySet[Household], day: dt.date) -> QuerySet[ScheduledHousehold]:
    """The households on the visit schedule on ``day``, annotated with ``category``,
    ``interval`` (days), ``last_visit`` (the last visit on or before ``day``), ``due_on`` (None
    if never visited) and ``days_overdue`` (how many days past ``due_on`` the day is; negative:
    not yet due; None if never visited)."""
    # Only a province with a settings row of its own can differ from the national values, so the
    # others share the CASE's default branch.
    provinces = GridSettings.objects.filter(province__isnull=False).values_list(
        "province_id", flat=True
    )
    interval = SqlCase(
        *(
            When(within("village_id", code), then=_interval(limits_for(code), day))
            for code in sorted(provinces)
        ),
        default=_interval(limits_for(None), day),
        output_field=IntegerField(),
    )
    last_visit = (
        Visit.objects.filter(household=OuterRef("pk"), visited_on__lte=day)
        .order_by("-visited_on")
        .values("visited_on")[:1]
    )
    return (
        categorised(households)
        .annotate(interval=interval)
        .filter(interval__isnull=False)
        .annotate(last_visit=Subquery(last_visit, output_field=models.DateField()))
        .annotate(due_on=AddDays(F("last_visit"), F("interval")))
        .annotate(days_overdue=DaysBetween(Value(day), F("due_on")))
    )


def due_households(households: QuerySet[Household], day: dt.date) -> QuerySet[ScheduledHousehold]:
    """The households among ``households`` due a visit on ``day`` (annotated as by
    :func:`scheduled`), never visited first, then the most overdue."""
    return (
        scheduled(households, day)
        .filter(Q(last_visit__isnull=True) | Q(due_on__lte=day))
        .order_by(F("days_overdue").desc(nulls_first=True), "code")
    )


def due_counts(households: QuerySet[Household], day: dt.date) -> dict[str, int]:
    """How many of ``households`` are due a visit on ``day``, and how many were never visited."""
    return (
        due_households(households, day)
        .order_by()
        .aggregate(
            households_visit_due=Count("pk"),
            households_never_visited=Count("pk", filter=Q(last_visit__isnull=True)),
        )
    )


def visit_statistics(region_code: str | None) -> dict[str, int]:
    """The keys of `fupin stats` for a region (None: the whole country), as of today."""
    households = Household.objects.all()
    if region_code is not None:
        households = households.within(region_code)
    return due_counts(households, timezone.localdate())
