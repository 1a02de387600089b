"""Return-to-poverty alerts M01–M10 (rules.md §5): when each fires, with what figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fupin.alerts.rules import alerts
from fupin.registry.models import Event, Grant, Household
from fupin.rules.facts import RunInputs
from tests.rules.builders import adults, household, income, member

pytestmark = pytest.mark.django_db
D = dt.date(2021, 12, 31)


def fired(year: int = 2021, as_of: dt.date | None = None) -> dict[str, tuple]:
    return {
        a.rule.code: (a.value, a.threshold)
        for a in alerts(Household.objects.all(), RunInputs.of(year, as_of))
    }


@pytest.fixture
def exited():
    """An exited household of two working adults, all criteria met, income well above the lines."""
    home = household("H1", exit_year=2019)
    adults(home, 2)
    income(home, 2020, 40000)
    income(home, 2021, 40000)
    return home


def test_a_secure_household_raises_nothing(exited):
    assert fired() == {}


def test_poor_households_are_left_to_the_exit_assessment(exited):
    Household.objects.filter(pk=exited.pk).update(exit_year=None, housing_grade="D级")
    assert fired() == {}


def test_ordinary_households_are_monitored_too():
    home = household("H2", is_registered=False, identified_year=None, housing_grade="C级")
    adults(home, 1)
    income(home, 2021, 30000)
    assert fired()["M08"] == ("C级", "B级")


def test_m01_fires_below_the_monitoring_line_and_not_on_it(exited):
    income_2021 = exited.incomes.get(year=2021)
    income_2021.wage_income = Decimal("11999.98")
    income_2021.save()
    assert fired()["M01"] == (Decimal("5999.99"), Decimal("6000.00"))
    income_2021.wage_income = Decimal("12000")
    income_2021.save()
    assert "M01" not in fired()


@pytest.mark.parametrize(
    ("net", "per_capita"),
    [
        ("0.01", "0.01"),  # 0.005 rounds up
        ("-0.01", "-0.01"),  # −0.005 rounds away from zero (rules.md §1)
        ("-0.02", "-0.01"),
        ("-0.03", "-0.02"),  # −0.015
        ("-1234.57", "-617.29"),  # −617.285
        ("0", "0.00"),
    ],
)
def test_m01_per_capita_income_is_rounded_half_away_from_zero(exited, net, per_capita):
    exited.incomes.filter(year=2021).update(wage_income=Decimal(net))
    assert fired()["M01"] == (Decimal(per_capita), Decimal("6000.00"))


def test_m02_fires_below_70_percent_of_last_year(exited):
    exited.incomes.filter(year=2021).update(wage_income=Decimal("27999.99"))
    assert fired()["M02"] == (Decimal("27999.99"), Decimal("28000.00"))
    exited.incomes.filter(year=2021).update(wage_income=Decimal("28000"))
    assert "M02" not in fired()


def test_m02_needs_last_year_above_zero(exited):
    exited.incomes.filter(year=2020).update(wage_income=0)
    exited.incomes.filter(year=2021).update(wage_income=100)
    assert "M02" not in fired()


def test_m03_uses_the_smaller_bar_of_10000_and_half_the_income(exited):
    # income 40,000: half is 20,000, so the bar is 10,000
    Event.objects.create(
        household=exited, event_type="医疗支出", date=dt.date(2021, 6, 1), amount=Decimal("9999.99")
    )
    assert "M03" not in fired()
    Event.objects.create(
        household=exited, event_type="医疗支出", date=dt.date(2021, 7, 1), amount=Decimal("0.01")
    )
    assert fired()["M03"] == (Decimal("10000.00"), Decimal("10000.00"))


def test_m03_bar_is_half_the_income_when_that_is_smaller(exited):
    exited.incomes.filter(year=2021).update(wage_income=Decimal("15000"))
    Event.objects.create(
        household=exited, event_type="医疗支出", date=dt.date(2021, 6, 1), amount=Decimal("7500")
    )
    assert fired()["M03"] == (Decimal("7500.00"), Decimal("7500.00"))


def test_m03_counts_only_the_365_days_up_to_the_reference_date(exited):
    Event.objects.create(
        household=exited, event_type="医疗支出", date=D - dt.timedelta(days=365), amount=20000
    )
    Event.objects.create(
        household=exited, event_type="医疗支出", date=D + dt.timedelta(days=1), amount=20000
    )
    assert "M03" not in fired()
    Event.objects.create(
        household=exited, event_type="医疗支出", date=D - dt.timedelta(days=364), amount=20000
    )
    assert fired()["M03"] == (Decimal("20000.00"), Decimal("10000.00"))


def test_m03_without_income_uses_the_amount_bar():
    home = household("H3", exit_year=2019)
    adults(home, 2)
    Event.objects.create(
        household=home, event_type="医疗支出", date=dt.date(2021, 5, 1), amount=10000
    )
    result = fired()
    assert result["M03"] == (Decimal("10000.00"), Decimal("10000.00")) and "M01" not in result


def test_m04_adds_disasters_and_accidents(exited):
    Event.objects.create(
        household=exited, event_type="自然灾害", date=dt.date(2021, 5, 1), amount=6000
    )
    Event.objects.create(
        household=exited, event_type="意外事故", date=dt.date(2021, 8, 1), amount=4000
    )
    assert fired()["M04"] == (Decimal("10000.00"), Decimal("10000.00"))


def test_m05_counts_setbacks(exited):
    Event.objects.create(household=exited, event_type="务工失业", date=dt.date(2021, 5, 1))
    Event.objects.create(household=exited, event_type="产业经营失败", date=dt.date(2021, 9, 1))
    assert fired()["M05"] == (2, 1)


def test_m06_m07_m09_count_what_fails(exited):
    member(exited, dt.date(2010, 5, 1), school_status="辍学")
    member(exited, dt.date(1980, 5, 1), medical_insured=False)
    Household.objects.filter(pk=exited.pk).update(water_quality_ok=False, water_access_ok=False)
    result = fired()
    assert result["M06"] == (1, 0) and result["M07"] == (1, 0) and result["M09"] == (2, 0)


def test_m10_no_labour_and_no_safety_net(exited):
    exited.members.update(labor="丧失劳动力")
    assert fired()["M10"] == (0, 1)
    Grant.objects.create(household=exited, policy_id="DB", year=2021, amount=3000)
    assert "M10" not in fired()


def test_m10_a_safety_net_of_another_year_does_not_count(exited):
    exited.members.update(labor="无劳动力")
    Grant.objects.create(household=exited, policy_id="TK", year=2020, amount=3000)
    assert "M10" in fired()


def test_a_provincial_monitoring_line_is_used(exited):
    from fupin.standards.services import set_standard

    set_standard(None, year=2021, province="22", values={"monitoring_line": Decimal("20001")})
    assert fired()["M01"] == (Decimal("20000.00"), Decimal("20001.00"))
