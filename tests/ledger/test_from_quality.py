"""数据质量检查 → 问题台账: one problem a household with findings, never twice while open."""

from __future__ import annotations

import time

import pytest

from fupin.core.errors import Refusal
from fupin.ledger.choices import ProblemState
from fupin.ledger.errors import LedgerError
from fupin.ledger.from_quality import problems_from_quality
from fupin.ledger.models import Problem, ProblemStep
from fupin.regions.models import Region
from tests.conftest import TOWNSHIP_A, VILLAGE_A
from tests.rules.builders import household

from .walk import STEP_CALLS, People

pytestmark = pytest.mark.django_db
YEAR = 2025


def township() -> Region:
    return Region.objects.get(code=TOWNSHIP_A)


def test_each_household_with_findings_gets_one_problem_listing_them(people: People):
    household("H1", phone="12345", exit_year=2010)  # Q15 and Q10
    household("H2")
    outcome = problems_from_quality(people.township, township(), year=YEAR)
    assert (outcome.registered, outcome.already_listed) == (1, 0)
    problem = Problem.objects.get()
    assert problem.household.code == "H1" and problem.region_id == VILLAGE_A
    assert (problem.category, problem.source) == ("数据质量", "数据质量检查")
    assert problem.origin_key == "quality:H1" and problem.state == ProblemState.REGISTERED
    lines = problem.description.splitlines()
    assert any(line.startswith("Q10 脱贫年度早于识别年度") for line in lines)
    assert any(line.startswith("Q15 联系电话不是11位手机号") for line in lines)


def test_it_writes_the_step_and_history_a_single_registration_writes(people: People):
    household("H1", phone="12345")
    problems_from_quality(people.township, township(), year=YEAR)
    problem = Problem.objects.get()
    step = ProblemStep.objects.get(problem=problem)
    assert (step.step, step.from_state, step.to_state) == ("register", "", "已登记")
    assert step.actor == people.township and step.note == problem.description
    record = problem.history.get()
    assert record.history_user == people.township
    assert record.history_change_reason == "ledger.problem.register 登记问题"


def test_running_twice_adds_nothing_and_after_closing_a_new_problem(people: People):
    household("H1", phone="12345")
    problems_from_quality(people.township, township(), year=YEAR)
    again = problems_from_quality(people.township, township(), year=YEAR)
    assert (again.registered, again.already_listed) == (0, 1)
    assert Problem.objects.count() == 1
    first = Problem.objects.get()
    STEP_CALLS["set_measure"](people.village, first)
    STEP_CALLS["rectify"](people.village, first)
    STEP_CALLS["verify"](people.county, first)
    STEP_CALLS["close"](people.township, first)
    third = problems_from_quality(people.township, township(), year=YEAR)
    assert (third.registered, third.already_listed) == (1, 0)
    assert Problem.objects.open().get().origin_key == "quality:H1"


def test_member_findings_name_the_member_by_a_masked_id_number(people: People):
    import datetime as dt

    from tests.rules.builders import member

    home = household("H1")
    member(home, dt.date(1980, 5, 1), sex="女", male=True)  # Q03
    problems_from_quality(people.township, township(), year=YEAR)
    text = Problem.objects.get().description
    assert "Q03" in text and "成员 2208**********" in text


def test_the_other_township_sees_and_registers_nothing(people: People, township_b_admin):
    household("H1", phone="12345")
    with pytest.raises(LedgerError) as refused:
        problems_from_quality(township_b_admin, township(), year=YEAR)
    assert refused.value.refusal == Refusal.NOT_FOUND
    assert not Problem.objects.exists()


def test_an_inspector_registers_nothing(people: People, inspector):
    household("H1", phone="12345")
    with pytest.raises(LedgerError) as refused:
        problems_from_quality(inspector, township(), year=YEAR)
    assert refused.value.refusal == Refusal.ROLE
    assert not Problem.objects.exists()


def test_three_thousand_households_take_seconds(people: People):
    for number in range(3_000):
        household(f"P{number:05d}", phone="123")
    started = time.perf_counter()
    outcome = problems_from_quality(people.township, township(), year=YEAR)
    elapsed = time.perf_counter() - started
    assert outcome.registered == 3_000
    assert ProblemStep.objects.count() == 3_000
    print(f"from-quality: 3,000 households in {elapsed:.2f} s")
    assert elapsed < 30, elapsed
