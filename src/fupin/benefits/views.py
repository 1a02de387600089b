"""Benefit pages: the benefits owed in the user's region and their export."""

from __future__ import annotations

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.downloads import refused_download, xlsx_response
from fupin.core.paging import paged
from fupin.registry.models import Household
from fupin.rules.facts import RunInputs
from fupin.rules.pages import requested_year

from .filters import GapFilter
from .gaps import GAP_COLUMNS, gaps


def gap_list(request: AuthenticatedRequest) -> HttpResponse:
    run = RunInputs.of(requested_year(request))
    form = GapFilter(request.GET)
    rows = form.filtered(gaps(Household.objects.visible_to(request.user), run))
    return render(
        request,
        "benefits/gap_list.html",
        {"run": run, "form": form, "policy": form.value("policy"), **paged(request, rows, 100)},
    )


def gap_export(request: AuthenticatedRequest) -> HttpResponseBase:
    form = GapFilter(request.GET)
    if form.refused:
        return refused_download(form)
    run = RunInputs.of(requested_year(request))
    rows = form.filtered(gaps(Household.objects.visible_to(request.user), run))
    if not request.user.sees_identity:
        rows = [row.masked() for row in rows]
    return xlsx_response(f"应享未享-{run.year}", GAP_COLUMNS, rows)
