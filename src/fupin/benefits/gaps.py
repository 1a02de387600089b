"""Benefits owed but not received (应享未享), rules.md §6: one statement over a region's members.

A policy is one definition: its code and a boolean SQL condition on a member (``m.``), their
household's facts (``f.``, the run's fact table) and the run's dates, saying to whom it is owed.
The row is written for an active member at D who meets the condition and has no grant of that
policy (by 证件号码 alone, whatever its 户编号) for year Y; for JTYS the member's 是否签约家庭医生
= 否 decides instead of a grant.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from fupin.core.rows import headers
from fupin.core.scope import code_range
from fupin.monitoring.models import Case
from fupin.registry.choices import POLICIES
from fupin.registry.models import Household
from fupin.rules.facts import Facts, ProvinceLines, RunInputs, latest_birth_for_age, prepared_facts

from .rows import GapRow


@dataclass(frozen=True)
class OwedPolicy:
    code: str
    condition: str  # SQL over m. (the member), f. (the household's facts) and %(name)s dates
    checks_grants: bool = True

    @property
    def name(self) -> str:
        return POLICIES[self.code][0]

    @property
    def flag(self) -> str:
        return f"owed_{self.code.lower()}"


# Registered (poor or exited) or a monitoring object (§9: a case 已纳入 or 帮扶中).
COVERED = "(f.registered OR c.household_id IS NOT NULL)"
POOR = "f.poor"

POLICIES_OWED: tuple[OwedPolicy, ...] = (
    OwedPolicy("CJHL", "m.disability_grade IN ('一级', '二级')"),
    # DB is a household policy: it counts for the household its 户编号 names, 证件号码 or not.
    OwedPolicy("CJSH", "m.disability_grade <> '' AND f.has_subsistence"),
    OwedPolicy("YLJ", "m.birth_date <= %(aged_60)s"),
    OwedPolicy("GLBT", "{old_age}"),  # age ≥ the province's 高龄津贴年龄 (80 by default)
    OwedPolicy("YLJH", f"{COVERED} AND m.school_status IN ('中职', '高职')"),
    OwedPolicy("JYZZ", f"{POOR} AND m.school_status IN ('小学', '初中', '高中')"),
    OwedPolicy("YBZZ", f"{COVERED} AND NOT m.medical_insured AND NOT m.employee_insured"),
    OwedPolicy(
        "JTYS",
        f"{COVERED} AND NOT m.family_doctor AND (m.health LIKE '%%长期慢性病%%'"
        " OR m.health LIKE '%%患有大病%%' OR m.health LIKE '%%残疾%%')",
        checks_grants=False,
    ),
)

# The inner statement keeps the members meeting some policy's condition (cheap tests on the member
# and the fact table); only for those does the middle one look the grants up (by the index on
# 证件号码, 政策, 年度), one bit per policy owed. Had the grant lookups been in the inner
# statement, SQLite would flatten it and evaluate every lookup twice, once for the WHERE and once
# for the select list; the CTE is MATERIALIZED for the same reason, so that only members owed
# something come back (a quarter of those meeting a condition), without a second lookup.
GAP_SQL = """
WITH member_owed AS MATERIALIZED (
  SELECT code, id_number, {owed} AS owed_mask FROM (
    SELECT f.code, m.id_number, {meets}
    FROM registry_member m
    JOIN {facts} f ON f.id = m.household_id
    LEFT JOIN ({monitored}) c ON c.household_id = m.household_id
    WHERE (m.member_status = '正常' OR m.status_date > %(as_of)s) AND m.birth_date <= %(as_of)s
  ) member_meets
  WHERE {any_meets}
)
SELECT code, id_number, owed_mask FROM member_owed WHERE owed_mask > 0
"""

RECEIVED = """EXISTS (SELECT 1 FROM registry_grant r
           WHERE r.id_number = member_meets.id_number AND r.policy_id = '{code}' AND r.year = %(year)s)"""


def owed(facts: Facts) -> list[GapRow]:
    """The rows of ``fupin gaps`` of the run's households, sorted by all three codes."""
    run = facts.run
    values: dict[str, Any] = {
        "year": run.year,
        "as_of": run.as_of,
        "aged_60": latest_birth_for_age(60, run.as_of),
    }
    old_age = _old_age_condition(facts.lines, run.as_of, values)
    meets, owed_bits = [], []
    for bit, policy in enumerate(POLICIES_OWED):
        meets.append(
            f"CASE WHEN {policy.condition.replace('{old_age}', old_age)} THEN 1 ELSE 0 END"
            f" AS {policy.flag}"
        )
        received = f" AND NOT {RECEIVED.format(code=policy.code)}" if policy.checks_grants else ""
        owed_bits.append(f"CASE WHEN {policy.flag} = 1{received} THEN {1 << bit} ELSE 0 END")
    monitored, monitored_params = _monitored_households()
    values.update(monitored_params)
    sql = GAP_SQL.format(
        monitored=monitored,
        meets=", ".join(meets),
        owed=" + ".join(owed_bits),
        facts=facts.table,
        any_meets=" + ".join(policy.flag for policy in POLICIES_OWED) + " > 0",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        # One number per member, a bit per policy owed: three columns to fetch, not ten.
        rows = [
            GapRow(code, id_number, policy_code, policy_name)
            for code, id_number, mask in cursor.fetchall()
            for policy_code, policy_name in _policies_of(mask)
        ]
    rows.sort(key=lambda row: (row.household_code, row.id_number, row.policy_code))
    return rows


@cache
def _policies_of(mask: int) -> tuple[tuple[str, str], ...]:
    """(code, name) of the policies whose bits are set in ``mask``."""
    return tuple(
        (policy.code, policy.name) for bit, policy in enumerate(POLICIES_OWED) if mask & (1 << bit)
    )


def _monitored_households() -> tuple[str, dict[str, Any]]:
    """The SELECT of households that are monitoring objects now (``Case.objects.monitored()``,
    the one definition), with its parameters named for this statement."""
    sql, params = (
        Case.objects.monitored().order_by().values("household_id").distinct().query
    ).sql_with_params()
    names = iter(f"monitored_{index}" for index in range(len(params)))
    named = re.sub(r"(?<!%)%s", lambda _: f"%({next(names)})s", sql)
    return named, {f"monitored_{index}": value for index, value in enumerate(params)}


def _old_age_condition(lines: ProvinceLines, day: dt.date, values: dict[str, Any]) -> str:
    """GLBT's age test per province of the run: born on or before the latest birth date of
    someone that old on D, the age being the province's own."""
    tests = []
    for index, (province, standards) in enumerate(sorted(lines.by_province.items())):
        values[f"province_{index}"], values[f"next_province_{index}"] = code_range(province)
        values[f"born_by_{index}"] = latest_birth_for_age(int(standards["old_age"].value), day)
        tests.append(
            f"(f.village_id >= %(province_{index})s AND f.village_id < %(next_province_{index})s"
            f" AND m.birth_date <= %(born_by_{index})s)"
        )
    return " OR ".join(tests) or "1 = 0"


def gaps(households: QuerySet[Household], run: RunInputs) -> list[GapRow]:
    """``owed`` over a fact table computed for these households alone."""
    with prepared_facts(households, run) as facts:
        return owed(facts)


def gap_counts(rows: Iterable[GapRow]) -> dict[str, int]:
    """Rows per policy."""
    return dict(Counter(row.policy_code for row in rows))


GAP_COLUMNS = headers(GapRow)
