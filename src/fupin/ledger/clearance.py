"""The 清零 board: how far a region and each of its child regions are from having no open problem.

A region is 清零 for a campaign when none of the campaign's problems in it is open, and for a
class when none of its problems of that class is open. The board counts open, overdue and closed
problems of a region and of each child region (a county's townships, a township's villages), by
class and by source, from one GROUP BY over the region's problems (child region × class × source)
and one query for the child regions' names, whatever the number of problems: children with no
problem are listed with zeros. Problems are counted as ``stats.counted`` counts them.

The caller passes the problems to count, already scoped to the user (``visible_to``) and narrowed
to a campaign (``campaigns.campaign_problems``) or a class when the board is about one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Substr

from fupin.regions.choices import CODE_LENGTH, Level, level_of
from fupin.regions.models import Region

from .campaigns import membership
from .choices import Source
from .models import Campaign, ProblemQuerySet, overdue_on
from .stats import CLOSED, OPEN, counted


@dataclass(frozen=True)
class Tally:
    """Problems not yet closed (of which past their deadline) and closed."""

    open: int = 0
    overdue: int = 0
    closed: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.open + other.open, self.overdue + other.overdue, self.closed + other.closed
        )

    @property
    def total(self) -> int:
        return self.open + self.closed

    @property
    def cleared(self) -> bool:
        """清零: no open problem (a region that never had one is cleared too)."""
        return self.open == 0

    @property
    def percent(self) -> float | None:
        """Closed of all, in percent; None when there is no problem."""
        return round(self.closed * 100 / self.total, 1) if self.total else None


def total(tallies: Iterable[Tally]) -> Tally:
    return sum(tallies, Tally())


@dataclass(frozen=True)
class RegionTally:
    """One child region's problems (or those registered at the region itself: ``own``)."""

    code: str
    name: str
    tally: Tally
    by_class: dict[str, Tally] = field(default_factory=dict)
    own: bool = False

    def open_of(self, category: str) -> int:
        return self.by_class.get(category, Tally()).open


@dataclass(frozen=True)
class Board:
    region: Region | None  # None: the whole country
    overall: Tally
    by_class: dict[str, Tally]  # the classes that have problems, in the order of ``classes``
    by_source: dict[str, Tally]  # the sources that have problems, in the order of ``Source``
    regions: list[RegionTally]  # most open first; the region's own problems last

    @property
    def holding_back(self) -> list[RegionTally]:
        """The child regions not yet 清零, most open first."""
        return [row for row in self.regions if not row.tally.cleared]

    @property
    def cleared_regions(self) -> int:
        return sum(1 for row in self.regions if not row.own and row.tally.cleared)


def child_length(region: Region | None) -> int:
    """The code length of the regions the board lists under ``region`` (a village: itself)."""
    level = Level.PROVINCE - 1 if region is None else level_of(region.code)
    assert level is not None
    return CODE_LENGTH[min(level + 1, Level.VILLAGE)]


def child_regions(region: Region | None) -> list[tuple[str, str]]:
    if region is not None and level_of(region.code) == Level.VILLAGE:
        return [(region.code, region.name)]
    children = Region.objects.children_of(region.code if region else None)
    return list(children.order_by("code").values_list("code", "name"))


def board(
    problems: ProblemQuerySet, region: Region | None, today: dt.date, *, classes: list[str]
) -> Board:
    """The board of ``region`` over ``problems`` (scoped and narrowed by the caller); ``classes``
    orders the classes (``classes.class_names`` of the region)."""
    if region is not None:
        problems = problems.within(region.code)
    length = child_length(region)
    rows = (
        counted(problems)
        .order_by()
        .annotate(child=Substr("region_id", 1, length))
        .values("child", "category", "source")
        .annotate(
            open=Count("pk", filter=OPEN),
            overdue=Count("pk", filter=overdue_on(today)),
            closed=Count("pk", filter=CLOSED),
        )
    )
    by_child: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    by_source: dict[str, Tally] = defaultdict(Tally)
    for row in rows:
        tally = Tally(row["open"], row["overdue"], row["closed"])
        by_child[row["child"]][row["category"]] += tally
        by_source[row["source"]] += tally
    listed = [
        RegionTally(code, name, total(by_child[code].values()), dict(by_child[code]))
        for code, name in child_regions(region)
    ]
    listed.sort(key=lambda row: -row.tally.open)  # stable: by code among equals
    if region is not None and len(region.code) < length and region.code in by_child:
        own = by_child[region.code]
        listed.append(
            RegionTally(region.code, f"{region.name}本级", total(own.values()), own, True)
        )
    by_class: dict[str, Tally] = defaultdict(Tally)
    for classes_of_child in by_child.values():
        for category, tally in classes_of_child.items():
            by_class[category] += tally
    order = {name: i for i, name in enumerate(classes)}
    return Board(
        region=region,
        overall=total(by_source.values()),
        by_class=dict(sorted(by_class.items(), key=lambda item: order.get(item[0], len(order)))),
        by_source={source: by_source[source] for source in Source.values if source in by_source},
        regions=listed,
    )


def campaign_tallies(
    campaigns: Iterable[Campaign], problems: ProblemQuerySet, today: dt.date
) -> dict[int, Tally]:
    """Each campaign's problems among ``problems`` (scoped by the caller), counted in one query:
    campaign id → tally. For a page of the campaign list."""
    campaigns = list(campaigns)
    counts = {}
    for campaign in campaigns:
        member = membership(campaign)
        counts[f"open_{campaign.pk}"] = Count("pk", filter=member & OPEN)
        counts[f"overdue_{campaign.pk}"] = Count("pk", filter=member & overdue_on(today))
        counts[f"closed_{campaign.pk}"] = Count("pk", filter=member & CLOSED)
    if not counts:
        return {}
    found = counted(problems).order_by().aggregate(**counts)
    return {
        c.pk: Tally(found[f"open_{c.pk}"], found[f"overdue_{c.pk}"], found[f"closed_{c.pk}"])
        for c in campaigns
    }
