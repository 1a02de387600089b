"""系统预警 leads: one per alerted household without an open case, with the alerts' figures,
deduplicated across reruns; right after the first `fupin monitor` on fresh data, `cases_open`
equals `households_alerted`."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fupin.cli import main
from fupin.monitoring.choices import CaseState, Channel
from fupin.monitoring.leads import leads_from_run
from fupin.monitoring.models import Case
from fupin.registry.models import Event, Household
from tests.rules.builders import adults, household, income

from . import walk

pytestmark = pytest.mark.django_db


def test_a_household_with_several_alerts_gets_one_lead_with_every_figure(clock):
    home = walk.alerted_household(housing_grade="C级")
    run = walk.rule_run()
    lead = Case.objects.get()
    assert (lead.household, lead.channel, lead.state) == (
        home,
        Channel.SYSTEM_ALERT,
        CaseState.LEAD,
    )
    assert lead.rule_run == run and lead.opened_by is None and lead.opened_at == walk.START
    assert lead.alert_figures == [
        {
            "rule_code": "M01",
            "rule_name": "收入低于监测范围",
            "value": "4000.00",
            "threshold": "6000.00",
            "standard": "防返贫监测范围 6000.00（全国2021年）",
        },
        {
            "rule_code": "M08",
            "rule_name": "住房不安全",
            "value": "C级",
            "threshold": "B级",
            "standard": "",
        },
    ]
    assert (
        lead.note
        == "规则运行预警：M01 收入低于监测范围（4000.00 / 6000.00）、M08 住房不安全（C级 / B级）"
    )
    opening = lead.transitions.get()
    assert (opening.action, opening.actor, opening.to_state) == ("open", None, CaseState.LEAD)
    assert (opening.at, opening.reason, opening.data) == (
        lead.opened_at,
        lead.note,
        {"rule_run": run.pk},
    )
    assert lead.history.get().history_change_reason == "monitoring.case.open 系统预警"


def test_rerunning_opens_no_second_lead(clock):
    walk.alerted_household()
    run = walk.rule_run()
    clock.shift(dt.timedelta(days=1))
    walk.rule_run()
    walk.rule_run(region="22")  # another run over a containing region
    assert Case.objects.count() == 1
    assert leads_from_run(run) == 0


def test_households_with_an_open_case_or_no_alert_get_no_lead(clock, staff):
    manual = walk.alerted_household("H1")
    walk.open_lead(staff.village, manual)
    walk.stable_household("H2")
    walk.alerted_household("H3")
    walk.rule_run()
    assert sorted(c.household.code + c.channel for c in Case.objects.all()) == [
        "H1干部排查",
        "H3系统预警",
    ]


def test_a_closed_case_does_not_stop_a_new_lead(clock, staff):
    home = walk.alerted_household()
    walk.rule_run()
    lead = Case.objects.get()
    walk.verify(staff.village, lead)
    walk.not_included(staff.village, lead)
    clock.shift(dt.timedelta(days=30))
    walk.rule_run()
    assert Case.objects.open().get(household=home).channel == Channel.SYSTEM_ALERT
    assert Case.objects.filter(household=home).count() == 2


def test_a_closed_household_gets_no_lead(clock):
    home = walk.alerted_household()
    Household.objects.filter(pk=home.pk).update(closed_on=dt.date(2026, 1, 1))
    walk.rule_run()
    assert not Case.objects.exists()


def stats(capsys, *argv: str) -> dict:  # type: ignore[type-arg]
    with pytest.raises(SystemExit) as exit_:
        main(["stats", *argv])
    assert exit_.value.code == 0
    return json.loads(capsys.readouterr().out)


def test_after_the_first_monitor_open_cases_equal_households_alerted(clock, capsys, tmp_path):
    for number in range(6):
        home = household(f"H{number}", exit_year=2019, housing_grade="C级" if number % 2 else "A级")
        adults(home, 2)
        income(home, 2025, 8_000 if number < 3 else 30_000)
    Event.objects.create(
        household=Household.objects.get(code="H5"), event_type="务工失业", date=dt.date(2025, 6, 1)
    )
    with pytest.raises(SystemExit):
        main(["monitor", "--year", "2025", "--region", "220802", "--out", str(tmp_path / "m.csv")])
    capsys.readouterr()
    figures = stats(capsys, "--year", "2025", "--region", "220802")
    assert figures["households_alerted"] == 5
    assert figures["cases_open"] == figures["households_alerted"]
    assert figures["cases_by_state"] == {"线索": 5}
    assert figures["cases_by_type"] == {} and figures["cases_by_risk"] == {}
    assert figures["cases_overdue"] == 0
    township = stats(capsys, "--year", "2025", "--region", "220802100")
    assert township["cases_open"] == township["households_alerted"] == 5
