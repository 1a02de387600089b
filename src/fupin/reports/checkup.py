"""One household's 体检: each E criterion, each M rule that fires and each benefit owed, with the
figures and thresholds, from the same definitions the region-wide runs use (no second copy of
any rule: the household is simply a region of one). It reads the assessment, the alerts and the
benefits at once, so it lives above all three, with the reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fupin.alerts.rules import Alert, scan
from fupin.assessment.exit import CRITERIA, Criterion, assessment, per_capita
from fupin.benefits.gaps import owed
from fupin.core.money import yuan
from fupin.registry.models import Household
from fupin.rules.facts import RunInputs, prepared_facts
from fupin.standards.resolve import InForce


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    passed: bool
    explanation: str


@dataclass
class Checkup:
    run: RunInputs
    status: str
    criteria: list[CriterionResult] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    owed: list[tuple[str, str, str]] = field(default_factory=list)  # (证件号码, 政策代码, 政策名称)

    @property
    def can_exit(self) -> bool:
        return bool(self.criteria) and all(result.passed for result in self.criteria)


def checkup(household: Household, run: RunInputs) -> Checkup:
    one = Household.objects.filter(pk=household.pk)
    with prepared_facts(one, run) as facts:
        rows = assessment(facts, poor_only=False)
        found = scan(facts)
        owed_here = owed(facts)
    if not rows:
        return Checkup(run, "无在册成员（不参与评估）")
    row = rows[0]
    status = "未脱贫" if row["poor"] else ("已脱贫" if row["exited"] else "非建档立卡户")
    result = Checkup(run, status)
    line = facts.lines.value("poverty_line", household.village_id[:2])
    for criterion in CRITERIA:
        passed = row[criterion.column]
        result.criteria.append(
            CriterionResult(criterion, passed, _explain(criterion, passed, row, line))
        )
    if not row["poor"]:  # alerts are for households that are not poor at the end of Y
        result.alerts = found
    result.owed = [(person, code, name) for _, person, code, name in owed_here]
    return result


def _explain(
    criterion: Criterion, passed: bool, facts: dict[str, Any], line: InForce | None
) -> str:
    if criterion.code == "E1":
        income = per_capita(facts["net_cents"], facts["n"])
        if income is None:
            return "无当年收入数据"
        if line is None:
            return f"人均纯收入 {yuan(income)} 元；没有当年的扶贫标准"
        comparison = ">" if passed else "≤"
        return f"人均纯收入 {yuan(income)} 元 {comparison} 扶贫标准 {yuan(line.value)} 元（{line.source}）"
    explanations = {
        "E2": ("不愁吃", "不愁吃未达标"),
        "E3": ("不愁穿", "不愁穿未达标"),
        "E4": ("义务教育阶段（6–15 岁）成员均在校", "有义务教育阶段成员辍学或非在校生"),
        "E5": ("所有成员参加基本医疗保险", "有成员未参加城乡居民或职工基本医疗保险"),
        "E6": (
            "住房安全等级 A/B 级，或已完成危房改造、易地扶贫搬迁",
            "住房为 C/D 级，且未改造、未搬迁",
        ),
        "E7": ("饮水四项指标均达标", "饮水四项指标有未达标项"),
    }
    good, bad = explanations[criterion.code]
    return good if passed else bad
