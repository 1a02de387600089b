"""The facts every rule reads (rules.md §1): one row per household of a run that has an active
member at the reference date (no rule looks at a household without one), computed by the database
(no Python loop) into a temporary table that every rule of the run then reads.

A run has an income year Y and a reference date D. Money is compared in whole cents
(``ROUND(x * 100)`` as an integer), so that "per-capita income > line" is the exact comparison
``net_cents > line_cents × n`` on SQLite's floating-point numerics and PostgreSQL's decimals alike.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from fupin.core.scope import code_range
from fupin.registry.models import Household
from fupin.standards.parameters import PARAMETERS_BY_NAME
from fupin.standards.resolve import DEFAULTS, InForce, standards_for


@dataclass(frozen=True)
class RunInputs:
    year: int
    as_of: dt.date

    @classmethod
    def of(cls, year: int, as_of: dt.date | None = None) -> RunInputs:
        return cls(year, as_of or dt.date(year, 12, 31))


def latest_birth_for_age(age: int, day: dt.date) -> dt.date:
    """The latest birth date of someone who is at least ``age`` on ``day``. Someone born on
    29 February turns a year older on 1 March in non-leap years: their birthday has not come on
    28 February, so the bound falls back to 28 February in a non-leap birth year."""
    year = day.year - age
    last_day = calendar.monthrange(year, day.month)[1]
    return dt.date(year, day.month, min(day.day, last_day))


@dataclass(frozen=True)
class ProvinceLines:
    """The standards in force for each province of the run, and SQL picking a household's own."""

    by_province: dict[str, dict[str, InForce]]

    @classmethod
    def for_run(cls, households: QuerySet[Household], run: RunInputs) -> ProvinceLines:
        # order_by(): with the households' default order, DISTINCT would be over (village, 户编号).
        villages = households.order_by().values_list("village_id", flat=True).distinct()
        provinces = sorted({code[:2] for code in villages})
        return cls(standards_for(run.year, provinces))

    def value(self, parameter: str, province: str) -> InForce | None:
        return self.by_province.get(province, {}).get(parameter)

    def lookback_days(self) -> int:
        """One event window for the run: the look-back of its provinces (365 unless a province
        set another; where provinces disagree, the longest)."""
        values = [
            int(v["lookback_days"].value) for v in self.by_province.values() if "lookback_days" in v
        ]
        return max(values, default=int(DEFAULTS["lookback_days"]))

    def case_sql(self, parameter: str, params: list[Any]) -> str:
        """The parameter's value × its kind's scale as a whole number for each household's
        province, as SQL text (values as parameters): amounts in cents (× 100), shares in basis
        points (× 10,000), so that the rules compare integers."""
        scale = PARAMETERS_BY_NAME[parameter].kind.scale
        parts = []
        for province, values in self.by_province.items():
            if parameter in values:
                low, high = code_range(province)
                parts.append(
                    "WHEN h.village_id >= %(case)s AND h.village_id < %(case)s THEN %(case)s"
                )
                params.extend([low, high, int(Decimal(values[parameter].value) * scale)])
        if not parts:
            return "CAST(NULL AS BIGINT)"
        return "CAST(CASE " + " ".join(parts) + " ELSE NULL END AS BIGINT)"


# Every column of the fact table, in the order selected.
FACT_COLUMNS = (
    "id",
    "code",
    "village_id",
    "housing_grade",
    "food_secure",
    "clothing_secure",
    "housing_renovated",
    "relocated",
    "n",
    "net_cents",
    "prev_net_cents",
    "poor",
    "exited",
    "line_cents",
    "mline_cents",
    "medical_amount_cents",
    "loss_amount_cents",
    "income_share_bp",
    "keep_bp",
    "medical_cents",
    "loss_cents",
    "setbacks",
    "dropouts",
    "uninsured",
    "water_failures",
    "has_labour",
    "has_safety_net",
    "has_subsistence",
    "registered",
    "main_cause",
)

# The fact columns that carry a standard parameter, each at its kind's scale.
STANDARD_COLUMNS = (
    ("line_cents", "poverty_line"),
    ("mline_cents", "monitoring_line"),
    ("medical_amount_cents", "medical_amount"),
    ("loss_amount_cents", "loss_amount"),
    ("income_share_bp", "income_share"),
    ("drop_share_bp", "drop_share"),
)

_NET = (
    "CAST(ROUND((wage_income + business_income + property_income + transfer_income - business_expense) * 100)"
    " AS BIGINT)"
)

# One aggregate per source table, joined to the households of the run: the database reads each
# table once (the floor query's shape) instead of probing it per household. ``{in_scope}`` limits
# the aggregates to the run's households when they are a small part of the table. The members'
# aggregate drives the join (a household without an active member has no row): SQLite then reads
# the households and incomes in id order, 0.8 s faster over 760,000 households than probing the
# aggregate for each household.
FACT_SQL = f"""
WITH scope AS ({{scope}}),
m AS (
  SELECT household_id,
         COUNT(*) AS n,
         SUM(CASE WHEN birth_date <= %(age6)s AND birth_date > %(age16)s
                  AND school_status IN ('辍学', '非在校生') THEN 1 ELSE 0 END) AS dropouts,
         SUM(CASE WHEN NOT medical_insured AND NOT employee_insured THEN 1 ELSE 0 END) AS uninsured,
         MAX(CASE WHEN labor IN ('普通劳动力', '技能劳动力') THEN 1 ELSE 0 END) AS has_labour
  FROM registry_member
  WHERE (member_status = '正常' OR status_date > %(as_of)s) AND birth_date <= %(as_of)s{{in_scope}}
  GROUP BY household_id
),
i AS (SELECT household_id, {_NET} AS net_cents FROM registry_income
      WHERE year = %(year)s {{in_scope}}),
p AS (SELECT household_id, {_NET} AS net_cents FROM registry_income
      WHERE year = %(previous_year)s {{in_scope}}),
e AS (
  SELECT household_id,
         SUM(CASE WHEN event_type = '医疗支出'
                  THEN CAST(ROUND(COALESCE(amount, 0) * 100) AS BIGINT) ELSE 0 END) AS medical_cents,
         SUM(CASE WHEN event_type IN ('自然灾害', '意外事故')
                  THEN CAST(ROUND(COALESCE(amount, 0) * 100) AS BIGINT) ELSE 0 END) AS loss_cents,
         SUM(CASE WHEN event_type IN ('务工失业', '产业经营失败') THEN 1 ELSE 0 END) AS setbacks
  FROM registry_event
  WHERE date > %(window_start)s AND date <= %(as_of)s {{in_scope}}
  GROUP BY household_id
),
g AS (SELECT household_id, MAX(CASE WHEN policy_id = 'DB' THEN 1 ELSE 0 END) AS subsistence
      FROM registry_grant WHERE year = %(year)s AND policy_id IN ('DB', 'TK') {{in_scope}}
      GROUP BY household_id)
SELECT h.id, h.code, h.village_id, h.housing_grade, h.food_secure, h.clothing_secure, h.housing_renovated, h.relocated,
       m.n, i.net_cents, p.net_cents AS prev_net_cents,
       (h.is_registered AND h.identified_year <= %(year)s
        AND (h.exit_year IS NULL OR h.exit_year > %(year)s)) AS poor,
       (h.is_registered AND h.identified_year <= %(year)s AND h.exit_year <= %(year)s) AS exited,
       {{line_cents}} AS line_cents, {{mline_cents}} AS mline_cents,
       {{medical_amount_cents}} AS medical_amount_cents, {{loss_amount_cents}} AS loss_amount_cents,
       {{income_share_bp}} AS income_share_bp, 10000 - {{drop_share_bp}} AS keep_bp,
       COALESCE(e.medical_cents, 0) AS medical_cents, COALESCE(e.loss_cents, 0) AS loss_cents,
       COALESCE(e.setbacks, 0) AS setbacks, COALESCE(m.dropouts, 0) AS dropouts,
       COALESCE(m.uninsured, 0) AS uninsured,
       (CASE WHEN h.water_quantity_ok THEN 0 ELSE 1 END + CASE WHEN h.water_quality_ok THEN 0 ELSE 1 END
        + CASE WHEN h.water_access_ok THEN 0 ELSE 1 END + CASE WHEN h.water_supply_ok THEN 0 ELSE 1 END)
         AS water_failures,
       (COALESCE(m.has_labour, 0) = 1) AS has_labour,
       (g.household_id IS NOT NULL) AS has_safety_net,
       (COALESCE(g.subsistence, 0) = 1) AS has_subsistence,
       (h.is_registered AND h.identified_year <= %(year)s) AS registered,
       h.main_cause
FROM registry_household h
JOIN m ON m.household_id = h.id
LEFT JOIN i ON i.household_id = h.id
LEFT JOIN p ON p.household_id = h.id
LEFT JOIN e ON e.household_id = h.id
LEFT JOIN g ON g.household_id = h.id
WHERE h.id IN (SELECT id FROM scope)
"""


@dataclass(frozen=True)
class Facts:
    """A run's fact table, filled: its name, the run and the standards it was computed with."""

    table: str
    run: RunInputs
    lines: ProvinceLines

    def select(self, selected: str, where: str = "1 = 1", tail: str = "") -> list[tuple[Any, ...]]:
        """``SELECT selected FROM`` the fact table ``WHERE where tail``; the rows as tuples."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {selected} FROM {self.table} f WHERE {where} {tail}")
            return cursor.fetchall()


@contextmanager
def prepared_facts(
    households: QuerySet[Household], run: RunInputs, lines: ProvinceLines | None = None
) -> Iterator[Facts]:
    """The fact table of ``households`` for ``run``, computed once into a temporary table that
    the rules of the run read as often as they need, dropped on leaving."""
    lines = lines or ProvinceLines.for_run(households, run)
    table = f"rule_facts_{uuid.uuid4().hex[:12]}"
    sql, params = _fact_sql(households, run, lines)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {table} AS {sql}", params)
    try:
        yield Facts(table, run, lines)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


def _fact_sql(
    households: QuerySet[Household], run: RunInputs, lines: ProvinceLines
) -> tuple[str, list[Any]]:
    """The SQL (and its parameters) of the fact table: every fact the E and M rules read, one row
    per household of ``households`` with an active member (§1, §3, §5). Amounts are in cents and
    shares in basis points, so that the rules compare integers."""
    # order_by(): the households' default order would sort 760,000 codes for an IN list.
    scope_sql, scope_params = households.order_by().values("id").query.sql_with_params()
    values = {
        "as_of": run.as_of,
        "year": run.year,
        "previous_year": run.year - 1,
        "age6": latest_birth_for_age(6, run.as_of),
        "age16": latest_birth_for_age(16, run.as_of),
        "window_start": run.as_of - dt.timedelta(days=lines.lookback_days()),
    }
    case_params: list[Any] = []
    cases = {name: lines.case_sql(parameter, case_params) for name, parameter in STANDARD_COLUMNS}
    in_scope = " AND household_id IN (SELECT id FROM scope)" if _is_small(households) else ""
    template = FACT_SQL.replace("{scope}", scope_sql).replace("{in_scope}", in_scope)
    for name, sql in cases.items():
        template = template.replace("{" + name + "}", sql)
    # Named values become positional: the scope's parameters come first (it is the first CTE),
    # then the CTEs' and the select list's in order of appearance.
    return _positional(template, values, scope_params, case_params)


def _is_small(households: QuerySet[Household]) -> bool:
    """Whether the run's households are under half of all: then aggregating only their rows is
    cheaper than aggregating whole tables (measured on SQLite for a county alone in its
    database: 0.7 s for whole tables against 1.0 s restricted to the county's 95,000 households)."""
    return households.count() * 2 < Household.objects.count()


def _positional(
    template: str, values: dict[str, Any], scope_params: Sequence[Any], case_params: list[Any]
) -> tuple[str, list[Any]]:
    params: list[Any] = list(scope_params)
    case_iter = iter(case_params)

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        params.append(next(case_iter) if name == "case" else values[name])
        return "%s"

    return re.sub(r"%\((\w+)\)s", substitute, template), params
