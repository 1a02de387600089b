"""The state machine of a problem, as one table.

Each step says from which states it may be taken, the state it leads to, which roles may take it,
whether only an office above the problem's region may take it (销号 and its undoing), and whether
the one who recorded the rectification is barred from it (four eyes). ``services`` takes every
step through :func:`check_actor` and :func:`check_state`, so pages and the API obey the same table.

Path of a problem::

    已登记 ─核定措施→ 整改中 ─整改→ 已整改 ─核验→ 已核验 ─销号→ 已销号
                      ↑ │延期          │               │
                      │ └────────────┘               │
                      └──────────退回整改──────────────┴──(已整改 or 已核验)
    已销号 ─重新整改→ a new problem in 整改中, pointing back to the closed one
"""

from __future__ import annotations

from dataclasses import dataclass

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.accounts.permissions import OFFICE_ROLES
from fupin.core.scope import is_visible
from fupin.regions.choices import level_of

from .choices import ProblemState
from .errors import LedgerError, Refusal, not_found
from .models import Problem

S = ProblemState

# A helping cadre rectifies the problems they answer for (the only ones they see).
RECTIFIERS = OFFICE_ROLES | {Role.HELPER}
# 销号 is approved by a township or county office above the problem's region.
CLOSING_OFFICES = frozenset({Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN})


@dataclass(frozen=True)
class Step:
    code: str  # stable: the step's ``step`` column, the audit code's last part
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    # Only an office whose region lies above the problem's (or a 系统管理员) takes it.
    from_above: bool = False
    # The one who recorded a rectification of the problem may not take it.
    four_eyes: bool = False

    @property
    def audit_code(self) -> str:
        return f"ledger.problem.{self.code}"


REGISTER = Step("register", "登记问题", frozenset(), S.REGISTERED, OFFICE_ROLES)
SET_MEASURE = Step("set_measure", "核定措施", frozenset({S.REGISTERED}), S.RECTIFYING, OFFICE_ROLES)
EXTEND_DEADLINE = Step(
    "extend_deadline", "延长整改时限", frozenset({S.RECTIFYING}), S.RECTIFYING, OFFICE_ROLES
)
RECTIFY = Step("rectify", "登记整改情况", frozenset({S.RECTIFYING}), S.RECTIFIED, RECTIFIERS)
VERIFY = Step(
    "verify", "核验整改效果", frozenset({S.RECTIFIED}), S.VERIFIED, OFFICE_ROLES, four_eyes=True
)
SEND_BACK = Step(
    "send_back",
    "退回整改",
    frozenset({S.RECTIFIED, S.VERIFIED}),
    S.RECTIFYING,
    OFFICE_ROLES,
    four_eyes=True,
)
CLOSE = Step(
    "close",
    "销号",
    frozenset({S.VERIFIED}),
    S.CLOSED,
    CLOSING_OFFICES,
    from_above=True,
    four_eyes=True,
)
REOPEN = Step(
    "reopen", "重新整改", frozenset({S.CLOSED}), S.RECTIFYING, CLOSING_OFFICES, from_above=True
)

STEPS: dict[str, Step] = {
    step.code: step
    for step in (REGISTER, SET_MEASURE, EXTEND_DEADLINE, RECTIFY, VERIFY, SEND_BACK, CLOSE, REOPEN)
}


def may_take(actor: User, step: Step, region_code: str) -> bool:
    """Role and office alone, whatever the problem's state: what pages use to offer a step."""
    if actor.role == Role.SYSTEM_ADMIN:
        return True
    if actor.role not in step.roles:
        return False
    if not step.from_above:
        return True
    own, theirs = level_of(actor.scope_code or ""), level_of(region_code)
    return own is not None and theirs is not None and own < theirs


def check_actor(actor: User, step: Step, problem: Problem) -> None:
    """The actor sees the problem (else "not found", as everywhere), their role and office may
    take the step, and, for a check of the result, they did not record the rectification."""
    if not is_visible(actor, problem):
        raise not_found()
    check_role(actor, step, problem.region_id)
    if step.four_eyes and rectified_by(problem, actor):
        raise LedgerError(
            f"您登记了该问题的整改情况，不能办理“{step.label}”（须由他人核验和销号）",
            refusal=Refusal.ROLE,
        )


def check_role(actor: User, step: Step, region_code: str) -> None:
    """The actor's role and office may take the step on a problem of ``region_code``."""
    if may_take(actor, step, region_code):
        return
    if step.from_above and actor.role in step.roles:
        raise LedgerError(f"“{step.label}”由问题所在区划的上一级办理", refusal=Refusal.ROLE)
    raise LedgerError(
        f"您的角色（{actor.get_role_display()}）不能办理“{step.label}”", refusal=Refusal.ROLE
    )


def rectified_by(problem: Problem, user: User) -> bool:
    """Whether ``user`` recorded any rectification of the problem, sent back or not."""
    return problem.steps.filter(step=RECTIFY.code, actor=user).exists()


def check_state(problem: Problem, step: Step) -> None:
    if problem.state not in step.sources:
        sources = "、".join(f"“{state}”" for state in sorted(step.sources))
        raise LedgerError(
            f"当前状态为“{problem.get_state_display()}”，不能办理“{step.label}”"
            f"（应在{sources}时办理）"
        )


def available_steps(actor: User, problem: Problem) -> list[Step]:
    """The steps the problem's state allows and the actor's role and office may take: what the
    problem's page and the API offer. Four eyes is not checked here: a rectifier who tries to
    verify or close is told why by the service. A problem reopened once is taken further on its
    reopening, so it offers no second 重新整改."""
    if not actor.can_edit:
        return []
    steps = [
        step
        for step in STEPS.values()
        if problem.state in step.sources and may_take(actor, step, problem.region_id)
    ]
    if REOPEN in steps and problem.reopenings.exists():
        steps.remove(REOPEN)
    return steps
