"""Statistics of a region (rules.md §7): one JSON object, every count from the same rule
definitions as the tables (a household counted as eligible here is one `fupin assess` writes as
可以退出 = 是)."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from fupin.regions.models import Region
from fupin.registry.models import Household, VillageInfo

from .alerts import alerts
from .exit import assessment, passes_all
from .facts import RunInputs, active_members, with_facts
from .gaps import gaps


def rate(numerator: int, denominator: int) -> float | None:
    """A percentage rounded half away from zero to three decimals; None when nothing to divide by."""
    if not denominator:
        return None
    return float(
        (Decimal(numerator) * 100 / denominator).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    )


def statistics(region: Region, run: RunInputs) -> dict[str, Any]:
    households = Household.objects.within(region.code)
    villages = VillageInfo.objects.within(region.code)
    village_totals = villages.aggregate(
        villages=Count("pk"),
        population=Sum("population"),
        poor_villages=Count("pk", filter=Q(is_poor_village=True)),
        poor_villages_exited=Count("pk", filter=Q(is_poor_village=True, exit_year__lte=run.year)),
    )
    population = village_totals["population"] or 0

    active = with_facts(households, run).filter(n__gt=0)
    registered = Q(is_registered=True, identified_year__lte=run.year)
    totals = active.aggregate(
        households_registered=Count("pk", filter=registered),
        persons_registered=Sum("n", filter=registered),
        households_poor=Count("pk", filter=Q(poor=True)),
        persons_poor=Sum("n", filter=Q(poor=True)),
        households_exited=Count("pk", filter=Q(exited=True)),
        persons_exited=Sum("n", filter=Q(exited=True)),
        poor_in_villages=Sum("n", filter=Q(poor=True, village__village_info__isnull=False)),
    )
    persons_registered = totals["persons_registered"] or 0
    insured = (
        active_members(run.as_of)
        .filter(
            household__in=households,
            household__is_registered=True,
            household__identified_year__lte=run.year,
        )
        .filter(Q(medical_insured=True) | Q(employee_insured=True))
        .count()
    )
    eligible = sum(1 for row in assessment(households, run) if passes_all(row))
    fired = list(alerts(households, run))
    alert_households = Counter(alert.rule.code for alert in fired)
    gap_counts = Counter(policy for _, _, policy, _ in gaps(households, run))
    causes = _poor_by_main_cause(active)

    return {
        "region_code": region.code,
        "region_name": region.name,
        "year": run.year,
        "as_of": run.as_of.isoformat(),
        "villages": village_totals["villages"],
        "population": population,
        "poor_villages": village_totals["poor_villages"],
        "poor_villages_exited": village_totals["poor_villages_exited"],
        "households_registered": totals["households_registered"],
        "persons_registered": persons_registered,
        "households_poor": totals["households_poor"],
        "persons_poor": totals["persons_poor"] or 0,
        "households_exited": totals["households_exited"],
        "persons_exited": totals["persons_exited"] or 0,
        "incidence_rate": rate(totals["poor_in_villages"] or 0, population),
        "households_exit_eligible": eligible,
        "households_alerted": len({alert.household_code for alert in fired}),
        "alerts": dict(sorted(alert_households.items())),
        "gaps": dict(sorted(gap_counts.items())),
        "poor_by_main_cause": causes,
        "medical_insurance_rate": rate(insured, persons_registered),
    }


def _poor_by_main_cause(active: QuerySet[Household]) -> dict[str, int]:
    rows = (
        active.filter(poor=True)
        .values("main_cause")
        .annotate(count=Count("pk"))
        .order_by("main_cause")
    )
    return {row["main_cause"]: row["count"] for row in rows if row["count"] > 0}
