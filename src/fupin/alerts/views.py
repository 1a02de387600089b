"""Alert pages: the alerts of the latest run (or a chosen one) and their export."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.downloads import refused_download, xlsx_response
from fupin.core.paging import paged

from .filters import AlertFilter
from .models import Alert, RuleRun
from .rows import AlertRow
from .rules import MONITOR_COLUMNS


def alert_list(request: AuthenticatedRequest) -> HttpResponse:
    runs = RuleRun.objects.visible_to(request.user)
    form = AlertFilter(request.GET, runs=runs)
    found = Alert.objects.visible_to(request.user).select_related("household__village")
    return render(
        request,
        "alerts/alert_list.html",
        {
            "form": form,
            "run": form.chosen_run,
            "rule": form.value("rule"),
            **paged(request, form.filtered(found), 100),
            "runs": runs[:20],
        },
    )


def alert_export(request: AuthenticatedRequest) -> HttpResponseBase:
    form = AlertFilter(request.GET, runs=RuleRun.objects.visible_to(request.user))
    if form.refused:
        return refused_download(form)
    run = form.chosen_run
    if run is None:
        raise Http404("没有这次规则运行" if form.asked_for_missing_run else "还没有规则运行")
    found = form.filtered(Alert.objects.visible_to(request.user).select_related("household"))
    rows = (AlertRow.of_stored(alert) for alert in found)
    return xlsx_response(f"返贫预警-{run.year}", MONITOR_COLUMNS, rows)
