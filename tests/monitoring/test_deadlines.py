"""Deadlines with a controlled clock: 15 days from lead to decision (overdue, due soon), 公示 of at
least 5 days, 风险消除 not before 6 months of help; and the inbox of each role."""

from __future__ import annotations

import datetime as dt

import pytest

from fupin.core.dates import add_months
from fupin.monitoring import deadlines
from fupin.monitoring.choices import CaseState
from fupin.monitoring.errors import MonitoringError

from . import walk

pytestmark = pytest.mark.django_db

S = CaseState
DAY = dt.timedelta(days=1)


def test_a_lead_is_due_soon_with_three_days_left_and_overdue_after_fifteen(clock, staff):
    case = walk.open_lead(staff.village, walk.stable_household())
    clock.shift(11 * DAY)
    assert list(deadlines.due_soon(staff.county)) == []
    assert deadlines.days_left(case) == 4
    clock.shift(DAY)
    assert list(deadlines.due_soon(staff.county)) == [case]
    clock.shift(3 * DAY)  # exactly 15 days: still in time
    assert list(deadlines.due_soon(staff.county)) == [case]
    assert list(deadlines.overdue(staff.county)) == []
    clock.shift(dt.timedelta(seconds=1))
    assert list(deadlines.overdue(staff.county)) == [case]
    assert list(deadlines.due_soon(staff.county)) == []
    assert deadlines.days_left(case) == -1


def test_a_decision_stops_the_clock(clock, staff):
    included = walk.walk_to(
        (S.INCLUDED, False), home=walk.stable_household("H1"), staff=staff, clock=clock
    )
    refused = walk.walk_to(
        (S.NOT_INCLUDED, False), home=walk.stable_household("H2"), staff=staff, clock=clock
    )
    clock.shift(30 * DAY)
    assert list(deadlines.overdue(staff.county)) == []
    assert deadlines.days_left(included) is None and deadlines.days_left(refused) is None


def test_overdue_lists_are_scoped(clock, staff, township_b_admin, inspector):
    walk.open_lead(staff.village, walk.stable_household())
    clock.shift(16 * DAY)
    assert deadlines.overdue(township_b_admin).count() == 0
    assert deadlines.overdue(inspector).count() == 1  # reading is allowed, acting is not


def test_township_review_waits_for_five_full_days_of_notice(clock, staff):
    case = walk.walk_to((S.NOTICE, False), home=walk.stable_household(), staff=staff, clock=clock)
    assert (case.notice_start, case.notice_end) == (dt.date(2026, 3, 2), dt.date(2026, 3, 6))
    assert deadlines.notice_over_on(case) == dt.date(2026, 3, 7)
    clock.shift(4 * DAY + dt.timedelta(hours=14))  # 2026-03-06 23:00 in Beijing
    with pytest.raises(
        MonitoringError, match="公示未满期（2026-03-02 至 2026-03-06），2026-03-07 起"
    ):
        walk.township_approve(staff.township, case)
    clock.shift(dt.timedelta(hours=1))  # midnight in Beijing
    walk.township_approve(staff.township, case)


def test_a_longer_notice_is_kept_to_its_end(clock, staff):
    case = walk.walk_to((S.REVIEWED, False), home=walk.stable_household(), staff=staff, clock=clock)
    walk.notice(staff.village, case, ends_on=dt.date(2026, 3, 9))
    clock.shift(6 * DAY)
    with pytest.raises(MonitoringError, match="2026-03-10 起方可办理"):
        walk.township_approve(staff.township, case)


def test_a_notice_shorter_than_five_days_is_refused(clock, staff):
    case = walk.walk_to((S.REVIEWED, False), home=walk.stable_household(), staff=staff, clock=clock)
    with pytest.raises(
        MonitoringError, match="公示期至少5天（2026-03-02 至 2026-03-05 只有 4 天）"
    ):
        walk.notice(staff.village, case, ends_on=dt.date(2026, 3, 5))


def test_the_elimination_notice_also_lasts_five_days(clock, staff):
    case = walk.walk_to((S.NOTICE, True), home=walk.stable_household(), staff=staff, clock=clock)
    clock.shift(4 * DAY)
    with pytest.raises(MonitoringError, match="公示未满期"):
        walk.approve_elimination(staff.county, case)


def test_elimination_is_refused_the_day_before_six_months_and_allowed_on_the_day(clock, staff):
    case = walk.walk_to((S.HELPING, False), home=walk.stable_household(), staff=staff, clock=clock)
    assert case.helping_since == dt.date(2026, 3, 7)
    assert deadlines.earliest_elimination(case) == dt.date(2026, 9, 7)
    walk.rule_run()
    clock.move_to(dt.datetime(2026, 9, 6, 23, 0, tzinfo=walk.BEIJING), tick=False)
    with pytest.raises(
        MonitoringError,
        match=r"帮扶未满6个月（2026-03-07 起帮扶，2026-09-07 起方可申请风险消除）",
    ):
        walk.request_elimination(staff.village, case)
    clock.move_to(dt.datetime(2026, 9, 7, 0, 0, tzinfo=walk.BEIJING), tick=False)
    walk.request_elimination(staff.village, case)


def test_six_months_from_the_end_of_a_month_end_on_the_last_day():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 7, 15), 6) == dt.date(2027, 1, 15)


def inbox_states(user) -> list[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    return sorted((c.state, c.eliminating) for c in deadlines.inbox(user))


def test_each_office_finds_in_its_inbox_the_cases_waiting_on_it(clock, staff, inspector, sysadmin):
    positions = [
        (S.LEAD, False),
        (S.VERIFIED, False),
        (S.NOTICE, False),
        (S.TOWNSHIP_APPROVED, False),
        (S.INCLUDED, False),
        (S.HELPING, False),
        (S.ELIMINATION_REQUESTED, True),
        (S.NOT_INCLUDED, False),
    ]
    for number, position in enumerate(positions):
        walk.walk_to(position, home=walk.stable_household(f"H{number}"), staff=staff, clock=clock)
    # Every walk has ended by now; the notices started on the way are long over.
    assert inbox_states(staff.village) == sorted(
        [(S.LEAD, False), (S.VERIFIED, False), (S.INCLUDED, False), (S.ELIMINATION_REQUESTED, True)]
    )
    assert inbox_states(staff.township) == [(S.NOTICE, False)]
    assert inbox_states(staff.county) == [(S.TOWNSHIP_APPROVED, False)]
    assert inbox_states(inspector) == []
    assert len(inbox_states(sysadmin)) == 7 - 1  # all but 帮扶中, which waits on nobody


def test_a_notice_reaches_the_township_inbox_only_when_it_is_over(clock, staff):
    walk.walk_to((S.NOTICE, False), home=walk.stable_household(), staff=staff, clock=clock)
    clock.shift(4 * DAY)
    assert inbox_states(staff.township) == []
    clock.shift(DAY)
    assert inbox_states(staff.township) == [(S.NOTICE, False)]
