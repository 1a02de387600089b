"""A template's sheets as declared column specs: header, English alias, cleaner, whether
required. An app lists its sheets in the order their rows are checked and written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    clean: Callable[[Any], Any]
    required: bool = False
    default: Any = None
    options: tuple[str, ...] = ()  # the allowed codes of a code column, for forms' selects
    multiple: bool = False  # several codes in one cell (健康状况, 其他致贫原因)


@dataclass(frozen=True)
class Sheet:
    name: str
    key_headers: tuple[str, ...]  # the header row is the first row that holds these
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)
