"""The ledger's bulk pages: the inspection list's upload, its template, the ledger's Excel
download, and the data-quality page's 转为问题台账 button. Thin: a form, a service, a message.

An inspection's list is small (hundreds of rows), so it is imported while the page waits and
every error is shown on the page, as the grid's import does.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.downloads import refused_download, xlsx_response
from fupin.core.scope import in_scope
from fupin.regions.models import Region

from .bulk_forms import FromQualityForm, InspectionImportForm
from .errors import LedgerError
from .exporting import HEADERS, ledger_rows
from .filters import ProblemFilter
from .from_quality import problems_from_quality
from .inspection_import import SHEET, import_problems, template_table
from .models import Problem


def import_page(request: AuthenticatedRequest) -> HttpResponse:
    form = InspectionImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            with open(path, "wb") as target:
                for chunk in upload.chunks():
                    target.write(chunk)
            outcome = import_problems(request.user, path)
        if outcome.written:
            messages.success(request, outcome.summary())
            return redirect("ledger:import")
    return render(
        request, "ledger/bulk_import.html", {"form": form, "outcome": outcome, "sheet": SHEET}
    )


def template_download(request: AuthenticatedRequest) -> FileResponse:
    headers, rows = template_table()
    return xlsx_response(SHEET.name, headers, rows)


def export_download(request: AuthenticatedRequest) -> HttpResponseBase:
    """The problems the user sees, narrowed by the ledger list's filter, as the offices' ledger."""
    form = ProblemFilter(request.GET, user=request.user)
    if form.refused:
        return refused_download(form)
    problems = form.filtered(Problem.objects.visible_to(request.user))
    region = form.value("region")
    name = f"问题台账{'_' + region if region else ''}_{timezone.localdate():%Y%m%d}"
    rows = ledger_rows(problems, mask=not request.user.sees_identity)
    return xlsx_response(name, list(HEADERS), rows)


@require_POST
def from_quality(request: AuthenticatedRequest) -> HttpResponse:
    form = FromQualityForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择检查年度")
        return redirect("registry:quality")
    year, code = form.cleaned_data["year"], form.cleaned_data["region"]
    code = code or request.user.scope_code or ""
    region = Region.objects.filter(code=code).first()
    back = reverse("registry:quality") + "?" + urlencode({"year": year, "region": code})
    if region is None or not in_scope(request.user, code):
        messages.error(request, "请先选择管辖范围内的区划")
        return redirect(back)
    try:
        outcome = problems_from_quality(request.user, region, year=year)
    except LedgerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已转为问题台账：{outcome.summary()}")
    return redirect(back)
