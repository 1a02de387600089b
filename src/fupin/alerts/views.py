"""Alert pages: the alerts of the latest run (or a chosen one) and their export."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.downloads import xlsx_response
from fupin.core.paging import paged

from .models import Alert, RuleRun
from .rules import MONITOR_COLUMNS


def alert_list(request: AuthenticatedRequest) -> HttpResponse:
    runs = RuleRun.objects.visible_to(request.user)
    chosen = request.GET.get("run", "")
    run = runs.filter(pk=int(chosen)).first() if chosen.isdigit() else runs.first()
    found = Alert.objects.visible_to(request.user).select_related("household__village")
    found = found.filter(run=run) if run else found.none()
    code = request.GET.get("rule", "")
    if code:
        found = found.filter(rule_code=code)
    return render(
        request,
        "alerts/alert_list.html",
        {
            "run": run,
            "rule": code,
            **paged(request, found.order_by("household__code", "rule_code"), 100),
            "runs": runs[:20],
        },
    )


def alert_export(request: AuthenticatedRequest) -> FileResponse:
    runs = RuleRun.objects.visible_to(request.user)
    chosen = request.GET.get("run", "")
    run = get_object_or_404(runs, pk=int(chosen)) if chosen.isdigit() else runs.first()
    if run is None:
        raise Http404("还没有规则运行")
    found = Alert.objects.visible_to(request.user).filter(run=run).select_related("household")
    rows = (
        [a.household.code, a.household.village_id, a.rule_code, a.rule_name, a.value, a.threshold]
        for a in found.order_by("household__code", "rule_code")
    )
    return xlsx_response(f"返贫预警-{run.year}", MONITOR_COLUMNS, rows)
