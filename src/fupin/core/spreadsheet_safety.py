"""Keeping text cells from running as formulas in Excel and WPS (spec/interchange.md §3.1).

A spreadsheet program that opens a CSV, or re-enters a cell typed by hand, takes text beginning
with ``=``, ``+``, ``-`` or ``@`` as a formula, and a leading tab or carriage return can hide one.
A member registered as ``=HYPERLINK("http://x","点我")`` would become a live link in every office
that opens the export. So every text cell fupin writes (CSV or .xlsx, export, template or
annotated workbook) goes through ``neutralise``: such a text is written with a leading apostrophe
``'``, which the programs show as text. Numbers, amounts and dates are written as numbers or in
their fixed formats and never pass through here: a negative amount stays a number.

The import reads the apostrophe back with ``restore``, so that an export imports to the same
values. The pair is exact for every text: a text that already begins with apostrophes followed by
a trigger character gets one more, and ``restore`` takes exactly one away.
"""

from __future__ import annotations

import re
from typing import Any

# OWASP's list: the characters that start a formula, and tab and carriage return that can hide one.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_FIRST = frozenset(QUOTE + "".join(FORMULA_TRIGGERS))  # a cheap test before the pattern

_TRIGGER_CLASS = "[" + re.escape("".join(FORMULA_TRIGGERS)) + "]"
_NEEDS_QUOTE = re.compile(f"'*{_TRIGGER_CLASS}")  # as written: quotes (maybe none), a trigger
_QUOTED = re.compile(f"'+{_TRIGGER_CLASS}")  # as read back: at least one quote, a trigger

# Why a person's name is refused, shown by forms, the API and imports.
FORMULA_NAME_REASON = "不能以 = + - @ 开头（电子表格会把这样的内容当作公式执行）"


def begins_like_formula(text: str) -> bool:
    """Whether a spreadsheet program could take ``text`` for a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """The text as a cell is written: with a leading apostrophe when it could run as a formula
    (or would be misread by ``restore``), unchanged otherwise."""
    if text[:1] in _FIRST and _NEEDS_QUOTE.match(text):
        return QUOTE + text
    return text


def restore(value: Any) -> Any:
    """A cell as read from a file: the apostrophe ``neutralise`` added is taken away; any other
    value (numbers, dates, text not written that way) is returned as it is."""
    if value.__class__ is str and value[:1] == QUOTE and _QUOTED.match(value):
        return value[1:]
    return value
