"""From raw sheets to cleaned records: find the header row, map columns by header or alias,
clean every cell, and collect every problem (never stopping at the first)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fupin.core.cleaning import CellError, as_text, fold, is_blank
from fupin.core.spreadsheet_safety import restore

from .columns import Column, Sheet
from .issues import ImportIssue, Severity
from .sources import RawSheet

# Far above any county (Excel itself stops at 1,048,576 rows a sheet); a guard against runaway files.
MAX_ROWS_PER_SHEET = 10_000_000
HEADER_SEARCH_ROWS = 30


@dataclass
class ParsedSheet:
    spec: Sheet
    file_name: str
    header_row: int  # Excel row number of the header
    positions: dict[str, int]  # column key → 0-based position in the source
    records: list[dict[str, Any]] = field(default_factory=list)  # each with "_row"
    # Rows with a bad cell, holding the cells that did clean: other sheets' rows that refer to
    # them are not reported again as referring to nothing.
    rejected: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ParseResult:
    sheets: dict[str, ParsedSheet] = field(default_factory=dict)
    issues: list[ImportIssue] = field(default_factory=list)

    def columns(self) -> dict[str, dict[str, int]]:
        """Sheet → template header → 0-based column in the source, to find a bad cell again."""
        return {
            name: {sheet.spec.column(key).header: pos for key, pos in sheet.positions.items()}
            for name, sheet in self.sheets.items()
        }


def parse_sheets(raw_sheets: list[RawSheet], sheets: Mapping[str, Sheet]) -> ParseResult:
    """Clean every sheet of the template ``sheets`` (by name); the raw sheets are emptied as they
    are parsed."""
    result = ParseResult()
    for raw in raw_sheets:
        spec = sheets.get(fold(raw.name))
        if spec is None:
            result.issues.append(
                ImportIssue(
                    raw.name,
                    None,
                    "",
                    "",
                    "不是模板中的表，已忽略（模板的表为：" + "、".join(sheets) + "）",
                    Severity.WARNING,
                )
            )
            continue
        if spec.name in result.sheets:
            result.issues.append(
                ImportIssue(spec.name, None, "", raw.file_name, "同一张表出现了两次")
            )
            continue
        parsed = _parse_sheet(raw, spec, result.issues)
        raw.rows = []  # cleaned records replace the raw cells; a county's cells are gigabytes
        if parsed is not None:
            result.sheets[spec.name] = parsed
    if not result.sheets and not any(issue.is_error for issue in result.issues):
        result.issues.append(ImportIssue("", None, "", "", "没有找到可导入的表"))
    return result


def _parse_sheet(raw: RawSheet, spec: Sheet, issues: list[ImportIssue]) -> ParsedSheet | None:
    header_index = _find_header(raw.rows, spec)
    if header_index is None:
        issues.append(
            ImportIssue(
                spec.name,
                None,
                "",
                "",
                "找不到表头行（应含列：" + "、".join(spec.key_headers) + "）",
            )
        )
        return None
    positions = _map_columns(raw.rows[header_index], spec, header_index + 1, issues)
    missing = [
        column.header for column in spec.columns if column.required and column.key not in positions
    ]
    for header in missing:
        issues.append(ImportIssue(spec.name, header_index + 1, header, "", "缺少必填列"))
    if missing:
        return None
    data_rows = len(raw.rows) - header_index - 1
    if data_rows > MAX_ROWS_PER_SHEET:
        issues.append(
            ImportIssue(
                spec.name, None, "", "", f"行数过多（{data_rows} 行，上限 {MAX_ROWS_PER_SHEET}）"
            )
        )
        return None
    parsed = ParsedSheet(spec, raw.file_name, header_index + 1, positions)
    cleaner = _RowCleaner(spec, positions, issues)
    for index in range(header_index + 1, len(raw.rows)):
        cells = raw.rows[index]
        if all(is_blank(cell) for cell in cells):
            continue
        record, ok = cleaner.clean(cells, index + 1)
        (parsed.records if ok else parsed.rejected).append(record)
    return parsed


def _find_header(rows: list[list[Any]], spec: Sheet) -> int | None:
    wanted = [_header_names(spec, header) for header in spec.key_headers]
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = {_normalise(cell) for cell in row}
        if all(names & options for options in wanted):
            return index
    return None


def _header_names(spec: Sheet, header: str) -> set[str]:
    column = next(column for column in spec.columns if column.header == header)
    return {_normalise(column.header), _normalise(column.key)}


def _normalise(cell: Any) -> str:
    return as_text(cell).replace(" ", "").lower() if not is_blank(cell) else ""


def _map_columns(
    header: list[Any], spec: Sheet, row_number: int, issues: list[ImportIssue]
) -> dict[str, int]:
    by_name = {}
    for column in spec.columns:
        by_name[_normalise(column.header)] = column
        by_name[_normalise(column.key)] = column
    positions: dict[str, int] = {}
    for position, cell in enumerate(header):
        name = _normalise(cell)
        if not name:
            continue
        found = by_name.get(name)
        if found is None:
            issues.append(
                ImportIssue(
                    spec.name,
                    row_number,
                    as_text(cell),
                    "",
                    "不是模板中的列，已忽略",
                    Severity.WARNING,
                )
            )
        elif found.key in positions:
            issues.append(ImportIssue(spec.name, row_number, found.header, "", "列重复"))
        else:
            positions[found.key] = position
    return positions


class _RowCleaner:
    """Cleans the rows of one sheet. Most cells of a column repeat (是/否, codes, years), so each
    distinct value of a column is cleaned once; a county's sheet has millions of cells."""

    def __init__(self, spec: Sheet, positions: dict[str, int], issues: list[ImportIssue]) -> None:
        self.sheet = spec.name
        self.issues = issues
        # (column, its position in the row or None, the column's memo), resolved once per sheet
        self.columns = [(column, positions.get(column.key), _Memo()) for column in spec.columns]

    def clean(self, cells: list[Any], row_number: int) -> tuple[dict[str, Any], bool]:
        record: dict[str, Any] = {"_row": row_number}
        ok = True
        width = len(cells)
        for column, position, memo in self.columns:
            raw = cells[position] if position is not None and position < width else None
            if raw is None or (isinstance(raw, str) and not raw.strip()):  # is_blank, inlined
                if column.required:
                    self._refuse(row_number, column, "", "必填，不能为空")
                    ok = False
                record[column.key] = column.default
                continue
            remembered = memo.active and raw.__class__ in _MEMOISABLE
            if remembered:
                # True and 1 are equal keys, but not the same cell; text, the most common, is
                # its own key (no tuple is equal to a string)
                key = raw if raw.__class__ is str else (raw.__class__, raw)
                outcome = memo.values.get(key, _UNSEEN)  # memo.recall, inlined
                if outcome is not _UNSEEN:
                    memo.hits += 1
            else:
                outcome = _UNSEEN
            if outcome is _UNSEEN:
                try:
                    # The apostrophe fupin's own writers put before a formula-like text is
                    # taken away here, once for every import (spec/interchange.md §3.1).
                    outcome = column.clean(restore(raw))
                except CellError as error:
                    outcome = _Refusal(str(error))
                if remembered:
                    memo.remember(key, outcome)
            if outcome.__class__ is _Refusal:
                self._refuse(row_number, column, _shown(raw), outcome.reason)
                ok = False
            else:
                record[column.key] = outcome
        return record, ok

    def _refuse(self, row_number: int, column: Column, value: str, reason: str) -> None:
        self.issues.append(ImportIssue(self.sheet, row_number, column.header, value, reason))


_UNSEEN = object()
_MEMOISABLE = (str, int, float, bool)


class _Memo:
    """One column's cleaned values. A column whose values repeat (是/否, codes, the 户编号 of every
    member, income and grant row) is remembered whole; one whose values mostly differ (names, ID
    numbers, amounts) is dropped once its first ``PROBE`` values show it, since every lookup
    would miss and the memory would be wasted."""

    PROBE = 10_000  # distinct values seen before deciding
    REPEATS = 0.25  # lookups that found a value, per value remembered, to keep remembering
    CAP = 1_000_000  # distinct values kept at most (a big county has a few hundred thousand 户编号)

    def __init__(self) -> None:
        self.values: dict[Any, Any] = {}
        self.hits = 0
        self.active = True

    def recall(self, key: Any) -> Any:
        outcome = self.values.get(key, _UNSEEN)
        if outcome is not _UNSEEN:
            self.hits += 1
        return outcome

    def remember(self, key: Any, outcome: Any) -> None:
        if len(self.values) >= self.CAP:
            return
        self.values[key] = outcome
        if len(self.values) == self.PROBE and self.hits < self.PROBE * self.REPEATS:
            self.active, self.values = False, {}


@dataclass(frozen=True)
class _Refusal:
    reason: str


def _shown(raw: Any) -> str:
    text = as_text(raw)
    return text if len(text) <= 60 else text[:57] + "…"
