"""Village and county exit (出列, 摘帽), rules.md §4: 贫困发生率 against 退出标准, compared exactly."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from fupin.core.rows import headers
from fupin.registry.models import Member, VillageInfo
from fupin.registry.queries import active_members
from fupin.rules.facts import Facts, RunInputs

from .rows import VillageRow


class _PoorPopulation(TypedDict):
    poor_population: int


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    VillageWithPoorPopulation = WithAnnotations[VillageInfo, _PoorPopulation]

WESTERN_PROVINCES = frozenset(
    {"15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"}
)


def exit_bar_percent(village_code: str) -> int:
    """退出标准: 3% in a western province, 2% elsewhere."""
    return 3 if village_code[:2] in WESTERN_PROVINCES else 2


def poor_members(run: RunInputs) -> QuerySet[Member]:
    """Active members at D of households poor at the end of Y (§4 poor population)."""
    y = run.year
    return active_members(run.as_of).filter(
        Q(household__exit_year__isnull=True) | Q(household__exit_year__gt=y),
        household__is_registered=True,
        household__identified_year__lte=y,
    )


def with_poor_population(
    villages: QuerySet[VillageInfo], run: RunInputs
) -> QuerySet[VillageWithPoorPopulation]:
    counted = (
        poor_members(run)
        .filter(household__village_id=OuterRef("village_id"))
        .order_by()
        .values("household__village_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return villages.annotate(
        poor_population=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    )


def incidence_percent(poor: int, population: int) -> Decimal | None:
    """贫困发生率 in percent, rounded half away from zero to three decimals."""
    if not population:
        return None
    return (Decimal(poor) * 100 / population).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def meets_exit_bar(poor: int, population: int, bar_percent: int) -> bool:
    """Compared exactly, not after rounding: poor × 100 < bar × population."""
    return poor * 100 < bar_percent * population


VILLAGE_COLUMNS = headers(VillageRow)


def village_rows(villages: QuerySet[VillageInfo], run: RunInputs) -> Iterator[VillageRow]:
    """The rows of ``fupin villages``, the poor population counted by the database per village."""
    rows = with_poor_population(villages, run).values_list(
        "village_id", "village__name", "population", "poor_population"
    )
    return _village_table(rows)


def village_rows_from_facts(villages: QuerySet[VillageInfo], facts: Facts) -> Iterator[VillageRow]:
    """The same rows when the run's fact table is at hand: a village's poor population is the
    active members (``n``) of its households poor at the end of Y, summed over the fact table
    instead of counted again from the members."""
    poor = dict(facts.select("village_id, SUM(n)", "poor AND n > 0", "GROUP BY village_id"))
    rows = villages.values_list("village_id", "village__name", "population")
    return _village_table(
        (code, name, population, int(poor.get(code, 0))) for code, name, population in rows
    )


def _village_table(rows: Iterable[tuple[str, str, int, int]]) -> Iterator[VillageRow]:
    for code, name, population, poor in sorted(rows):
        bar = exit_bar_percent(code)
        rate = incidence_percent(poor, population)
        yield VillageRow(
            code,
            name,
            population,
            poor,
            "" if rate is None else f"{rate}%",
            f"{bar}%",
            meets_exit_bar(poor, population, bar),
        )
