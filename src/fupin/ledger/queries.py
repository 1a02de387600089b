"""The problem lists as the pages and the API show them. Every list starts from
``Problem.objects.visible_to(user)``; the list's filter is ``filters.ProblemFilter``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Model, OuterRef, Prefetch, Q

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.core.scope import is_visible

from .choices import ProblemState
from .models import Problem, ProblemQuerySet, ProblemStep
from .services import Links
from .workflow import CLOSE, RECTIFY, VERIFY, may_take


def problems_for(user: User) -> ProblemQuerySet:
    """The user's problems with what a list row shows, in the one query of a page."""
    return Problem.objects.visible_to(user).select_related("region", "responsible_cadre")


def with_steps(problems: ProblemQuerySet) -> ProblemQuerySet:
    """For the problem's page and the API's detail: its steps, their actors and evidence in two
    more queries, and the objects it was found on."""
    steps = ProblemStep.objects.select_related("actor").prefetch_related("attachments")
    return problems.select_related(
        "household", "member", "case", "visit", "project", "allocation__fund", "reopened_from"
    ).prefetch_related(Prefetch("steps", queryset=steps), "reopenings")


@dataclass(frozen=True)
class Figures:
    open: int
    overdue: int


def figures(problems: ProblemQuerySet, today: dt.date) -> Figures:
    """未销号 and 逾期未整改 among ``problems``, in one query."""
    overdue = Q(state=ProblemState.RECTIFYING, deadline__lt=today)
    counted = problems.aggregate(
        open=Count("pk", filter=~Q(state=ProblemState.CLOSED)),
        overdue=Count("pk", filter=overdue),
    )
    return Figures(open=counted["open"], overdue=counted["overdue"])


def answering_for(user: User) -> ProblemQuerySet:
    """The open problems whose responsible cadre is the user's own account."""
    return problems_for(user).open().filter(responsible_cadre__user=user)


def awaiting_verification(user: User) -> ProblemQuerySet:
    """待我核验: 已整改 problems the user's role may verify, rectified by someone else."""
    problems = problems_for(user).filter(state=ProblemState.RECTIFIED)
    if not may_take(user, VERIFY, ""):
        return problems.none()
    return _rectified_by_others(problems, user)


def awaiting_closing(user: User) -> ProblemQuerySet:
    """待我销号: 已核验 problems of the regions below the user's office (one level up closes),
    rectified by someone else."""
    problems = problems_for(user).filter(state=ProblemState.VERIFIED)
    if not (user.role == Role.SYSTEM_ADMIN or user.role in CLOSE.roles):
        return problems.none()
    if user.scope_code is not None:
        problems = problems.exclude(region_id=user.scope_code)
    return _rectified_by_others(problems, user)


def _rectified_by_others(problems: ProblemQuerySet, user: User) -> ProblemQuerySet:
    """Four eyes: leave out the problems whose rectification the user recorded."""
    by_user = ProblemStep.objects.filter(problem=OuterRef("pk"), step=RECTIFY.code, actor=user)
    return problems.exclude(Exists(by_user))


def visible_links(user: User, problem: Problem) -> Links:
    """What the problem was found on, each only if the user may see it."""

    def shown(obj: Model | None) -> Any:
        return obj if obj is not None and is_visible(user, obj) else None

    return Links(
        household=shown(problem.household),
        member=shown(problem.member),
        case=shown(problem.case),
        visit=shown(problem.visit),
        project=shown(problem.project),
        allocation=shown(problem.allocation),
    )
