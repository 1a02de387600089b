"""The demo county's grid: leaders for its villages, a village cadre per area, helping cadres for
its households, pairings for its townships, and the visits of the last months, so that every grid
and visit page has something real to show.

Like the registry's demo it is reproducible by seed and plants a few findings on purpose: about
one household in 150 has no helper, and one helper per township answers for more households than
the limit allows. Rows are written in bulk (the demo is data, not a sequence of office decisions).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.bulk import analyze
from fupin.core.idnumber import check_character
from fupin.regions.choices import Level as RegionLevel
from fupin.regions.models import Region
from fupin.registry.demo import GIVEN_FEMALE, GIVEN_MALE, SURNAMES
from fupin.registry.models import Household, VillageInfo

from .choices import CadreKind, Level
from .coverage import needing_helper
from .limits import DEFAULTS
from .models import Area, AreaHousehold, Assignment, Cadre, Pairing

UNITS = (
    "农业农村局",
    "教育局",
    "卫生健康局",
    "人力资源和社会保障局",
    "住房和城乡建设局",
    "水利局",
    "民政局",
    "医疗保障局",
    "财政局",
    "乡村振兴局",
    "自然资源局",
    "交通运输局",
)
POSTS = ("科员", "一级科员", "四级主任科员", "副股长", "股长")
PAIRED_UNITS = (
    "白城市发展和改革委员会",
    "白城市农业农村局",
    "吉林省农村信用社白城分社",
    "白城市供电公司",
)
UNCOVERED_EVERY = 150  # one household in this many is left without a helper
SURPLUS = 2  # the overloaded helper answers for the limit plus this many households


@dataclass(frozen=True)
class GridDemoReport:
    cadres: int
    assignments: int
    households_covered: int


class _Grid:
    def __init__(self, county: Region, seed: int, today: dt.date) -> None:
        self.county = county
        self.rng = random.Random(seed)
        self.today = today
        self.cadres: list[Cadre] = []
        self.assignments: list[Assignment] = []
        self.serial = 0
        self.used_ids: set[str] = set()

    def cadre(self, region: Region, kind: str, unit: str, post: str) -> Cadre:
        rng = self.rng
        self.serial += 1
        male = rng.random() < 0.6
        while True:  # a county-sized demo has tens of thousands of cadres: no number twice
            birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(30 * 365))
            sex = rng.choice("13579" if male else "02468")
            first17 = f"{self.county.code}{birth:%Y%m%d}{rng.randrange(100):02d}{sex}"
            if first17 not in self.used_ids:
                self.used_ids.add(first17)
                break
        given = GIVEN_MALE if male else GIVEN_FEMALE
        made = Cadre(
            name=rng.choice(SURNAMES)
            + "".join(rng.choice(given) for _ in range(rng.choice([1, 2]))),
            id_number=first17 + check_character(first17),
            region=region,
            unit=unit,
            post=post,
            phone=f"13{rng.randrange(5, 10)}{self.serial:08d}",
            kind=kind,
        )
        self.cadres.append(made)
        return made

    def start(self) -> dt.date:
        return dt.date(self.rng.choice([2021, 2022, 2023, 2024]), self.rng.randint(1, 12), 1)

    def assign(self, cadre: Cadre, level: str, village: str, **target: object) -> Assignment:
        started_on = self.start()
        made = Assignment(
            cadre=cadre,
            level=level,
            village_id=village,
            started_on=started_on,
            letter_signed_on=started_on + dt.timedelta(days=self.rng.randint(0, 20)),
            **target,
        )
        self.assignments.append(made)
        return made


def _chunks(rng: random.Random, items: list[int]) -> Iterator[list[int]]:
    while items:
        size = rng.randint(3, 8)
        yield items[:size]
        items = items[size:]


def _link_helper(grid: _Grid, user: User, county_code: str) -> None:
    """Give the demo's helper account a cadre of its region, preferring one with a poor household
    (visited every 90 days), so that 我的走访 has households to show."""
    home = user.region_id or ""
    poor = set(
        Household.objects.within(county_code)
        .filter(is_registered=True, exit_year__isnull=True)
        .values_list("id", flat=True)
    )
    in_home = [
        a for a in grid.assignments if a.level == Level.HOUSEHOLD and a.village_id.startswith(home)
    ]
    in_home.sort(key=lambda a: a.household_id not in poor)
    if in_home:  # a tiny demo may have no household there
        in_home[0].cadre.user = user


@transaction.atomic
def build_demo_grid(
    county_code: str, *, seed: int = 2020, helper_user: User | None = None
) -> GridDemoReport:
    """Write the grid of the county's demo households (which must be loaded already). The first
    helper in ``helper_user``'s region is linked to that account when it is given."""
    county = Region.objects.get(code=county_code, level=RegionLevel.COUNTY)
    grid = _Grid(county, seed, timezone.localdate())
    rng = grid.rng
    needing = needing_helper(Household.objects.within(county_code)).order_by("code")
    by_village: dict[str, list[int]] = defaultdict(list)
    for village_code, household in needing.values_list("village_id", "id"):
        by_village[village_code].append(household)
    everyone = [h for code in sorted(by_village) for h in by_village[code]]
    uncovered = set(everyone[UNCOVERED_EVERY - 1 :: UNCOVERED_EVERY])
    poor = set(
        VillageInfo.objects.within(county_code)
        .filter(is_poor_village=True)
        .values_list("village_id", flat=True)
    )
    villages = Region.objects.in_bulk(list(by_village))
    townships = Region.objects.in_bulk({code[:9] for code in by_village})
    county_leaders = [
        grid.cadre(county, CadreKind.COUNTY_LEADER, f"{county.name}人民政府", "副区长")
        for _ in range(3)
    ]
    leaders = {
        code: grid.cadre(
            township,
            CadreKind.TOWNSHIP_LEADER,
            f"{township.name}人民政府",
            rng.choice(["党委副书记", "副镇长", "人大主席"]),
        )
        for code, township in townships.items()
    }
    areas: list[tuple[Area, list[int]]] = []
    overloaded_townships: set[str] = set()
    covered = 0
    for code in sorted(by_village):
        village, township = villages[code], code[:9]
        grid.assign(leaders[township], Level.VILLAGE, code)
        if code in poor:
            grid.assign(rng.choice(county_leaders), Level.VILLAGE, code)
            secretary = grid.cadre(
                village,
                CadreKind.FIRST_SECRETARY,
                f"{county.name}{rng.choice(UNITS)}",
                "驻村第一书记",
            )
            grid.assign(secretary, Level.VILLAGE, code)
        households = [h for h in by_village[code] if h not in uncovered]
        covered += len(households)
        half = len(households) // 2
        for name, members in (("一组", households[:half]), ("二组", households[half:])):
            if members:
                area = Area(village=village, name=name)
                areas.append((area, members))
                cadre = grid.cadre(
                    village,
                    CadreKind.VILLAGE_CADRE,
                    f"{village.name}",
                    rng.choice(["村委会主任", "村委会委员", "村党支部书记"]),
                )
                grid.assign(cadre, Level.AREA, code, area=area)
        shuffled = households[:]
        rng.shuffle(shuffled)
        if township not in overloaded_townships and len(shuffled) > DEFAULTS.helper_limit + SURPLUS:
            overloaded_townships.add(township)
            first, shuffled = (
                shuffled[: DEFAULTS.helper_limit + SURPLUS],
                shuffled[DEFAULTS.helper_limit + SURPLUS :],
            )
            chunks = [first, *_chunks(rng, shuffled)]
        else:
            chunks = list(_chunks(rng, shuffled))
        for chunk in chunks:
            helper = grid.cadre(
                county, CadreKind.HELPER, f"{county.name}{rng.choice(UNITS)}", rng.choice(POSTS)
            )
            for household in chunk:
                grid.assign(helper, Level.HOUSEHOLD, code, household_id=household)
    if helper_user is not None:
        _link_helper(grid, helper_user, county_code)
    Cadre.objects.bulk_create(grid.cadres)
    Area.objects.bulk_create(area for area, _ in areas)
    AreaHousehold.objects.bulk_create(
        AreaHousehold(area=area, household_id=h) for area, members in areas for h in members
    )
    for assignment in grid.assignments:
        assignment.cadre_id = assignment.cadre.pk
        if assignment.area is not None:
            assignment.area_id = assignment.area.pk
    Assignment.objects.bulk_create(grid.assignments)
    Pairing.objects.bulk_create(
        Pairing(
            unit=rng.choice(PAIRED_UNITS),
            region=township,
            started_on=dt.date(2021, 3, 1),
            contact=rng.choice(SURNAMES) + "科长",
            phone=f"0436-{rng.randrange(3000000, 3999999)}",
            note="产业帮扶、消费帮扶",
        )
        for township in townships.values()
    )
    # The planner must know the tables grew before the first coverage check or campaign reads
    # them (measured on PostgreSQL: 72 s instead of 0.9 s for a campaign's progress at scale 10).
    analyze([Cadre, Area, AreaHousehold, Assignment, Pairing])
    return GridDemoReport(len(grid.cadres), len(grid.assignments), covered)
