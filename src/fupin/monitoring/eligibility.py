"""Whether a monitored household's risk may be declared eliminated (风险消除, rules.md §9).

All five conditions are checked and every failing one is reported, so the page can say at once
what is still missing:

1. at least 6 months in 帮扶中;
2. per-capita net income of the latest year with a 收入 row at or above that year's monitoring
   line (the line of the household's province, rules.md §2);
3. criteria E4–E7 pass (rules.md §3);
4. the latest finished rule run covering the household raised no M alert for it;
5. at least one active member has 劳动技能 普通劳动力 or 技能劳动力.

Conditions 2, 3 and 5 are read from the rules engine's own fact table and criteria (one household,
one statement), members as of today, so this check and `fupin assess` can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q

from fupin.alerts.models import RuleRun
from fupin.assessment.exit import CRITERIA, assessment, per_capita
from fupin.core.dates import add_months
from fupin.core.money import CENT
from fupin.regions.choices import ancestor_codes
from fupin.registry.models import Household, Income
from fupin.rules.facts import RunInputs, prepared_facts
from fupin.standards.resolve import StandardMissing

from .constants import HELP_MIN_MONTHS
from .models import Case

ELIMINATION_CRITERIA = tuple(c for c in CRITERIA if c.code in {"E4", "E5", "E6", "E7"})


@dataclass(frozen=True)
class EliminationReview:
    """The verdict and the figures it rests on (kept with the transition that used it)."""

    blockers: list[str]
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.blockers


def review_elimination(case: Case, *, today: dt.date) -> EliminationReview:
    blockers: list[str] = []
    figures: dict[str, Any] = {}
    _check_time_helped(case, today, blockers)
    _check_facts(case.household, today, blockers, figures)
    _check_latest_run(case.household, blockers, figures)
    return EliminationReview(blockers, figures)


def earliest_elimination(case: Case) -> dt.date | None:
    """The first day 风险消除 may be requested: 6 months after help began."""
    if case.helping_since is None:
        return None
    return add_months(case.helping_since, HELP_MIN_MONTHS)


def _check_time_helped(case: Case, today: dt.date, blockers: list[str]) -> None:
    earliest = earliest_elimination(case)
    if earliest is None:
        blockers.append("尚未开始帮扶")
    elif today < earliest:
        blockers.append(
            f"帮扶未满{HELP_MIN_MONTHS}个月（{case.helping_since:%Y-%m-%d} 起帮扶，"
            f"{earliest:%Y-%m-%d} 起方可申请风险消除）"
        )


def _check_facts(
    household: Household, today: dt.date, blockers: list[str], figures: dict[str, Any]
) -> None:
    year = Income.objects.filter(household=household).aggregate(year=Max("year"))["year"]
    if year is None:
        blockers.append("没有收入数据，无法判断人均纯收入是否达到防返贫监测范围")
        return
    figures["income_year"] = year
    try:
        with prepared_facts(
            Household.objects.filter(pk=household.pk), RunInputs(year, today)
        ) as facts:
            rows = assessment(facts, poor_only=False)
    except StandardMissing as error:
        blockers.append(str(error))
        return
    if not rows:
        blockers.append("该户没有在册的正常成员")
        return
    row = rows[0]
    income = per_capita(row["net_cents"], row["n"])
    figures["per_capita_income"] = None if income is None else str(income)
    if row["mline_cents"] is None:
        blockers.append(f"{year}年没有防返贫监测范围标准")
    else:
        line = (Decimal(row["mline_cents"]) / 100).quantize(CENT)
        figures["monitoring_line"] = str(line)
        if row["net_cents"] < row["mline_cents"] * row["n"]:  # exact, in cents (rules.md §1)
            blockers.append(f"{year}年人均纯收入 {income} 元低于防返贫监测范围 {line} 元")
    failing = [c for c in ELIMINATION_CRITERIA if not row[c.column]]
    figures["criteria_failing"] = [c.code for c in failing]
    blockers.extend(f"{c.code} {c.name}未达到" for c in failing)
    if not row["has_labour"]:
        blockers.append("家中没有普通劳动力或技能劳动力，应继续监测")


def latest_run_covering(household: Household) -> RuleRun | None:
    """The most recently finished rule run over a region containing the household."""
    regions = [*ancestor_codes(household.village_id), household.village_id]
    return (
        RuleRun.objects.filter(Q(region__isnull=True) | Q(region_id__in=regions))
        .filter(finished_at__isnull=False)
        .order_by("-finished_at", "-pk")
        .first()
    )


def _check_latest_run(household: Household, blockers: list[str], figures: dict[str, Any]) -> None:
    run = latest_run_covering(household)
    if run is None:
        blockers.append("尚无覆盖该户的预警规则运行，请先运行预警规则")
        return
    figures["rule_run"] = run.pk
    codes = list(
        run.alerts.filter(household=household)
        .order_by("rule_code")
        .values_list("rule_code", flat=True)
    )
    if codes:
        blockers.append(f"最近一次预警规则运行（{run}）对该户仍有预警：{'、'.join(codes)}")
