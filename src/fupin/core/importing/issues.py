"""Problems found in an import, each naming sheet, Excel row, column, value and reason."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# The reason given for a row whose region lies outside the importing user's own.
OUT_OF_SCOPE = "不在您的管辖范围内"


class Severity(StrEnum):
    ERROR = "错误"  # nothing is written while any error remains
    WARNING = "提示"  # written; shown so the office can look (often a quality check, Q01–Q16)


@dataclass(frozen=True)
class ImportIssue:
    sheet: str
    row: int | None  # as Excel shows it; None for the file or sheet as a whole
    column: str  # header as written in the template; "" for the whole row
    value: str
    reason: str
    severity: Severity = Severity.ERROR

    def line(self) -> str:
        """One line for standard error: 家庭成员 第12行 证件号码「1101」：证件号码应为18位，实际4位"""
        where = self.sheet + (f" 第{self.row}行" if self.row else "")
        if self.column:
            where += f" {self.column}"
        value = f"「{self.value}」" if self.value else ""
        return f"{where}{value}：{self.reason}"

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


class RowError(Exception):
    """A row refused while it is checked: the column at fault (blank: the whole row) and why.
    An import catches it and records it as an issue of that row, then goes on to the next."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason
