"""What an import answers: whether it wrote, every problem found, and the rows written per sheet."""

from __future__ import annotations

from dataclasses import dataclass, field

from .issues import ImportIssue

ANALYZE_AFTER_ROWS = 10_000  # a county-sized write: refresh the planner's statistics


@dataclass(frozen=True)
class SheetCounts:
    sheet: str
    inserted: int
    updated: int
    unchanged: int


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
