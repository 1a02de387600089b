"""Reading the grid for pages: the cadre list, a cadre's assignments, a village's grid and a
household's helpers. Every function starts from the user's ``visible_to`` querysets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from fupin.accounts.models import User
from fupin.core.scope import within
from fupin.regions.models import Region
from fupin.registry.models import Household
from fupin.registry.queries import with_list_figures

from .choices import Level
from .coverage import needing_helper
from .filters import CadreFilter
from .models import Area, AreaHousehold, Assignment, AssignmentQuerySet, Cadre, Pairing


def active_on(prefix: str, day: dt.date) -> Q:
    """:meth:`AssignmentQuerySet.active_on` for assignments reached through ``prefix``."""
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


# --- Cadres ------------------------------------------------------------------------------------


def cadre_list(
    user: User, *, day: dt.date, cadre_filter: CadreFilter | None = None
) -> QuerySet[Cadre]:
    """The cadres the user sees (narrowed by the list's filter), with ``households``: how many
    households of the user's region each answers for on ``day``."""
    cadres = Cadre.objects.visible_to(user).select_related("region")
    if cadre_filter is not None:
        cadres = cadre_filter.filtered(cadres)
    counted = active_on("assignments__", day) & Q(assignments__level=Level.HOUSEHOLD)
    if user.scope_code is not None:
        counted &= within("assignments__village_id", user.scope_code)
    # An aggregate drops the model's ordering; paging needs one.
    counted_cadres = cadres.annotate(households=Count("assignments", filter=counted))
    return counted_cadres.order_by("region_id", "name", "pk")


def cadre_assignments(user: User, cadre: Cadre) -> AssignmentQuerySet:
    """The cadre's assignments in the user's region, newest first, with what each replaced."""
    return (
        Assignment.objects.visible_to(user)
        .filter(cadre=cadre)
        .select_related("village", "household", "area", "replaced_by__cadre", "replaces__cadre")
        .order_by("-started_on", "-pk")
    )


# --- A village's grid ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VillageGrid:
    village: Region
    leaders: QuerySet[Assignment]
    areas: QuerySet[Area]
    households: QuerySet[Household]  # those needing a helper, with ``current_helpers``
    pairings: QuerySet[Pairing]


def village_grid(user: User, village: Region, day: dt.date) -> VillageGrid:
    households = Household.objects.visible_to(user).filter(village=village)
    current = Assignment.objects.visible_to(user).active_on(day).select_related("cadre")
    return VillageGrid(
        village=village,
        leaders=current.of_level(Level.VILLAGE).filter(village=village),
        areas=Area.objects.visible_to(user)
        .filter(village=village)
        .prefetch_related(
            Prefetch(
                "memberships",
                AreaHousehold.objects.filter(household__in=households)
                .select_related("household")
                .order_by("household__code"),
            ),
            Prefetch("assignments", current, to_attr="current_cadres"),
        ),
        households=with_helpers(needing_helper(households), current).order_by("code"),
        pairings=Pairing.objects.visible_to(user)
        .filter(region_id__in=[village.code, village.parent_id])
        .select_related("region")
        .order_by("-started_on", "pk"),
    )


def with_helpers(
    households: QuerySet[Household], current: QuerySet[Assignment]
) -> QuerySet[Household]:
    """``households`` with their head's name and ``current_helpers``: the household assignments
    among ``current`` (one query for the whole page)."""
    return with_list_figures(households).prefetch_related(
        Prefetch("helper_assignments", current, to_attr="current_helpers")
    )


def household_helpers(user: User, household: Household, day: dt.date) -> dict[str, Any]:
    """The household's helpers now (normally one) and before, newest first."""
    assignments = list(
        Assignment.objects.visible_to(user)
        .filter(household=household, level=Level.HOUSEHOLD)
        .select_related("cadre")
        .order_by("-started_on", "-pk")
    )
    return {
        "current": [a for a in assignments if a.is_active_on(day)],
        "past": [a for a in assignments if not a.is_active_on(day)],
    }
