"""Coverage of the grid (三级网格), set-based: who is missing a helper, which villages miss a
leader, which helpers answer for too many households.

A household *needs a helper* when it is registered (建档立卡, poor or exited) and not closed, or
when it has an open monitoring case (a lead included: someone must go and look). It is covered
when exactly one household assignment is active for it today; none and several are both findings.
A village needs a leader when it has a household that needs a helper. A helper is overloaded
above the province's ``helper_limit`` (``limits``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Case as SqlCase
from django.db.models import Count, IntegerField, Min, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from fupin.monitoring.models import Case
from fupin.regions.choices import CODE_LENGTH, Level
from fupin.regions.models import Region
from fupin.registry.models import Household

from .choices import Level as GridLevel
from .limits import limits_for
from .models import Assignment, AssignmentQuerySet


class _Helpers(TypedDict):
    helpers: int  # household assignments active on the day


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    HouseholdWithHelpers = WithAnnotations[Household, _Helpers]

PROVINCE_DIGITS = CODE_LENGTH[Level.PROVINCE]


def needing_helper(households: QuerySet[Household]) -> QuerySet[Household]:
    """The households among ``households`` that must have a helper."""
    open_cases = Case.objects.open().values("household_id")
    return households.filter(Q(is_registered=True, closed_on__isnull=True) | Q(id__in=open_cases))


def with_helper_count(
    households: QuerySet[Household], day: dt.date
) -> QuerySet[HouseholdWithHelpers]:
    """``households`` annotated with ``helpers``: their household assignments active on ``day``."""
    active = Q(helper_assignments__started_on__lte=day) & (
        Q(helper_assignments__ended_on__isnull=True) | Q(helper_assignments__ended_on__gt=day)
    )
    return households.annotate(helpers=Count("helper_assignments", filter=active))


def leaderless_villages(
    households: QuerySet[Household], assignments: AssignmentQuerySet, day: dt.date
) -> QuerySet[Region]:
    """Villages with a household that needs a helper and no village assignment active on ``day``."""
    led = assignments.active_on(day).of_level(GridLevel.VILLAGE).values("village_id")
    needing = needing_helper(households).values("village_id").distinct()
    return Region.objects.filter(code__in=needing).exclude(code__in=led).order_by("code")


def overloaded_helpers(assignments: AssignmentQuerySet, day: dt.date) -> QuerySet[Any]:
    """Rows of (cadre_id, households) for cadres above their province's limit on ``day``.

    The limit is chosen in SQL per province of the households' villages, so that a whole country
    is still one statement."""
    counts = (
        assignments.active_on(day)
        .of_level(GridLevel.HOUSEHOLD)
        .values("cadre_id")
        .annotate(households=Count("id"), province=Min(Substr("village_id", 1, PROVINCE_DIGITS)))
    )
    provinces = {code[:PROVINCE_DIGITS] for code in _province_codes(assignments)}
    limit = SqlCase(
        *(When(province=p, then=Value(limits_for(p).helper_limit)) for p in sorted(provinces)),
        default=Value(limits_for(None).helper_limit),
        output_field=IntegerField(),
    )
    return counts.annotate(limit=limit).filter(households__gt=limit).order_by("-households")


def _province_codes(assignments: QuerySet[Assignment]) -> list[str]:
    return list(
        assignments.order_by()  # DISTINCT over the province alone, not the default order's columns
        .annotate(p=Substr("village_id", 1, PROVINCE_DIGITS))
        .values_list("p", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class Coverage:
    """The findings of one region (or the households and assignments a user may see)."""

    day: dt.date
    needing: QuerySet[HouseholdWithHelpers]  # households needing a helper
    villages_without_leader: QuerySet[Region]
    overloaded: QuerySet[Any]

    @property
    def without_helper(self) -> QuerySet[HouseholdWithHelpers]:
        return self.needing.filter(helpers=0).order_by("code")

    @property
    def several_helpers(self) -> QuerySet[HouseholdWithHelpers]:
        return self.needing.filter(helpers__gt=1).order_by("code")

    def counts(self) -> dict[str, int]:
        # Both household findings in one pass over the households needing a helper (Django
        # aggregates the annotated helper count in a subquery), not one pass each.
        households = self.needing.order_by().aggregate(
            without=Count("pk", filter=Q(helpers=0)), several=Count("pk", filter=Q(helpers__gt=1))
        )
        return {
            "households_without_helper": households["without"],
            "households_with_several_helpers": households["several"],
            "villages_without_leader": self.villages_without_leader.count(),
            "helpers_overloaded": self.overloaded.count(),
        }


def coverage(
    households: QuerySet[Household], assignments: AssignmentQuerySet, day: dt.date
) -> Coverage:
    """The coverage findings over ``households`` and ``assignments`` (both already scoped)."""
    return Coverage(
        day=day,
        needing=with_helper_count(needing_helper(households), day),
        villages_without_leader=leaderless_villages(households, assignments, day),
        overloaded=overloaded_helpers(assignments, day),
    )


def coverage_statistics(region_code: str | None) -> dict[str, int]:
    """The keys of `fupin stats` for a region (None: the whole country), as of today."""
    households, assignments = Household.objects.all(), Assignment.objects.all()
    if region_code is not None:
        households, assignments = households.within(region_code), assignments.within(region_code)
    return coverage(households, assignments, timezone.localdate()).counts()
