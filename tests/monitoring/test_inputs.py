"""What each step records is checked before anything is written; a refusal says what is wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from fupin.monitoring import services
from fupin.monitoring.choices import CaseState
from fupin.monitoring.errors import MonitoringError, Refusal
from fupin.monitoring.models import CaseRisk, HelpMeasure
from fupin.registry.models import Household
from tests.rules.builders import adults, household

from . import walk

pytestmark = pytest.mark.django_db

S = CaseState


def refused(call, *args, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(MonitoringError) as refusal:
        call(*args, **kwargs)
    assert refusal.value.refusal == Refusal.INPUT
    return refusal.value.message


def test_a_lead_needs_a_manual_channel_a_note_and_an_open_household(clock, staff):
    home = walk.stable_household()
    assert "系统预警由规则运行自动生成" in refused(
        services.open_lead, staff.village, home, channel="系统预警", note="x"
    )
    assert refused(services.open_lead, staff.village, home, channel="干部排查", note=" ") == (
        "请填写线索说明"
    )
    Household.objects.filter(pk=home.pk).update(closed_on=dt.date(2026, 1, 5))
    home.refresh_from_db()
    with pytest.raises(MonitoringError, match="该户已于 2026-01-05 注销"):
        walk.open_lead(staff.village, home)


def test_verification_dates_income_and_risks_are_checked(clock, staff):
    case = walk.open_lead(staff.village, walk.stable_household())
    assert refused(walk.verify, staff.village, case, visited_on=dt.date(2026, 3, 3)) == (
        "核实日期不能晚于今天（2026-03-02）"
    )
    assert "不能早于上一步的办理日期（2026-03-02）" in refused(
        walk.verify, staff.village, case, visited_on=dt.date(2026, 3, 1)
    )
    assert "应为金额" in refused(walk.verify, staff.village, case, net_income="八千")
    assert "至多两位小数" in refused(walk.verify, staff.village, case, net_income="1.005")
    assert refused(walk.verify, staff.village, case, risks=["因穷"]) == "未知的风险类型：因穷"
    assert refused(walk.verify, staff.village, case, findings="") == "请填写核实情况"


def test_a_review_needs_participants_and_a_majority(clock, staff):
    case = walk.walk_to((S.VERIFIED, False), home=walk.stable_household(), staff=staff, clock=clock)
    assert refused(walk.review, staff.village, case, participants=[" "]) == "请填写参加评议的人员"
    assert refused(walk.review, staff.village, case, votes_for=4) == "票数合计 4 多于参加人数 3"
    assert refused(walk.review, staff.village, case, votes_for=1, votes_against=1) == (
        "评议未获通过（赞成 1 票，反对 1 票）：应办理“不予纳入”"
    )
    assert (
        refused(walk.review, staff.village, case, votes_against=-1) == "反对票应为不小于 0 的整数"
    )


def test_a_notice_cannot_start_in_the_future(clock, staff):
    case = walk.walk_to((S.REVIEWED, False), home=walk.stable_household(), staff=staff, clock=clock)
    assert "不能晚于今天" in refused(
        walk.notice, staff.village, case, starts_on=dt.date(2026, 3, 3)
    )


def test_the_county_sets_a_type_that_fits_the_household(clock, staff):
    exited = walk.walk_to(
        (S.TOWNSHIP_APPROVED, False), home=walk.stable_household("H1"), staff=staff, clock=clock
    )
    assert refused(walk.county_approve, staff.county, exited, case_type="边缘易致贫户") == (
        "边缘易致贫户应为未建档立卡的农户"
    )
    assert refused(walk.county_approve, staff.county, exited, risks=[]) == "请选择至少一项风险类型"
    assert "监测对象类型应为" in refused(
        walk.county_approve, staff.county, exited, case_type="困难户"
    )

    ordinary = household("H2", is_registered=False, identified_year=None, attribute="")
    adults(ordinary, 1)
    never = walk.walk_to((S.TOWNSHIP_APPROVED, False), home=ordinary, staff=staff, clock=clock)
    assert refused(walk.county_approve, staff.county, never) == "脱贫不稳定户应为已脱贫的建档立卡户"
    decision = walk.county_approve(
        staff.county, never, case_type="突发严重困难户", risks=["因灾", "因病", "因灾"]
    )
    assert decision.data["risks"] == ["因病", "因灾"]  # once each, in the order of §9
    risks = CaseRisk.objects.filter(case=never).values_list("risk", flat=True)
    assert set(risks) == {"因病", "因灾"}


def test_a_help_measure_is_checked_and_its_result_recorded(clock, staff):
    case = walk.walk_to((S.INCLUDED, False), home=walk.stable_household(), staff=staff, clock=clock)
    assert "措施类型应为" in refused(walk.add_measure, staff.village, case, kind="发钱")
    assert refused(walk.add_measure, staff.village, case, responsible="") == "请填写帮扶责任人"
    assert refused(walk.add_measure, staff.village, case, amount="-5") == "金额不能为负数"
    assert refused(
        walk.add_measure, staff.village, case, ends_on=walk.today() - dt.timedelta(days=1)
    ) == ("结束日期不能早于开始日期")
    measure = walk.add_measure(staff.village, case, amount=None)
    services.record_help_result(
        staff.village, measure, result="月增收 1500 元", ends_on=walk.today()
    )
    measure.refresh_from_db()
    assert measure.result == "月增收 1500 元" and measure.ends_on == walk.today()
    assert measure.history.count() == 2 and HelpMeasure.objects.count() == 1


def test_reasons_are_required_where_the_procedure_asks_for_one(clock, staff):
    case = walk.walk_to((S.VERIFIED, False), home=walk.stable_household(), staff=staff, clock=clock)
    assert refused(services.not_included, staff.village, case, reason="") == "请填写不予纳入的理由"
