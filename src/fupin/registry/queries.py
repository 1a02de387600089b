"""Reading the registry for pages: the household list's filters and search, and the figures of
one household's page. Every function starts from a queryset the caller has already scoped."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from fupin.core.idnumber import age_on
from fupin.core.money import round_half_away

from .choices import MemberStatus
from .models import Household, Member


class _ListFigures(TypedDict):
    head_name: str | None  # None when the head is not among the members
    size: int  # members now in the household


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    HouseholdWithFigures = WithAnnotations[Household, _ListFigures]

STATUS_CHOICES = [
    ("", "全部"),
    ("registered", "建档立卡户"),
    ("poor", "未脱贫"),
    ("exited", "已脱贫"),
    ("ordinary", "非建档立卡户"),
]
SORTS = {
    "code": ("code",),
    "village": ("village_id", "code"),
    "identified": ("identified_year", "code"),
    "-identified": ("-identified_year", "code"),
    "exit": ("exit_year", "code"),
}


def filter_by_status(
    households: QuerySet[Household], status: str, year: int
) -> QuerySet[Household]:
    """Statuses at the end of ``year`` (rules.md §1: 未脱贫, 已脱贫)."""
    registered = households.filter(is_registered=True)
    if status == "registered":
        return registered
    if status == "poor":
        return registered.filter(identified_year__lte=year).filter(
            Q(exit_year__isnull=True) | Q(exit_year__gt=year)
        )
    if status == "exited":
        return registered.filter(identified_year__lte=year, exit_year__lte=year)
    if status == "ordinary":
        return households.filter(is_registered=False)
    return households


ID_FULL = re.compile(r"^\d{17}[\dXx]$")
ID_TAIL = re.compile(r"^\d{3,17}[\dXx]?$")


def search_households(households: QuerySet[Household], text: str) -> QuerySet[Household]:
    """By member name, ID number (full, or its last digits), or 户编号."""
    text = text.strip()[:50]
    if not text:
        return households
    members = Member.objects.all()
    if ID_FULL.match(text):
        matching = members.filter(id_number=text.upper())
    elif ID_TAIL.match(text):
        matching = members.filter(id_number__endswith=text.upper())
    else:
        matching = members.filter(name__contains=text)
    return households.filter(
        Q(pk__in=matching.values("household_id")) | Q(code__iexact=text) | Q(code__startswith=text)
    )


def with_list_figures(households: QuerySet[Household]) -> QuerySet[HouseholdWithFigures]:
    """The head's name and the number of members now in the household, as correlated subqueries:
    the database computes them for the rows of the page only, not for every household filtered."""
    head = Member.objects.filter(household=OuterRef("pk"), id_number=OuterRef("head_id_number"))
    size = (
        Member.objects.filter(household=OuterRef("pk"), member_status=MemberStatus.NORMAL)
        .order_by()
        .values("household")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return households.select_related("village").annotate(
        head_name=Subquery(head.values("name")[:1]),
        size=Coalesce(Subquery(size), 0),
    )


def active_members(day: dt.date, members: QuerySet[Member] | None = None) -> QuerySet[Member]:
    """Members active at ``day`` (rules.md §1): born on or before it by the birth date in the ID
    number (a number without a real date shows no birth, so it is not active), and 正常, or 死亡 /
    迁出 with a 状态变更日期 after it."""
    members = Member.objects.all() if members is None else members
    return members.filter(
        Q(member_status=MemberStatus.NORMAL) | Q(status_date__gt=day), birth_date__lte=day
    )


def is_active_on(member: Member, day: dt.date) -> bool:
    """The same test for one member already loaded (rules.md §1)."""
    if member.birth_date is None or member.birth_date > day:
        return False
    return member.member_status == MemberStatus.NORMAL or bool(
        member.status_date and member.status_date > day
    )


@dataclass(frozen=True)
class IncomeRow:
    year: int
    wage: Decimal
    business: Decimal
    property: Decimal
    transfer: Decimal
    expense: Decimal
    net: Decimal
    size: int
    per_capita: Decimal | None


def income_rows(household: Household) -> list[IncomeRow]:
    """Each year's income with 家庭纯收入 and 人均纯收入 over the members active on 31 December."""
    members = list(household.members.all())
    rows = []
    for income in household.incomes.order_by("-year"):
        size = sum(is_active_on(m, dt.date(income.year, 12, 31)) for m in members)
        net = income.net_income
        rows.append(
            IncomeRow(
                income.year,
                income.wage_income,
                income.business_income,
                income.property_income,
                income.transfer_income,
                income.business_expense,
                net,
                size,
                round_half_away(net / size) if size else None,
            )
        )
    return rows


def member_age(member: Member) -> int | None:
    return age_on(member.birth_date, timezone.localdate()) if member.birth_date else None


@dataclass(frozen=True)
class StatusChange:
    when: dt.datetime
    who: str
    text: str


def status_history(household: Household) -> list[StatusChange]:
    """When the household's poverty status (registered, identified, exited) was recorded or changed,
    oldest first, from its history."""
    changes = []
    previous = None
    for record in household.history.select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        state = (record.is_registered, record.identified_year, record.exit_year)
        if state != previous:
            registered, identified, exited = state
            if not registered:
                text = "非建档立卡户"
            elif exited:
                text = f"建档立卡户，{identified}年识别，{exited}年脱贫"
            else:
                text = f"建档立卡户，{identified}年识别，未脱贫"
            who = str(record.history_user) if record.history_user else "系统"
            changes.append(StatusChange(record.history_date, who, text))
            previous = state
    return changes
