"""Figures of a rule's output as SQL over the fact table: a 数值 or 阈值 computed by the database
in exact integer arithmetic and written as text, then read back as the value the outputs write.
The alert rules build their figures from these; any rule with figures can."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection


@dataclass(frozen=True)
class Figure:
    """A figure: an SQL expression over the fact columns, and its kind. Money is computed in
    whole cents and written in yuan with two decimals ("5999.99"), counts as whole numbers, text
    as it is; the stored text reads back as the value ``fupin monitor`` writes."""

    sql: str
    kind: str  # "money" (the SQL gives cents), "count" or "text"

    def text_sql(self) -> str:
        """The figure as the text stored with the alert and written in the outputs."""
        if self.kind == "money":
            if connection.vendor == "postgresql":
                return f"CAST(ROUND(CAST(({self.sql}) AS NUMERIC) / 100, 2) AS TEXT)"
            # Exact: the double nearest cents/100 never lies near a third decimal's rounding edge.
            return f"printf('%%.2f', ({self.sql}) / 100.0)"
        if self.kind == "count":
            return f"CAST(({self.sql}) AS TEXT)"
        return f"({self.sql})"

    def read(self, text: str) -> Any:
        if self.kind == "money":
            return Decimal(text)
        if self.kind == "count":
            return int(text)
        return text


def money(cents_sql: str) -> Figure:
    return Figure(cents_sql, "money")


def count(sql: str | int) -> Figure:
    return Figure(str(sql), "count")


def text(sql: str) -> Figure:
    return Figure(sql, "text")


def half_away(numerator: str, denominator: str) -> str:
    """numerator ÷ denominator (whole numbers, the denominator > 0) rounded half away from zero
    to a whole number, in integer arithmetic (rules.md §1: −0.005 → −0.01). Both are taken as
    64-bit integers: on PostgreSQL a 32-bit numerator above 10.7 million yuan in cents would
    overflow when doubled."""
    n, d = f"CAST(({numerator}) AS BIGINT)", f"CAST(({denominator}) AS BIGINT)"
    return (
        f"(CASE WHEN {n} >= 0 THEN (2 * {n} + {d}) / (2 * {d})"
        f" ELSE -((2 * -{n} + {d}) / (2 * {d})) END)"
    )
