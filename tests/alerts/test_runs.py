"""Stored alert runs: rerunning replaces, and every alert names its standard."""

from __future__ import annotations

import datetime as dt

import pytest

from fupin.alerts.models import Alert, RuleRun
from fupin.alerts.runs import store_run
from fupin.registry.models import Household
from fupin.rules.facts import RunInputs
from tests.rules.builders import adults, household, income

pytestmark = pytest.mark.django_db


def test_running_again_with_the_same_inputs_replaces_the_alerts():
    home = household("H1", exit_year=2019, housing_grade="C级")
    adults(home, 1)
    income(home, 2021, 5000)
    run = RuleRun.objects.none()
    for _ in range(2):
        run, found = store_run(None, Household.objects.all(), RunInputs.of(2021), region="220802")
    assert RuleRun.objects.count() == 1 and Alert.objects.count() == 2 == len(found)
    m01 = Alert.objects.get(rule_code="M01")
    assert (m01.value, m01.threshold, m01.standard) == (
        "5000.00",
        "6000.00",
        "防返贫监测范围 6000.00（全国2021年）",
    )
    assert run.counts == {"M01": 1, "M08": 1} and run.households_alerted == 1
    assert run.standards["22"]["poverty_line"] == {"value": "4000.00", "source": "全国2021年"}


def test_another_reference_date_is_another_run():
    home = household("H1", exit_year=2019, housing_grade="C级")
    adults(home, 1)
    store_run(None, Household.objects.all(), RunInputs.of(2021), region=None)
    store_run(None, Household.objects.all(), RunInputs.of(2021, dt.date(2021, 6, 30)), region=None)
    assert RuleRun.objects.count() == 2 and Alert.objects.count() == 2


def test_alerts_are_scoped_like_households(township_a_admin, township_b_admin):
    home = household("H1", exit_year=2019, housing_grade="C级")
    adults(home, 1)
    store_run(None, Household.objects.all(), RunInputs.of(2021), region=None)
    assert Alert.objects.visible_to(township_a_admin).count() == 1
    assert Alert.objects.visible_to(township_b_admin).count() == 0
