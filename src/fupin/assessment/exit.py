"""Household exit assessment, criteria E1–E7 (rules.md §3), set-based over a region.

Each criterion is one definition: its code, its name, its output column, and a boolean SQL
expression over the fact table (``facts.prepared_facts``). ``assessment`` evaluates all seven for every
poor, active household of the region in one statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from fupin.core.money import round_half_away
from fupin.core.rows import headers
from fupin.registry.models import Household
from fupin.rules.facts import FACT_COLUMNS, Facts, ProvinceLines, RunInputs, prepared_facts
from fupin.rules.table import SqlRule, evaluate
from fupin.standards.resolve import StandardMissing

from .rows import AssessmentRow


@dataclass(frozen=True)
class Criterion(SqlRule):
    """An exit criterion; its verdict is the column of ``AssessmentRow`` in the same place."""


CRITERIA: tuple[Criterion, ...] = (
    # E1: per-capita net income of Y > the poverty line of Y, i.e. net > line × n, in cents.
    Criterion(
        "E1",
        "收入达标",
        "net_cents IS NOT NULL AND line_cents IS NOT NULL AND net_cents > line_cents * n",
    ),
    Criterion("E2", "不愁吃", "food_secure"),
    Criterion("E3", "不愁穿", "clothing_secure"),
    # E4: no active member aged 6–15 at D is 辍学 or 非在校生 (送教上门 counts as in school).
    Criterion("E4", "义务教育有保障", "dropouts = 0"),
    # E5: every active member has either basic medical insurance.
    Criterion("E5", "基本医疗有保障", "uninsured = 0"),
    Criterion(
        "E6", "住房安全有保障", "housing_grade IN ('A级', 'B级') OR housing_renovated OR relocated"
    ),
    Criterion("E7", "饮水安全有保障", "water_failures = 0"),
)


def assessment(facts: Facts, *, poor_only: bool = True) -> list[dict[str, Any]]:
    """Fact rows with one verdict per criterion: every household poor at the end of Y with at
    least one active member (all active households when ``poor_only`` is False)."""
    check_standards(facts.lines, facts.run)
    where = "n > 0 AND poor" if poor_only else "n > 0"
    return evaluate(facts, FACT_COLUMNS, CRITERIA, where=where)


def check_standards(lines: ProvinceLines, run: RunInputs) -> None:
    """The exit assessment needs a poverty line for every province of the run."""
    for province, values in lines.by_province.items():
        if "poverty_line" not in values:
            raise StandardMissing(
                f"{run.year}年没有扶贫标准（省 {province}）：国家标准自 2014 年起"
            )


def per_capita(net_cents: int | None, size: int) -> Decimal | None:
    """人均纯收入 as written: exact, then rounded half away from zero to two decimals."""
    if net_cents is None or size == 0:
        return None
    return round_half_away(Decimal(net_cents) / 100 / size)


ASSESS_COLUMNS = headers(AssessmentRow)


def assess_row(row: dict[str, Any]) -> AssessmentRow:
    failing = [criterion.code for criterion in CRITERIA if not row[criterion.column]]
    e1, e2, e3, e4, e5, e6, e7 = (row[criterion.column] for criterion in CRITERIA)
    return AssessmentRow(
        row["code"],
        row["village_id"],
        per_capita(row["net_cents"], row["n"]),
        None if row["line_cents"] is None else Decimal(row["line_cents"]) / 100,
        e1,
        e2,
        e3,
        e4,
        e5,
        e6,
        e7,
        not failing,
        "、".join(failing),
    )


def assessment_rows(facts: Facts) -> list[AssessmentRow]:
    """The rows of ``fupin assess``, sorted by 户编号 (code-point order)."""
    return [assess_row(row) for row in sorted(assessment(facts), key=lambda r: r["code"])]


def assess_rows(households: QuerySet[Household], run: RunInputs) -> list[AssessmentRow]:
    """``assessment_rows`` of a fact table computed for these households alone."""
    with prepared_facts(households, run) as facts:
        return assessment_rows(facts)
