"""Editing households and members in pages: the import's validation, scope, and history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fupin.registry.importing import import_file
from fupin.registry.models import Household, Member
from fupin.registry.services import RegistryError, add_member, record_member_exit, update_member
from tests.conftest import client_for

from .workbooks import CHILD_1, HEAD_1, HEAD_2, county_sheets, person_id, write_xlsx

pytestmark = pytest.mark.django_db
NEWBORN = person_id(dt.date(2021, 5, 1), 7, male=False)


@pytest.fixture
def county(tmp_path):
    assert import_file(None, write_xlsx(tmp_path / "县.xlsx", county_sheets())).written


def member_form(**overrides) -> dict[str, object]:  # type: ignore[no-untyped-def]
    data = {
        "name": "张小花",
        "id_number": NEWBORN,
        "relation": "之女",
        "sex": "女",
        "ethnicity": "汉族",
        "education": "学龄前儿童",
        "school_status": "非在校生",
        "health": ["健康"],
        "labor": "无劳动力",
        "employment": "",
        "months_worked": "",
        "medical_insured": "是",
        "employee_insured": "否",
        "pension_insured": "",
        "family_doctor": "否",
        "member_status": "正常",
        "status_date": "",
    }
    return data | overrides


def test_a_township_admin_adds_a_member_through_the_page(county, township_a_admin):
    client = client_for(township_a_admin)
    response = client.post(reverse("registry:member_add", args=["H001"]), member_form())
    assert response.status_code == 302
    child = Member.objects.get(id_number=NEWBORN)
    assert child.birth_date == dt.date(2021, 5, 1) and child.household.code == "H001"
    assert child.history.first().history_user == township_a_admin


def test_the_page_refuses_what_the_import_refuses(county, township_a_admin):
    client = client_for(township_a_admin)
    response = client.post(
        reverse("registry:member_add", args=["H001"]), member_form(id_number="1234")
    )
    assert response.status_code == 200
    assert "证件号码应为18位，实际4位" in response.content.decode()
    assert not Member.objects.filter(name="张小花").exists()


def test_a_person_active_elsewhere_is_refused_naming_only_the_township(county, county_admin):
    household = Household.objects.get(code="H001")
    with pytest.raises(RegistryError) as refusal:
        add_member(county_admin, household, raw=member_form(id_number=HEAD_2, name="王淑芬"))
    assert refusal.value.errors == {"证件号码": ["此人已是平安镇某户的正常成员，不能重复登记"]}


def test_a_second_head_is_refused(county, county_admin):
    with pytest.raises(RegistryError, match="每户只能有一位户主"):
        add_member(
            county_admin, Household.objects.get(code="H001"), raw=member_form(relation="户主")
        )


def test_editing_a_member_keeps_the_old_value_in_history(county, township_a_admin):
    child = Member.objects.get(id_number=CHILD_1)
    client = client_for(township_a_admin)
    form = client.get(reverse("registry:member_edit", args=["H001", child.pk])).context["sections"][
        0
    ][1]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data["school_status"] = "辍学"
    response = client.post(reverse("registry:member_edit", args=["H001", child.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    child.refresh_from_db()
    assert child.school_status == "辍学"
    assert [h.school_status for h in child.history.order_by("history_date")] == ["初中", "辍学"]


def test_a_death_is_a_status_with_a_date_not_a_deleted_row(county, township_a_admin):
    head = Member.objects.get(id_number=HEAD_2)
    response = client_for(township_a_admin).post(
        reverse("registry:member_exit", args=["H002", head.pk]),
        {"status": "死亡", "date": "2024-03-01", "version": head.version},
    )
    assert response.status_code == 302
    head.refresh_from_db()
    assert (head.member_status, head.status_date) == ("死亡", dt.date(2024, 3, 1))
    with pytest.raises(RegistryError, match="已于"):
        record_member_exit(township_a_admin, head, status="迁出", date=dt.date(2024, 4, 1))


def test_editing_a_household_checks_the_registered_fields(county, township_a_admin):
    client = client_for(township_a_admin)
    form = client.get(reverse("registry:household_edit", args=["H001"])).context["sections"][0][1]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data["identified_year"] = ""
    response = client.post(reverse("registry:household_edit", args=["H001"]), data)
    assert "建档立卡户必须填写识别年度" in response.content.decode()
    data["identified_year"] = "2015"
    data["village_code"] = "150102001001"
    response = client.post(reverse("registry:household_edit", args=["H001"]), data)
    assert (
        "不在您的管辖范围内" in response.content.decode()
        or "不是已知的村级" in response.content.decode()
    )
    data["village_code"] = "220802100002"
    assert client.post(reverse("registry:household_edit", args=["H001"]), data).status_code == 302
    assert Household.objects.get(code="H001").village_id == "220802100002"


def test_creating_a_household_needs_its_head(county, township_a_admin):
    client = client_for(township_a_admin)
    head_id = person_id(dt.date(1980, 6, 6), 8, male=True)
    household = {
        "household-household_code": "H100",
        "household-village_code": "220802100001",
        "household-phone": "",
        "household-is_registered": "否",
        "household-food_secure": "是",
        "household-clothing_secure": "是",
        "household-housing_grade": "A级",
        "household-water_quantity_ok": "是",
        "household-water_quality_ok": "是",
        "household-water_access_ok": "是",
        "household-water_supply_ok": "是",
    }
    head = {
        f"head-{key}": value
        for key, value in member_form(
            id_number=head_id,
            name="刘新户",
            relation="户主",
            sex="男",
            education="初中",
            labor="普通劳动力",
            employment="未务工",
        ).items()
    }
    response = client.post(reverse("registry:household_create"), household | head)
    assert response.status_code == 302, response.content.decode()[-3000:]
    created = Household.objects.get(code="H100")
    assert created.head_id_number == head_id and created.members.get().relation == "户主"


def test_other_township_cannot_edit(county, township_b_admin):
    client = client_for(township_b_admin)
    assert client.get(reverse("registry:household_edit", args=["H001"])).status_code == 404
    head = Member.objects.get(id_number=HEAD_1)
    assert (
        client.post(
            reverse("registry:member_exit", args=["H001", head.pk]),
            {"status": "死亡", "date": "2024-01-01"},
        ).status_code
        == 404
    )


def test_the_inspector_cannot_edit(county, inspector):
    client = client_for(inspector)
    head = Member.objects.get(id_number=HEAD_1)
    assert client.get(reverse("registry:household_edit", args=["H001"])).status_code == 403
    assert (
        client.post(
            reverse("registry:member_exit", args=["H001", head.pk]),
            {"status": "死亡", "date": "2024-01-01"},
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("registry:member_add", args=["H001"]), member_form()).status_code == 403
    )
    head.refresh_from_db()
    assert head.member_status == "正常"


def test_a_head_cannot_be_demoted_directly(county, county_admin):
    head = Member.objects.get(id_number=HEAD_1)
    with pytest.raises(RegistryError, match="请先在户信息中更换户主"):
        update_member(county_admin, head, raw=member_form(id_number=HEAD_1, relation="之子"))


def test_closing_a_household_keeps_it_with_date_and_reason(county, township_a_admin):
    response = client_for(township_a_admin).post(
        reverse("registry:household_close", args=["H002"]),
        {"date": "2024-06-30", "reason": "全户迁出", "version": 1},
    )
    assert response.status_code == 302
    household = Household.objects.get(code="H002")
    assert (household.closed_on, household.closed_reason) == (dt.date(2024, 6, 30), "全户迁出")
    assert household.members.count() == 1
