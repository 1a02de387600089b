"""Return-to-poverty alerts M01–M10 (rules.md §5), set-based over a region.

Each rule is one definition: its code, its name, a boolean SQL expression saying when it fires,
and how its 数值 / 阈值 are read from the household's facts. The facts (income, event sums in the
look-back window, counts of members) are annotated once, by the database, for every active
household that is not poor at the end of Y.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from fupin.core.money import round_half_away
from fupin.registry.models import Event, Grant, Household, Member

from .exit import with_criteria
from .facts import ProvinceLines, RunInputs, active_members, aged_between, cents

WATER_COLUMNS = ("water_quantity_ok", "water_quality_ok", "water_access_ok", "water_supply_ok")
OUT_OF_SCHOOL = ("辍学", "非在校生")
LABOUR = ("普通劳动力", "技能劳动力")


@dataclass(frozen=True)
class AlertRule:
    code: str
    name: str
    fires: Callable[[], Q]
    figures: Callable[[dict[str, Any]], tuple[Any, Any]]  # (数值, 阈值) from a row of facts


def _money(value_cents: int | Decimal | None) -> Decimal | None:
    return None if value_cents is None else round_half_away(Decimal(value_cents) / 100)


def _share_of(amount_cents: int, basis_points: int) -> Decimal:
    """basis_points/10,000 of an amount in cents, in yuan, rounded half away from zero."""
    return round_half_away(Decimal(amount_cents) * basis_points / 1_000_000)


def _per_capita(row: dict[str, Any]) -> Decimal:
    return round_half_away(Decimal(row["net_cents"]) / 100 / row["n"])


def _event_bar(amount_field: str):  # type: ignore[no-untyped-def]
    """M03/M04: S > 0 and S ≥ the bar, the bar being the amount, or the share of the household's
    net income when that is known, > 0 and smaller: S ≥ min(a, b) ⇔ S ≥ a or S ≥ b."""
    sum_field = {"medical_amount": "medical_cents", "loss_amount": "loss_cents"}[amount_field]

    def fires() -> Q:
        reaches_amount = Q(**{f"{sum_field}__gte": F(f"{amount_field}_cents")})
        reaches_share = Q(
            net_cents__gt=0, **{f"{sum_field}_bp__gte": F("net_cents") * F("income_share_bp")}
        )
        return Q(**{f"{sum_field}__gt": 0}) & (reaches_amount | reaches_share)

    def figures(row: dict[str, Any]) -> tuple[Any, Any]:
        bar = Decimal(row[f"{amount_field}_cents"]) / 100
        if row["net_cents"] is not None and row["net_cents"] > 0:
            bar = min(bar, _share_of(row["net_cents"], row["income_share_bp"]))
        return _money(row[sum_field]), round_half_away(bar)

    return fires, figures


_m03_fires, _m03_figures = _event_bar("medical_amount")
_m04_fires, _m04_figures = _event_bar("loss_amount")


RULES: tuple[AlertRule, ...] = (
    AlertRule(
        "M01",
        "收入低于监测范围",
        lambda: Q(
            net_cents__isnull=False,
            mline_cents__isnull=False,
            net_cents__lt=F("mline_cents") * F("n"),
        ),
        lambda row: (_per_capita(row), _money(row["mline_cents"])),
    ),
    AlertRule(
        "M02",
        "收入大幅下降",
        # net(Y) < (1 − drop share) × net(Y−1), in basis points: net × 10,000 < prev × (10,000 − drop).
        lambda: Q(
            net_cents__isnull=False,
            prev_net_cents__gt=0,
            net_bp__lt=F("prev_net_cents") * F("keep_bp"),
        ),
        lambda row: (_money(row["net_cents"]), _share_of(row["prev_net_cents"], row["keep_bp"])),
    ),
    AlertRule("M03", "医疗支出较大", _m03_fires, _m03_figures),
    AlertRule("M04", "灾害意外损失较大", _m04_fires, _m04_figures),
    AlertRule("M05", "务工或产业受挫", lambda: Q(setbacks__gt=0), lambda row: (row["setbacks"], 1)),
    AlertRule("M06", "义务教育阶段辍学", lambda: Q(e4=False), lambda row: (row["dropouts"], 0)),
    AlertRule("M07", "未参加基本医疗保险", lambda: Q(e5=False), lambda row: (row["uninsured"], 0)),
    AlertRule("M08", "住房不安全", lambda: Q(e6=False), lambda row: (row["housing_grade"], "B级")),
    AlertRule("M09", "饮水不安全", lambda: Q(e7=False), lambda row: (row["water_failures"], 0)),
    AlertRule(
        "M10",
        "缺劳动力且无兜底",
        lambda: Q(has_labour=False, has_safety_net=False),
        lambda row: (0, 1),
    ),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}


def _window(run: RunInputs, lookback_days: int) -> Q:
    return Q(date__gt=run.as_of - dt.timedelta(days=lookback_days), date__lte=run.as_of)


def _event_sum_cents(run: RunInputs, lookback_days: int, types: tuple[str, ...]) -> Coalesce:
    events = (
        Event.objects.filter(
            _window(run, lookback_days), household=OuterRef("pk"), event_type__in=types
        )
        .order_by()
        .values("household")
        .annotate(total=Sum(cents(Coalesce(F("amount"), Value(Decimal(0))))))
        .values("total")
    )
    return Coalesce(Subquery(events, output_field=BigIntegerField()), 0)


def _count_members(run: RunInputs, condition: Q) -> Coalesce:
    counted = (
        active_members(run.as_of, Member.objects.filter(household=OuterRef("pk")))
        .filter(condition)
        .order_by()
        .values("household")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _lookback_days(lines: ProvinceLines) -> int:
    # One window for the run: the look-back of the run's provinces (365 unless a province set
    # another; a run over provinces that disagree uses the longest and notes it in the run).
    values = [
        int(v["lookback_days"].value) for v in lines.by_province.values() if "lookback_days" in v
    ]
    return max(values, default=365)


def with_alert_facts(
    households: QuerySet[Household], run: RunInputs, lines: ProvinceLines
) -> QuerySet[Household]:
    lookback = _lookback_days(lines)
    setbacks = (
        Event.objects.filter(
            _window(run, lookback),
            household=OuterRef("pk"),
            event_type__in=["务工失业", "产业经营失败"],
        )
        .order_by()
        .values("household")
        .annotate(count=Count("pk"))
        .values("count")
    )
    safety_net = Grant.objects.filter(
        household=OuterRef("pk"), year=run.year, policy_id__in=["DB", "TK"]
    )
    labour = active_members(run.as_of, Member.objects.filter(household=OuterRef("pk"))).filter(
        labor__in=LABOUR
    )
    water_failures = sum(
        (
            Case(When(**{column: False}, then=Value(1)), default=Value(0))
            for column in WATER_COLUMNS
        ),
        Value(0),
    )
    return (
        with_criteria(households, run, lines)
        .annotate(
            mline_cents=lines.cents_expression("monitoring_line"),
            medical_amount_cents=lines.cents_expression("medical_amount"),
            loss_amount_cents=lines.cents_expression("loss_amount"),
            income_share_bp=lines.scaled_expression("income_share", 10_000),
            keep_bp=Value(10_000) - lines.scaled_expression("drop_share", 10_000),
            medical_cents=_event_sum_cents(run, lookback, ("医疗支出",)),
            loss_cents=_event_sum_cents(run, lookback, ("自然灾害", "意外事故")),
            setbacks=Coalesce(Subquery(setbacks, output_field=IntegerField()), 0),
            dropouts=_count_members(
                run, aged_between(6, 15, run.as_of) & Q(school_status__in=OUT_OF_SCHOOL)
            ),
            uninsured=_count_members(run, Q(medical_insured=False, employee_insured=False)),
            water_failures=ExpressionWrapper(water_failures, output_field=IntegerField()),
            has_labour=Exists(labour),
            has_safety_net=Exists(safety_net),
        )
        .annotate(
            net_bp=F("net_cents") * Value(10_000),
            medical_cents_bp=F("medical_cents") * Value(10_000),
            loss_cents_bp=F("loss_cents") * Value(10_000),
        )
    )


def monitored_households(
    households: QuerySet[Household], run: RunInputs
) -> tuple[QuerySet[Household], ProvinceLines]:
    """Active households not poor at the end of Y, each with its facts and one flag per rule."""
    lines = ProvinceLines.for_run(households, run)
    flagged = with_alert_facts(households, run, lines).annotate(
        **{
            f"fires_{rule.code.lower()}": ExpressionWrapper(
                rule.fires(), output_field=BooleanField()
            )
            for rule in RULES
        }
    )
    return flagged.filter(n__gt=0, poor=False), lines


FACT_FIELDS = (
    "code",
    "village_id",
    "n",
    "net_cents",
    "prev_net_cents",
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
    "housing_grade",
    "water_failures",
)


@dataclass(frozen=True)
class Alert:
    household_code: str
    village_code: str
    rule: AlertRule
    value: Any
    threshold: Any


def alerts(households: QuerySet[Household], run: RunInputs) -> Iterator[Alert]:
    """Every (household, rule) that fires, sorted by 户编号 then 规则代码."""
    flagged, _ = monitored_households(households, run)
    flags = [f"fires_{rule.code.lower()}" for rule in RULES]
    firing = Q()
    for flag in flags:
        firing |= Q(**{flag: True})
    rows = flagged.filter(firing).values(*FACT_FIELDS, *flags)
    for row in sorted(rows, key=lambda r: r["code"]):
        for rule, flag in zip(RULES, flags, strict=True):
            if row[flag]:
                value, threshold = rule.figures(row)
                yield Alert(row["code"], row["village_id"], rule, value, threshold)


MONITOR_COLUMNS = ["户编号", "行政区划代码", "规则代码", "规则名称", "数值", "阈值"]


def alert_row(alert: Alert) -> list[Any]:
    """One row of ``fupin monitor``."""
    return [
        alert.household_code,
        alert.village_code,
        alert.rule.code,
        alert.rule.name,
        alert.value,
        alert.threshold,
    ]
