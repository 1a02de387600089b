"""Rule pages: a household's 体检 (an htmx fragment in the household page), alerts of the latest
run, runs and starting one, villages' exit figures, benefits owed."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from fupin.core.idnumber import mask_id_number
from fupin.core.paging import paged
from fupin.core.tables import write_table
from fupin.jobs.services import start_job
from fupin.registry.models import Household, VillageInfo
from fupin.standards.resolve import StandardMissing

from .alerts import MONITOR_COLUMNS
from .checkup import checkup
from .facts import RunInputs
from .gaps import GAP_COLUMNS, gap_rows, gaps
from .models import Alert, RuleRun
from .villages import village_rows


def _year(request: HttpRequest) -> int:
    default = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2014 <= year <= 2100 else default


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


def alert_list(request: HttpRequest) -> HttpResponse:
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
        "rules/alert_list.html",
        {
            "run": run,
            "rule": code,
            **paged(request, found.order_by("household__code", "rule_code"), 100),
            "runs": runs[:20],
        },
    )


def run_start(request: HttpRequest) -> HttpResponse:
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


def village_list(request: HttpRequest) -> HttpResponse:
    run = RunInputs.of(_year(request))
    villages = VillageInfo.objects.visible_to(request.user)
    rows = list(village_rows(villages, run))
    return render(
        request,
        "rules/village_list.html",
        {"rows": rows, "run": run, "met": sum(1 for r in rows if r[6])},
    )


def gap_list(request: HttpRequest) -> HttpResponse:
    run = RunInputs.of(_year(request))
    households = Household.objects.visible_to(request.user)
    policy = request.GET.get("policy", "")
    rows = [row for row in gaps(households, run) if not policy or row[2] == policy]
    return render(
        request,
        "rules/gap_list.html",
        {"run": run, "policy": policy, **paged(request, rows, 100)},
    )


def _xlsx_response(name: str, columns: list[str], rows: Iterable[list[object]]) -> FileResponse:
    """A table as an .xlsx download (written to a temporary file: the writer streams to disk)."""
    # Deleted when the response closes it after sending: the writer streams to a real file.
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115
    write_table(Path(handle.name), columns, rows, sheet=name[:31])
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{name}.xlsx")


def alert_export(request: HttpRequest) -> FileResponse:
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
    return _xlsx_response(f"返贫预警-{run.year}", MONITOR_COLUMNS, rows)


def gap_export(request: HttpRequest) -> FileResponse:
    run = RunInputs.of(_year(request))
    rows = gap_rows(Household.objects.visible_to(request.user), run)
    if not request.user.sees_identity:
        rows = ([code, mask_id_number(person), *rest] for code, person, *rest in rows)
    return _xlsx_response(f"应享未享-{run.year}", GAP_COLUMNS, rows)
