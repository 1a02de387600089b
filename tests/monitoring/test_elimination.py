"""The conditions of 风险消除 (rules.md §9), each on its own, reported together, and checked
again at the county's decision."""

from __future__ import annotations

import datetime as dt

import pytest

from fupin.alerts.models import RuleRun
from fupin.monitoring.choices import CaseState
from fupin.monitoring.eligibility import review_elimination
from fupin.monitoring.errors import MonitoringError
from fupin.registry.models import Event, Household, Income, Member

from . import walk

pytestmark = pytest.mark.django_db

S = CaseState


@pytest.fixture
def helped(clock, staff):  # type: ignore[no-untyped-def]
    """A case helped for more than six months, of a household that meets every condition."""
    case = walk.walk_to((S.HELPING, False), home=walk.stable_household(), staff=staff, clock=clock)
    clock.shift(dt.timedelta(days=190))
    return case


def blockers(case) -> list[str]:  # type: ignore[no-untyped-def]
    return review_elimination(case, today=walk.today()).blockers


def test_a_household_meeting_every_condition_passes(helped):
    walk.rule_run()
    review = review_elimination(helped, today=walk.today())
    assert review.passed
    assert review.figures["per_capita_income"] == "15000.00"
    assert review.figures["monitoring_line"] == "6000.00"
    assert review.figures["income_year"] == 2025 and review.figures["criteria_failing"] == []


def test_without_any_rule_run_the_alerts_cannot_be_judged(helped):
    assert blockers(helped) == ["尚无覆盖该户的预警规则运行，请先运行预警规则"]


def test_income_below_the_monitoring_line_blocks(helped):
    Income.objects.filter(household=helped.household).update(wage_income=11_000)
    walk.rule_run(region="22")
    assert blockers(helped)[0] == "2025年人均纯收入 5500.00 元低于防返贫监测范围 6000.00 元"


def test_income_exactly_at_the_line_passes(helped):
    Income.objects.filter(household=helped.household).update(wage_income=12_000)
    walk.rule_run()
    assert blockers(helped) == []


def test_the_latest_year_of_income_counts(helped):
    Income.objects.create(
        household=helped.household,
        year=2026,
        wage_income=1_000,
        business_income=0,
        property_income=0,
        transfer_income=0,
        business_expense=0,
    )
    walk.rule_run()
    assert any(b.startswith("2026年人均纯收入 500.00 元低于") for b in blockers(helped))


def test_failing_e4_to_e7_blocks_with_each_criterion_named(helped):
    Household.objects.filter(pk=helped.household_id).update(
        housing_grade="D级", water_quality_ok=False
    )
    Member.objects.filter(household=helped.household_id).update(medical_insured=False)
    found = blockers(helped)
    assert "E5 基本医疗有保障未达到" in found
    assert "E6 住房安全有保障未达到" in found
    assert "E7 饮水安全有保障未达到" in found


def test_an_alert_of_the_latest_run_blocks(helped):
    Event.objects.create(
        household=helped.household, event_type="务工失业", date=dt.date(2025, 6, 1)
    )
    run = walk.rule_run()
    assert blockers(helped) == [f"最近一次预警规则运行（{run}）对该户仍有预警：M05"]


def test_an_older_run_with_an_alert_does_not_block_once_a_newer_one_is_clean(helped, clock):
    event = Event.objects.create(
        household=helped.household, event_type="务工失业", date=dt.date(2025, 6, 1)
    )
    walk.rule_run()
    event.delete()
    clock.shift(dt.timedelta(hours=1))
    walk.rule_run(region="220802100")
    assert RuleRun.objects.count() == 2 and blockers(helped) == []


def test_a_household_without_labour_stays_monitored(helped):
    Member.objects.filter(household=helped.household_id).update(labor="丧失劳动力")
    walk.rule_run()
    assert "家中没有普通劳动力或技能劳动力，应继续监测" in blockers(helped)


def test_every_failing_condition_is_reported_at_once(helped, staff):
    Income.objects.filter(household=helped.household).update(wage_income=1_000)
    Member.objects.filter(household=helped.household_id).update(labor="无劳动力")
    with pytest.raises(MonitoringError) as refusal:
        walk.request_elimination(staff.village, helped)
    message = refusal.value.message
    assert message.startswith("不能办理“申请风险消除”：")
    assert "人均纯收入" in message and "劳动力" in message and "预警规则运行" in message


def test_the_county_decision_checks_the_conditions_again(clock, staff):
    case = walk.walk_to((S.NOTICE, True), home=walk.stable_household(), staff=staff, clock=clock)
    clock.shift(dt.timedelta(days=5))
    Event.objects.create(
        household=case.household, event_type="产业经营失败", date=dt.date(2025, 9, 1)
    )
    walk.rule_run()  # a new run during the notice raises an alert
    with pytest.raises(MonitoringError, match=r"不能办理“风险消除审定”：.*M05"):
        walk.approve_elimination(staff.county, case)
    walk.cancel_elimination(staff.county, case)
    case.refresh_from_db()
    assert case.state == S.HELPING and case.helping_since == dt.date(2026, 3, 7)
