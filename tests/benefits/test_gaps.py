"""Benefits owed (rules.md §6): worked examples and boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from fupin.benefits.gaps import gaps
from fupin.registry.models import Grant, Household
from fupin.rules.facts import RunInputs
from tests.rules.builders import household, member

pytestmark = pytest.mark.django_db


def owed(year: int = 2021) -> list[tuple[str, str, str]]:
    return [
        (code, policy, person)
        for code, person, policy, _ in gaps(Household.objects.all(), RunInputs.of(year))
    ]


def test_old_age_pension_from_60_and_allowance_from_80():
    home = household("H1", exit_year=2019)
    sixty = member(home, dt.date(1961, 12, 31))
    member(home, dt.date(1962, 1, 1))  # 59 on the reference date
    eighty = member(home, dt.date(1941, 6, 1))
    assert owed() == sorted(
        [
            ("H1", "GLBT", eighty.id_number),
            ("H1", "YLJ", eighty.id_number),
            ("H1", "YLJ", sixty.id_number),
        ],
        key=lambda row: (row[0], row[2], row[1]),
    )


def test_a_grant_to_the_person_in_another_household_counts():
    home = household("H1", exit_year=2019)
    old = member(home, dt.date(1950, 1, 1))
    other = household("H2", is_registered=False, identified_year=None)
    Grant.objects.create(household=other, id_number=old.id_number, policy_id="YLJ", year=2021)
    assert owed() == []


def test_a_grant_of_another_year_does_not_count():
    home = household("H1", exit_year=2019)
    old = member(home, dt.date(1950, 1, 1))
    Grant.objects.create(household=home, id_number=old.id_number, policy_id="YLJ", year=2020)
    assert owed() == [("H1", "YLJ", old.id_number)]


def test_cjsh_needs_a_db_grant_of_the_household():
    home = household("H1", exit_year=2019)
    disabled = member(
        home, dt.date(1990, 1, 1), health="残疾", disability_grade="三级", family_doctor=True
    )
    assert owed() == []
    Grant.objects.create(household=home, id_number="", policy_id="DB", year=2021)
    assert owed() == [("H1", "CJSH", disabled.id_number)]


def test_jtys_is_decided_by_the_family_doctor_column_whatever_the_grants():
    home = household("H1", exit_year=2019)
    ill = member(home, dt.date(1990, 1, 1), health="长期慢性病", family_doctor=False)
    Grant.objects.create(household=home, id_number=ill.id_number, policy_id="JTYS", year=2021)
    assert owed() == [("H1", "JTYS", ill.id_number)]


def test_coverage_conditions_leave_out_ordinary_households():
    home = household("H1", is_registered=False, identified_year=None)
    member(
        home, dt.date(1990, 1, 1), medical_insured=False, school_status="中职", health="患有大病"
    )
    assert owed() == []


def test_jyzz_only_in_households_still_poor():
    poor = household("POOR")
    exited = household("EXITED", exit_year=2020)
    pupil = member(poor, dt.date(2012, 1, 1), school_status="小学")
    member(exited, dt.date(2012, 1, 1), school_status="小学")
    assert owed() == [("POOR", "JYZZ", pupil.id_number)]


@pytest.mark.parametrize(
    ("state", "covered"),
    [("帮扶中", True), ("已纳入", True), ("线索", False), ("入户核实", False)],
)
def test_a_monitoring_object_is_a_covered_household(state, covered):
    """§6: a household that is not registered is covered while its case is 已纳入 or 帮扶中."""
    from django.utils import timezone

    from fupin.monitoring.models import Case

    home = household("H1", is_registered=False, identified_year=None)
    person = member(home, dt.date(1990, 1, 1), medical_insured=False, family_doctor=True)
    Case.objects.create(household=home, state=state, channel="干部排查", opened_at=timezone.now())
    assert owed() == ([("H1", "YBZZ", person.id_number)] if covered else [])
