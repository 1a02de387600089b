"""The 清零 board against a small county counted by hand: open, overdue and closed problems by
child region, class and source; which regions are 清零; a reopened problem counted once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fupin.ledger.choices import ProblemClass as C
from fupin.ledger.choices import ProblemState as S
from fupin.ledger.choices import Source
from fupin.ledger.classes import class_names
from fupin.ledger.clearance import Board, Tally, board
from fupin.ledger.models import Problem
from fupin.ledger.stats import ledger_figures, ledger_statistics
from fupin.regions.models import Region
from tests.conftest import COUNTY, TOWNSHIP_A, VILLAGE_A

from .builders import problem

pytestmark = pytest.mark.django_db

VILLAGE_A2 = "220802100002"
VILLAGE_A3 = "220802100003"
TODAY = dt.date(2026, 4, 15)
LATE = dt.date(2026, 3, 31)
LATER = dt.date(2026, 6, 30)


@pytest.fixture
def ledger(county_admin, township_b_code) -> str:  # type: ignore[no-untyped-def]
    """The county's problems; returns the village of 乡镇B that has one."""
    by = county_admin
    village_b = Region.objects.children_of(township_b_code).order_by("code").first().code
    problem(VILLAGE_A, by=by, state=S.RECTIFYING, deadline=LATE)  # overdue
    problem(VILLAGE_A, by=by, state=S.CLOSED, source=Source.AUDIT)
    problem(
        VILLAGE_A,
        by=by,
        state=S.RECTIFIED,
        category=C.WATER,
        source=Source.COMPLAINT,
        deadline=LATE,
    )
    problem(VILLAGE_A2, by=by, state=S.CLOSED)
    closed = problem(VILLAGE_A2, by=by, state=S.CLOSED, category=C.WATER, source=Source.COMPLAINT)
    problem(
        VILLAGE_A2,
        by=by,
        state=S.RECTIFYING,
        category=C.WATER,
        source=Source.COMPLAINT,
        deadline=LATER,
        reopened_from=closed,
    )
    problem(VILLAGE_A3, by=by, state=S.CLOSED)  # cleared
    problem(TOWNSHIP_A, by=by, category=C.SCHOOLING, source=Source.SELF_CHECK)  # the township's own
    problem(village_b, by=by, state=S.RECTIFYING, category=C.MEDICAL, deadline=dt.date(2026, 4, 1))
    return village_b


def county_board() -> Board:
    return board(
        Problem.objects.all(), Region.objects.get(code=COUNTY), TODAY, classes=class_names(COUNTY)
    )


def test_the_county_board_counts_each_township_most_open_first(ledger, township_b_code):
    shown = county_board()
    assert shown.overall == Tally(open=5, overdue=2, closed=3)
    first, second, *rest = shown.regions
    assert (first.code, first.tally) == (TOWNSHIP_A, Tally(open=4, overdue=1, closed=3))
    assert (second.code, second.tally) == (township_b_code, Tally(open=1, overdue=1, closed=0))
    townships = Region.objects.children_of(COUNTY).count()
    assert len(shown.regions) == townships  # those without problems too, with zeros
    assert all(row.tally == Tally() and row.tally.cleared for row in rest)
    assert [row.code for row in shown.holding_back] == [TOWNSHIP_A, township_b_code]


def test_the_county_board_counts_by_class_and_by_source(ledger):
    shown = county_board()
    assert shown.by_class == {
        C.HOUSING: Tally(open=1, overdue=1, closed=3),
        C.WATER: Tally(open=2, overdue=0, closed=0),  # the reopened problem once, open
        C.SCHOOLING: Tally(open=1),
        C.MEDICAL: Tally(open=1, overdue=1),
    }
    assert list(shown.by_class) == [C.WATER, C.HOUSING, C.SCHOOLING, C.MEDICAL]
    assert shown.by_source == {
        Source.SUPERVISION: Tally(open=2, overdue=2, closed=2),
        Source.AUDIT: Tally(closed=1),
        Source.COMPLAINT: Tally(open=2),
        Source.SELF_CHECK: Tally(open=1),
    }


def test_the_township_board_lists_its_villages_and_its_own_problems_last(ledger):
    township = Region.objects.get(code=TOWNSHIP_A)
    shown = board(Problem.objects.all(), township, TODAY, classes=class_names(TOWNSHIP_A))
    rows = {row.code: row for row in shown.regions}
    assert rows[VILLAGE_A].tally == Tally(open=2, overdue=1, closed=1)
    assert rows[VILLAGE_A2].tally == Tally(open=1, closed=1)
    assert rows[VILLAGE_A3].tally == Tally(closed=1) and rows[VILLAGE_A3].tally.cleared
    own = shown.regions[-1]
    assert own.own and own.name == "平安镇本级" and own.tally == Tally(open=1)
    assert shown.regions[0].code == VILLAGE_A
    # 清零 for a class: 兴安 has no open 住房安全 problem left, but its 安全饮水 one came back.
    assert rows[VILLAGE_A2].open_of(C.HOUSING) == 0 and rows[VILLAGE_A2].open_of(C.WATER) == 1
    assert rows[VILLAGE_A].open_of(C.HOUSING) == 1
    assert shown.cleared_regions == Region.objects.children_of(TOWNSHIP_A).count() - 2


def test_a_village_board_shows_the_village_itself(ledger):
    village = Region.objects.get(code=VILLAGE_A)
    shown = board(Problem.objects.all(), village, TODAY, classes=class_names(VILLAGE_A))
    assert [(row.code, row.tally) for row in shown.regions] == [
        (VILLAGE_A, Tally(open=2, overdue=1, closed=1))
    ]


def test_the_board_narrowed_to_a_class_says_which_townships_are_cleared_of_it(
    ledger, township_b_code
):
    housing = Problem.objects.filter(category=C.HOUSING)
    shown = board(housing, Region.objects.get(code=COUNTY), TODAY, classes=class_names(COUNTY))
    rows = {row.code: row for row in shown.regions}
    assert not rows[TOWNSHIP_A].tally.cleared and rows[township_b_code].tally.cleared


def test_the_board_takes_a_constant_number_of_queries(ledger, county_admin):
    region = Region.objects.get(code=COUNTY)
    with CaptureQueriesContext(connection) as few:
        board(Problem.objects.visible_to(county_admin), region, TODAY, classes=[])
    for village in Region.objects.children_of(TOWNSHIP_A).values_list("code", flat=True)[3:6]:
        problem(village, by=county_admin, state=S.CLOSED)
    with CaptureQueriesContext(connection) as more:
        board(Problem.objects.visible_to(county_admin), region, TODAY, classes=[])
    assert len(few) == len(more) == 2


def test_the_board_of_township_b_counts_only_its_own(ledger, township_b_admin, township_b_code):
    region = Region.objects.get(code=township_b_code)
    shown = board(Problem.objects.visible_to(township_b_admin), region, TODAY, classes=[])
    assert shown.overall == Tally(open=1, overdue=1)


def test_the_ledger_figures_count_each_problem_once(ledger):
    figures = ledger_figures(Problem.objects.within(COUNTY), TODAY)
    assert figures == {
        "problems_open": 5,
        "problems_overdue": 2,
        "problems_closed": 3,
        "villages_cleared": 1,  # 220802100003: a problem, none open
    }
    assert ledger_figures(Problem.objects.within(VILLAGE_A3), TODAY)["villages_cleared"] == 1
    assert ledger_figures(Problem.objects.within(VILLAGE_A), TODAY)["villages_cleared"] == 0


def test_a_village_without_problems_or_a_township_is_not_counted_as_cleared(county_admin):
    problem(TOWNSHIP_A, by=county_admin, state=S.CLOSED)
    assert ledger_figures(Problem.objects.all(), TODAY)["villages_cleared"] == 0


def test_the_statistics_provider_counts_the_region_as_of_today(ledger, clock):
    clock.move_to(dt.datetime(2026, 4, 15, 9))
    assert ledger_statistics(TOWNSHIP_A) == {
        "problems_open": 4,
        "problems_overdue": 1,
        "problems_closed": 3,
        "villages_cleared": 1,
    }
    assert ledger_statistics(None)["problems_open"] == 5
