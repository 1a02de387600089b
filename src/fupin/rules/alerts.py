"""Return-to-poverty alerts M01–M10 (rules.md §5), set-based over a region.

Each rule is one definition: its code, its name, a boolean SQL expression over the fact table
saying when it fires, and how its 数值 / 阈值 are read from the household's facts. All ten are
evaluated in one statement for every active household that is not poor at the end of Y.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from fupin.core.money import round_half_away
from fupin.registry.models import Household

from .exit import CRITERIA
from .facts import FACT_COLUMNS, Facts, ProvinceLines, RunInputs, prepared_facts
from .table import SqlRule, count_rows, evaluate


@dataclass(frozen=True)
class AlertRule(SqlRule):
    figures: Callable[[dict[str, Any]], tuple[Any, Any]] = field(default=lambda row: (None, None))


def _money(value_cents: int | Decimal | None) -> Decimal | None:
    return None if value_cents is None else round_half_away(Decimal(value_cents) / 100)


def _share_of(amount_cents: int, basis_points: int) -> Decimal:
    """basis_points/10,000 of an amount in cents, in yuan, rounded half away from zero."""
    return round_half_away(Decimal(amount_cents) * basis_points / 1_000_000)


def _event_bar(
    sum_column: str, amount_column: str
) -> tuple[str, Callable[[dict[str, Any]], tuple[Any, Any]]]:
    """M03/M04: S > 0 and S ≥ the bar, the bar being the amount, or the share of the household's
    net income when that is known, > 0 and smaller: S ≥ min(a, b) ⇔ S ≥ a or S ≥ b."""
    condition = (
        f"{sum_column} > 0 AND ({sum_column} >= {amount_column}"
        f" OR (net_cents > 0 AND {sum_column} * 10000 >= net_cents * income_share_bp))"
    )

    def figures(row: dict[str, Any]) -> tuple[Any, Any]:
        bar = Decimal(row[amount_column]) / 100
        if row["net_cents"] is not None and row["net_cents"] > 0:
            bar = min(bar, _share_of(row["net_cents"], row["income_share_bp"]))
        return _money(row[sum_column]), round_half_away(bar)

    return condition, figures


_M03 = _event_bar("medical_cents", "medical_amount_cents")
_M04 = _event_bar("loss_cents", "loss_amount_cents")


def _criterion(code: str) -> str:
    return next(c.condition for c in CRITERIA if c.code == code)


RULES: tuple[AlertRule, ...] = (
    AlertRule(
        "M01",
        "收入低于监测范围",
        "net_cents IS NOT NULL AND mline_cents IS NOT NULL AND net_cents < mline_cents * n",
        lambda row: (
            round_half_away(Decimal(row["net_cents"]) / 100 / row["n"]),
            _money(row["mline_cents"]),
        ),
    ),
    AlertRule(
        "M02",
        "收入大幅下降",
        # net(Y) < (1 − drop share) × net(Y−1), in basis points: net × 10,000 < prev × (10,000 − drop).
        "net_cents IS NOT NULL AND prev_net_cents > 0 AND net_cents * 10000 < prev_net_cents * keep_bp",
        lambda row: (_money(row["net_cents"]), _share_of(row["prev_net_cents"], row["keep_bp"])),
    ),
    AlertRule("M03", "医疗支出较大", _M03[0], _M03[1]),
    AlertRule("M04", "灾害意外损失较大", _M04[0], _M04[1]),
    AlertRule("M05", "务工或产业受挫", "setbacks > 0", lambda row: (row["setbacks"], 1)),
    AlertRule(
        "M06", "义务教育阶段辍学", f"NOT ({_criterion('E4')})", lambda row: (row["dropouts"], 0)
    ),
    AlertRule(
        "M07", "未参加基本医疗保险", f"NOT ({_criterion('E5')})", lambda row: (row["uninsured"], 0)
    ),
    AlertRule(
        "M08", "住房不安全", f"NOT ({_criterion('E6')})", lambda row: (row["housing_grade"], "B级")
    ),
    AlertRule(
        "M09", "饮水不安全", f"NOT ({_criterion('E7')})", lambda row: (row["water_failures"], 0)
    ),
    AlertRule(
        "M10", "缺劳动力且无兜底", "NOT has_labour AND NOT has_safety_net", lambda row: (0, 1)
    ),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}


@dataclass(frozen=True)
class Alert:
    household_id: int
    household_code: str
    village_code: str
    rule: AlertRule
    value: Any
    threshold: Any


@dataclass(frozen=True)
class AlertScan:
    """What one evaluation found: how many households were checked, and the alerts."""

    checked: int
    alerts: list[Alert]
    lines: ProvinceLines


def scan(facts: Facts) -> AlertScan:
    """Every active household not poor at the end of Y, checked against every rule; only the
    households where some rule fires come back from the database."""
    monitored = "n > 0 AND NOT poor"
    any_rule = " OR ".join(f"({rule.condition})" for rule in RULES)
    rows = evaluate(facts, FACT_COLUMNS, RULES, where=f"{monitored} AND ({any_rule})")
    found = []
    for row in sorted(rows, key=lambda r: r["code"]):
        for rule in RULES:
            if row[rule.column]:
                value, threshold = rule.figures(row)
                found.append(
                    Alert(row["id"], row["code"], row["village_id"], rule, value, threshold)
                )
    return AlertScan(count_rows(facts, monitored), found, facts.lines)


def alerts(households: QuerySet[Household], run: RunInputs) -> list[Alert]:
    """Every (household, rule) that fires, sorted by 户编号 then 规则代码."""
    with prepared_facts(households, run) as facts:
        return scan(facts).alerts


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
