"""Who is due a visit: intervals by category and province, the last visit, never visited, and
the households that are not on the schedule at all."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from fupin.cli import main
from fupin.grid.models import GridSettings
from fupin.monitoring.models import Case
from fupin.regions.models import Region
from fupin.registry.models import Household
from fupin.visits.due import due_counts, due_households, scheduled
from tests.grid.builders import cadre
from tests.rules.builders import household

from .visiting import visit

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)
INNER_MONGOLIA_VILLAGE = "150102001001"


def monitored(code: str, **fields) -> Household:  # type: ignore[no-untyped-def]
    ordinary = {"is_registered": False, "identified_year": None, "attribute": ""}
    home = household(code, **(ordinary | fields))
    Case.objects.create(
        household=home,
        channel="干部排查",
        state="帮扶中",
        opened_at=timezone.now(),
        decided_at=timezone.now(),
    )
    return home


def days_ago(days: int) -> dt.date:
    return DAY - dt.timedelta(days=days)


def intervals() -> dict[str, int]:
    return dict(scheduled(Household.objects.all(), DAY).values_list("code", "interval"))


def due_codes() -> list[str]:
    return list(due_households(Household.objects.all(), DAY).values_list("code", flat=True))


def test_each_category_has_its_interval_and_others_none():
    monitored("WATCHED")
    household("POOR")
    household("EXITED_RECENTLY", exit_year=2021)  # five years back from 2026: still visited
    household("EXITED_LONG_AGO", exit_year=2020)
    household("ORDINARY", is_registered=False, identified_year=None, attribute="")
    household("CLOSED", closed_on=dt.date(2025, 5, 1), closed_reason="整户死亡")
    monitored("WATCHED_CLOSED", closed_on=dt.date(2025, 5, 1), closed_reason="整户迁出")
    lead = household("LEAD", is_registered=False, identified_year=None, attribute="")
    Case.objects.create(household=lead, channel="干部排查", opened_at=timezone.now())
    assert intervals() == {"WATCHED": 30, "POOR": 90, "EXITED_RECENTLY": 90}


def test_a_registered_household_with_a_monitored_case_is_visited_as_monitored():
    monitored("BOTH", is_registered=True, identified_year=2016, attribute="一般贫困户")
    assert intervals() == {"BOTH": 30}


def test_never_visited_households_are_due_and_counted_apart():
    household("NEVER")
    visited = household("VISITED")
    visit(visited, cadre(), days_ago(10))
    assert due_codes() == ["NEVER"]
    row = due_households(Household.objects.all(), DAY).get()
    assert (row.last_visit, row.due_on, row.days_overdue) == (None, None, None)
    assert due_counts(Household.objects.all(), DAY) == {
        "households_visit_due": 1,
        "households_never_visited": 1,
    }


def test_a_monitored_household_visited_29_days_ago_is_not_due_and_31_days_ago_is():
    recent, late = monitored("RECENT"), monitored("LATE")
    helper = cadre()
    visit(recent, helper, days_ago(29))
    visit(late, helper, days_ago(31))
    visit(late, helper, days_ago(45))  # an earlier visit does not count
    assert due_codes() == ["LATE"]
    row = due_households(Household.objects.all(), DAY).get()
    assert row.last_visit == days_ago(31)
    assert row.due_on == days_ago(1)
    assert row.days_overdue == 1
    not_due = scheduled(Household.objects.filter(code="RECENT"), DAY).get()
    assert (not_due.due_on, not_due.days_overdue) == (DAY + dt.timedelta(days=1), -1)


def test_due_on_the_day_the_interval_ends():
    home = monitored("EXACT")
    visit(home, cadre(), days_ago(30))
    assert due_households(Household.objects.all(), DAY).get().days_overdue == 0


def test_a_visit_after_the_day_does_not_count_for_that_day():
    home = household("LATER")
    visit(home, cadre(), DAY + dt.timedelta(days=3))
    assert due_codes() == ["LATER"]


def test_never_visited_first_then_the_most_overdue():
    helper = cadre()
    a_little, a_lot = household("A_LITTLE"), household("A_LOT")
    visit(a_little, helper, days_ago(95))
    visit(a_lot, helper, days_ago(120))
    watched = monitored("WATCHED")
    visit(watched, helper, days_ago(50))  # 20 days over its 30
    household("NEVER")
    assert due_codes() == ["NEVER", "A_LOT", "WATCHED", "A_LITTLE"]
    assert list(
        due_households(Household.objects.all(), DAY).values_list("days_overdue", flat=True)
    ) == [None, 30, 20, 5]


def test_a_province_may_set_its_own_intervals_and_the_national_row_applies_elsewhere():
    home = household("JILIN")
    household("INNER_MONGOLIA", village=INNER_MONGOLIA_VILLAGE, exit_year=2019)
    watched = monitored("WATCHED_JILIN")
    helper = cadre()
    visit(home, helper, days_ago(70))
    visit(watched, helper, days_ago(20))
    GridSettings.objects.create(
        province=Region.objects.get(code="22"), poor_interval=60, monitored_interval=15
    )
    GridSettings.objects.create(exited_years=8)  # national: Jilin keeps the default of 5
    assert intervals() == {"JILIN": 60, "WATCHED_JILIN": 15, "INNER_MONGOLIA": 90}
    assert due_codes() == ["INNER_MONGOLIA", "JILIN", "WATCHED_JILIN"]
    GridSettings.objects.filter(province="22").update(exited_years=1)
    household("EXITED_2024", exit_year=2024)
    household("EXITED_2025", exit_year=2025)
    assert "EXITED_2024" not in intervals() and intervals()["EXITED_2025"] == 60


def test_fupin_stats_reports_due_and_never_visited_households(capsys, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False)
    household("NEVER")
    visited = household("LATE")
    visit(visited, cadre(), days_ago(100))
    household("ELSEWHERE", village="220802101200")
    with pytest.raises(SystemExit):
        main(["stats", "--year", "2025", "--region", "220802100"])
    result = json.loads(capsys.readouterr().out)
    assert result["households_visit_due"] == 2
    assert result["households_never_visited"] == 1
