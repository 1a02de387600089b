"""Rule pages: a household's 体检 (an htmx fragment in the household page), alerts of the latest
run, runs and starting one, villages' exit figures, benefits owed."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from fupin.core.filters import ListFilter
from fupin.core.paging import paged
from fupin.core.tables import write_table
from fupin.jobs.services import start_job
from fupin.registry.models import Household, VillageInfo
from fupin.standards.resolve import StandardMissing

from .alerts import MONITOR_COLUMNS
from .checkup import checkup
from .facts import RunInputs
from .filters import AlertFilter, GapFilter
from .gaps import GAP_COLUMNS, gaps
from .models import Alert, RuleRun
from .rows import AlertRow
from .villages import village_rows


def _year(request: HttpRequest) -> int:
    default = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2014 <= year <= 2100 else default


@login_required
def household_checkup(request: HttpRequest, code: str) -> HttpResponse:
    household = get_object_or_404(Household.objects.visible_to(request.user), code=code)
    run = RunInputs.of(_year(request))
    try:
        result = checkup(household, run)
    except StandardMissing as error:
        return render(
            request,
            "rules/_checkup.html",
            {"error": str(error), "run": run, "household": household},
        )
    return render(
        request, "rules/_checkup.html", {"result": result, "run": run, "household": household}
    )


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    runs = RuleRun.objects.visible_to(request.user)
    form = AlertFilter(request.GET, runs=runs)
    found = Alert.objects.visible_to(request.user).select_related("household__village")
    return render(
        request,
        "rules/alert_list.html",
        {
            "form": form,
            "run": form.chosen_run,
            "rule": form.value("rule"),
            **paged(request, form.filtered(found), 100),
            "runs": runs[:20],
        },
    )


@login_required
def run_start(request: HttpRequest) -> HttpResponse:
    if not request.user.can_edit:
        raise PermissionDenied("您的角色不能发起规则运行。")
    if request.method != "POST":
        return render(request, "rules/run_start.html", {"year": _year(request)})
    try:
        year = int(request.POST.get("year", ""))
        as_of = dt.date.fromisoformat(request.POST.get("as_of") or f"{year}-12-31")
    except ValueError:
        return render(
            request,
            "rules/run_start.html",
            {"year": _year(request), "error": "请填写正确的年度和日期"},
        )
    job = start_job(
        request.user,
        label=f"返贫预警规则运行（{year}年，参照日 {as_of:%Y-%m-%d}）",
        handler="fupin.rules.jobs.rule_run_job",
        params={"year": year, "as_of": as_of.isoformat(), "region": request.user.scope_code},
    )
    return redirect(job)


@login_required
def village_list(request: HttpRequest) -> HttpResponse:
    run = RunInputs.of(_year(request))
    villages = VillageInfo.objects.visible_to(request.user)
    rows = list(village_rows(villages, run))
    return render(
        request,
        "rules/village_list.html",
        {"rows": rows, "run": run, "met": sum(1 for row in rows if row.meets_bar)},
    )


@login_required
def gap_list(request: HttpRequest) -> HttpResponse:
    run = RunInputs.of(_year(request))
    form = GapFilter(request.GET)
    rows = form.filtered(gaps(Household.objects.visible_to(request.user), run))
    return render(
        request,
        "rules/gap_list.html",
        {"run": run, "form": form, "policy": form.value("policy"), **paged(request, rows, 100)},
    )


def _xlsx_response(name: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> FileResponse:
    """A table as an .xlsx download (written to a temporary file: the writer streams to disk)."""
    # Deleted when the response closes it after sending: the writer streams to a real file.
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115
    write_table(Path(handle.name), columns, rows, sheet=name[:31])
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{name}.xlsx")


def _refused(form: ListFilter[Any]) -> HttpResponse:
    """An export asked for with a bad parameter: the message its page shows, as 400."""
    return HttpResponseBadRequest(form.refusal(), content_type="text/plain; charset=utf-8")


@login_required
def alert_export(request: HttpRequest) -> HttpResponse:
    form = AlertFilter(request.GET, runs=RuleRun.objects.visible_to(request.user))
    if form.refused:
        return _refused(form)
    run = form.chosen_run
    if run is None:
        raise Http404("没有这次规则运行" if form.asked_for_missing_run else "还没有规则运行")
    found = form.filtered(Alert.objects.visible_to(request.user).select_related("household"))
    rows = (AlertRow.of_stored(alert) for alert in found)
    return _xlsx_response(f"返贫预警-{run.year}", MONITOR_COLUMNS, rows)


@login_required
def gap_export(request: HttpRequest) -> HttpResponse:
    form = GapFilter(request.GET)
    if form.refused:
        return _refused(form)
    run = RunInputs.of(_year(request))
    rows = form.filtered(gaps(Household.objects.visible_to(request.user), run))
    if not request.user.sees_identity:
        rows = [row.masked() for row in rows]
    return _xlsx_response(f"应享未享-{run.year}", GAP_COLUMNS, rows)
