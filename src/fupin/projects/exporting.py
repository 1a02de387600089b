"""The project library and the expense lines as tables (docs/projects-interchange.md §3), written
by the central writers (``core.tables``), which neutralise every text cell that begins like a
formula. The first columns of each are the import's, in its order, so that an exported sheet can
be imported again; the columns after them are for whoever reads it.

The rows are what the caller passes: a queryset already narrowed to the user (``visible_to``) and
to the list's filter.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from fupin.core.tables import Row, write_sheets

from .exchange import EXPENSE_SHEET, EXPENSES, LIBRARY, LIBRARY_SHEET
from .funds import ZERO
from .models import Allocation, Expense, ExpenseQuerySet, ProjectQuerySet

LIBRARY_HEADERS = [column.header for column in LIBRARY_SHEET.columns]
EXPENSE_HEADERS = [column.header for column in EXPENSE_SHEET.columns]
MONEY: DecimalField[Any, Any] = DecimalField(max_digits=14, decimal_places=2)


def _summed(rows: QuerySet[Any], by: str) -> Coalesce:
    """The sum of ``amount`` of ``rows`` whose ``by`` is the outer project, 0.00 for none."""
    total = rows.filter(**{by: OuterRef("pk")}).order_by().values(by).annotate(total=Sum("amount"))
    return Coalesce(Subquery(total.values("total"), output_field=MONEY), ZERO)


def library_rows(projects: ProjectQuerySet) -> Iterator[list[Any]]:
    rows = projects.annotate(
        allocated_total=_summed(Allocation.objects.all(), "project"),
        spent_total=_summed(Expense.objects.all(), "allocation__project"),
    ).order_by("region_id", "year", "pk")
    for project in rows.iterator(chunk_size=2_000):
        yield [
            project.region_id,
            project.name,
            project.year,
            project.kind,
            project.subkind,
            project.capacity_kw,
            project.content,
            project.implementing_unit,
            project.budget,
            project.planned_start,
            project.planned_end,
            project.output_target,
            project.benefit_target,
            project.pk,
            project.state,
            project.allocated_total,
            project.spent_total,
        ]


def expense_rows(expenses: ExpenseQuerySet) -> Iterator[list[Any]]:
    rows = expenses.select_related("allocation__fund", "allocation__project").order_by(
        "allocation__project__region_id", "allocation__project_id", "paid_on", "pk"
    )
    for expense in rows.iterator(chunk_size=2_000):
        line = expense.allocation
        yield [
            line.project_id,
            line.project.name,
            line.document_number or line.fund.document_number,
            expense.amount,
            expense.paid_on,
            expense.payee,
            expense.purpose,
            expense.voucher_number,
            line.project.region_id,
            line.fund.source,
        ]


def export_tables(
    projects: ProjectQuerySet | None, expenses: ExpenseQuerySet | None
) -> dict[str, tuple[Sequence[str], Iterator[Row]]]:
    """The sheets of an export: the library, the expense lines, or both."""
    sheets: dict[str, tuple[Sequence[str], Iterator[Row]]] = {}
    if projects is not None:
        sheets[LIBRARY] = (LIBRARY_HEADERS, library_rows(projects))
    if expenses is not None:
        sheets[EXPENSES] = (EXPENSE_HEADERS, expense_rows(expenses))
    return sheets


def export_projects(
    path: Path, projects: ProjectQuerySet, expenses: ExpenseQuerySet
) -> Mapping[str, int]:
    """Both sheets to ``path``: one .xlsx, a .zip of CSVs or a folder of CSVs."""
    return write_sheets(Path(path), export_tables(projects, expenses))
