"""Statistics of a region (rules.md §7): one JSON object, every count an SQL aggregate over the
same fact table and rule definitions as the tables (a household counted as eligible here is one
`fupin assess` writes as 可以退出 = 是)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Q, Sum

from fupin.regions.models import Region
from fupin.registry.models import Household, VillageInfo
from fupin.registry.queries import active_members

from .alerts import RULES
from .exit import CRITERIA, check_standards
from .facts import ProvinceLines, RunInputs, fact_table
from .gaps import gap_counts


def rate(numerator: int, denominator: int) -> float | None:
    """A percentage rounded half away from zero to three decimals; None when nothing to divide by."""
    if not denominator:
        return None
    return float(
        (Decimal(numerator) * 100 / denominator).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    )


def _household_totals(households: Any, run: RunInputs, lines: ProvinceLines) -> dict[str, int]:
    """One statement over the fact table: counts, persons, exit eligibility and alerts."""
    eligible = " AND ".join(f"({c.condition})" for c in CRITERIA)
    fired = {rule.code: f"NOT poor AND ({rule.condition})" for rule in RULES}
    any_alert = " OR ".join(f"({rule.condition})" for rule in RULES)
    sums = {
        "households_registered": "CASE WHEN registered THEN 1 ELSE 0 END",
        "persons_registered": "CASE WHEN registered THEN n ELSE 0 END",
        "households_poor": "CASE WHEN poor THEN 1 ELSE 0 END",
        "persons_poor": "CASE WHEN poor THEN n ELSE 0 END",
        "households_exited": "CASE WHEN exited THEN 1 ELSE 0 END",
        "persons_exited": "CASE WHEN exited THEN n ELSE 0 END",
        "poor_in_villages": "CASE WHEN poor AND in_village_info THEN n ELSE 0 END",
        "households_exit_eligible": f"CASE WHEN poor AND {eligible} THEN 1 ELSE 0 END",
        "households_alerted": f"CASE WHEN NOT poor AND ({any_alert}) THEN 1 ELSE 0 END",
        **{
            f"alert_{code.lower()}": f"CASE WHEN {condition} THEN 1 ELSE 0 END"
            for code, condition in fired.items()
        },
    }
    facts_sql, params = fact_table(households, run, lines)
    selected = ", ".join(
        f"COALESCE(SUM({expression}), 0) AS {name}" for name, expression in sums.items()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selected} FROM ({facts_sql}) f WHERE n > 0", params)
        return {
            column[0]: int(value)
            for column, value in zip(cursor.description, cursor.fetchone(), strict=True)
        }


def statistics(region: Region, run: RunInputs) -> dict[str, Any]:
    households = Household.objects.within(region.code)
    lines = ProvinceLines.for_run(households, run)
    check_standards(lines, run)
    villages = VillageInfo.objects.within(region.code).aggregate(
        villages=Count("pk"),
        population=Sum("population"),
        poor_villages=Count("pk", filter=Q(is_poor_village=True)),
        poor_villages_exited=Count("pk", filter=Q(is_poor_village=True, exit_year__lte=run.year)),
    )
    population = villages["population"] or 0
    totals = _household_totals(households, run, lines)
    registered_members = active_members(run.as_of).filter(
        household__in=households,
        household__is_registered=True,
        household__identified_year__lte=run.year,
    )
    insured = registered_members.filter(Q(medical_insured=True) | Q(employee_insured=True)).count()
    causes = (
        households.filter(
            Q(exit_year__isnull=True) | Q(exit_year__gt=run.year),
            is_registered=True,
            identified_year__lte=run.year,
        )
        .filter(pk__in=active_members(run.as_of).values("household_id"))
        .values("main_cause")
        .annotate(count=Count("pk"))
        .order_by("main_cause")
    )
    return {
        "region_code": region.code,
        "region_name": region.name,
        "year": run.year,
        "as_of": run.as_of.isoformat(),
        "villages": villages["villages"],
        "population": population,
        "poor_villages": villages["poor_villages"],
        "poor_villages_exited": villages["poor_villages_exited"],
        "households_registered": totals["households_registered"],
        "persons_registered": totals["persons_registered"],
        "households_poor": totals["households_poor"],
        "persons_poor": totals["persons_poor"],
        "households_exited": totals["households_exited"],
        "persons_exited": totals["persons_exited"],
        "incidence_rate": rate(totals["poor_in_villages"], population),
        "households_exit_eligible": totals["households_exit_eligible"],
        "households_alerted": totals["households_alerted"],
        "alerts": {
            rule.code: totals[f"alert_{rule.code.lower()}"]
            for rule in RULES
            if totals[f"alert_{rule.code.lower()}"] > 0
        },
        "gaps": {code: count for code, count in gap_counts(households, run).items() if count > 0},
        "poor_by_main_cause": {
            row["main_cause"]: row["count"] for row in causes if row["count"] > 0
        },
        "medical_insurance_rate": rate(insured, totals["persons_registered"]),
    }
