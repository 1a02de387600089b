"""Report pages: the home page with the user's region and its key figures, a household's 体检
(an htmx fragment in the household page), and starting a whole rule run."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from fupin.accounts.requests import AuthenticatedRequest
from fupin.jobs.services import start_job
from fupin.registry.models import Household
from fupin.rules.facts import RunInputs
from fupin.rules.pages import requested_year
from fupin.standards.resolve import StandardMissing

from .checkup import checkup
from .services import key_figures

# Counting a county of a million people takes a second or two; the home page shows figures at
# most this old, and says when they were counted.
FIGURES_MAX_AGE_SECONDS = 60


def home(request: AuthenticatedRequest) -> HttpResponse:
    key = f"home-figures:{request.user.pk}"
    cached = cache.get(key)
    if cached is None:
        cached = (key_figures(request.user), timezone.localtime())
        cache.set(key, cached, FIGURES_MAX_AGE_SECONDS)
    figures, counted_at = cached
    return render(request, "reports/home.html", {"figures": figures, "counted_at": counted_at})


def household_checkup(request: AuthenticatedRequest, code: str) -> HttpResponse:
    household = get_object_or_404(Household.objects.visible_to(request.user), code=code)
    run = RunInputs.of(requested_year(request))
    try:
        result = checkup(household, run)
    except StandardMissing as error:
        return render(
            request,
            "reports/_checkup.html",
            {"error": str(error), "run": run, "household": household},
        )
    return render(
        request, "reports/_checkup.html", {"result": result, "run": run, "household": household}
    )


def run_start(request: AuthenticatedRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "reports/run_start.html", {"year": requested_year(request)})
    try:
        year = int(request.POST.get("year", ""))
        as_of = dt.date.fromisoformat(request.POST.get("as_of") or f"{year}-12-31")
    except ValueError:
        return render(
            request,
            "reports/run_start.html",
            {"year": requested_year(request), "error": "请填写正确的年度和日期"},
        )
    job = start_job(
        request.user,
        label=f"返贫预警规则运行（{year}年，参照日 {as_of:%Y-%m-%d}）",
        handler="fupin.reports.jobs.rule_run_job",
        params={"year": year, "as_of": as_of.isoformat(), "region": request.user.scope_code},
    )
    return redirect(job)
