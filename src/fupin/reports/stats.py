"""Statistics of a region (rules.md §7): one JSON object, every count an SQL aggregate over the
same fact table and rule definitions as the tables (a household counted as eligible here is one
`fupin assess` writes as 可以退出 = 是)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from fupin.alerts.rules import RULES
from fupin.assessment.exit import CRITERIA, check_standards
from fupin.benefits.gaps import gap_counts, owed
from fupin.core.statistics import added_statistics
from fupin.regions.models import Region
from fupin.registry.models import Household, VillageInfo
from fupin.rules.facts import Facts, RunInputs, prepared_facts


def rate(numerator: int, denominator: int) -> float | None:
    """A percentage rounded half away from zero to three decimals; None when nothing to divide by."""
    if not denominator:
        return None
    return float(
        (Decimal(numerator) * 100 / denominator).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    )


def _household_totals(facts: Facts) -> dict[str, int]:
    """One statement over the fact table: counts, persons, exit eligibility and alerts."""
    eligible = " AND ".join(f"({c.condition})" for c in CRITERIA)
    fired = {rule.code: f"NOT poor AND ({rule.condition})" for rule in RULES}
    any_alert = " OR ".join(f"({rule.condition})" for rule in RULES)
    sums = {
        "households_registered": "CASE WHEN registered THEN 1 ELSE 0 END",
        "persons_registered": "CASE WHEN registered THEN n ELSE 0 END",
        "persons_insured": "CASE WHEN registered THEN n - uninsured ELSE 0 END",
        "households_poor": "CASE WHEN poor THEN 1 ELSE 0 END",
        "persons_poor": "CASE WHEN poor THEN n ELSE 0 END",
        "households_exited": "CASE WHEN exited THEN 1 ELSE 0 END",
        "persons_exited": "CASE WHEN exited THEN n ELSE 0 END",
        "poor_in_villages": (
            "CASE WHEN poor AND village_id IN (SELECT village_id FROM registry_villageinfo)"
            " THEN n ELSE 0 END"
        ),
        "households_exit_eligible": f"CASE WHEN poor AND {eligible} THEN 1 ELSE 0 END",
        "households_alerted": f"CASE WHEN NOT poor AND ({any_alert}) THEN 1 ELSE 0 END",
        **{
            f"alert_{code.lower()}": f"CASE WHEN {condition} THEN 1 ELSE 0 END"
            for code, condition in fired.items()
        },
    }
    selected = ", ".join(f"COALESCE(SUM({expression}), 0)" for expression in sums.values())
    (totals,) = facts.select(selected, "n > 0")
    return {name: int(value) for name, value in zip(sums, totals, strict=True)}


def statistics(region: Region, run: RunInputs) -> dict[str, Any]:
    """The statistics of ``region`` for ``run``, computing the facts and the gaps they need."""
    households = Household.objects.within(region.code)
    with prepared_facts(households, run) as facts:
        return region_statistics(region, facts, gap_counts(owed(facts)))


def region_statistics(region: Region | None, facts: Facts, gaps: dict[str, int]) -> dict[str, Any]:
    """The statistics of ``region`` (None: the whole country) from its fact table and its
    benefits owed (rows per policy)."""
    run = facts.run
    check_standards(facts.lines, run)
    rows = VillageInfo.objects.all()
    if region is not None:
        rows = rows.within(region.code)
    villages = rows.aggregate(
        villages=Count("pk"),
        population=Sum("population"),
        poor_villages=Count("pk", filter=Q(is_poor_village=True)),
        poor_villages_exited=Count("pk", filter=Q(is_poor_village=True, exit_year__lte=run.year)),
    )
    population = villages["population"] or 0
    totals = _household_totals(facts)
    causes = facts.select(
        "main_cause, COUNT(*)", "poor AND n > 0", "GROUP BY main_cause ORDER BY main_cause"
    )
    return {
        "region_code": region.code if region else "",
        "region_name": region.name if region else "全国",
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
        "gaps": {code: count for code, count in gaps.items() if count > 0},
        "poor_by_main_cause": {cause: count for cause, count in causes},
        "medical_insurance_rate": rate(totals["persons_insured"], totals["persons_registered"]),
        # Monitoring cases, the grid, visits: figures as they stand now.
        **added_statistics(region.code if region else None),
    }
