"""Importing the registry template (spec/interchange.md §1–§2).

``import_file`` reads the whole source, cleans and checks every row, and writes only when there
is no error at all, in one transaction: one bad cell and nothing is written, and every problem is
reported at once (sheet, Excel row, column, value, reason).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fupin.accounts.models import User
from fupin.core.bulk import analyze
from fupin.core.collector import collector_paused
from fupin.core.importing.issues import ImportIssue
from fupin.core.importing.outcome import ANALYZE_AFTER_ROWS, ImportOutcome
from fupin.core.importing.parse import parse_sheets
from fupin.core.importing.sources import SourceError, read_source

from ..models import Event, Grant, Household, Income, Member, VillageInfo
from .checks import plan_import
from .sheets import SHEETS_BY_NAME
from .write import write_plan

__all__ = ["import_file"]

Progress = Callable[[int, int, str], None]


@collector_paused()
def import_file(
    actor: User | None, path: Path, *, update: bool = False, progress: Progress | None = None
) -> ImportOutcome:
    report = progress or (lambda done, total, step: None)
    report(0, 4, "读取文件")
    try:
        raw_sheets = read_source(Path(path))
    except SourceError as error:
        return ImportOutcome(False, [ImportIssue("", None, "", "", str(error))])
    report(1, 4, "逐行检查")
    parsed = parse_sheets(
        raw_sheets, SHEETS_BY_NAME
    )  # empties each raw sheet as it goes, to bound memory
    del raw_sheets
    columns = parsed.columns()
    report(2, 4, "与系统中的数据核对")
    plan = plan_import(parsed, update=update, actor=actor)
    if plan.errors:
        return ImportOutcome(False, plan.issues, columns=columns)
    report(3, 4, "写入数据库")
    counts = write_plan(plan, actor=actor, reason=f"导入 {Path(path).name}")
    if sum(c.inserted + c.updated for c in counts) >= ANALYZE_AFTER_ROWS:
        analyze([VillageInfo, Household, Member, Income, Grant, Event])
    report(4, 4, "完成")
    return ImportOutcome(True, plan.issues, counts, columns)
