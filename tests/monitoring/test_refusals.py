"""Every illegal transition, every wrong role and every out-of-region user is refused, and a
refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.grid.models import Assignment
from fupin.monitoring.choices import CaseState
from fupin.monitoring.errors import MonitoringError, Refusal
from fupin.monitoring.models import Case
from fupin.monitoring.workflow import STEPS
from tests.conftest import VILLAGE_A, make_user
from tests.grid.builders import cadre

from . import walk

pytestmark = pytest.mark.django_db

S = CaseState

# Who may take each step (rules.md §9 and the roles of the project), 系统管理员 everywhere.
MAY_TAKE: dict[str, set[str]] = {
    "verify": {"village_admin", "helper"},
    "review": {"village_admin"},
    "not_include": {"village_admin"},
    "notice": {"village_admin"},
    "township_approve": {"township_a_admin"},
    "township_return": {"township_a_admin"},
    "county_approve": {"county_admin"},
    "add_measure": {"village_admin", "helper", "township_a_admin", "county_admin"},
    "request_elimination": {"village_admin", "township_a_admin", "county_admin"},
    "approve_elimination": {"county_admin"},
    "cancel_elimination": {"village_admin", "township_a_admin", "county_admin"},
}
PERSONAS = [
    "sysadmin",
    "county_admin",
    "township_a_admin",
    "village_admin",
    "helper",
    "inspector",
    "department",
]


def _wait(days: int) -> Callable[[Any], None]:
    return lambda clock: clock.shift(dt.timedelta(days=days))


def _after_six_months(clock: Any) -> None:
    clock.shift(dt.timedelta(days=190))
    walk.rule_run()


# Where each step is tried from, and what must have happened meanwhile (the 公示 is over, the
# six months of help have passed and a rule run found nothing).
SETTING: dict[str, tuple[walk.Position, Callable[[Any], None]]] = {
    "verify": ((S.LEAD, False), _wait(0)),
    "review": ((S.VERIFIED, False), _wait(0)),
    "not_include": ((S.VERIFIED, False), _wait(0)),
    "notice": ((S.REVIEWED, False), _wait(0)),
    "township_approve": ((S.NOTICE, False), _wait(5)),
    "township_return": ((S.NOTICE, False), _wait(0)),
    "county_approve": ((S.TOWNSHIP_APPROVED, False), _wait(0)),
    "add_measure": ((S.INCLUDED, False), _wait(0)),
    "request_elimination": ((S.HELPING, False), _after_six_months),
    "approve_elimination": ((S.NOTICE, True), _wait(5)),
    "cancel_elimination": ((S.ELIMINATION_REQUESTED, True), _wait(0)),
}


@pytest.fixture
def people(request, staff) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    found = {name: request.getfixturevalue(name) for name in PERSONAS if name != "helper"}
    found["helper"] = make_user("helper", Role.HELPER, VILLAGE_A)
    return found


def answer_for(helper: User, case: Case) -> None:
    """Make the helping cadre answer for the case's household (包户): a helper acts on their own
    households only."""
    Assignment.objects.create(
        cadre=cadre("帮扶人", region=VILLAGE_A, user=helper),
        level="包户",
        village_id=case.household.village_id,
        household=case.household,
        started_on=dt.date(2000, 1, 1),
    )


def snapshot(case: Case) -> tuple[Any, ...]:
    case.refresh_from_db()
    return (case.state, case.eliminating, case.closed_at, case.transitions.count())


def test_the_table_covers_every_step_but_opening():
    assert set(MAY_TAKE) == set(SETTING) == set(STEPS) - {"open"} == set(walk.STEP_CALLS)


@pytest.mark.parametrize("step", sorted(MAY_TAKE))
def test_only_the_right_roles_may_take_a_step(step, clock, staff, people):
    position, prepare = SETTING[step]
    refused = [name for name in PERSONAS if name not in MAY_TAKE[step] | {"sysadmin"}]
    case = walk.walk_to(position, home=walk.stable_household(), staff=staff, clock=clock)
    answer_for(people["helper"], case)
    prepare(clock)
    before = snapshot(case)
    for name in refused:
        with pytest.raises(MonitoringError) as refusal:
            walk.STEP_CALLS[step](people[name], case)
        assert refusal.value.refusal == Refusal.ROLE, name
        assert refusal.value.message.startswith("您的角色（")
    assert snapshot(case) == before


@pytest.mark.parametrize(
    ("step", "persona"),
    [
        (step, name)
        for step, names in sorted(MAY_TAKE.items())
        for name in sorted(names | {"sysadmin"})
    ],
)
def test_the_right_roles_take_the_step(step, persona, clock, staff, people):
    position, prepare = SETTING[step]
    case = walk.walk_to(position, home=walk.stable_household(), staff=staff, clock=clock)
    answer_for(people["helper"], case)
    prepare(clock)
    walk.STEP_CALLS[step](people[persona], case)
    case.refresh_from_db()
    assert case.state == STEPS[step].target


def test_a_helper_of_the_village_cannot_act_on_a_household_not_their_own(clock, staff, people):
    case = walk.walk_to((S.LEAD, False), home=walk.stable_household(), staff=staff, clock=clock)
    before = snapshot(case)
    with pytest.raises(MonitoringError) as refusal:
        walk.STEP_CALLS["verify"](people["helper"], case)
    assert refusal.value.refusal == Refusal.NOT_FOUND
    assert snapshot(case) == before


@pytest.mark.parametrize(
    "position", walk.POSITIONS, ids=lambda p: f"{p[0]}{'·消除' if p[1] else ''}"
)
def test_every_step_not_allowed_from_a_state_is_refused(position, clock, staff, sysadmin):
    case = walk.walk_to(position, home=walk.stable_household(), staff=staff, clock=clock)
    clock.shift(dt.timedelta(days=200))  # no time guard stands in the way: only the state does
    before = snapshot(case)
    illegal = [
        code for code, step in STEPS.items() if code != "open" and position not in step.sources
    ]
    assert illegal
    for code in illegal:
        with pytest.raises(MonitoringError) as refusal:
            walk.STEP_CALLS[code](sysadmin, case)
        assert refusal.value.refusal == Refusal.STATE, code
    assert snapshot(case) == before


def test_the_refusal_names_the_state_and_where_the_step_belongs(clock, staff):
    case = walk.open_lead(staff.village, walk.stable_household())
    with pytest.raises(MonitoringError) as refusal:
        walk.review(staff.village, case)
    assert refusal.value.message == "当前状态为“线索”，不能办理“民主评议”（应在“入户核实”时办理）"


def test_a_closed_case_takes_no_step_and_an_open_one_is_not_reopened(clock, staff, sysadmin):
    home = walk.stable_household()
    case = walk.walk_to((S.NOT_INCLUDED, False), home=home, staff=staff, clock=clock)
    with pytest.raises(MonitoringError, match="案件已关闭（不予纳入），不能办理“入户核实”"):
        walk.verify(sysadmin, case)
    second = walk.reopen(staff.village, case)
    with pytest.raises(MonitoringError, match="案件尚未关闭"):
        walk.reopen(staff.village, second)


def test_a_household_has_at_most_one_open_case(clock, staff):
    home = walk.stable_household()
    walk.open_lead(staff.village, home)
    with pytest.raises(MonitoringError, match="该户已有未关闭的监测案件（当前状态：线索）"):
        walk.open_lead(staff.county, home)
    assert Case.objects.filter(household=home).count() == 1


def test_the_database_refuses_a_second_open_case_too(clock, staff):
    from django.db import IntegrityError, transaction

    home = walk.stable_household()
    first = walk.open_lead(staff.village, home)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(household=home, channel=first.channel, opened_at=first.opened_at)


def test_users_of_another_township_are_told_the_case_does_not_exist(clock, staff, township_b_admin):
    case = walk.walk_to((S.NOTICE, False), home=walk.stable_household(), staff=staff, clock=clock)
    clock.shift(dt.timedelta(days=5))
    for call in walk.STEP_CALLS.values():
        with pytest.raises(MonitoringError) as refusal:
            call(township_b_admin, case)
        assert refusal.value.refusal == Refusal.NOT_FOUND
        assert refusal.value.message == "未找到该监测对象"
    with pytest.raises(MonitoringError) as refusal:
        walk.open_lead(township_b_admin, case.household)
    assert refusal.value.refusal == Refusal.NOT_FOUND


def test_a_village_user_cannot_act_for_another_village(clock, staff):
    other = make_user("other_village", Role.VILLAGE_ADMIN, "220802100002")
    case = walk.open_lead(staff.village, walk.stable_household())
    with pytest.raises(MonitoringError) as refusal:
        walk.verify(other, case)
    assert refusal.value.refusal == Refusal.NOT_FOUND


def test_a_township_role_with_a_village_scope_cannot_take_a_township_step(clock, staff):
    misplaced = make_user("misplaced", Role.TOWNSHIP_ADMIN, VILLAGE_A)
    case = walk.walk_to((S.NOTICE, False), home=walk.stable_household(), staff=staff, clock=clock)
    clock.shift(dt.timedelta(days=5))
    with pytest.raises(MonitoringError) as refusal:
        walk.township_approve(misplaced, case)
    assert refusal.value.refusal == Refusal.ROLE
