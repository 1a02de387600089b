"""Writing tables as other offices' tools read them (spec/interchange.md §3): CSV in UTF-8 with a
BOM and CRLF line ends (so Excel shows Chinese correctly), or .xlsx, chosen by the file name.
Booleans are written 是/否, Decimal amounts with two decimals, dates as 2020-04-16; lists are joined
by 、 by the callers, who know which columns hold them. Every text cell, headers included, passes
through ``spreadsheet_safety.neutralise`` so that no cell runs as a formula (§3.1); numbers,
amounts and dates never do, so a negative amount stays a number."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from fupin.core.errors import DomainError, Refusal
from fupin.core.spreadsheet_safety import neutralise

Row = Sequence[Any]


class TableFormatError(DomainError, ValueError):
    """The output name has a suffix no writer handles."""

    default_refusal = Refusal.INPUT


def write_table(
    path: Path, headers: Sequence[str], rows: Iterable[Row], *, sheet: str = "Sheet1"
) -> int:
    """One table to ``path`` (.csv or .xlsx); returns the number of data rows written."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            return _write_csv(handle, headers, rows)
    if suffix == ".xlsx":
        return write_workbook(path, {sheet: (headers, rows)})[sheet]
    raise TableFormatError(f"输出文件应以 .csv 或 .xlsx 结尾：{path}")


def cell_text(cell: Any) -> str:
    """A cell as the CSV outputs write it; text is neutralised, numbers are not."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "是" if cell else "否"
    if isinstance(cell, Decimal):
        return f"{cell + 0:.2f}"  # + 0 turns a rounded −0.00 into 0.00
    if isinstance(cell, int | float):
        return str(cell)
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return neutralise(str(cell))


def _write_csv(handle: Any, headers: Sequence[str], rows: Iterable[Row]) -> int:
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow([neutralise(header) for header in headers])
    count = 0
    for row in rows:
        writer.writerow([cell_text(cell) for cell in row])
        count += 1
    return count


def write_workbook(
    path: Path, sheets: Mapping[str, tuple[Sequence[str], Iterable[Row]]]
) -> dict[str, int]:
    """Several tables as sheets of one .xlsx, streamed row by row (constant memory)."""
    workbook = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_numbers": False}
    )
    header_format = workbook.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    money_format = workbook.add_format({"num_format": "0.00"})
    counts = {}
    try:
        for name, (headers, rows) in sheets.items():
            worksheet = workbook.add_worksheet(name)
            worksheet.freeze_panes(1, 0)
            for column, header in enumerate(headers):
                worksheet.write_string(0, column, neutralise(header), header_format)
                worksheet.set_column(column, column, max(10, len(header) * 2 + 2))
            count = 0
            for count, row in enumerate(rows, start=1):
                for column, cell in enumerate(row):
                    if cell is None or cell == "":
                        continue
                    if isinstance(cell, Decimal):
                        worksheet.write_number(count, column, float(cell), money_format)
                    elif isinstance(cell, int | float) and not isinstance(cell, bool):
                        worksheet.write_number(count, column, cell)
                    else:
                        # Text stays text: an ID number must never become a number in Excel,
                        # and a string cell holding the neutralised text is never a formula.
                        worksheet.write_string(count, column, cell_text(cell))
            counts[name] = count
    finally:
        workbook.close()
    return counts


def write_csv_bundle(
    path: Path, sheets: Mapping[str, tuple[Sequence[str], Iterable[Row]]]
) -> dict[str, int]:
    """Several tables as ``<sheet>.csv`` files in a .zip archive, or in a folder."""
    path = Path(path)
    counts = {}
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, (headers, rows) in sheets.items():
                with (
                    archive.open(f"{name}.csv", "w") as raw,
                    io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as handle,
                ):
                    counts[name] = _write_csv(handle, headers, rows)
        return counts
    path.mkdir(parents=True, exist_ok=True)
    for name, (headers, rows) in sheets.items():
        with open(path / f"{name}.csv", "w", encoding="utf-8-sig", newline="") as handle:
            counts[name] = _write_csv(handle, headers, rows)
    return counts


def write_sheets(
    path: Path, sheets: Mapping[str, tuple[Sequence[str], Iterable[Row]]]
) -> dict[str, int]:
    """A template's sheets as the name asks: one .xlsx, a .zip of CSVs, or a folder of CSVs
    (a name without a suffix)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return write_workbook(path, sheets)
    if suffix in (".zip", ""):
        return write_csv_bundle(path, sheets)
    raise TableFormatError(f"导出文件应为 .xlsx、.zip 或文件夹：{path}")
