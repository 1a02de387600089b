"""The project library's procedure (项目库), as one table.

Each step says from which states it may be taken, the state it leads to, which roles may take it
and from which office level (a village office declares; the county appraises, approves, enters
into the library, accepts and evaluates), whether it needs evidence, and whether the one who
recorded the start of the works is barred from it (验收 by someone else). ``services`` takes every
step through :func:`check_actor` and :func:`check_state`, so pages and the API obey one table.

Path of a project::

    已申报 ─部门论证→ 已论证 ─县审定→ 已审定 ─入库→ 已入库 ─实施→ 实施中 ─验收→ 已验收 ─绩效评价→ 已评价
       └──────────────┴────────────┴─不予入库→ 未入库
"""

from __future__ import annotations

from dataclasses import dataclass

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.core.scope import in_scope, is_visible
from fupin.regions.choices import Level, level_of

from .choices import ProjectState
from .errors import ProjectError, Refusal, not_found
from .models import Project

S = ProjectState

DECLARING_OFFICES = frozenset({Role.VILLAGE_ADMIN, Role.TOWNSHIP_ADMIN, Role.COUNTY_ADMIN})
COUNTY_OFFICE = frozenset({Role.COUNTY_ADMIN})
WORKS_OFFICES = frozenset({Role.TOWNSHIP_ADMIN, Role.COUNTY_ADMIN})


@dataclass(frozen=True)
class Step:
    code: str  # stable: the step's ``step`` column, the API path, the audit code's last part
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    # The office that acts: the actor's scope lies at this level or above (a 系统管理员: any).
    office: int
    evidence_required: bool = False
    # The one who recorded 实施 (the works' start) may not take it.
    four_eyes: bool = False

    @property
    def audit_code(self) -> str:
        return f"projects.project.{self.code}"


DECLARE = Step("declare", "村申报", frozenset(), S.DECLARED, DECLARING_OFFICES, Level.VILLAGE)
APPRAISE = Step(
    "appraise", "部门论证", frozenset({S.DECLARED}), S.APPRAISED, COUNTY_OFFICE, Level.COUNTY
)
APPROVE = Step(
    "approve", "县审定", frozenset({S.APPRAISED}), S.APPROVED, COUNTY_OFFICE, Level.COUNTY
)
ENTER = Step("enter", "入库", frozenset({S.APPROVED}), S.IN_LIBRARY, COUNTY_OFFICE, Level.COUNTY)
REJECT = Step(
    "reject",
    "不予入库",
    frozenset({S.DECLARED, S.APPRAISED, S.APPROVED}),
    S.REJECTED,
    COUNTY_OFFICE,
    Level.COUNTY,
)
START = Step(
    "start", "实施", frozenset({S.IN_LIBRARY}), S.IMPLEMENTING, WORKS_OFFICES, Level.TOWNSHIP
)
ACCEPT = Step(
    "accept",
    "验收",
    frozenset({S.IMPLEMENTING}),
    S.ACCEPTED,
    WORKS_OFFICES,
    Level.TOWNSHIP,
    evidence_required=True,
    four_eyes=True,
)
EVALUATE = Step(
    "evaluate", "绩效评价", frozenset({S.ACCEPTED}), S.EVALUATED, COUNTY_OFFICE, Level.COUNTY
)

STEPS: dict[str, Step] = {
    step.code: step for step in (DECLARE, APPRAISE, APPROVE, ENTER, REJECT, START, ACCEPT, EVALUATE)
}

# The states in which a project may receive and spend funds: it is in the library.
FUNDABLE = frozenset({S.IN_LIBRARY, S.IMPLEMENTING, S.ACCEPTED})
SPENDABLE = frozenset({S.IMPLEMENTING, S.ACCEPTED})


def may_take(actor: User, step: Step, region_code: str) -> bool:
    """Role and office alone, whatever the project's state: what pages use to offer a step."""
    if not actor.can_edit or not in_scope(actor, region_code):
        return False
    if actor.role == Role.SYSTEM_ADMIN:
        return True
    own = level_of(actor.scope_code or "")
    return actor.role in step.roles and own is not None and own <= step.office


def check_actor(actor: User, step: Step, project: Project) -> None:
    """The actor sees the project (else "not found", as everywhere), their role and office may
    take the step, and, for 验收, they did not record the start of the works."""
    if not is_visible(actor, project):
        raise not_found()
    check_role(actor, step, project.region_id)
    if step.four_eyes and project.steps.filter(step=START.code, actor=actor).exists():
        raise ProjectError(
            f"您登记了该项目的实施，不能办理“{step.label}”（须由他人验收）", refusal=Refusal.ROLE
        )


def check_role(actor: User, step: Step, region_code: str) -> None:
    if not may_take(actor, step, region_code):
        raise ProjectError(f"您的角色或所在单位不能办理“{step.label}”", refusal=Refusal.ROLE)


def check_state(project: Project, step: Step) -> None:
    if project.state not in step.sources:
        sources = "、".join(f"“{state}”" for state in sorted(step.sources))
        raise ProjectError(
            f"当前状态为“{project.get_state_display()}”，不能办理“{step.label}”"
            f"（应在{sources}时办理）"
        )


def available_steps(actor: User, project: Project) -> list[Step]:
    """The steps the project's state allows and the actor's role and office may take: what the
    project's page and the API offer. Four eyes is told by the service when tried."""
    return [
        step
        for step in STEPS.values()
        if project.state in step.sources and may_take(actor, step, project.region_id)
    ]
