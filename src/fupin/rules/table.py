"""Evaluating rules over the fact table of a run (``facts.prepared_facts``), in one SQL statement.

Each rule is a boolean SQL expression over the fact table's column names (``n``, ``net_cents``,
``line_cents`` …). The facts are computed once per run; any number of rules then read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .facts import Facts


@dataclass(frozen=True)
class SqlRule:
    """A rule as SQL: ``condition`` is a boolean expression over fact columns."""

    code: str
    name: str
    condition: str

    @cached_property  # read once per household and rule in a run
    def column(self) -> str:
        return f"rule_{self.code.lower()}"


def evaluate(
    facts: Facts,
    columns: Sequence[str],
    rules: Iterable[SqlRule],
    *,
    where: str = "1 = 1",
) -> list[dict[str, Any]]:
    """Rows of the fact table (the given columns) that satisfy ``where``, each with one boolean
    per rule under ``rule.column``."""
    rules = list(rules)
    selected = ", ".join(f'f."{name}"' for name in columns)
    verdicts = "".join(f", ({rule.condition}) AS {rule.column}" for rule in rules)
    verdict_columns = [rule.column for rule in rules]
    width = len(columns)
    rows = []
    for values in facts.select(selected + verdicts, where):
        row = dict(zip(columns, values[:width], strict=True))
        row.update(zip(verdict_columns, map(bool, values[width:]), strict=True))
        rows.append(row)
    return rows


def count_rows(facts: Facts, where: str) -> int:
    """How many rows of the fact table satisfy ``where``."""
    return int(facts.select("COUNT(*)", where)[0][0])
