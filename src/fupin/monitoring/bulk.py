"""Bulk approval (批量审批): a township approves several cases' 乡镇初审 at once, a county their
县级审定. Each case still goes through its own service call, so every check of the workflow
applies case by case, and one refusal does not stop the others.

A county's bulk 审定 needs a type and risk types for each case: they are proposed from the case
(its household's registration and the risks its 入户核实 found) and shown on the confirmation page
before anything is done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fupin.accounts.models import User

from . import services
from .choices import CaseState, CaseType
from .errors import MonitoringError
from .models import Case
from .workflow import COUNTY_APPROVE, TOWNSHIP_APPROVE, VERIFY, Step

# The office named in the URL → the step it approves in bulk.
BULK_STEPS: dict[str, Step] = {"township": TOWNSHIP_APPROVE, "county": COUNTY_APPROVE}
BULK_OPINION = "批量审批通过"


@dataclass(frozen=True)
class Decision:
    """What 县级审定 would record for a case."""

    case_type: str
    risks: list[str]


@dataclass(frozen=True)
class Outcome:
    case: Case
    done: bool
    message: str


def proposed_decision(case: Case) -> Decision:
    """The type the household's registration points to (rules.md §9 "As implemented": 脱贫不稳定户
    for an exited registered household, 边缘易致贫户 for a household not registered, otherwise
    突发严重困难户) and the risks of the latest 入户核实."""
    household = case.household
    if household.is_registered and household.exit_year is not None:
        case_type = CaseType.UNSTABLE_EXITED
    elif not household.is_registered:
        case_type = CaseType.MARGINAL
    else:
        case_type = CaseType.SUDDEN_HARDSHIP
    verification = case.transitions.filter(action=VERIFY.code).order_by("-at", "-id").first()
    risks = list(verification.data.get("risks", [])) if verification else []
    return Decision(str(case_type), risks)


def planned_change(step: Step, case: Case) -> str:
    """One line for the confirmation page: the state change, and for 县级审定 what it sets."""
    change = f"{case.get_state_display()} → {CaseState(step.target).label}"
    if step is COUNTY_APPROVE:
        decision = proposed_decision(case)
        risks = "、".join(decision.risks) or "（核实未记录风险类型，将不能审定）"
        change += f"；类型：{decision.case_type}；风险类型：{risks}"
    return change


def approve_all(actor: User, step: Step, cases: Iterable[Case]) -> list[Outcome]:
    """Take the step on each case in turn (each in its own transaction) and say how each went."""
    outcomes = []
    for case in cases:
        try:
            _approve(actor, step, case)
        except MonitoringError as error:
            outcomes.append(Outcome(case, False, error.message))
        else:
            outcomes.append(Outcome(case, True, f"已办理“{step.label}”"))
    return outcomes


def _approve(actor: User, step: Step, case: Case) -> Any:
    if step is TOWNSHIP_APPROVE:
        return services.township_approve(actor, case, opinion=BULK_OPINION)
    decision = proposed_decision(case)
    return services.county_approve(
        actor, case, case_type=decision.case_type, risks=decision.risks, opinion=BULK_OPINION
    )
