"""The grid's upload page (import) and its download (export), docs/grid-interchange.md.

A grid file is small (a county's cadres and assignments), so it is imported while the page waits
and every error is shown on the page, rather than through a background job as the registry is.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from fupin.core.pages import page_view
from fupin.registry.forms import ImportForm

from .exchange import SHEETS, export_grid, import_grid
from .services import may_edit_grid

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class GridImportForm(ImportForm):
    # The grid's rows are matched, never overwritten: there is nothing to choose.
    update = None


@page_view
def import_page(request: HttpRequest) -> HttpResponse:
    if not may_edit_grid(request.user):
        raise PermissionDenied("您的角色不能维护帮扶网格。")
    form = GridImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            with open(path, "wb") as target:
                for chunk in upload.chunks():
                    target.write(chunk)
            outcome = import_grid(request.user, path)
        if outcome.written:
            messages.success(request, outcome.summary())
            return redirect("grid:import")
    return render(
        request,
        "grid/exchange_import.html",
        {"form": form, "outcome": outcome, "sheets": SHEETS},
    )


@page_view
def export_download(request: HttpRequest) -> HttpResponse:
    """The user's grid (narrowed to ``region`` when given) as one workbook."""
    region = request.GET.get("region", "").strip()
    if not (region.isascii() and region.isdigit()):
        region = ""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "grid.xlsx"
        export_grid(
            path,
            user=request.user,
            region=region or None,
            mask=not request.user.sees_identity,
        )
        content = path.read_bytes()
    name = f"帮扶网格{'_' + region if region else ''}_{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
