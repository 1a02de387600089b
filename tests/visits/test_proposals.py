"""Registry changes a visit proposes: checked against the code lists, kept apart from the registry
until an office accepts them, then made with history; out-of-date proposals are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fupin.core.errors import Refusal
from fupin.registry.exporting import template_values
from fupin.registry.importing.sheets import HOUSEHOLDS
from fupin.registry.models import Household, Member
from fupin.registry.services import update_household
from fupin.visits.models import ChangeProposal
from fupin.visits.services import Proposed, VisitError, accept_proposal, reject_proposal
from tests.grid.builders import cadre
from tests.rules.builders import adults, household, member

from .visit_builders import visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():  # type: ignore[no-untyped-def]
    found = household("H1", phone="13900000001")
    adults(found, 2)
    return found


@pytest.fixture
def worker():  # type: ignore[no-untyped-def]
    return cadre("李走访")


def propose(actor, home, worker, *proposals):  # type: ignore[no-untyped-def]
    return list(visit(actor, home, worker, proposals=proposals).visit.proposals.order_by("id"))


def test_proposals_keep_the_registry_value_and_change_nothing(village_admin, home, worker):
    son = home.members.get(relation="之子")
    rows = propose(
        village_admin,
        home,
        worker,
        (son, "health", "长期慢性病、残疾"),
        (son, "employment", "乡(镇)内务工"),
        (None, "housing_grade", "C"),
        (None, "water_quality_ok", "否"),
    )
    assert [(r.field, r.current_value, r.proposed_value, r.state) for r in rows] == [
        ("health", "健康", "长期慢性病、残疾", "待审核"),
        ("employment", "", "乡镇内务工", "待审核"),
        ("housing_grade", "A级", "C级", "待审核"),
        ("water_quality_ok", "是", "否", "待审核"),
    ]
    son.refresh_from_db()
    home.refresh_from_db()
    assert (son.health, son.employment) == ("健康", "")
    assert (home.housing_grade, home.water_quality_ok) == ("A级", True)


@pytest.mark.parametrize(
    ("target", "field", "value", "message"),
    [
        ("son", "school_status", "幼儿园", "张三的在校生状况：应为以下之一：非在校生、学前教育"),
        ("son", "health", "健康", "张三的健康状况：与登记的“健康”相同，无需提出变更建议"),
        (
            "son",
            "labor",
            "无劳动力",
            "走访只能建议变更张三的在校生状况、健康状况、务工状况、人员状态",
        ),
        (
            None,
            "attribute",
            "低保贫困户",
            "走访只能建议变更户的联系电话、住房安全等级、饮水水量达标",
        ),
        (None, "water_access_ok", "", "户的用水方便程度达标：请填写走访核实的情况"),
        ("son", "member_status", "正常", "张三的人员状态：只能建议变更为死亡或迁出"),
        ("son", "member_status", "死亡", "张三的人员状态：请填写死亡日期"),
    ],
)
def test_proposals_are_checked_against_the_registrys_code_lists(
    village_admin, home, worker, target, field, value, message
):
    son = home.members.get(relation="之子")
    son.name = "张三"
    son.save()
    with pytest.raises(VisitError) as excinfo:
        propose(village_admin, home, worker, (son if target else None, field, value))
    assert excinfo.value.refusal == Refusal.INPUT
    assert message in excinfo.value.message
    assert not ChangeProposal.objects.exists()


def test_a_member_of_another_household_gets_no_proposal(village_admin, home, worker):
    stranger = member(household("H2"), dt.date(1980, 1, 1))
    with pytest.raises(VisitError, match="不是户 H1 的成员"):
        propose(village_admin, home, worker, (stranger, "health", "残疾"))


def test_the_same_fact_is_proposed_once(village_admin, home, worker):
    with pytest.raises(VisitError, match="只能提出一条"):
        propose(village_admin, home, worker, (None, "phone", "139"), (None, "phone", "138"))


def test_accepting_changes_the_registry_with_the_reviewer_and_the_reason(
    village_admin, township_a_admin, home, worker
):
    son = home.members.get(relation="之子")
    health, phone = propose(
        village_admin, home, worker, (son, "health", "患有大病"), (None, "phone", "13800000002")
    )
    accept_proposal(township_a_admin, health, "经医院诊断证明核实")
    accept_proposal(township_a_admin, phone)
    son.refresh_from_db()
    home.refresh_from_db()
    assert (son.health, home.phone) == ("患有大病", "13800000002")
    record = son.history.latest()
    assert record.history_user == township_a_admin
    assert record.history_change_reason.startswith("走访核实：健康状况“健康”→“患有大病”（")
    assert record.history_change_reason.endswith("李走访）；经医院诊断证明核实")
    assert home.history.latest().history_change_reason.startswith("走访核实：联系电话")
    health.refresh_from_db()
    assert (health.state, health.reviewed_by, health.review_note) == (
        "已采纳",
        township_a_admin,
        "经医院诊断证明核实",
    )


def test_accepting_a_death_records_the_exit_with_its_date(village_admin, home, worker):
    son = home.members.get(relation="之子")
    died = timezone.localdate() - dt.timedelta(days=10)
    (proposal,) = propose(village_admin, home, worker, Proposed(son, "member_status", "死亡", died))
    assert proposal.proposed_value == f"死亡（{died:%Y-%m-%d}）"
    accept_proposal(village_admin, proposal)
    son.refresh_from_db()
    assert (son.member_status, son.status_date) == ("死亡", died)
    assert son.history.latest().history_change_reason.startswith("走访核实：人员状态")


def test_a_proposal_the_registry_has_moved_past_is_refused_as_stale(
    village_admin, township_a_admin, home, worker
):
    (proposal,) = propose(village_admin, home, worker, (None, "housing_grade", "C级"))
    home.refresh_from_db()
    raw = {**template_values(HOUSEHOLDS, home), "housing_grade": "B级"}
    update_household(township_a_admin, home, raw=raw)
    with pytest.raises(VisitError) as excinfo:
        accept_proposal(township_a_admin, proposal)
    assert excinfo.value.message == (
        "登记的住房安全等级已由“A级”变为“B级”，该建议已过时：请驳回，需要时重新走访核实"
    )
    assert Household.objects.get(pk=home.pk).housing_grade == "B级"
    reject_proposal(township_a_admin, proposal, "已按新评定结果登记")
    proposal.refresh_from_db()
    assert (proposal.state, proposal.review_note) == ("已驳回", "已按新评定结果登记")


def test_rejecting_needs_a_reason_and_changes_nothing(township_a_admin, home, worker):
    son = home.members.get(relation="之子")
    (proposal,) = propose(township_a_admin, home, worker, (son, "school_status", "高中"))
    with pytest.raises(VisitError, match="请填写驳回理由"):
        reject_proposal(township_a_admin, proposal, " ")
    reject_proposal(township_a_admin, proposal, "学籍系统显示已毕业")
    assert Member.objects.get(pk=son.pk).school_status == "非在校生"
    with pytest.raises(VisitError, match="该建议已驳回，不能再次审核"):
        accept_proposal(township_a_admin, proposal)


def test_only_offices_within_the_region_review(
    village_admin, township_b_admin, inspector, home, worker
):
    (proposal,) = propose(village_admin, home, worker, (None, "phone", "13800000003"))
    with pytest.raises(VisitError) as excinfo:
        accept_proposal(township_b_admin, proposal)
    assert excinfo.value.refusal == Refusal.NOT_FOUND
    with pytest.raises(VisitError) as excinfo:
        reject_proposal(inspector, proposal, "不对")
    assert excinfo.value.refusal == Refusal.ROLE
    assert ChangeProposal.objects.get().state == "待审核"
