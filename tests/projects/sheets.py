"""项目库 and 支出明细 sheets as an office fills them: the template's example row with some cells
changed, written as a workbook."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fupin.core.tables import write_sheets
from fupin.projects.exchange import EXAMPLES, EXPENSES, IMPORTED, LIBRARY
from fupin.projects.models import Project

LIBRARY_HEADERS = [column.header for column in IMPORTED[LIBRARY]]
EXPENSE_HEADERS = [column.header for column in IMPORTED[EXPENSES]]


def library_row(**values: Any) -> list[Any]:
    row = dict(zip(LIBRARY_HEADERS, EXAMPLES[LIBRARY], strict=True))
    return list((row | values).values())


def expense_row(project: Project, **values: Any) -> list[Any]:
    row = dict(zip(EXPENSE_HEADERS, EXAMPLES[EXPENSES], strict=True))
    row |= {"项目编号": project.pk, "项目名称": project.name, "资金文号": ""}
    return list((row | values).values())


def workbook(
    path: Path, library: Sequence[list[Any]] = (), expenses: Sequence[list[Any]] = ()
) -> Path:
    sheets: dict[str, Any] = {}
    if library:
        sheets[LIBRARY] = (LIBRARY_HEADERS, library)
    if expenses:
        sheets[EXPENSES] = (EXPENSE_HEADERS, expenses)
    write_sheets(path, sheets)
    return path
