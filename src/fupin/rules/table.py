"""The fact table of a run and the evaluation of rules over it, in one SQL statement.

The facts of every household of the region (``facts.with_facts`` and the alert facts) are built by
the ORM as one query; each rule is a boolean SQL expression over the fact table's column names
(``n``, ``net_cents``, ``line_cents`` …). Evaluating rules selects from the fact table as a
derived table, so each fact is computed once per household, however many rules read it (the ORM
would repeat a correlated subquery in every expression that refers to it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from fupin.registry.models import Household


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
    facts: QuerySet[Household],
    columns: Sequence[str],
    rules: Iterable[SqlRule],
    *,
    where: str = "1 = 1",
) -> list[dict[str, Any]]:
    """Rows of the fact table (the given columns) that satisfy ``where``, each with one boolean
    per rule under ``rule.column``. ``facts`` must be annotated with every column named."""
    rules = list(rules)
    inner_sql, params = facts.values(*columns).query.sql_with_params()
    # The ORM names each selected column after its alias; quote them for the outer query.
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
