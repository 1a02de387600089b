"""Visit campaigns (遍访): every target household of a region visited between two dates.

The targets are chosen once, when the campaign is created, and kept as rows, so that progress is
always measured against the same households. A target counts as visited when any cadre recorded
a visit to it dated within the campaign. Progress is shown per village and per helping cadre: the
household's helper (包户) on the campaign's last day, or today while the campaign runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.core.errors import DomainError, Refusal
from fupin.core.scope import require_in_scope
from fupin.grid.choices import Level
from fupin.grid.coverage import needing_helper
from fupin.grid.models import Assignment, Cadre
from fupin.monitoring.models import Case
from fupin.regions.models import Region
from fupin.registry.models import Household

from .models import Campaign, CampaignHousehold, Visit

CAMPAIGN_OFFICES = frozenset(
    {Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.VILLAGE_ADMIN}
)
NO_HELPER = "无帮扶责任人"


class Target(models.TextChoices):
    """Which households of the region a campaign visits."""

    REGISTERED = "registered", "建档立卡户（未注销）"
    MONITORED = "monitored", "监测对象（已纳入、帮扶中）"
    ALL_NEEDING = "all_needing", "建档立卡户和未结案的监测对象"


class CampaignError(DomainError):
    """A refused campaign."""


def target_households(target: str, households: QuerySet[Household]) -> QuerySet[Household]:
    """The households among ``households`` that a campaign with ``target`` visits."""
    if target == Target.REGISTERED:
        return households.filter(is_registered=True, closed_on__isnull=True)
    if target == Target.MONITORED:
        return households.filter(id__in=Case.objects.monitored().values("household_id"))
    return needing_helper(households)


def may_create_campaign(actor: User) -> bool:
    return actor.is_authenticated and actor.role in CAMPAIGN_OFFICES


@transaction.atomic
def create_campaign(
    actor: User,
    *,
    name: str,
    region: Region,
    started_on: dt.date,
    ended_on: dt.date,
    target: str,
    note: str = "",
) -> Campaign:
    """Start a campaign over ``region`` and fix its targets in one INSERT … SELECT."""
    require_in_scope(actor, region.code, error=CampaignError, message="未找到该区域")
    if actor.role not in CAMPAIGN_OFFICES:
        raise CampaignError("只有县、乡镇、村的管理员可以发起遍访", refusal=Refusal.ROLE)
    name = name.strip()
    if not name or len(name) > 100:
        raise CampaignError("名称：必填，不超过 100 个字", refusal=Refusal.INPUT)
    if ended_on < started_on:
        raise CampaignError("结束日期不能早于开始日期", refusal=Refusal.INPUT)
    if target not in Target.values:
        raise CampaignError(f"走访对象：“{target}”不是可选的范围", refusal=Refusal.INPUT)
    campaign = Campaign.objects.create(
        name=name,
        region=region,
        started_on=started_on,
        ended_on=ended_on,
        note=note.strip(),
        created_by=actor,
        created_at=timezone.now(),
    )
    chosen = target_households(target, Household.objects.within(region.code))
    rows = chosen.order_by().annotate(campaign=Value(campaign.pk)).values_list("campaign", "pk")
    select, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(CampaignHousehold._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (campaign_id, household_id) {select}", params)
    if not campaign.targets.exists():
        raise CampaignError("该区域没有符合条件的走访对象", refusal=Refusal.INPUT)
    return campaign


# --- Progress -----------------------------------------------------------------------------------

# A target visited by anyone between its campaign's first and last day.
VISITED = Exists(
    Visit.objects.filter(
        household=OuterRef("household_id"),
        visited_on__gte=OuterRef("campaign__started_on"),
        visited_on__lte=OuterRef("campaign__ended_on"),
    )
)


def helper_on(day: dt.date, field: str = "cadre_id") -> Subquery:
    """``field`` of the cadre who answers for the target's household on ``day`` (包户); the one
    who started last if the grid has several, so that each target is counted once."""
    helpers = (
        Assignment.objects.active_on(day)
        .of_level(Level.HOUSEHOLD)
        .filter(household=OuterRef("household_id"))
        .order_by("-started_on", "-pk")
        .values(field)[:1]
    )
    return Subquery(helpers)


def reckoning_day(campaign: Campaign, today: dt.date) -> dt.date:
    return min(campaign.ended_on, today)


def targets_of(campaign: Campaign, households: QuerySet[Household]) -> QuerySet[CampaignHousehold]:
    """The campaign's targets among ``households`` (those the user may see)."""
    return campaign.targets.filter(household__in=households)


@dataclass(frozen=True)
class Tally:
    label: str
    total: int
    visited: int

    @property
    def percent(self) -> float | None:
        return round(self.visited * 100 / self.total, 1) if self.total else None


@dataclass(frozen=True)
class Progress:
    overall: Tally
    villages: list[Tally]
    cadres: list[Tally]


COUNTS = {"total": Count("pk"), "visited": Count("pk", filter=VISITED)}


def progress(campaign: Campaign, households: QuerySet[Household], today: dt.date) -> Progress:
    """Visited targets against all targets: overall, per village and per helping cadre."""
    targets = targets_of(campaign, households).order_by()
    overall = targets.aggregate(**COUNTS)
    villages = (
        targets.values("household__village_id", "household__village__name")
        .annotate(**COUNTS)
        .order_by("household__village_id")
    )
    cadres = list(
        targets.annotate(helper=helper_on(reckoning_day(campaign, today)))
        .values("helper")
        .annotate(**COUNTS)
    )
    names = dict(
        Cadre.objects.filter(pk__in=[row["helper"] for row in cadres]).values_list("pk", "name")
    )
    # Helpers by name; the targets without a helper last, as one bucket.
    cadres.sort(key=lambda row: (row["helper"] is None, names.get(row["helper"], "")))
    return Progress(
        overall=Tally("合计", overall["total"], overall["visited"]),
        villages=[
            Tally(row["household__village__name"], row["total"], row["visited"]) for row in villages
        ],
        cadres=[
            Tally(names.get(row["helper"], NO_HELPER), row["total"], row["visited"])
            for row in cadres
        ],
    )


def not_visited(
    campaign: Campaign, households: QuerySet[Household], today: dt.date
) -> QuerySet[CampaignHousehold]:
    """The targets not visited yet, with their household, village and helper's name."""
    return (
        targets_of(campaign, households)
        .filter(~VISITED)
        .select_related("household", "household__village")
        .annotate(helper_name=helper_on(reckoning_day(campaign, today), "cadre__name"))
        .order_by("household__village_id", "household__code")
    )


def with_counts(
    campaigns: QuerySet[Campaign], households: QuerySet[Household]
) -> QuerySet[Campaign]:
    """Campaigns annotated with ``target_count`` and ``visited_count`` over ``households``."""
    targets = CampaignHousehold.objects.filter(campaign=OuterRef("pk"), household__in=households)

    def count(rows: QuerySet[CampaignHousehold]) -> Coalesce:
        counted = rows.order_by().values("campaign").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    return campaigns.annotate(
        target_count=count(targets), visited_count=count(targets.filter(VISITED))
    )
