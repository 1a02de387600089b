"""The annotated copy of a refused workbook: the office's own file with every bad cell filled red
and a comment giving the reason, and a first sheet listing every problem. CSV sources come back
as one workbook with a sheet per file.

Every text cell written here is neutralised (spec/interchange.md §3.1): a CSV's cells as the import
read them and written back the way fupin writes text, so that the annotated copy, corrected and
imported again, gives what the CSV gave; and the problem list's values, which quote the office's
cells. The cells of an office's own .xlsx are left as the office wrote them."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from fupin.core.spreadsheet_safety import neutralise, restore

from .issues import ImportIssue
from .sources import read_source

ERROR_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
WARNING_FILL = PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C")
SUMMARY_SHEET = "导入问题清单"


def annotated_name(source: Path) -> str:
    """The name the annotated copy of ``source`` is downloaded under."""
    return f"{Path(source).stem}-问题标注.xlsx"


def annotate(
    source: Path, columns: dict[str, dict[str, int]], issues: list[ImportIssue], target: Path
) -> Path:
    """Write the annotated copy to ``target`` (.xlsx) and return it. The source is read again:
    an import keeps no raw cells once it has cleaned them."""
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        workbook = openpyxl.load_workbook(source)
        sheets_by_name = {name.strip(): workbook[name] for name in workbook.sheetnames}
    else:
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.worksheets[0])  # the empty sheet a new workbook starts with
        sheets_by_name = {}
        for raw in read_source(source):
            sheet = workbook.create_sheet(raw.name[:31])
            for values in raw.rows:
                sheet.append([_text_cell(cell) for cell in values])
            sheets_by_name[raw.name] = sheet
    by_cell: dict[tuple[str, int, int], list[ImportIssue]] = defaultdict(list)
    for issue in issues:
        position = columns.get(issue.sheet, {}).get(issue.column)
        if issue.row and issue.sheet in sheets_by_name:
            by_cell[(issue.sheet, issue.row, (position or 0) + 1)].append(issue)
    for (sheet_name, row, column), cell_issues in by_cell.items():
        cell = sheets_by_name[sheet_name].cell(row=row, column=column)
        cell.fill = ERROR_FILL if any(i.is_error for i in cell_issues) else WARNING_FILL
        text = "\n".join(f"{i.severity}：{i.reason}" for i in cell_issues)
        cell.comment = Comment(text, "fupin", width=320, height=40 + 20 * len(cell_issues))
    _summary(workbook, issues)
    workbook.save(target)
    return target


def _text_cell(cell: object) -> str:
    """A text cell as fupin writes it; openpyxl would store a text beginning with ``=`` as a
    formula, which a neutralised text never is."""
    return "" if cell is None else neutralise(restore(str(cell)))


def _summary(workbook: openpyxl.Workbook, issues: list[ImportIssue]) -> None:
    sheet = workbook.create_sheet(SUMMARY_SHEET, 0)
    headers = ["类别", "表", "行号", "列", "内容", "原因"]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for issue in issues:
        texts = (str(issue.severity), issue.sheet, issue.column, issue.value, issue.reason)
        severity, sheet_name, column, value, reason = (_text_cell(text) for text in texts)
        sheet.append([severity, sheet_name, issue.row, column, value, reason])
    for index, width in enumerate([8, 12, 8, 22, 24, 60], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    workbook.active = 0
