"""A problem from 登记 to 销号, each step kept with who, when and why."""

from __future__ import annotations

import datetime as dt

import pytest

from fupin.core.history import history_of
from fupin.ledger import services
from fupin.ledger.choices import ProblemState
from fupin.ledger.models import Problem, ProblemAttachment

from .walk import DEADLINE, STEP_CALLS, photo, register

pytestmark = pytest.mark.django_db
S = ProblemState


def test_a_problem_passes_every_step_to_closing(people):
    problem = register(people.village, responsible_cadre=people.cadre)
    assert problem.state == S.REGISTERED and problem.registered_by == people.village

    STEP_CALLS["set_measure"](people.village, problem)
    STEP_CALLS["rectify"](people.helper, problem)
    STEP_CALLS["verify"](people.village, problem)
    STEP_CALLS["close"](people.township, problem)

    problem.refresh_from_db()
    assert problem.state == S.CLOSED and problem.closed_at is not None
    assert problem.measure == "更换屋面防水层" and problem.deadline == DEADLINE
    assert (problem.rectified_by, problem.verified_by, problem.closed_by) == (
        people.helper,
        people.village,
        people.township,
    )
    steps = list(problem.steps.values_list("step", "from_state", "to_state", "actor"))
    assert steps == [
        ("register", "", S.REGISTERED, people.village.pk),
        ("set_measure", S.REGISTERED, S.RECTIFYING, people.village.pk),
        ("rectify", S.RECTIFYING, S.RECTIFIED, people.helper.pk),
        ("verify", S.RECTIFIED, S.VERIFIED, people.village.pk),
        ("close", S.VERIFIED, S.CLOSED, people.township.pk),
    ]
    evidence = ProblemAttachment.objects.get()
    assert evidence.step.step == "rectify" and evidence.content_type == "image/jpeg"
    assert not evidence.file.name.endswith("整改后.jpg")  # a name of our own on disk
    reasons = list(
        history_of(problem).order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons[0] == "ledger.problem.register 登记问题"
    assert reasons[-1] == "ledger.problem.close 销号"
    assert history_of(problem).latest("history_id").history_user == people.township


def test_sent_back_the_problem_is_rectified_again(people):
    problem = register(people.village, responsible_cadre=people.cadre)
    STEP_CALLS["set_measure"](people.village, problem)
    STEP_CALLS["rectify"](people.helper, problem)
    STEP_CALLS["send_back"](people.village, problem)
    problem.refresh_from_db()
    assert problem.state == S.RECTIFYING
    assert problem.steps.last().note == "墙角仍有渗水"

    STEP_CALLS["rectify"](people.helper, problem)
    STEP_CALLS["verify"](people.village, problem)
    STEP_CALLS["send_back"](people.township, problem)  # the closing office disagrees
    problem.refresh_from_db()
    assert problem.state == S.RECTIFYING and problem.verified_by is None


def test_a_township_problem_is_closed_by_the_county(people, township_a_admin, county_admin):
    problem = register(township_a_admin, "220802100", category="项目资金", source="审计")
    services.set_measure(
        township_a_admin, problem, measure="追回资金", deadline=DEADLINE, responsible_unit="财政所"
    )
    services.record_rectification(township_a_admin, problem, done="已追回", uploads=[photo()])
    services.verify(county_admin, problem, finding="属实")
    services.close(county_admin, problem)
    problem.refresh_from_db()
    assert problem.state == S.CLOSED


def test_reopening_a_closed_problem_starts_a_new_one_in_rectification(people, clock):
    closed = register(people.village, responsible_cadre=people.cadre)
    for code, actor in (
        ("set_measure", people.village),
        ("rectify", people.helper),
        ("verify", people.village),
        ("close", people.township),
    ):
        STEP_CALLS[code](actor, closed)
    clock.shift(dt.timedelta(days=3))

    again = STEP_CALLS["reopen"](people.township, closed)

    closed.refresh_from_db()
    assert closed.state == S.CLOSED and closed.closed_by == people.township
    assert again.reopened_from == closed and again.state == S.RECTIFYING
    assert again.measure == "重新修缮" and again.deadline == DEADLINE
    assert again.rectified_by is None and again.responsible_cadre == people.cadre
    assert list(again.steps.values_list("step", "from_state", "to_state", "note")) == [
        ("reopen", S.CLOSED, S.RECTIFYING, "复查发现再次漏雨")
    ]
    assert Problem.objects.open().get() == again
