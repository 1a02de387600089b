"""Case lists as the pages show them: the head's name beside each case (the list's filter is
``filters.CaseFilter``). Every list starts from ``Case.objects.visible_to(user)``."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from fupin.accounts.models import User
from fupin.registry.models import Member

from .models import Case, CaseQuerySet


def with_head_name(cases: CaseQuerySet) -> CaseQuerySet:
    """Each case with its household, village and the name of the household's head, in the one
    query of the page (the head is the member whose ID number the household names)."""
    head = Member.objects.filter(
        household=OuterRef("household_id"), id_number=OuterRef("household__head_id_number")
    )
    return cases.select_related("household", "household__village").annotate(
        head_name=Subquery(head.values("name")[:1])
    )


def cases_for(user: User) -> CaseQuerySet:
    return with_head_name(Case.objects.visible_to(user))
