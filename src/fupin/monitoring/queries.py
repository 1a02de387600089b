"""Case lists as the pages show them: the head's name beside each case, and the filters of the
case list. Every list starts from ``Case.objects.visible_to(user)``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import OuterRef, Subquery

from fupin.accounts.models import User
from fupin.registry.models import Member

from .models import Case, CaseQuerySet

# The case list's 期限 filter: undecided cases past their 15 days, or with at most 3 left.
DEADLINE_FILTERS = {"overdue": "已逾期", "due_soon": "即将到期"}
OPEN_FILTERS = {"open": "未关闭", "closed": "已关闭"}


def with_head_name(cases: CaseQuerySet) -> CaseQuerySet:
    """Each case with its household, village and the name of the household's head, in the one
    query of the page (the head is the member whose ID number the household names)."""
    head = Member.objects.filter(
        household=OuterRef("household_id"), id_number=OuterRef("household__head_id_number")
    )
    return cases.select_related("household", "household__village").annotate(
        head_name=Subquery(head.values("name")[:1])
    )


def filter_cases(cases: CaseQuerySet, filters: dict[str, Any], now: dt.datetime) -> CaseQuerySet:
    """The case list's filters (already cleaned by ``CaseFilterForm``)."""
    if filters.get("region"):
        cases = cases.within(filters["region"])
    for field in ("state", "channel"):
        if filters.get(field):
            cases = cases.filter(**{field: filters[field]})
    if filters.get("status") == "open":
        cases = cases.open()
    elif filters.get("status") == "closed":
        cases = cases.closed()
    if filters.get("deadline") == "overdue":
        cases = cases.overdue(now)
    elif filters.get("deadline") == "due_soon":
        cases = cases.due_soon(now)
    return cases


def cases_for(user: User) -> CaseQuerySet:
    return with_head_name(Case.objects.visible_to(user))
