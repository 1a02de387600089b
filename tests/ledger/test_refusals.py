"""Every step refused where the table says so, in the order region, role, state, input, and a
refusal writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from fupin.core.errors import Refusal
from fupin.ledger import services
from fupin.ledger.choices import ProblemState
from fupin.ledger.errors import LedgerError
from fupin.ledger.workflow import STEPS

from .walk import DEADLINE, STEP_CALLS, People, photo, register, walk_to

pytestmark = pytest.mark.django_db
S = ProblemState
# The states a village problem is walked to, and the steps that may be taken from each.
STATES = [S.REGISTERED, S.RECTIFYING, S.RECTIFIED, S.VERIFIED, S.CLOSED]


def everything() -> dict[str, int]:
    """The row count of every table, history tables included: a write of any kind shows."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def refused(call, *args, **values) -> LedgerError:  # type: ignore[no-untyped-def]
    before = everything()
    with pytest.raises(LedgerError) as caught:
        call(*args, **values)
    assert everything() == before
    return caught.value


def a_state_it_starts_from(code: str) -> str:
    return S.REGISTERED if code == "register" else sorted(STEPS[code].sources)[0]


ILLEGAL = [
    (state, code)
    for state in STATES
    for code, step in STEPS.items()
    if code != "register" and state not in step.sources
]


@pytest.mark.parametrize(("state", "code"), ILLEGAL)
def test_a_step_from_a_state_it_does_not_start_from_is_refused(people, sysadmin, state, code):
    problem = walk_to(state, people)
    error = refused(STEP_CALLS[code], sysadmin, problem)
    assert error.refusal == Refusal.STATE, error.message
    assert f"当前状态为“{state}”" in error.message


@pytest.mark.parametrize("code", sorted(STEPS))
def test_the_other_townships_admin_finds_no_problem_of_township_a(people, township_b_admin, code):
    problem = walk_to(a_state_it_starts_from(code), people)
    error = refused(STEP_CALLS[code], township_b_admin, problem)
    assert error.refusal == Refusal.NOT_FOUND


@pytest.mark.parametrize("code", sorted(STEPS))
@pytest.mark.parametrize("who", ["inspector", "department"])
def test_the_inspector_and_the_department_change_nothing(people, request, who, code):
    problem = walk_to(a_state_it_starts_from(code), people)
    error = refused(STEP_CALLS[code], request.getfixturevalue(who), problem)
    assert error.refusal == Refusal.ROLE


def test_a_helping_cadre_rectifies_only_what_they_answer_for(people: People, county_admin):
    problem = walk_to(S.RECTIFYING, people)
    problem.responsible_cadre = None
    problem.save()
    assert refused(STEP_CALLS["rectify"], people.helper, problem).refusal == Refusal.NOT_FOUND


def test_a_helping_cadre_sets_no_measure(people: People):
    problem = walk_to(S.REGISTERED, people)
    assert refused(STEP_CALLS["set_measure"], people.helper, problem).refusal == Refusal.ROLE


# --- Four eyes ---------------------------------------------------------------------------------


def test_the_rectifier_can_neither_verify_nor_send_back_nor_close(people: People):
    problem = walk_to(S.RECTIFYING, people)
    STEP_CALLS["rectify"](people.township, problem)
    for code in ("verify", "send_back"):
        error = refused(STEP_CALLS[code], people.township, problem)
        assert error.refusal == Refusal.ROLE and "须由他人核验和销号" in error.message
    STEP_CALLS["verify"](people.village, problem)
    error = refused(STEP_CALLS["close"], people.township, problem)
    assert error.refusal == Refusal.ROLE
    STEP_CALLS["close"](people.county, problem)


def test_a_rectification_sent_back_still_bars_its_recorder(people: People):
    problem = walk_to(S.RECTIFYING, people)
    STEP_CALLS["rectify"](people.village, problem)
    STEP_CALLS["send_back"](people.township, problem)
    STEP_CALLS["rectify"](people.helper, problem)
    assert refused(STEP_CALLS["verify"], people.village, problem).refusal == Refusal.ROLE


# --- Who closes ----------------------------------------------------------------------------------


def test_a_village_problem_is_not_closed_by_the_village(people: People):
    problem = walk_to(S.VERIFIED, people)
    error = refused(STEP_CALLS["close"], people.village, problem)
    assert error.refusal == Refusal.ROLE


@pytest.mark.parametrize("closer", ["township_a_admin", "county_admin", "sysadmin"])
def test_a_village_problem_is_closed_by_an_office_above(people, request, closer):
    problem = walk_to(S.VERIFIED, people)
    STEP_CALLS["close"](request.getfixturevalue(closer), problem)
    problem.refresh_from_db()
    assert problem.state == S.CLOSED


def _verified(actor, code: str, verifier):  # type: ignore[no-untyped-def]
    """A problem of ``code`` registered, measured and rectified by ``actor``."""
    problem = register(actor, code)
    services.set_measure(actor, problem, measure="整改", deadline=DEADLINE, responsible_unit="单位")
    services.record_rectification(actor, problem, done="已整改", uploads=[photo()])
    services.verify(verifier, problem, finding="属实")
    return problem


def test_a_township_problem_is_not_closed_by_the_township(people, sysadmin):
    problem = _verified(people.township, "220802100", sysadmin)
    assert refused(STEP_CALLS["close"], people.township, problem).refusal == Refusal.ROLE
    STEP_CALLS["close"](people.county, problem)


def test_a_county_problem_is_closed_by_a_system_administrator_only(people, sysadmin):
    problem = _verified(people.county, "220802", sysadmin)
    assert refused(STEP_CALLS["close"], people.county, problem).refusal == Refusal.ROLE
    STEP_CALLS["close"](sysadmin, problem)


def test_reopening_is_for_an_office_above_too_and_only_once(people: People):
    problem = walk_to(S.CLOSED, people)
    assert refused(STEP_CALLS["reopen"], people.village, problem).refusal == Refusal.ROLE
    STEP_CALLS["reopen"](people.township, problem)
    error = refused(STEP_CALLS["reopen"], people.county, problem)
    assert error.refusal == Refusal.STATE and "已重新整改" in error.message


# --- Input ---------------------------------------------------------------------------------------


def test_a_deadline_is_extended_only_with_a_reason_and_to_a_later_day(people: People):
    problem = walk_to(S.RECTIFYING, people)
    later = DEADLINE + dt.timedelta(days=10)
    for reason, deadline in (
        ("  ", later),
        ("雨季", DEADLINE),
        ("雨季", DEADLINE - dt.timedelta(1)),
    ):
        error = refused(
            services.extend_deadline, people.village, problem, deadline=deadline, reason=reason
        )
        assert error.refusal == Refusal.INPUT, error.message

    step = services.extend_deadline(people.village, problem, deadline=later, reason="雨季施工")

    problem.refresh_from_db()
    assert problem.deadline == later and problem.state == S.RECTIFYING
    assert (step.step, step.note, step.deadline_before, step.deadline_after) == (
        "extend_deadline",
        "雨季施工",
        DEADLINE,
        later,
    )


def test_a_measure_needs_an_owner_and_a_deadline_not_in_the_past(people: People):
    problem = register(people.village)
    for values in (
        {"measure": "整改", "deadline": DEADLINE},  # no unit, no cadre
        {"measure": "整改", "deadline": dt.date(2026, 3, 1), "responsible_unit": "村委会"},
        {"measure": " ", "deadline": DEADLINE, "responsible_unit": "村委会"},
    ):
        error = refused(services.set_measure, people.village, problem, **values)
        assert error.refusal == Refusal.INPUT, error.message


def test_a_rectification_needs_what_was_done_and_evidence(people: People):
    problem = walk_to(S.RECTIFYING, people)
    for done, uploads in (("已整改", []), ("", [photo()])):
        error = refused(
            services.record_rectification, people.helper, problem, done=done, uploads=uploads
        )
        assert error.refusal == Refusal.INPUT, error.message


def test_registering_checks_its_values(people: People, sysadmin):
    for values in (
        {"category": "卫生"},
        {"source": "网上"},
        {"severity": "轻微"},
        {"description": ""},
    ):
        error = refused(register, people.village, "220802100001", **values)
        assert error.refusal == Refusal.INPUT, error.message
    error = refused(register, people.county, "22")
    assert error.refusal == Refusal.NOT_FOUND  # the province lies outside the county's region
    error = refused(register, sysadmin, "22")
    assert error.refusal == Refusal.INPUT and "县、乡镇或村" in error.message
