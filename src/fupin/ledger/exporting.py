"""The problem ledger as the offices keep it in Excel (docs/ledger-interchange.md §3).

The first nine columns are the offices' own layout, in their order; the columns after them say
where the problem lies and what it is, so that the workbook can be sorted and filtered. The rows
are those the caller passes (``Problem.objects.visible_to(user)``, narrowed by the list's
filters), or, from the command line, every problem of a region.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from fupin.core.idnumber import mask_id_number, mask_phone
from fupin.core.tables import TableFormatError, write_table

from .choices import ProblemState
from .models import Problem, ProblemStep

SHEET_NAME = "问题台账"
HEADERS = (
    "序号",
    "问题来源",
    "问题描述",
    "整改措施",
    "责任单位",
    "责任人",
    "整改时限",
    "整改进展",
    "销号情况",
    "区划代码",
    "区划",
    "问题类别",
    "严重程度",
    "户编号",
    "登记日期",
)
NOT_CLOSED = "未销号"
# An ID number or a mobile number typed into a description or a note, masked for those who do
# not see them (the structured columns hold none).
_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<![0-9])1[0-9]{10}(?![0-9])")


def export_ledger(path: Path, problems: QuerySet[Problem], *, mask: bool) -> int:
    """Write ``problems`` to ``path`` (.xlsx); returns the number of rows written. Only a
    workbook, the form the offices keep the ledger in; a description that begins with "=" is
    written neutralised as every text cell is (core.spreadsheet_safety)."""
    if Path(path).suffix.lower() != ".xlsx":
        raise TableFormatError(f"输出文件应以 .xlsx 结尾：{path}")
    return write_table(Path(path), HEADERS, ledger_rows(problems, mask=mask), sheet=SHEET_NAME)


def ledger_rows(problems: QuerySet[Problem], *, mask: bool) -> Iterator[list[Any]]:
    last_step = ProblemStep.objects.filter(problem=OuterRef("pk")).order_by("-at", "-id")
    rows = (
        problems.annotate(
            _last_note=Subquery(last_step.values("note")[:1]),
            _cadre_name=F("responsible_cadre__name"),
        )
        .select_related("region", "household", "closed_by")
        .order_by("region_id", "registered_at", "id")
    )
    shown = _masked if mask else _as_is
    for number, problem in enumerate(rows.iterator(chunk_size=2_000), start=1):
        yield [
            number,
            problem.source,
            shown(problem.description),
            shown(problem.measure),
            problem.responsible_unit,
            problem._cadre_name or "",
            problem.deadline,
            _progress(problem.state, shown(problem._last_note or "")),
            _closing(problem),
            problem.region_id,
            problem.region.name,
            problem.category,
            problem.severity,
            problem.household.code if problem.household else "",
            timezone.localdate(problem.registered_at),
        ]


def _progress(state: str, note: str) -> str:
    """整改进展: where it stands, and what its last step said."""
    return f"{state}：{note}" if note else state


def _closing(problem: Problem) -> str:
    """销号情况: 已销号 with the day and who closed it, or 未销号."""
    if problem.state != ProblemState.CLOSED or problem.closed_at is None:
        return NOT_CLOSED
    return f"已销号（{timezone.localdate(problem.closed_at):%Y-%m-%d}，{problem.closed_by}）"


def _as_is(text: str) -> str:
    return text


def _masked(text: str) -> str:
    text = _ID_NUMBER.sub(lambda found: mask_id_number(found.group()), text)
    return _PHONE.sub(lambda found: mask_phone(found.group()), text)
