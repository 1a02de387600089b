"""Assessment pages: the villages' exit figures."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from fupin.accounts.requests import AuthenticatedRequest
from fupin.registry.models import VillageInfo
from fupin.rules.facts import RunInputs
from fupin.rules.pages import requested_year

from .villages import village_rows


def village_list(request: AuthenticatedRequest) -> HttpResponse:
    run = RunInputs.of(requested_year(request))
    villages = VillageInfo.objects.visible_to(request.user)
    rows = list(village_rows(villages, run))
    return render(
        request,
        "assessment/village_list.html",
        {"rows": rows, "run": run, "met": sum(1 for row in rows if row.meets_bar)},
    )
