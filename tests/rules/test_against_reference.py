"""The set-based engine equals the independent per-household reference (tests/rules/reference.py)
row for row and key for key, on a synthetic county it was not written against, with a provincial
monitoring line, at the year end and at mid-year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fupin.alerts.rules import MONITOR_COLUMNS, alert_row, alerts
from fupin.assessment.exit import ASSESS_COLUMNS, assess_rows
from fupin.assessment.villages import VILLAGE_COLUMNS, village_rows
from fupin.benefits.gaps import GAP_COLUMNS, gaps
from fupin.core.tables import cell_text
from fupin.regions.models import Region
from fupin.registry.demo import load_demo
from fupin.registry.models import Event, Grant, Household, Income, Member, VillageInfo
from fupin.reports.full_run import full_run
from fupin.reports.stats import statistics
from fupin.rules.facts import RunInputs
from fupin.standards.models import Standard
from fupin.standards.services import set_standard

from . import reference

YEAR = 2025
DATES = [dt.date(2025, 12, 31), dt.date(2025, 6, 30)]
REGION = "220802"


@pytest.fixture(scope="module")
def county(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """A county the engine was not written against: another seed, a provincial monitoring line."""
    with django_db_blocker.unblock():
        report = load_demo(REGION, scale=0.15, seed=424242)
        assert report.outcome.written
        set_standard(None, year=2024, province="22", values={"monitoring_line": Decimal("7100")})
        try:
            yield reference.load(REGION)
        finally:
            _remove_county()


def _remove_county() -> None:
    """The data was committed outside any test's transaction: take it all out again."""
    for model in (Event, Grant, Income, Member, Household, VillageInfo, Standard):
        queryset = (
            model.objects.all()
            if model is not Standard
            else model.objects.filter(province__isnull=False)
        )
        queryset.delete()
        model.history.all().delete()


def standards() -> reference.Standards:
    return reference.Standards(
        overrides={("22", 2024): {"monitoring": Decimal("7100"), "poverty": None}}
    )


def as_text(rows, columns: list[str]) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return [dict(zip(columns, (cell_text(cell) for cell in row), strict=True)) for row in rows]


def households() -> object:
    return Household.objects.within(REGION)


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", DATES)
def test_assess_equals_the_reference(county, as_of):
    run = RunInputs.of(YEAR, as_of)
    engine = as_text(assess_rows(households(), run), ASSESS_COLUMNS)
    expected = reference.assess(county, YEAR, as_of=as_of, standards=standards(), region=REGION)
    assert engine == expected
    assert len(engine) > 0


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", DATES)
def test_monitor_equals_the_reference(county, as_of):
    run = RunInputs.of(YEAR, as_of)
    engine = as_text((alert_row(a) for a in alerts(households(), run)), MONITOR_COLUMNS)
    expected = reference.monitor(county, YEAR, as_of=as_of, standards=standards(), region=REGION)
    assert engine == expected
    assert {row["规则代码"] for row in engine} >= {"M01", "M03", "M08", "M10"}


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", DATES)
def test_gaps_equal_the_reference(county, as_of):
    run = RunInputs.of(YEAR, as_of)
    engine = as_text(gaps(households(), run), GAP_COLUMNS)
    assert engine == reference.gaps(county, YEAR, as_of=as_of, standards=standards(), region=REGION)


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", DATES)
@pytest.mark.parametrize("year", [2018, YEAR])
def test_villages_equal_the_reference(county, as_of, year):
    as_of = as_of.replace(year=year)
    engine = as_text(
        village_rows(VillageInfo.objects.within(REGION), RunInputs.of(year, as_of)), VILLAGE_COLUMNS
    )
    assert engine == reference.villages(
        county, year, as_of=as_of, standards=standards(), region=REGION
    )


GRID_KEYS = (
    "households_without_helper",
    "households_with_several_helpers",
    "villages_without_leader",
    "helpers_overloaded",
)
VISIT_KEYS = ("households_visit_due", "households_never_visited")
LEDGER_KEYS = ("problems_open", "problems_overdue", "problems_closed", "villages_cleared")
PROJECT_KEYS = (
    "funds_received",
    "funds_allocated",
    "funds_spent",
    "projects_by_state",
    "works_accepted",
    "works_failed_inspection",
    "audit_lines_questioned",
    "assets_value",
    "dividends_paid",
    "households_with_dividends",
)


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", DATES)
def test_stats_equal_the_reference(county, as_of):
    engine = statistics(Region.objects.get(code=REGION), RunInputs.of(YEAR, as_of))
    # Monitoring cases and the grid are outside rules.md §7 and the reference: here there are no
    # cases and no assignments, so every registered household lacks a helper.
    cases = {key: engine.pop(key) for key in list(engine) if key.startswith("cases_")}
    assert cases == {
        "cases_open": 0,
        "cases_by_state": {},
        "cases_by_type": {},
        "cases_by_risk": {},
        "cases_overdue": 0,
    }
    grid = {key: engine.pop(key) for key in GRID_KEYS}
    open_registered = Household.objects.within(REGION).filter(
        is_registered=True, closed_on__isnull=True
    )
    assert grid["households_without_helper"] == open_registered.count() > 0
    assert grid["helpers_overloaded"] == grid["households_with_several_helpers"] == 0
    # Nobody has been visited, so every household due a visit was never visited.
    visits = {key: engine.pop(key) for key in VISIT_KEYS}
    assert visits["households_visit_due"] == visits["households_never_visited"]
    # The ledger is outside the reference too, and empty here.
    assert {key: engine.pop(key) for key in LEDGER_KEYS} == dict.fromkeys(LEDGER_KEYS, 0)
    # So are projects and funds.
    assert {key: engine.pop(key) for key in PROJECT_KEYS} == {
        "funds_received": "0.00",
        "funds_allocated": "0.00",
        "funds_spent": "0.00",
        "projects_by_state": {},
        "works_accepted": 0,
        "works_failed_inspection": 0,
        "audit_lines_questioned": 0,
        "assets_value": "0.00",
        "dividends_paid": "0.00",
        "households_with_dividends": 0,
    }
    assert engine == reference.stats(
        county, YEAR, as_of=as_of, standards=standards(), region=REGION
    )


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", DATES)
def test_the_whole_run_equals_the_reference(county, as_of):
    """The 规则运行 page's run (one fact table for every rule, village exit summed from it) writes
    what the five commands write."""
    run = RunInputs.of(YEAR, as_of)
    region = Region.objects.get(code=REGION)
    result = full_run(None, households(), VillageInfo.objects.within(REGION), region, run)
    inputs = {"as_of": as_of, "standards": standards(), "region": REGION}
    assert as_text(result.assessment, ASSESS_COLUMNS) == reference.assess(county, YEAR, **inputs)
    assert as_text(map(alert_row, result.alerts), MONITOR_COLUMNS) == reference.monitor(
        county, YEAR, **inputs
    )
    assert as_text(result.gaps, GAP_COLUMNS) == reference.gaps(county, YEAR, **inputs)
    assert as_text(result.villages, VILLAGE_COLUMNS) == reference.villages(county, YEAR, **inputs)
    assert result.statistics == statistics(region, run)
