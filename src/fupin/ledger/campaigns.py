"""整改专项行动: starting a campaign, and which problems belong to it.

A campaign names a region, the classes and sources it is about (none named: any) and its 清零时限;
the problems that belong to it are found by a query whenever they are counted, not fixed when the
campaign starts (unlike a visit campaign's targets), so a problem registered later in the
campaign's time still counts. See ``Campaign`` for the membership rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.core.scope import require_in_scope, within
from fupin.regions.choices import level_of
from fupin.regions.models import Region

from .choices import Source
from .classes import class_names
from .errors import LedgerError, Refusal, invalid
from .models import Campaign, Problem, ProblemQuerySet
from .services import PROBLEM_LEVELS

# Campaigns are run by the offices that close problems (and the system administrator).
CAMPAIGN_OFFICES = frozenset({Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN})
NAME_LENGTH = 100


def may_create_campaign(actor: User) -> bool:
    return actor.is_authenticated and actor.role in CAMPAIGN_OFFICES


def create_campaign(
    actor: User,
    *,
    name: str,
    region: Region,
    started_on: dt.date,
    ended_on: dt.date,
    categories: Iterable[str] = (),
    sources: Iterable[str] = (),
    note: str = "",
) -> Campaign:
    """发起整改专项行动 over ``region`` (a county, township or village in the actor's scope),
    for problems of ``categories`` and ``sources`` (empty: any), to be cleared by ``ended_on``."""
    require_in_scope(actor, region.code, error=LedgerError)
    if actor.role not in CAMPAIGN_OFFICES:
        raise LedgerError("只有县、乡镇的管理员可以发起整改专项行动", refusal=Refusal.ROLE)
    if level_of(region.code) not in PROBLEM_LEVELS:
        raise invalid("专项行动的范围应为县、乡镇或村")
    name = (name or "").strip()
    if not name:
        raise invalid("请填写专项行动名称")
    if len(name) > NAME_LENGTH:
        raise invalid(f"专项行动名称不能超过 {NAME_LENGTH} 个字")
    if not isinstance(started_on, dt.date) or not isinstance(ended_on, dt.date):
        raise invalid("请填写开始日期和清零时限")
    if ended_on < started_on:
        raise invalid("清零时限不能早于开始日期")
    chosen_categories = _chosen(categories, class_names(region.code), "问题类别")
    chosen_sources = _chosen(sources, Source.values, "问题来源")
    with transaction.atomic():
        return Campaign.objects.create(
            name=name,
            region=region,
            started_on=started_on,
            ended_on=ended_on,
            categories=chosen_categories,
            sources=chosen_sources,
            note=(note or "").strip(),
            created_by=actor,
            created_at=timezone.now(),
        )


def _chosen(values: Iterable[str], allowed: list[str], label: str) -> list[str]:
    """The values in the order given, each once; any not allowed is refused by name."""
    chosen = list(dict.fromkeys(value.strip() for value in values if value.strip()))
    unknown = [value for value in chosen if value not in allowed]
    if unknown:
        raise invalid(f"{label}“{'、'.join(unknown)}”不存在，应为{'、'.join(allowed)}之一")
    return chosen


def membership(campaign: Campaign) -> Q:
    """The filter of the campaign's problems: in its region, of its classes and sources (any when
    none is named), first found on or before its last day (a reopening keeps its original's day)."""
    condition = within("region_id", campaign.region_id) & Q(found_on__lte=campaign.ended_on)
    if campaign.categories:
        condition &= Q(category__in=campaign.categories)
    if campaign.sources:
        condition &= Q(source__in=campaign.sources)
    return condition


def campaign_problems(
    campaign: Campaign, problems: ProblemQuerySet | None = None
) -> ProblemQuerySet:
    """The problems of the campaign among ``problems`` (those a user may see; all by default)."""
    rows = Problem.objects.all() if problems is None else problems
    return rows.filter(membership(campaign))
