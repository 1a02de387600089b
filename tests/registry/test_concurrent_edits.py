"""No lost update in the registry: two people open the same edit page; the first save wins, the
second is refused with what changed since, and nothing of it is written. An import counts as a
change too."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from fupin.registry.importing import import_file
from fupin.registry.models import Grant, Household, Income, Member
from tests.conftest import client_for

from .workbooks import HEAD_1, county_sheets, write_xlsx

pytestmark = pytest.mark.django_db

STALE = "此记录已被他人修改"


@pytest.fixture
def county(tmp_path):  # type: ignore[no-untyped-def]
    assert import_file(None, write_xlsx(tmp_path / "县.xlsx", county_sheets())).written


def opened(client: Client, url: str) -> dict[str, object]:
    """What the browser posts back from the page as it was served: every field's initial value,
    and the hidden version the page itself carries (read from its HTML)."""
    response = client.get(url)
    form = response.context["sections"][0][1]
    data: dict[str, object] = {name: form.initial.get(name, "") for name in form.fields}
    hidden = re.search(r'<input type="hidden" name="version" value="(\d+)"', response.text)
    assert hidden is not None, "the page carries no version"
    data["version"] = hidden.group(1)
    return data


def test_a_single_edit_saves_and_moves_the_household_to_its_next_version(county, township_a_admin):
    client = client_for(township_a_admin)
    url = reverse("registry:household_edit", args=["H001"])
    data = opened(client, url)
    assert data["version"] == "1"
    assert client.post(url, data | {"phone": "13900000001"}).status_code == 302
    household = Household.objects.get(code="H001")
    assert household.phone == "13900000001" and household.version == 2


def test_the_second_of_two_household_edits_opened_together_is_refused(
    county, township_a_admin, county_admin
):
    first, second = client_for(township_a_admin), client_for(county_admin)
    url = reverse("registry:household_edit", args=["H001"])
    first_page, second_page = opened(first, url), opened(second, url)

    assert first.post(url, first_page | {"phone": "13900000001"}).status_code == 302
    refused = second.post(url, second_page | {"phone": "13900000002", "housing_grade": "C级"})

    assert refused.status_code == 200
    text = refused.content.decode()
    assert STALE in text and "township_a_admin" in text and "联系电话" in text
    assert "您的修改未保存" in text
    household = Household.objects.get(code="H001")
    assert household.phone == "13900000001" and household.housing_grade != "C级"
    assert household.version == 2 and household.history.count() == 2


def test_the_second_of_two_member_edits_opened_together_is_refused(
    county, township_a_admin, county_admin
):
    head = Member.objects.get(id_number=HEAD_1)
    url = reverse("registry:member_edit", args=["H001", head.pk])
    first, second = client_for(township_a_admin), client_for(county_admin)
    first_page, second_page = opened(first, url), opened(second, url)

    assert first.post(url, first_page | {"ethnicity": "满族"}).status_code == 302
    refused = second.post(url, second_page | {"ethnicity": "朝鲜族", "labor": "无劳动力"})

    assert STALE in refused.content.decode() and "民族" in refused.content.decode()
    head.refresh_from_db()
    assert head.ethnicity == "满族" and head.labor != "无劳动力" and head.version == 2


def test_a_member_exit_on_a_page_read_before_an_edit_is_refused(
    county, township_a_admin, county_admin
):
    head = Member.objects.get(id_number=HEAD_1)
    exit_url = reverse("registry:member_exit", args=["H001", head.pk])
    edit_url = reverse("registry:member_edit", args=["H001", head.pk])
    exit_page = client_for(county_admin).get(exit_url).text
    read_at = re.search(r'name="version" value="(\d+)"', exit_page)
    assert read_at is not None

    editor = client_for(township_a_admin)
    assert (
        editor.post(edit_url, opened(editor, edit_url) | {"ethnicity": "满族"}).status_code == 302
    )
    refused = client_for(county_admin).post(
        exit_url, {"status": "迁出", "date": "2024-03-01", "version": read_at.group(1)}
    )

    assert STALE in refused.content.decode()
    head.refresh_from_db()
    assert head.member_status == "正常" and head.status_date is None


def test_closing_a_household_on_a_stale_page_is_refused(county, township_a_admin, county_admin):
    close_url = reverse("registry:household_close", args=["H001"])
    edit_url = reverse("registry:household_edit", args=["H001"])
    editor = client_for(township_a_admin)
    assert (
        editor.post(edit_url, opened(editor, edit_url) | {"phone": "13900000001"}).status_code
        == 302
    )

    refused = client_for(county_admin).post(
        close_url, {"date": "2024-06-30", "reason": "全户迁出", "version": "1"}
    )

    assert STALE in refused.content.decode()
    assert Household.objects.get(code="H001").closed_on is None


def test_a_page_without_its_version_saves_nothing(county, township_a_admin):
    client = client_for(township_a_admin)
    url = reverse("registry:household_edit", args=["H001"])
    data = opened(client, url)
    del data["version"]
    response = client.post(url, data | {"phone": "13900000001"})
    assert "页面缺少版本信息" in response.content.decode()
    assert Household.objects.get(code="H001").phone != "13900000001"


def test_an_import_moves_the_rows_it_changes_and_a_page_opened_before_it_is_refused(
    county, township_a_admin, tmp_path
):
    client = client_for(township_a_admin)
    url = reverse("registry:household_edit", args=["H001"])
    before = opened(client, url)

    sheets = county_sheets()
    sheets["户信息"][1][3] = "13700000000"  # H001's phone
    sheets["收入"][1][2] = 9100  # H001's wages of 2019
    sheets["享受政策"][1][4] = 3700  # H001's 低保 of 2020
    assert import_file(None, write_xlsx(tmp_path / "更新.xlsx", sheets), update=True).written

    household = Household.objects.get(code="H001")
    assert household.phone == "13700000000" and household.version == 2
    assert Income.objects.get(household=household, year=2019).version == 2
    assert Income.objects.get(household=household, year=2020).version == 1  # unchanged
    assert Grant.objects.get(household=household, policy_id="DB").version == 2
    assert household.history.first().version == 2

    refused = client.post(url, before | {"housing_grade": "C级"})
    assert STALE in refused.content.decode()
    household.refresh_from_db()
    assert household.housing_grade != "C级" and household.phone == "13700000000"
