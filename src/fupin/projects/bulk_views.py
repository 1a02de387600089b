"""The project library in bulk: the upload of 项目库 and 支出明细 with its template, and the
downloads of the project list (项目库) and of the fund list's expense lines (支出明细), each taking
its list's filter. Thin: a form, the import, the page with every error.

A county's sheets are small (hundreds to a few thousand rows), so they are imported while the page
waits, as the ledger's inspection lists are.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.downloads import refused_download
from fupin.core.forms import ImportFileForm
from fupin.core.tables import Row, write_workbook
from fupin.core.uploads import uploaded_copy

from .exchange import IMPORTED, MAX_FILE_BYTES, import_projects, template_sheets
from .exporting import export_tables
from .filters import FundFilter, ProjectFilter
from .models import Expense, Fund
from .queries import projects_for


class ProjectImportForm(ImportFileForm):
    max_bytes = MAX_FILE_BYTES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "项目库或支出明细"
        self.fields[
            "file"
        ].help_text = (
            "按模板填写的 .xlsx 工作簿（“项目库”“支出明细”两张表，或其中一张）或 .csv 文件"
        )


def import_page(request: AuthenticatedRequest) -> HttpResponse:
    form = ProjectImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        with uploaded_copy(form.cleaned_data["file"]) as path:
            outcome = import_projects(request.user, path)
        if outcome.written:
            messages.success(request, outcome.summary())
            return redirect("projects:import")
    return render(
        request,
        "projects/bulk_import.html",
        {"form": form, "outcome": outcome, "sheets": IMPORTED},
    )


def _workbook(name: str, sheets: Mapping[str, tuple[Sequence[str], Iterable[Row]]]) -> FileResponse:
    # Deleted when the response closes it after sending: the writer streams to a real file.
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115
    write_workbook(Path(handle.name), sheets)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{name}.xlsx")


def template_download(request: AuthenticatedRequest) -> FileResponse:
    return _workbook("项目库和支出明细导入模板", template_sheets())


def project_export(request: AuthenticatedRequest) -> HttpResponseBase:
    """The projects the user sees, narrowed by the project list's filter."""
    form = ProjectFilter(request.GET, user=request.user)
    if form.refused:
        return refused_download(form)
    projects = form.filtered(projects_for(request.user))
    return _workbook(f"项目库_{timezone.localdate():%Y%m%d}", export_tables(projects, None))


def expense_export(request: AuthenticatedRequest) -> HttpResponseBase:
    """The expense lines of the funds the fund list shows (the user's scope, its filter)."""
    form = FundFilter(request.GET)
    if form.refused:
        return refused_download(form)
    listed = form.filtered(Fund.objects.visible_to(request.user))
    expenses = Expense.objects.visible_to(request.user).filter(allocation__fund__in=listed)
    return _workbook(f"支出明细_{timezone.localdate():%Y%m%d}", export_tables(None, expenses))
