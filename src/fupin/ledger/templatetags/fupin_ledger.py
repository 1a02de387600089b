"""Template filters of the ledger pages."""

from __future__ import annotations

import datetime as dt

from django import template

from fupin.ledger.choices import ProblemState
from fupin.ledger.models import Problem
from fupin.ledger.workflow import STEPS

register = template.Library()


@register.filter
def step_label(code: str) -> str:
    """A step's Chinese label from its stored code (``rectify`` → 登记整改情况)."""
    step = STEPS.get(code)
    return step.label if step else code


@register.filter
def is_overdue(problem: Problem, today: dt.date) -> bool:
    """逾期未整改, as ``ProblemQuerySet.overdue`` counts it."""
    return (
        problem.state == ProblemState.RECTIFYING
        and problem.deadline is not None
        and problem.deadline < today
    )
