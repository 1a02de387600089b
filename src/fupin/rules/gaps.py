"""Benefits owed but not received (应享未享), rules.md §6: one query per policy over a region.

A policy is one definition: its code and the members it is owed to (active at D, meeting the
condition). The row is written when no grant of that policy to that person (by 证件号码 alone,
whatever its 户编号) exists for year Y; for JTYS the member's 是否签约家庭医生 = 否 decides instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from fupin.registry.choices import POLICIES
from fupin.registry.models import Grant, Household, Member
from fupin.registry.queries import active_members

from .facts import ProvinceLines, RunInputs, aged_at_least

Owed = Callable[[RunInputs, ProvinceLines], Q]


@dataclass(frozen=True)
class OwedPolicy:
    code: str
    owed_to: Callable[[RunInputs, ProvinceLines, QuerySet[Member]], QuerySet[Member]]
    checks_grants: bool = True

    @property
    def name(self) -> str:
        return POLICIES[self.code][0]


def covered(run: RunInputs) -> Q:
    """A registered household identified by Y (poor or exited). Monitoring objects (cases in
    已纳入 or 帮扶中) are added when the monitoring workflow exists."""
    return Q(household__is_registered=True, household__identified_year__lte=run.year)


def poor_household(run: RunInputs) -> Q:
    return covered(run) & (
        Q(household__exit_year__isnull=True) | Q(household__exit_year__gt=run.year)
    )


def _has_db_grant(run: RunInputs) -> Exists:
    # DB is a household policy: it counts for the household its 户编号 names, 证件号码 or not.
    return Exists(
        Grant.objects.filter(household=OuterRef("household"), policy_id="DB", year=run.year)
    )


def _old_age(run: RunInputs, lines: ProvinceLines, members: QuerySet[Member]) -> QuerySet[Member]:
    """GLBT: age at D ≥ the province's old-age allowance age (80 by default)."""
    by_age: dict[int, list[str]] = {}
    for province, values in lines.by_province.items():
        by_age.setdefault(int(values["old_age"].value), []).append(province)
    condition = Q(pk__in=[])
    for age, provinces in by_age.items():
        in_provinces = Q()
        for province in provinces:
            in_provinces |= Q(
                household__village_id__gte=province,
                household__village_id__lt=str(int(province) + 1),
            )
        condition |= aged_at_least(age, run.as_of) & in_provinces
    return members.filter(condition)


POLICIES_OWED: tuple[OwedPolicy, ...] = (
    OwedPolicy("CJHL", lambda run, lines, m: m.filter(disability_grade__in=["一级", "二级"])),
    OwedPolicy(
        "CJSH", lambda run, lines, m: m.exclude(disability_grade="").filter(_has_db_grant(run))
    ),
    OwedPolicy("YLJ", lambda run, lines, m: m.filter(aged_at_least(60, run.as_of))),
    OwedPolicy("GLBT", _old_age),
    OwedPolicy(
        "YLJH", lambda run, lines, m: m.filter(covered(run), school_status__in=["中职", "高职"])
    ),
    OwedPolicy(
        "JYZZ",
        lambda run, lines, m: m.filter(
            poor_household(run), school_status__in=["小学", "初中", "高中"]
        ),
    ),
    OwedPolicy(
        "YBZZ",
        lambda run, lines, m: m.filter(covered(run), medical_insured=False, employee_insured=False),
    ),
    OwedPolicy(
        "JTYS",
        lambda run, lines, m: m.filter(
            Q(health__contains="长期慢性病")
            | Q(health__contains="患有大病")
            | Q(health__contains="残疾"),
            covered(run),
            family_doctor=False,
        ),
        checks_grants=False,
    ),
)


def owed_members(
    households: QuerySet[Household], run: RunInputs
) -> Iterator[tuple[OwedPolicy, QuerySet[Member]]]:
    """Each policy with the query of the members it is owed to who have not received it."""
    lines = ProvinceLines.for_run(households, run)
    members = active_members(run.as_of).filter(household__in=households)
    for policy in POLICIES_OWED:
        owed = policy.owed_to(run, lines, members)
        if policy.checks_grants:
            received = Grant.objects.filter(
                id_number=OuterRef("id_number"), policy_id=policy.code, year=run.year
            )
            owed = owed.exclude(Exists(received))
        yield policy, owed


def gap_counts(households: QuerySet[Household], run: RunInputs) -> dict[str, int]:
    """Rows of `fupin gaps` per policy, counted by the database."""
    return {policy.code: owed.count() for policy, owed in owed_members(households, run)}


def gaps(households: QuerySet[Household], run: RunInputs) -> Iterator[tuple[str, str, str, str]]:
    """(户编号, 证件号码, 政策代码, 政策名称), sorted by 户编号, 证件号码, 政策代码."""
    rows = [
        (code, id_number, policy.code, policy.name)
        for policy, owed in owed_members(households, run)
        for code, id_number in owed.values_list("household__code", "id_number")
    ]
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    yield from rows


GAP_COLUMNS = ["户编号", "证件号码", "政策代码", "政策名称"]


def gap_rows(households: QuerySet[Household], run: RunInputs) -> Iterator[list[Any]]:
    for row in gaps(households, run):
        yield list(row)
