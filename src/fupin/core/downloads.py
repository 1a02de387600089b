"""A table as an .xlsx download, and the answer to a download asked for with a bad parameter."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.http import FileResponse, HttpResponse, HttpResponseBadRequest

from .filters import ListFilter
from .tables import Row, write_table


def xlsx_response(name: str, columns: list[str], rows: Iterable[Row]) -> FileResponse:
    """The rows as a workbook named ``name`` (its one sheet too, cut to Excel's 31 characters)."""
    # Deleted when the response closes it after sending: the writer streams to a real file.
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115
    write_table(Path(handle.name), columns, rows, sheet=name[:31])
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{name}.xlsx")


def refused_download(list_filter: ListFilter[Any]) -> HttpResponse:
    """A list's export asked for with a bad parameter: the message its page shows, as 400."""
    return HttpResponseBadRequest(list_filter.refusal(), content_type="text/plain; charset=utf-8")
