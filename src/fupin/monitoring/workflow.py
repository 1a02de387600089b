"""The state machine of a monitoring case (rules.md §9), as one table.

Each step says from which states it may be taken, the state it leads to, which roles may take it
and from which office level, what evidence it needs, and which extra guards apply. ``services``
takes every step through :func:`check`, so pages and the API obey the same table; ``inbox`` reads
the same table to find the cases waiting on a user.

Path of a case (the second pass of 风险消除 reuses 入户核实 and 公示 with ``eliminating`` set)::

    线索 ─入户核实→ 入户核实 ─民主评议→ 民主评议 ─公示→ 公示 ─乡镇初审→ 乡镇初审 ─县级审定→ 已纳入
                       │                  │              └─乡镇退回→ 退回核实 ─入户核实→ 入户核实
                       └─不予纳入─────────┴→ 不予纳入 (closed)
    已纳入 ─帮扶措施→ 帮扶中 ─申请风险消除→ 申请风险消除 ─入户核实→ 入户核实 ─公示→ 公示
           ─风险消除审定→ 风险消除 (closed)    (any of the three ─继续帮扶→ 帮扶中)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.core.scope import in_scope, is_visible
from fupin.regions.choices import Level, level_of
from fupin.registry.models import Household

from .choices import AttachmentKind, CaseState
from .errors import MonitoringError, Refusal, not_found
from .models import Case

S = CaseState

# The roles that carry out each office's steps; a 系统管理员 may take any step within scope.
VILLAGE_STAFF = frozenset({Role.VILLAGE_ADMIN})
VERIFIERS = frozenset({Role.VILLAGE_ADMIN, Role.HELPER})
HELP_STAFF = frozenset({Role.VILLAGE_ADMIN, Role.HELPER, Role.TOWNSHIP_ADMIN, Role.COUNTY_ADMIN})
CASE_STAFF = frozenset({Role.VILLAGE_ADMIN, Role.TOWNSHIP_ADMIN, Role.COUNTY_ADMIN})
TOWNSHIP_STAFF = frozenset({Role.TOWNSHIP_ADMIN})
COUNTY_STAFF = frozenset({Role.COUNTY_ADMIN})
LEAD_STAFF = frozenset({Role.VILLAGE_ADMIN, Role.HELPER, Role.TOWNSHIP_ADMIN, Role.COUNTY_ADMIN})


@dataclass(frozen=True)
class Step:
    code: str  # stable: the transition's ``action``, the API path, the audit code's last part
    label: str
    # (state, eliminating): the states the step may be taken from, in the first pass (False) or
    # the second pass of 风险消除 (True).
    sources: frozenset[tuple[str, bool]]
    target: str
    roles: frozenset[str]
    # The office that acts: an actor's scope must be at this level or above it (a village user
    # never takes a township's step, whatever their role says).
    office: int
    evidence: frozenset[str] = frozenset()
    # The next step of the normal path: a case in a source state is waiting for it, in the inbox
    # of ``waits_on`` (by default every role that may take it).
    awaited: bool = True
    waits_on: frozenset[str] | None = None
    # Extra guards, checked by ``services``: the 公示 is over (5 days at least) …
    after_notice: bool = False
    # … or the conditions of 风险消除 hold (``eligibility``).
    elimination_criteria: bool = False
    # The value of ``Case.eliminating`` after the step; None keeps it.
    eliminating: bool | None = None

    @property
    def audit_code(self) -> str:
        return f"monitoring.case.{self.code}"


def _from(*states: str, eliminating: bool = False) -> frozenset[tuple[str, bool]]:
    return frozenset((state, eliminating) for state in states)


OPEN = Step("open", "登记线索", frozenset(), S.LEAD, LEAD_STAFF, Level.VILLAGE, awaited=False)
VERIFY = Step(
    "verify",
    "入户核实",
    _from(S.LEAD, S.RETURNED) | _from(S.ELIMINATION_REQUESTED, eliminating=True),
    S.VERIFIED,
    VERIFIERS,
    Level.VILLAGE,
    evidence=frozenset({AttachmentKind.AUTHORISATION}),
)
REVIEW = Step("review", "民主评议", _from(S.VERIFIED), S.REVIEWED, VILLAGE_STAFF, Level.VILLAGE)
NOT_INCLUDE = Step(
    "not_include",
    "不予纳入",
    _from(S.VERIFIED, S.REVIEWED),
    S.NOT_INCLUDED,
    VILLAGE_STAFF,
    Level.VILLAGE,
    awaited=False,
)
NOTICE = Step(
    "notice",
    "公示",
    _from(S.REVIEWED) | _from(S.VERIFIED, eliminating=True),
    S.NOTICE,
    VILLAGE_STAFF,
    Level.VILLAGE,
)
TOWNSHIP_APPROVE = Step(
    "township_approve",
    "乡镇初审",
    _from(S.NOTICE),
    S.TOWNSHIP_APPROVED,
    TOWNSHIP_STAFF,
    Level.TOWNSHIP,
    after_notice=True,
)
TOWNSHIP_RETURN = Step(
    "township_return",
    "乡镇退回核实",
    _from(S.NOTICE),
    S.RETURNED,
    TOWNSHIP_STAFF,
    Level.TOWNSHIP,
    awaited=False,
)
COUNTY_APPROVE = Step(
    "county_approve",
    "县级审定",
    _from(S.TOWNSHIP_APPROVED),
    S.INCLUDED,
    COUNTY_STAFF,
    Level.COUNTY,
)
ADD_MEASURE = Step(
    "add_measure",
    "帮扶措施",
    _from(S.INCLUDED, S.HELPING),
    S.HELPING,
    HELP_STAFF,
    Level.VILLAGE,
    # Any office may record a measure, but arranging the first one is the village's work.
    waits_on=VERIFIERS,
)
REQUEST_ELIMINATION = Step(
    "request_elimination",
    "申请风险消除",
    _from(S.HELPING),
    S.ELIMINATION_REQUESTED,
    CASE_STAFF,
    Level.VILLAGE,
    awaited=False,
    elimination_criteria=True,
    eliminating=True,
)
APPROVE_ELIMINATION = Step(
    "approve_elimination",
    "风险消除审定",
    _from(S.NOTICE, eliminating=True),
    S.ELIMINATED,
    COUNTY_STAFF,
    Level.COUNTY,
    after_notice=True,
    elimination_criteria=True,
)
CANCEL_ELIMINATION = Step(
    "cancel_elimination",
    "继续帮扶",
    _from(S.ELIMINATION_REQUESTED, S.VERIFIED, S.NOTICE, eliminating=True),
    S.HELPING,
    CASE_STAFF,
    Level.VILLAGE,
    awaited=False,
    eliminating=False,
)

STEPS: dict[str, Step] = {
    step.code: step
    for step in (
        OPEN,
        VERIFY,
        REVIEW,
        NOT_INCLUDE,
        NOTICE,
        TOWNSHIP_APPROVE,
        TOWNSHIP_RETURN,
        COUNTY_APPROVE,
        ADD_MEASURE,
        REQUEST_ELIMINATION,
        APPROVE_ELIMINATION,
        CANCEL_ELIMINATION,
    )
}


def may_take(actor: User, step: Step) -> bool:
    """Role and office alone, whatever the case: what pages use to offer a step at all."""
    if actor.role == Role.SYSTEM_ADMIN:
        return True
    if actor.role not in step.roles or actor.scope_code is None:
        return False
    level = level_of(actor.scope_code)
    return level is not None and level <= step.office


def check_actor(actor: User, step: Step, household: Household) -> None:
    """The actor sees the household (their region holds it and, for a helping cadre, it is one of
    their own; else "not found", as everywhere), and their role and office may take the step."""
    if not is_visible(actor, household):
        raise not_found()
    if not may_take(actor, step):
        raise MonitoringError(
            f"您的角色（{actor.get_role_display()}）不能办理“{step.label}”", refusal=Refusal.ROLE
        )


def check_state(case: Case, step: Step) -> None:
    if (case.state, case.eliminating) not in step.sources:
        raise MonitoringError(
            f"当前状态为“{state_label(case)}”，不能办理“{step.label}”"
            f"（应在{_sources_text(step)}时办理）"
        )


def check_notice_over(case: Case, step: Step, today: dt.date) -> None:
    """公示 at least 5 days: the step may be taken from the day after the notice ends."""
    if case.notice_end is None:
        raise MonitoringError(f"尚未公示，不能办理“{step.label}”")
    if today <= case.notice_end:
        first_day = case.notice_end + dt.timedelta(days=1)
        raise MonitoringError(
            f"公示未满期（{case.notice_start:%Y-%m-%d} 至 {case.notice_end:%Y-%m-%d}），"
            f"{first_day:%Y-%m-%d} 起方可办理“{step.label}”"
        )


def state_label(case: Case) -> str:
    label = str(CaseState(case.state).label)
    return f"风险消除·{label}" if case.eliminating and case.state in _SHARED_STATES else label


# The states both passes go through; in the second pass they are shown as 风险消除·入户核实 etc.
_SHARED_STATES = frozenset({S.VERIFIED, S.NOTICE})


def _sources_text(step: Step) -> str:
    return "、".join(
        f"“{'风险消除·' if eliminating and state in _SHARED_STATES else ''}{state}”"
        for state, eliminating in sorted(step.sources)
    )


def available_steps(actor: User, case: Case) -> list[Step]:
    """The steps the actor may take on the case in its present state (time guards and the
    elimination criteria are checked when the step is taken)."""
    # Offering steps costs no query: the page got the case through the scoped, narrowed
    # queryset; taking a step checks the household's visibility in full (check_actor).
    if not case.is_open or not in_scope(actor, case.household.village_id):
        return []
    return [
        step
        for step in STEPS.values()
        if (case.state, case.eliminating) in step.sources and may_take(actor, step)
    ]


def waiting_on(actor: User, today: dt.date) -> Q:
    """The cases (as a filter) waiting for a step this actor's role and office take: the next
    step of the normal path, and for steps after the 公示 only once it is over."""
    waiting = Q(pk__in=[])
    for step in STEPS.values():
        if not step.awaited or not may_take(actor, step):
            continue
        if actor.role != Role.SYSTEM_ADMIN and actor.role not in (step.waits_on or step.roles):
            continue
        for state, eliminating in step.sources:
            if state == step.target:
                continue  # a second help measure: the case waits on nobody
            condition = Q(state=state, eliminating=eliminating)
            if step.after_notice:
                condition &= Q(notice_end__lt=today)
            waiting |= condition
    return waiting
