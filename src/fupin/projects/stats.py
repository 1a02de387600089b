"""The project and fund figures `fupin stats` adds (rules.md §7), from this one definition.

A fund belongs to the office that received it, a project to where it is built: ``funds_received``
counts the funds of offices in the region, ``funds_allocated`` and ``funds_spent`` the money
given to and paid out for the region's projects (so a township's figures show what reached it
from the county's funds). Likewise ``assets_value`` sums the assets of the region's projects and
``dividends_paid`` the dividends paid from them, while ``households_with_dividends`` counts the
households living in the region that were paid a dividend. Household works count by the
household's village: ``works_accepted`` those accepted, ``works_failed_inspection`` those whose
last acceptance failed (验收未通过, not yet repaired and passed); ``audit_lines_questioned``
counts audit lines marked 存疑 or 违规 by the region of what they cover.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from fupin.core.scope import code_range

from .choices import QUESTIONED_RESULTS, WorksState
from .models import (
    Allocation,
    Asset,
    AuditLine,
    DividendPayment,
    Expense,
    Fund,
    HouseholdWork,
    Project,
)


def _total(rows: QuerySet[Any], field: str = "amount") -> str:
    """A sum of money as a string of yuan to the fen (``"1250000.00"``), so that no JSON reader
    rounds it."""
    value = rows.aggregate(total=Sum(field))["total"]
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
    assets = Asset.objects.all()
    paid = DividendPayment.objects.filter(paid_on__isnull=False)
    paid_here = paid
    if region_code is not None:
        assets, paid = assets.within(region_code), paid.within(region_code)
        low, high = code_range(region_code)
        paid_here = paid_here.filter(household__village_id__gte=low, household__village_id__lt=high)
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
        "assets_value": _total(assets, "value"),
        "dividends_paid": _total(paid),
        "households_with_dividends": paid_here.values("household").distinct().count(),
    }
