"""Coverage checks: exactly one active helper per household that needs one, a leader per village
with such households, helpers above the province's limit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fupin.grid.coverage import coverage, coverage_statistics
from fupin.grid.limits import limits_for
from fupin.grid.models import Assignment, GridSettings
from fupin.monitoring.models import Case
from fupin.regions.models import Region
from fupin.registry.models import Household
from tests.rules.builders import household
from tests.test_cli import run

from .builders import cadre

pytestmark = pytest.mark.django_db
VILLAGE = "220802100001"
TODAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False)


def helps(who, home, *, started_on=dt.date(2025, 1, 1), ended_on=None) -> Assignment:  # type: ignore[no-untyped-def]
    return Assignment.objects.create(
        cadre=who,
        level="包户",
        village_id=home.village_id,
        household=home,
        started_on=started_on,
        ended_on=ended_on,
    )


def leads(who, village=VILLAGE) -> Assignment:  # type: ignore[no-untyped-def]
    return Assignment.objects.create(
        cadre=who, level="包村", village_id=village, started_on=dt.date(2025, 1, 1)
    )


def findings() -> dict[str, int]:
    return coverage(Household.objects.all(), Assignment.objects.all(), TODAY).counts()


def test_a_household_with_no_helper_one_helper_and_two_helpers():
    alone, covered, crowded = household("ALONE"), household("COVERED"), household("CROWDED")
    first, second = cadre("甲"), cadre("乙")
    helps(first, covered)
    helps(first, crowded)
    helps(second, crowded)
    found = coverage(Household.objects.all(), Assignment.objects.all(), TODAY)
    assert [h.code for h in found.without_helper] == ["ALONE"]
    assert [h.code for h in found.several_helpers] == ["CROWDED"]
    assert alone.pk not in {h.pk for h in found.several_helpers}


def test_an_ended_assignment_no_longer_covers_and_a_future_one_not_yet():
    ended, future = household("ENDED"), household("FUTURE")
    helps(cadre(), ended, ended_on=TODAY)  # ends today: not responsible from today
    helps(cadre(), future, started_on=TODAY + dt.timedelta(days=1))
    assert findings()["households_without_helper"] == 2
    Assignment.objects.filter(household=ended).update(ended_on=TODAY + dt.timedelta(days=1))
    assert findings()["households_without_helper"] == 1


def test_ordinary_and_closed_households_need_no_helper_unless_a_case_is_open():
    household("ORDINARY", is_registered=False, identified_year=None, attribute="")
    household("CLOSED", closed_on=dt.date(2025, 5, 1), closed_reason="整户死亡")
    assert findings()["households_without_helper"] == 0
    monitored = household("WATCHED", is_registered=False, identified_year=None, attribute="")
    Case.objects.create(household=monitored, channel="干部排查", opened_at=timezone.now())
    assert findings()["households_without_helper"] == 1


def test_a_village_with_households_that_need_help_needs_a_leader():
    home = household("POOR")
    helps(cadre(), home)
    assert findings()["villages_without_leader"] == 1
    leads(cadre("李书记", kind="乡镇领导"))
    assert findings()["villages_without_leader"] == 0
    assert coverage_statistics("220802100")["villages_without_leader"] == 0


def test_helpers_above_the_limit_are_flagged_and_the_province_may_raise_it():
    busy, calm = cadre("忙"), cadre("闲")
    for number in range(11):
        helps(busy, household(f"B{number:02d}"))
    for number in range(10):
        helps(calm, household(f"C{number:02d}"))
    found = coverage(Household.objects.all(), Assignment.objects.all(), TODAY)
    assert [(row["cadre_id"], row["households"]) for row in found.overloaded] == [(busy.pk, 11)]
    GridSettings.objects.create(province=Region.objects.get(code="22"), helper_limit=12)
    assert findings()["helpers_overloaded"] == 0
    GridSettings.objects.create(helper_limit=5)  # national: the province's own value still wins
    assert findings()["helpers_overloaded"] == 0


def test_stats_of_a_region_count_only_inside_it():
    household("HERE")
    household("THERE", village="220802101200")
    assert coverage_statistics(VILLAGE)["households_without_helper"] == 1
    assert coverage_statistics("220802")["households_without_helper"] == 2
    assert coverage_statistics(None)["households_without_helper"] == 2


def test_grid_settings_command_sets_a_province_and_falls_back_when_cleared(capsys):
    code, out, _ = run(capsys, "grid", "settings", "--province", "22", "--helper-limit", "15")
    assert code == 0 and "helper_limit            15" in out
    assert limits_for("22").helper_limit == 15 and limits_for("15").helper_limit == 10
    code, out, _ = run(capsys, "grid", "settings", "--province", "22", "--clear", "helper_limit")
    assert code == 0 and "helper_limit            10" in out
    code, _, err = run(capsys, "grid", "settings", "--poor-interval", "400")
    assert code != 0 and "1 到 366" in err
