"""Importing the registry template (spec/interchange.md §1–§2).

``import_file`` reads the whole source, cleans and checks every row, and writes only when there
is no error at all, in one transaction: one bad cell and nothing is written, and every problem is
reported at once (sheet, Excel row, column, value, reason).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fupin.accounts.models import User
from fupin.core.bulk import analyze
from fupin.core.collector import collector_paused

from ..models import Event, Grant, Household, Income, Member, VillageInfo
from .checks import plan_import
from .issues import ImportIssue, Severity
from .parse import parse_sheets
from .sources import SourceError, read_source
from .write import SheetCounts, write_plan

__all__ = ["ImportIssue", "ImportOutcome", "Severity", "import_file"]

Progress = Callable[[int, int, str], None]
ANALYZE_AFTER_ROWS = 10_000  # a county-sized write: refresh the planner's statistics


@dataclass
class ImportOutcome:
    written: bool
    issues: list[ImportIssue] = field(default_factory=list)
    counts: list[SheetCounts] = field(default_factory=list)
    # sheet → template header → 0-based column in the source, to find a bad cell again
    columns: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def errors(self) -> list[ImportIssue]:
        return [issue for issue in self.issues if issue.is_error]

    @property
    def warnings(self) -> list[ImportIssue]:
        return [issue for issue in self.issues if not issue.is_error]

    def summary(self) -> str:
        if not self.written:
            return f"未导入：发现 {len(self.errors)} 处错误，数据库未作任何修改。"
        parts = [
            f"{c.sheet} 新增 {c.inserted}、更新 {c.updated}、未变 {c.unchanged}"
            for c in self.counts
        ]
        return "导入完成：" + "；".join(parts) + "。"


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
    parsed = parse_sheets(raw_sheets)  # empties each raw sheet as it goes, to bound memory
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
