"""Who is due a visit, as pages: 我的走访 (the households a cadre answers for that are due) and
应走访 (every household due in the user's region, with filters). Both list the most overdue first
and start from ``Household.objects.visible_to(user)``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.paging import paged
from fupin.registry.models import Household, assigned_households
from fupin.registry.queries import with_list_figures

from .due import due_counts, due_households
from .filters import DueFilter
from .services import may_record

PAGE_SIZE = 50


def mine(request: AuthenticatedRequest) -> HttpResponse:
    """The households the user's cadre record answers for today (包户, and 包片 through areas)."""
    if not hasattr(request.user, "cadre"):
        raise PermissionDenied("您的账号没有关联帮扶干部，没有包保的农户。")
    day = timezone.localdate()
    households = Household.objects.visible_to(request.user).filter(
        id__in=assigned_households(request.user)
    )
    return render(
        request,
        "visits/due_mine.html",
        {
            "cadre": request.user.cadre,
            "counts": due_counts(households, day),
            "answered_for": households.count(),
            "may_record": may_record(request.user),
            **paged(request, with_list_figures(due_households(households, day)), PAGE_SIZE),
        },
    )


def due_list(request: AuthenticatedRequest) -> HttpResponse:
    form = DueFilter(request.GET, root_code=request.user.scope_code)
    households = form.filtered(Household.objects.visible_to(request.user))
    day = timezone.localdate()
    return render(
        request,
        "visits/due_list.html",
        {
            "form": form,
            "filtered": form.given,
            "counts": due_counts(households, day),
            "may_record": may_record(request.user),
            **paged(request, with_list_figures(form.due(households, day)), PAGE_SIZE),
        },
    )
