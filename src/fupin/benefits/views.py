"""Benefit pages: the benefits owed in the user's region and their export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import FileResponse, HttpResponse
from django.shortcuts import render

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.downloads import xlsx_response
from fupin.core.idnumber import mask_id_number
from fupin.core.paging import paged
from fupin.registry.models import Household
from fupin.rules.facts import RunInputs
from fupin.rules.pages import requested_year

from .gaps import GAP_COLUMNS, gap_rows, gaps


def gap_list(request: AuthenticatedRequest) -> HttpResponse:
    run = RunInputs.of(requested_year(request))
    households = Household.objects.visible_to(request.user)
    policy = request.GET.get("policy", "")
    rows = [row for row in gaps(households, run) if not policy or row[2] == policy]
    return render(
        request,
        "benefits/gap_list.html",
        {"run": run, "policy": policy, **paged(request, rows, 100)},
    )


def gap_export(request: AuthenticatedRequest) -> FileResponse:
    run = RunInputs.of(requested_year(request))
    rows: Iterable[list[Any]] = gap_rows(Household.objects.visible_to(request.user), run)
    if not request.user.sees_identity:
        rows = ([code, mask_id_number(person), *rest] for code, person, *rest in rows)
    return xlsx_response(f"应享未享-{run.year}", GAP_COLUMNS, rows)
