"""A table as an .xlsx download."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.http import FileResponse

from .tables import write_table


def xlsx_response(name: str, columns: list[str], rows: Iterable[list[object]]) -> FileResponse:
    """The rows as a workbook named ``name`` (its one sheet too, cut to Excel's 31 characters)."""
    # Deleted when the response closes it after sending: the writer streams to a real file.
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115
    write_table(Path(handle.name), columns, rows, sheet=name[:31])
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{name}.xlsx")
