"""The grid's upload page (import) and its download (export), docs/grid-interchange.md.

A grid file is small (a county's cadres and assignments), so it is imported while the page waits
and every error is shown on the page, rather than through a background job as the registry is.
Without a job's folder to keep it in, the annotated copy of a refused file is kept under a random
name in MEDIA_ROOT, known only to the uploading session.
"""

from __future__ import annotations

import contextlib
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.importing.annotate import annotate, annotated_name
from fupin.core.importing.outcome import ImportOutcome
from fupin.registry.forms import ImportForm

from .exchange import SHEETS, export_grid, import_grid

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ANNOTATED_FOLDER = "grid-import"
ANNOTATED_SESSION_KEY = "grid_import_annotated"  # {"token": file stem, "name": download name}
ANNOTATED_KEPT_SECONDS = 24 * 60 * 60


class GridImportForm(ImportForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The grid's rows are matched, never overwritten: there is nothing to choose.
        del self.fields["update"]


def import_page(request: AuthenticatedRequest) -> HttpResponseBase:
    if "annotated" in request.GET:
        return _annotated_download(request)
    form = GridImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        _discard_annotated(request)
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            with open(path, "wb") as target:
                for chunk in upload.chunks():
                    target.write(chunk)
            outcome = import_grid(request.user, path)
            # A file that could not be read has no cells to mark, nor can it be opened again.
            if not outcome.written and outcome.columns:
                _keep_annotated(request, path, outcome)
        if outcome.written:
            messages.success(request, outcome.summary())
            return redirect("grid:import")
    return render(
        request,
        "grid/exchange_import.html",
        {
            "form": form,
            "outcome": outcome,
            "annotated": ANNOTATED_SESSION_KEY in request.session,
            "sheets": SHEETS,
        },
    )


def _annotated_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / ANNOTATED_FOLDER


def _annotated_path(token: str) -> Path:
    return _annotated_folder() / f"{token}.xlsx"


def _keep_annotated(request: AuthenticatedRequest, source: Path, outcome: ImportOutcome) -> None:
    token = secrets.token_urlsafe(16)
    _annotated_folder().mkdir(parents=True, exist_ok=True)
    annotate(source, outcome.columns, outcome.issues, _annotated_path(token))
    request.session[ANNOTATED_SESSION_KEY] = {"token": token, "name": annotated_name(source)}


def _discard_annotated(request: AuthenticatedRequest) -> None:
    """Remove the session's previous annotated copy, and anyone's older than a day: sessions
    that ended without another upload leave theirs behind."""
    previous = request.session.pop(ANNOTATED_SESSION_KEY, None)
    if previous:
        _annotated_path(previous["token"]).unlink(missing_ok=True)
    cutoff = time.time() - ANNOTATED_KEPT_SECONDS
    for path in _annotated_folder().glob("*.xlsx"):
        # Another upload may be sweeping the same folder at once.
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < cutoff:
                path.unlink()


def _annotated_download(request: AuthenticatedRequest) -> FileResponse:
    """The annotated copy of this session's refused upload: the file is found by the token the
    session holds, never by anything in the request, so no one reaches another user's file."""
    kept = request.session.get(ANNOTATED_SESSION_KEY)
    path = _annotated_path(kept["token"]) if kept else None
    if not kept or path is None or not path.is_file():
        raise Http404("没有可下载的标注工作簿，请重新上传。")
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=kept["name"], content_type=XLSX
    )


def export_download(request: AuthenticatedRequest) -> HttpResponse:
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
    disposition = content_disposition_header(True, name)
    assert disposition is not None  # an attachment always has one
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = disposition
    return response
