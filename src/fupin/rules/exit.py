"""Household exit assessment, criteria E1–E7 (rules.md §3), set-based over a region.

Each criterion is one definition: its code, its name, its output column, and a boolean SQL
expression over the household facts (``facts.with_facts``). ``assess`` annotates every poor,
active household of the region with all seven at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, Q, QuerySet

from fupin.core.money import round_half_away
from fupin.registry.models import Household
from fupin.standards.resolve import StandardMissing

from .facts import ProvinceLines, RunInputs, aged_between, has_member, with_facts

Condition = Callable[[RunInputs], Q | Exists | ExpressionWrapper]


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    column: str
    passes: Condition


def _income_above_line(run: RunInputs) -> Q:
    # E1: per-capita net income of Y > the poverty line of Y, i.e. net > line × n, in cents.
    return Q(
        net_cents__isnull=False, line_cents__isnull=False, net_cents__gt=F("line_cents") * F("n")
    )


def _schooling_secured(run: RunInputs) -> Any:
    # E4: no active member aged 6–15 at D is 辍学 or 非在校生 (送教上门 counts as in school).
    out_of_school = aged_between(6, 15, run.as_of) & Q(school_status__in=["辍学", "非在校生"])
    return ~has_member(out_of_school, run)


def _medical_secured(run: RunInputs) -> Any:
    # E5: every active member has either basic medical insurance.
    return ~has_member(Q(medical_insured=False, employee_insured=False), run)


CRITERIA: tuple[Criterion, ...] = (
    Criterion("E1", "收入达标", "E1收入达标", _income_above_line),
    Criterion("E2", "不愁吃", "E2不愁吃", lambda run: Q(food_secure=True)),
    Criterion("E3", "不愁穿", "E3不愁穿", lambda run: Q(clothing_secure=True)),
    Criterion("E4", "义务教育有保障", "E4义务教育", _schooling_secured),
    Criterion("E5", "基本医疗有保障", "E5基本医疗", _medical_secured),
    Criterion(
        "E6",
        "住房安全有保障",
        "E6住房安全",
        lambda run: (
            Q(housing_grade__in=["A级", "B级"]) | Q(housing_renovated=True) | Q(relocated=True)
        ),
    ),
    Criterion(
        "E7",
        "饮水安全有保障",
        "E7饮水安全",
        lambda run: Q(
            water_quantity_ok=True,
            water_quality_ok=True,
            water_access_ok=True,
            water_supply_ok=True,
        ),
    ),
)


def with_criteria(
    households: QuerySet[Household], run: RunInputs, lines: ProvinceLines
) -> QuerySet[Household]:
    """Facts, the poverty line in cents, and one boolean annotation per criterion (e1 … e7)."""
    annotated = with_facts(households, run).annotate(
        line_cents=lines.cents_expression("poverty_line")
    )
    return annotated.annotate(
        **{
            criterion.code.lower(): ExpressionWrapper(
                criterion.passes(run), output_field=BooleanField()
            )
            for criterion in CRITERIA
        }
    )


def assessed_households(households: QuerySet[Household], run: RunInputs) -> QuerySet[Household]:
    """Every household poor at the end of Y with at least one active member, with E1–E7."""
    lines = ProvinceLines.for_run(households, run)
    for province, values in lines.by_province.items():
        if "poverty_line" not in values:
            raise StandardMissing(
                f"{run.year}年没有扶贫标准（省 {province}）：国家标准自 2014 年起"
            )
    return with_criteria(households, run, lines).filter(poor=True, n__gt=0)


def per_capita(net_cents: int | None, size: int) -> Decimal | None:
    """人均纯收入 as written: exact, then rounded half away from zero to two decimals."""
    if net_cents is None or size == 0:
        return None
    return round_half_away(Decimal(net_cents) / 100 / size)


ASSESS_COLUMNS = [
    "户编号",
    "行政区划代码",
    "人均纯收入",
    "扶贫标准",
    *(c.column for c in CRITERIA),
    "可以退出",
    "未达标项",
]


def assess_rows(households: QuerySet[Household], run: RunInputs) -> Iterator[list[Any]]:
    """The rows of ``fupin assess``, sorted by 户编号 (code-point order)."""
    codes = [criterion.code.lower() for criterion in CRITERIA]
    values = assessed_households(households, run).values_list(
        "code", "village_id", "net_cents", "n", "line_cents", *codes
    )
    for code, village, net_cents, size, line_cents, *passes in sorted(
        values, key=lambda row: row[0]
    ):
        failing = [criterion.code for criterion, ok in zip(CRITERIA, passes, strict=True) if not ok]
        yield [
            code,
            village,
            per_capita(net_cents, size),
            None if line_cents is None else Decimal(line_cents) / 100,
            *(bool(ok) for ok in passes),
            not failing,
            "、".join(failing),
        ]
