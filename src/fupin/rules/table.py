"""Evaluating rules over the fact table of a run (``facts.fact_table``), in one SQL statement.

Each rule is a boolean SQL expression over the fact table's column names (``n``, ``net_cents``,
``line_cents`` …). The fact table is selected from as a derived table, so each fact is computed
once per household however many rules read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection


@dataclass(frozen=True)
class SqlRule:
    """A rule as SQL: ``condition`` is a boolean expression over fact columns."""

    code: str
    name: str
    condition: str

    @property
    def column(self) -> str:
        return f"rule_{self.code.lower()}"


def evaluate(
    facts: tuple[str, list[Any]],
    columns: Sequence[str],
    rules: Iterable[SqlRule],
    *,
    where: str = "1 = 1",
) -> list[dict[str, Any]]:
    """Rows of the fact table (its SQL and parameters; the given columns) that satisfy ``where``,
    each with one boolean per rule under ``rule.column``."""
    rules = list(rules)
    inner_sql, params = facts
    selected = ", ".join(f'f."{name}"' for name in columns)
    verdicts = "".join(f", ({rule.condition}) AS {rule.column}" for rule in rules)
    sql = f"SELECT {selected}{verdicts} FROM ({inner_sql}) f WHERE {where}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        for rule in rules:
            row[rule.column] = bool(row[rule.column])
    return rows


def count_rows(facts: tuple[str, list[Any]], where: str) -> int:
    """How many rows of the fact table satisfy ``where``."""
    inner_sql, params = facts
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({inner_sql}) f WHERE {where}", params)
        return int(cursor.fetchone()[0])
