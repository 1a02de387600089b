"""Template filters of the monitoring pages: a case's state as users read it, its days left, and
a transition's record as labelled lines."""

from __future__ import annotations

from django import template

from fupin.monitoring import deadlines, workflow
from fupin.monitoring.models import Case, Transition

register = template.Library()

# The keys services write into a transition's record, as the page names them.
RECORD_LABELS = {
    "visited_on": "核实日期",
    "findings": "核实情况",
    "net_income": "家庭年纯收入（元）",
    "risks": "风险类型",
    "held_on": "评议日期",
    "participants": "参加人员",
    "votes_for": "赞成票",
    "votes_against": "反对票",
    "starts_on": "公示开始",
    "ends_on": "公示结束",
    "case_type": "监测对象类型",
    "kind": "措施类型",
    "responsible": "帮扶责任人",
    "income_year": "收入年度",
    "per_capita_income": "人均纯收入（元）",
    "monitoring_line": "防返贫监测范围（元）",
    "criteria_failing": "未达到的标准",
}


@register.filter
def state_label(case: Case) -> str:
    return workflow.state_label(case)


@register.filter
def days_left(case: Case) -> int | None:
    return deadlines.days_left(case)


@register.filter
def step_label(code: str) -> str:
    step = workflow.STEPS.get(code)
    return step.label if step else code


@register.filter
def record(transition: Transition) -> list[tuple[str, str]]:
    """The labelled values of a transition's record, in the order above; keys without a label
    (ids kept for machines) are left out."""
    lines = []
    for key, label in RECORD_LABELS.items():
        value = transition.data.get(key)
        if value in (None, "", []):
            continue
        lines.append((label, "、".join(map(str, value)) if isinstance(value, list) else str(value)))
    return lines
