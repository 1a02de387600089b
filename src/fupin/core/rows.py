"""Rows of a written table as small typed tuples: the fields in column order, each annotated
with its header, so that a table's columns and their order are defined once, by its row type.

    class GapRow(NamedTuple):
        household_code: Annotated[str, Header("户编号")]
        ...

``headers(GapRow)`` gives the header line; a row is written as it iterates (its fields in order),
and read by name everywhere else (``row.household_code``, not ``row[0]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_type_hints


@dataclass(frozen=True)
class Header:
    text: str


def headers(row_type: type[tuple[Any, ...]]) -> list[str]:
    """The header of each field of ``row_type``, in field order."""
    found = []
    # A NamedTuple's annotations are its fields, in their order.
    for field, hint in get_type_hints(row_type, include_extras=True).items():
        marks = [mark for mark in getattr(hint, "__metadata__", ()) if isinstance(mark, Header)]
        if len(marks) != 1:
            raise TypeError(f"{row_type.__name__}.{field} needs one Header")
        found.append(marks[0].text)
    return found
