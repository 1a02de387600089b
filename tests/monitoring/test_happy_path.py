"""The whole procedure of rules.md §9 through the services: a rule run raises an alert, the lead
is verified, reviewed, noticed, approved by township and county, helped, and after six months its
risk is eliminated through a second verification, notice and county decision."""

from __future__ import annotations

import datetime as dt

import pytest

from fupin.core.history import history_entries
from fupin.monitoring.choices import CaseState, Channel
from fupin.monitoring.errors import MonitoringError
from fupin.monitoring.models import Attachment, Case, HelpMeasure
from tests.rules.builders import income

from . import walk

pytestmark = pytest.mark.django_db


def test_an_alerted_household_goes_from_lead_to_risk_eliminated(clock, staff):
    home = walk.alerted_household()
    walk.rule_run()
    case = Case.objects.get(household=home)
    assert (case.state, case.channel) == (CaseState.LEAD, Channel.SYSTEM_ALERT)
    assert [a["rule_code"] for a in case.alert_figures] == ["M01"]

    walk.verify(staff.village, case)
    walk.review(staff.village, case)
    walk.notice(staff.village, case)
    clock.shift(dt.timedelta(days=5))
    walk.township_approve(staff.township, case)
    walk.county_approve(staff.county, case)
    case.refresh_from_db()
    assert case.state == CaseState.INCLUDED and case.case_type == "脱贫不稳定户"
    assert case.decided_at == walk.START + dt.timedelta(days=5)

    walk.add_measure(staff.village, case)
    case.refresh_from_db()
    assert case.state == CaseState.HELPING and case.helping_since == dt.date(2026, 3, 7)

    with pytest.raises(MonitoringError, match="帮扶未满6个月"):
        walk.request_elimination(staff.village, case)

    clock.shift(dt.timedelta(days=184))  # 2026-09-07: six months of help
    income(home, 2026, 30_000)
    walk.rule_run(2026)  # the latest income is above the line: no alert now
    walk.request_elimination(staff.village, case)
    walk.verify(staff.village, case, risks=[])
    walk.notice(staff.village, case)
    clock.shift(dt.timedelta(days=5))
    walk.approve_elimination(staff.county, case)

    case.refresh_from_db()
    assert case.state == CaseState.ELIMINATED and not case.is_open
    assert [t.action for t in case.transitions.all()] == [
        "open",
        "verify",
        "review",
        "notice",
        "township_approve",
        "county_approve",
        "add_measure",
        "request_elimination",
        "verify",
        "notice",
        "approve_elimination",
    ]
    assert Attachment.objects.filter(transition__case=case).count() == 2
    assert HelpMeasure.objects.get(case=case).responsible == "李某"
    assert history_entries(case)[0].who == "county_admin"


def test_every_transition_records_who_when_and_what(clock, staff):
    case = walk.open_lead(staff.village, walk.stable_household())
    transition = walk.verify(staff.village, case)
    assert transition.actor == staff.village and transition.at == walk.START
    assert (transition.from_state, transition.to_state) == (CaseState.LEAD, CaseState.VERIFIED)
    assert transition.data == {
        "visited_on": "2026-03-02",
        "findings": "户主患病住院，家庭收入下降",
        "net_income": "8000",
        "risks": ["因病"],
    }
    attachment = transition.attachments.get()
    assert attachment.kind == "农户授权承诺" and attachment.original_name == "授权承诺.pdf"
    assert attachment.file.read().startswith(b"%PDF-")


def test_a_closed_case_is_reopened_as_a_new_lead(clock, staff):
    home = walk.stable_household()
    first = walk.walk_to((CaseState.NOT_INCLUDED, False), home=home, staff=staff, clock=clock)
    second = walk.reopen(staff.village, first)
    assert second.pk != first.pk and second.reopened_from == first
    assert second.state == CaseState.LEAD and second.channel == Channel.SELF_REPORTED
    assert Case.objects.open().get(household=home) == second


def test_the_township_sends_a_case_back_to_verification(clock, staff):
    case = walk.walk_to(
        (CaseState.RETURNED, False), home=walk.stable_household(), staff=staff, clock=clock
    )
    walk.verify(staff.village, case)
    case.refresh_from_db()
    assert case.state == CaseState.VERIFIED


def test_the_elimination_pass_can_be_ended_and_help_goes_on(clock, staff):
    case = walk.walk_to(
        (CaseState.NOTICE, True), home=walk.stable_household(), staff=staff, clock=clock
    )
    walk.cancel_elimination(staff.county, case)
    case.refresh_from_db()
    assert (case.state, case.eliminating) == (CaseState.HELPING, False)
