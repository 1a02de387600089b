"""Exit assessment E1–E7 (rules.md §3): the worked examples and the boundaries of §1."""

from __future__ import annotations

import datetime as dt

import pytest

from fupin.assessment.exit import assess_rows
from fupin.registry.models import Household
from fupin.rules.facts import RunInputs, latest_birth_for_age
from tests.rules.builders import adults, household, income, member

pytestmark = pytest.mark.django_db


def assessed(year: int = 2020, as_of: dt.date | None = None) -> dict[str, list]:
    return {row[0]: row for row in assess_rows(Household.objects.all(), RunInputs.of(year, as_of))}


def verdict(row: list) -> tuple:  # per-capita, E1, all pass, failing
    return (row[2], row[4], row[11], row[12])


@pytest.mark.parametrize(
    ("net", "per_capita", "e1"),
    [("11700", "3900.00", False), ("12003", "4001.00", True), ("12000", "4000.00", False)],
)
def test_the_worked_example_of_three_members(net, per_capita, e1):
    home = household("H1")
    adults(home, 3)
    income(home, 2020, net)
    row = assessed()["H1"]
    assert str(row[2]) == per_capita and row[3] == 4000 and row[4] is e1
    assert row[11] is e1 and row[12] == ("" if e1 else "E1")


def test_a_member_who_dies_after_the_reference_date_still_counts():
    home = household("H1")
    adults(home, 2)
    member(home, dt.date(1940, 1, 1), member_status="死亡", status_date=dt.date(2021, 1, 5))
    income(home, 2020, "12003")
    assert assessed()["H1"][2] == pytest.approx(4001)


def test_a_member_who_died_before_the_reference_date_does_not_count():
    home = household("H1")
    adults(home, 2)
    member(home, dt.date(1940, 1, 1), member_status="死亡", status_date=dt.date(2020, 12, 31))
    income(home, 2020, "12003")
    assert str(assessed()["H1"][2]) == "6001.50"


def test_a_child_born_after_the_reference_date_is_not_yet_a_member():
    home = household("H1")
    adults(home, 2)
    member(home, dt.date(2021, 1, 1))
    income(home, 2020, "8002")
    assert str(assessed()["H1"][2]) == "4001.00"


def test_a_household_without_income_row_fails_e1_with_blank_income():
    home = household("H1")
    adults(home, 1)
    row = assessed()["H1"]
    assert row[2] is None and row[4] is False and row[12] == "E1"


def test_only_households_poor_at_the_end_of_the_year_are_assessed():
    for code, fields in [
        ("POOR", {}),
        ("EXITED", {"exit_year": 2020}),
        ("LATER", {"identified_year": 2021}),
        ("ORDINARY", {"is_registered": False, "identified_year": None}),
        ("EXIT-NEXT", {"exit_year": 2021}),
    ]:
        adults(household(code, **fields), 1)
    empty = household("EMPTY")
    member(empty, dt.date(1950, 1, 1), member_status="迁出", status_date=dt.date(2019, 1, 1))
    assert sorted(assessed()) == ["EXIT-NEXT", "POOR"]


@pytest.mark.parametrize(
    ("birth", "status", "passes"),
    [
        (dt.date(2014, 12, 31), "辍学", False),  # 6 on the reference date
        (dt.date(2015, 1, 1), "辍学", True),  # 5
        (dt.date(2005, 1, 1), "非在校生", False),  # 15
        (dt.date(2004, 12, 31), "非在校生", True),  # 16
        (dt.date(2010, 6, 1), "送教上门", True),
        (dt.date(2010, 6, 1), "小学", True),
    ],
)
def test_e4_compulsory_education_ages_6_to_15(birth, status, passes):
    home = household("H1")
    adults(home, 1)
    member(home, birth, school_status=status)
    income(home, 2020, 100000)
    assert assessed()["H1"][7] is passes


def test_e4_for_a_child_born_on_29_february():
    home = household("H1")
    adults(home, 1)
    member(home, dt.date(2008, 2, 29), school_status="辍学")
    income(home, 2023, 100000)
    # 15 until 28 February 2024 inclusive... 2024 is leap: 16 on 29 February 2024.
    assert assessed(2023, dt.date(2024, 2, 28))["H1"][7] is False
    assert assessed(2023, dt.date(2024, 2, 29))["H1"][7] is True


def test_the_29_february_bound_in_a_non_leap_year():
    assert latest_birth_for_age(1, dt.date(2021, 2, 28)) == dt.date(2020, 2, 28)
    assert latest_birth_for_age(1, dt.date(2021, 3, 1)) == dt.date(2020, 3, 1)
    assert latest_birth_for_age(4, dt.date(2024, 2, 29)) == dt.date(2020, 2, 29)


def test_e5_needs_every_active_member_insured():
    home = household("H1")
    adults(home, 1)
    member(home, dt.date(1990, 1, 1), medical_insured=False, employee_insured=True)
    income(home, 2020, 100000)
    assert assessed()["H1"][8] is True
    member(home, dt.date(1991, 1, 1), medical_insured=False, employee_insured=False)
    assert assessed()["H1"][8] is False


@pytest.mark.parametrize(
    ("fields", "passes"),
    [
        ({"housing_grade": "C级"}, False),
        ({"housing_grade": "D级", "housing_renovated": True}, True),
        ({"housing_grade": "C级", "relocated": True}, True),
        ({"housing_grade": "B级"}, True),
    ],
)
def test_e6_housing(fields, passes):
    home = household("H1", **fields)
    adults(home, 1)
    assert assessed()["H1"][9] is passes


def test_e2_e3_e7_and_the_list_of_failures_in_order():
    home = household("H1", food_secure=False, water_supply_ok=False)
    adults(home, 1)
    row = assessed()["H1"]
    assert (row[5], row[6], row[10]) == (False, True, False)
    assert row[12] == "E1、E2、E7"


def test_a_provincial_poverty_line_applies_to_its_households():
    from decimal import Decimal

    from fupin.standards.services import set_standard

    set_standard(None, year=2020, province="22", values={"poverty_line": Decimal("4100")})
    home = household("H1")
    adults(home, 3)
    income(home, 2020, "12003")
    row = assessed()["H1"]
    assert row[3] == 4100 and row[4] is False
