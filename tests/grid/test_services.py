"""Assigning, reassigning and ending: history kept, one owner per household, roles and region."""

from __future__ import annotations

import datetime as dt

import pytest

from fupin.core.errors import Refusal
from fupin.grid.models import Assignment, Cadre
from fupin.grid.services import (
    GridError,
    assign,
    end_assignment,
    reassign,
    save_area,
    save_cadre,
)
from fupin.regions.models import Region
from tests.registry.workbooks import person_id
from tests.rules.builders import household

from .builders import cadre

pytestmark = pytest.mark.django_db
START = dt.date(2025, 3, 1)
HANDOVER = dt.date(2026, 1, 10)


def refused(refusal: Refusal, call, *args, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(GridError) as caught:
        call(*args, **kwargs)
    assert caught.value.refusal == refusal, caught.value.message
    return caught.value.message


def test_reassignment_ends_the_old_assignment_the_day_the_new_one_starts(township_a_admin):
    home, old, new = household("H1"), cadre("旧帮扶人"), cadre("新帮扶人")
    first = assign(township_a_admin, old, level="包户", target=home, started_on=START)
    second = reassign(
        township_a_admin, first, cadre=new, on=HANDOVER, handover_note="户情档案已交接"
    )
    first.refresh_from_db()
    assert (first.ended_on, first.replaced_by, first.end_reason) == (
        HANDOVER,
        second,
        "调整为 新帮扶人",
    )
    assert (second.started_on, second.household, second.handover_note) == (
        HANDOVER,
        home,
        "户情档案已交接",
    )
    day_before = HANDOVER - dt.timedelta(days=1)
    owners = Assignment.objects.filter(household=home)
    assert [a.cadre.name for a in owners.active_on(day_before)] == ["旧帮扶人"]
    assert [a.cadre.name for a in owners.active_on(HANDOVER)] == ["新帮扶人"]
    reasons = [r.history_change_reason for r in first.history.order_by("history_date")]
    assert reasons == ["新增帮扶安排", "结束帮扶安排", "调整帮扶人"]


def test_a_second_helper_for_the_same_household_is_refused(township_a_admin):
    home = household("H1")
    assign(township_a_admin, cadre("甲"), level="包户", target=home, started_on=START)
    message = refused(
        Refusal.STATE,
        assign,
        township_a_admin,
        cadre("乙"),
        level="包户",
        target=home,
        started_on=HANDOVER,
    )
    assert "H1 已由 甲 负责" in message and "调整帮扶人" in message


def test_reassignment_needs_a_note_another_person_and_an_active_assignment(township_a_admin):
    same = cadre("甲")
    first = assign(township_a_admin, same, level="包户", target=household("H1"), started_on=START)
    assert "交接说明" in refused(
        Refusal.INPUT,
        reassign,
        township_a_admin,
        first,
        cadre=cadre("乙"),
        on=HANDOVER,
        handover_note=" ",
    )
    assert "同一人" in refused(
        Refusal.INPUT,
        reassign,
        township_a_admin,
        first,
        cadre=same,
        on=HANDOVER,
        handover_note="x",
    )
    end_assignment(township_a_admin, first, on=HANDOVER, reason="该户自然减少")
    assert "不在有效期" in refused(
        Refusal.STATE,
        reassign,
        township_a_admin,
        first,
        cadre=cadre("丙"),
        on=HANDOVER + dt.timedelta(days=2),
        handover_note="x",
    )


def test_a_leader_is_assigned_at_township_level_not_by_the_village(village_admin, township_a_admin):
    village = Region.objects.get(code="220802100001")
    leader = cadre("李镇长", kind="乡镇领导")
    refused(
        Refusal.ROLE, assign, village_admin, leader, level="包村", target=village, started_on=START
    )
    made = assign(township_a_admin, leader, level="包村", target=village, started_on=START)
    assert made.village_id == village.code and made.household is None


def test_another_township_cannot_assign_or_see_the_household(township_b_admin):
    home = household("H1")
    refused(
        Refusal.NOT_FOUND,
        assign,
        township_b_admin,
        cadre(region="220802"),
        level="包户",
        target=home,
        started_on=START,
    )


def test_county_cadres_are_visible_below_and_other_townships_are_not(
    township_a_admin, township_b_admin
):
    county_leader = cadre("县领导", region="220802", kind="县级领导")
    own = cadre("本镇干部", region="220802100")
    assert set(Cadre.objects.visible_to(township_a_admin)) == {county_leader, own}
    assert set(Cadre.objects.visible_to(township_b_admin)) == {county_leader}


def test_cadre_values_are_checked_with_a_message_per_field(township_a_admin):
    good = {
        "name": "赵干部",
        "id_number": person_id(dt.date(1985, 5, 5), 7, male=False),
        "region": Region.objects.get(code="220802100"),
        "unit": "平安镇政府",
        "post": "副镇长",
        "phone": "13912345678",
        "kind": "乡镇领导",
    }
    assert save_cadre(township_a_admin, good).name == "赵干部"
    cases = {
        "phone": ("12345", "联系电话"),
        "kind": ("镇长", "干部类别"),
        "id_number": ("12345", "证件号码"),
        "name": ("", "姓名"),
        "unit": ("x" * 101, "工作单位"),
    }
    for field, (value, label) in cases.items():
        assert label in refused(Refusal.INPUT, save_cadre, township_a_admin, good | {field: value})
    assert "已登记" in refused(Refusal.INPUT, save_cadre, township_a_admin, good)


def test_a_household_is_in_one_area_at_most(village_admin):
    village = Region.objects.get(code="220802100001")
    one, two = household("H1"), household("H2")
    east = save_area(village_admin, village, "东片", [one, two])
    west = save_area(village_admin, village, "西片", [two])
    assert [h.code for h in east.households.all()] == ["H1"]
    assert [h.code for h in west.households.all()] == ["H2"]
    stranger = household("H3", village="220802101200")
    assert "不在" in refused(Refusal.INPUT, save_area, village_admin, village, "东片", [stranger])
