"""The project and fund figures `fupin stats` adds (rules.md §7), from this one definition.

A fund belongs to the office that received it, a project to where it is built: ``funds_received``
counts the funds of offices in the region, ``funds_allocated`` and ``funds_spent`` the money
given to and paid out for the region's projects (so a township's figures show what reached it
from the county's funds). Household works count by the household's village: ``works_accepted``
those accepted, ``works_failed_inspection`` those whose last acceptance failed (验收未通过, not
yet repaired and passed); ``audit_lines_questioned`` counts audit lines marked 存疑 or 违规 by the
region of what they cover.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from .choices import QUESTIONED_RESULTS, WorksState
from .models import Allocation, AuditLine, Expense, Fund, HouseholdWork, Project


def _total(rows: QuerySet[Any]) -> str:
    """A sum of money as a string of yuan to the fen (``"1250000.00"``), so that no JSON reader
    rounds it."""
    value = rows.aggregate(total=Sum("amount"))["total"]
    return f"{value or Decimal('0'):.2f}"


def project_statistics(region_code: str | None) -> dict[str, object]:
    funds, projects = Fund.objects.all(), Project.objects.all()
    allocations, expenses = Allocation.objects.all(), Expense.objects.all()
    if region_code is not None:
        funds, projects = funds.within(region_code), projects.within(region_code)
        allocations, expenses = allocations.within(region_code), expenses.within(region_code)
    works, lines = HouseholdWork.objects.all(), AuditLine.objects.all()
    if region_code is not None:
        works, lines = works.within(region_code), lines.within(region_code)
    by_state = dict(
        projects.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return {
        "funds_received": _total(funds),
        "funds_allocated": _total(allocations),
        "funds_spent": _total(expenses),
        "projects_by_state": {state: n for state, n in sorted(by_state.items()) if n},
        "works_accepted": works.filter(state=WorksState.ACCEPTED).count(),
        "works_failed_inspection": works.filter(state=WorksState.FAILED).count(),
        "audit_lines_questioned": lines.filter(result__in=QUESTIONED_RESULTS).count(),
    }
