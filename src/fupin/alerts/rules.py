"""Return-to-poverty alerts M01–M10 (rules.md §5), set-based over a region.

Each rule is one definition: its code, its name, a boolean SQL expression over the fact table
saying when it fires, and SQL expressions for its 数值 and 阈值. All ten are evaluated in one
statement for every active household that is not poor at the end of Y; a stored run's alerts are
written by the database from that statement (``alerts.runs.store_run``), the figures with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from fupin.assessment.exit import CRITERIA
from fupin.core.rows import headers
from fupin.registry.models import Household
from fupin.rules.facts import Facts, RunInputs, prepared_facts
from fupin.rules.figures import Figure, count, half_away, money, text
from fupin.rules.table import SqlRule, count_rows

from .rows import AlertRow


@dataclass(frozen=True)
class AlertRule(SqlRule):
    value: Figure
    threshold: Figure


def _share_of(amount_cents: str, basis_points: str) -> str:
    """basis_points/10,000 of an amount, in cents rounded half away from zero."""
    return half_away(f"{amount_cents} * {basis_points}", "10000")


def _event_bar(sum_column: str, amount_column: str) -> tuple[str, Figure, Figure]:
    """M03/M04: S > 0 and S ≥ the bar, the bar being the amount, or the share of the household's
    net income when that is known, > 0 and smaller: S ≥ min(a, b) ⇔ S ≥ a or S ≥ b."""
    condition = (
        f"{sum_column} > 0 AND ({sum_column} >= {amount_column}"
        f" OR (net_cents > 0 AND {sum_column} * 10000 >= net_cents * income_share_bp))"
    )
    share = _share_of("net_cents", "income_share_bp")
    bar = f"CASE WHEN net_cents > 0 AND {share} < {amount_column} THEN {share} ELSE {amount_column} END"
    return condition, money(sum_column), money(bar)


_M03 = _event_bar("medical_cents", "medical_amount_cents")
_M04 = _event_bar("loss_cents", "loss_amount_cents")


def _criterion(code: str) -> str:
    return next(c.condition for c in CRITERIA if c.code == code)


RULES: tuple[AlertRule, ...] = (
    AlertRule(
        "M01",
        "收入低于监测范围",
        "net_cents IS NOT NULL AND mline_cents IS NOT NULL AND net_cents < mline_cents * n",
        money(half_away("net_cents", "n")),  # 人均纯收入
        money("mline_cents"),
    ),
    AlertRule(
        "M02",
        "收入大幅下降",
        # net(Y) < (1 − drop share) × net(Y−1), in basis points: net × 10,000 < prev × (10,000 − drop).
        "net_cents IS NOT NULL AND prev_net_cents > 0 AND net_cents * 10000 < prev_net_cents * keep_bp",
        money("net_cents"),
        money(_share_of("prev_net_cents", "keep_bp")),
    ),
    AlertRule("M03", "医疗支出较大", *_M03),
    AlertRule("M04", "灾害意外损失较大", *_M04),
    AlertRule("M05", "务工或产业受挫", "setbacks > 0", count("setbacks"), count(1)),
    AlertRule("M06", "义务教育阶段辍学", f"NOT ({_criterion('E4')})", count("dropouts"), count(0)),
    AlertRule(
        "M07", "未参加基本医疗保险", f"NOT ({_criterion('E5')})", count("uninsured"), count(0)
    ),
    AlertRule(
        "M08", "住房不安全", f"NOT ({_criterion('E6')})", text("housing_grade"), text("'B级'")
    ),
    AlertRule("M09", "饮水不安全", f"NOT ({_criterion('E7')})", count("water_failures"), count(0)),
    AlertRule(
        "M10", "缺劳动力且无兜底", "NOT has_labour AND NOT has_safety_net", count(0), count(1)
    ),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}

# Every active household not poor at the end of Y is checked against every rule.
MONITORED = "n > 0 AND NOT poor"

# The households where some rule fires are found in one pass over the fact table (kept with
# their verdicts); each rule then reads its own from that short list.
ALERTS_SQL = """
WITH fired AS MATERIALIZED (
  SELECT f.*, {verdicts} FROM {facts} f WHERE {monitored} AND ({any_rule})
)
{per_rule}
"""


def alerts_sql(facts: Facts) -> str:
    """The SELECT of every alert of the run, unordered: (id, code, village_id, rule_code, value,
    threshold), the household's id, 户编号 and 行政区划代码, then the rule's code and its 数值 and
    阈值 as text. Run it with a parameter list, even an empty one (it writes ``%%``)."""
    per_rule = "\nUNION ALL\n".join(
        f"SELECT id, code, village_id, '{rule.code}' AS rule_code,"
        f" {rule.value.text_sql()} AS value, {rule.threshold.text_sql()} AS threshold"
        f" FROM fired WHERE {rule.column}"
        for rule in RULES
    )
    return ALERTS_SQL.format(
        verdicts=", ".join(f"({rule.condition}) AS {rule.column}" for rule in RULES),
        facts=facts.table,
        monitored=MONITORED,
        any_rule=" OR ".join(f"({rule.condition})" for rule in RULES),
        per_rule=per_rule,
    )


@dataclass(frozen=True)
class Alert:
    household_id: int
    household_code: str
    village_code: str
    rule: AlertRule
    value: Any
    threshold: Any

    @classmethod
    def read(
        cls, household_id: int, code: str, village: str, rule_code: str, value: str, threshold: str
    ) -> Alert:
        """An alert from its row as ``alerts_sql`` selects it or as it is stored."""
        rule = RULES_BY_CODE[rule_code]
        return cls(
            household_id,
            code,
            village,
            rule,
            rule.value.read(value),
            rule.threshold.read(threshold),
        )


def scan(facts: Facts) -> list[Alert]:
    """Every (household, rule) that fires, sorted by 户编号 then 规则代码."""
    with connection.cursor() as cursor:
        cursor.execute(f"{alerts_sql(facts)} ORDER BY code, rule_code", [])
        return [Alert.read(*row) for row in cursor.fetchall()]


def monitored_count(facts: Facts) -> int:
    """How many households the run checks against the rules."""
    return count_rows(facts, MONITORED)


def alerts(households: QuerySet[Household], run: RunInputs) -> list[Alert]:
    """Every (household, rule) that fires, sorted by 户编号 then 规则代码."""
    with prepared_facts(households, run) as facts:
        return scan(facts)


MONITOR_COLUMNS = headers(AlertRow)


def alert_row(alert: Alert) -> AlertRow:
    """One row of ``fupin monitor``."""
    return AlertRow(
        alert.household_code,
        alert.village_code,
        alert.rule.code,
        alert.rule.name,
        alert.value,
        alert.threshold,
    )
