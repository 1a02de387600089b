"""Monitoring pages: 我的待办, the case list, the case page and its step forms, leads, attachment
downloads and the home page's counts, each for the personas of tests/conftest.py."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fupin.monitoring.choices import CaseState, Channel
from fupin.monitoring.models import Attachment, Case
from tests.conftest import client_for

from . import walk
from .pages import named_household

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(clock):  # type: ignore[no-untyped-def]
    return named_household("H1", "张大山")


@pytest.fixture
def lead(home, staff):  # type: ignore[no-untyped-def]
    return walk.open_lead(staff.village, home)


def case_url(case: Case) -> str:
    return reverse("monitoring:case_detail", args=[case.pk])


def step_url(case: Case, code: str) -> str:
    return reverse("monitoring:case_step", args=[case.pk, code])


def read_at(case: Case, code: str) -> dict[str, int]:
    """The hidden version a step's form carries: the case's version as the page showed it."""
    return {f"{code}-version": Case.objects.values_list("version", flat=True).get(pk=case.pk)}


def state_of(case: Case) -> str:
    case.refresh_from_db()
    return case.state


# --- Who sees what ------------------------------------------------------------------------------

PERSONAS = {
    "village_admin": 200,
    "township_a_admin": 200,
    "county_admin": 200,
    "inspector": 200,
    "sysadmin": 200,
    "township_b_admin": 404,
    "department": 403,
}


@pytest.mark.parametrize("name", ["inbox", "case_list", "lead_create"])
def test_list_pages_are_for_page_roles_only(request, name, village_admin, department):
    url = reverse(f"monitoring:{name}")
    assert Client().get(url).status_code == 302
    assert client_for(village_admin).get(url).status_code == 200
    assert client_for(department).get(url).status_code == 403


def test_the_case_page_answers_each_persona_as_its_region_and_role_allow(request, lead):
    for persona, status in PERSONAS.items():
        user = request.getfixturevalue(persona)
        assert client_for(user).get(case_url(lead)).status_code == status, persona
    assert Client().get(case_url(lead)).status_code == 302


def test_the_lead_waits_in_the_village_inbox_and_not_the_township_one(
    lead, village_admin, township_a_admin, township_b_admin
):
    inbox = reverse("monitoring:inbox")
    page = client_for(village_admin).get(inbox).content.decode()
    assert ">H1<" in page and "张大山" in page and "剩 15 天" in page
    assert ">H1<" not in client_for(township_a_admin).get(inbox).content.decode()
    assert ">H1<" not in client_for(township_b_admin).get(inbox).content.decode()


def test_the_case_list_filters_by_deadline_and_state(clock, lead, staff, county_admin):
    other = walk.open_lead(staff.village, named_household("H2", "李小河"))
    walk.verify(staff.village, other)
    clock.shift(dt.timedelta(days=16))
    client = client_for(county_admin)
    url = reverse("monitoring:case_list")
    overdue = client.get(url, {"deadline": "overdue", "state": CaseState.LEAD}).content.decode()
    assert ">H1<" in overdue and ">H2<" not in overdue and "已逾期 1 天" in overdue
    assert ">H2<" in client.get(url, {"state": CaseState.VERIFIED}).content.decode()
    assert ">H1<" not in client.get(url, {"deadline": "due_soon"}).content.decode()


def test_the_case_list_leaves_out_the_other_township(clock, staff, township_b_admin):
    walk.open_lead(staff.village, named_household("H1", "张大山"))
    page = client_for(township_b_admin).get(reverse("monitoring:case_list")).content.decode()
    assert ">H1<" not in page and "还没有监测对象" in page


def test_the_case_page_masks_the_id_number_for_the_inspector(lead, home, village_admin, inspector):
    assert home.head_id_number in client_for(village_admin).get(case_url(lead)).content.decode()
    page = client_for(inspector).get(case_url(lead)).content.decode()
    assert home.head_id_number not in page and "张大山" in page


# --- Steps through the page ---------------------------------------------------------------------


def verify_post(**values: object) -> dict[str, object]:
    return {
        "verify-visited_on": walk.today().isoformat(),
        "verify-findings": "户主患病住院",
        "verify-net_income": "8000",
        "verify-risks": ["因病"],
        "verify-authorisation": SimpleUploadedFile("授权承诺.pdf", walk.PDF),
        "verify-photo": SimpleUploadedFile("走访.png", walk.PNG),
    } | values


def test_the_village_user_verifies_with_the_signed_authorisation(lead, village_admin):
    client = client_for(village_admin)
    page = client.get(case_url(lead)).content.decode()
    assert "办理入户核实" in page and 'value="2026-03-02"' in page  # today, as date inputs take it
    response = client.post(step_url(lead, "verify"), read_at(lead, "verify") | verify_post())
    assert response.status_code == 302 and response["Location"] == case_url(lead)
    assert state_of(lead) == CaseState.VERIFIED
    page = client.get(case_url(lead)).content.decode()
    assert "已办理“入户核实”" in page and "授权承诺.pdf" in page and "户主患病住院" in page
    assert {a.kind for a in Attachment.objects.all()} == {"农户授权承诺", "照片"}


def test_a_verification_without_the_authorisation_changes_nothing(lead, village_admin):
    response = client_for(village_admin).post(
        step_url(lead, "verify"),
        read_at(lead, "verify") | verify_post(**{"verify-authorisation": ""}),
    )
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    assert state_of(lead) == CaseState.LEAD and not Attachment.objects.exists()


def test_a_file_that_is_not_what_it_says_is_refused_with_the_service_message(lead, village_admin):
    fake = SimpleUploadedFile("授权承诺.pdf", b"not a pdf at all")
    response = client_for(village_admin).post(
        step_url(lead, "verify"),
        read_at(lead, "verify") | verify_post(**{"verify-authorisation": fake}),
    )
    assert "内容与扩展名不符" in response.content.decode()
    assert state_of(lead) == CaseState.LEAD


def test_a_township_approval_during_the_notice_shows_why_and_changes_nothing(
    clock, home, staff, township_a_admin
):
    case = walk.walk_to((CaseState.NOTICE, False), home=home, staff=staff, clock=clock)
    response = client_for(township_a_admin).post(
        step_url(case, "township_approve"), read_at(case, "township_approve") | {}
    )
    assert response.status_code == 400 and "公示未满期" in response.content.decode()
    assert state_of(case) == CaseState.NOTICE


def test_a_step_of_another_office_is_refused_with_its_message(clock, home, staff, village_admin):
    case = walk.walk_to((CaseState.TOWNSHIP_APPROVED, False), home=home, staff=staff, clock=clock)
    page = client_for(village_admin).get(case_url(case)).content.decode()
    assert "办理县级审定" not in page
    response = client_for(village_admin).post(
        step_url(case, "county_approve"),
        read_at(case, "county_approve")
        | {"county_approve-case_type": "脱贫不稳定户", "county_approve-risks": ["因病"]},
    )
    assert "不能办理“县级审定”" in response.content.decode()
    assert state_of(case) == CaseState.TOWNSHIP_APPROVED


def test_the_county_approves_with_the_type_and_risks_proposed(clock, home, staff, county_admin):
    case = walk.walk_to((CaseState.TOWNSHIP_APPROVED, False), home=home, staff=staff, clock=clock)
    page = client_for(county_admin).get(case_url(case)).content.decode()
    assert re.search(r'value="脱贫不稳定户"[^>]*checked', page)
    assert re.search(r'value="因病"[^>]*checked', page)
    response = client_for(county_admin).post(
        step_url(case, "county_approve"),
        read_at(case, "county_approve")
        | {"county_approve-case_type": "脱贫不稳定户", "county_approve-risks": ["因病", "因学"]},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.INCLUDED and case.case_type == "脱贫不稳定户"
    assert sorted(r.risk for r in case.risks.all()) == ["因学", "因病"]


def test_a_help_measure_through_the_page(clock, home, staff, village_admin):
    case = walk.walk_to((CaseState.INCLUDED, False), home=home, staff=staff, clock=clock)
    response = client_for(village_admin).post(
        step_url(case, "add_measure"),
        read_at(case, "add_measure")
        | {
            "add_measure-kind": "公益岗位",
            "add_measure-description": "安排护林员岗位",
            "add_measure-responsible": "李某",
            "add_measure-starts_on": walk.today().isoformat(),
            "add_measure-amount": "6000",
        },
    )
    assert response.status_code == 302 and state_of(case) == CaseState.HELPING
    assert "安排护林员岗位" in client_for(village_admin).get(case_url(case)).content.decode()


def test_an_early_request_for_elimination_lists_what_is_missing(clock, home, staff, village_admin):
    case = walk.walk_to((CaseState.HELPING, False), home=home, staff=staff, clock=clock)
    client = client_for(village_admin)
    assert "帮扶未满6个月" in client.get(case_url(case)).content.decode()
    response = client.post(
        step_url(case, "request_elimination"), read_at(case, "request_elimination") | {}
    )
    assert response.status_code == 400 and "不能办理“申请风险消除”" in response.content.decode()
    assert state_of(case) == CaseState.HELPING


def test_the_inspector_sees_no_action_forms_and_may_post_none(lead, inspector):
    client = client_for(inspector)
    assert "办理入户核实" not in client.get(case_url(lead)).content.decode()
    assert (
        client.post(step_url(lead, "verify"), read_at(lead, "verify") | verify_post()).status_code
        == 403
    )
    assert state_of(lead) == CaseState.LEAD


def test_another_township_gets_404_for_a_step(lead, township_b_admin):
    response = client_for(township_b_admin).post(
        step_url(lead, "not_include"), read_at(lead, "not_include") | {"reason": "x"}
    )
    assert response.status_code == 404 and state_of(lead) == CaseState.LEAD


def test_an_unknown_step_is_404(lead, village_admin):
    assert (
        client_for(village_admin)
        .post(step_url(lead, "delete"), read_at(lead, "delete") | {})
        .status_code
        == 404
    )


# --- Attachments --------------------------------------------------------------------------------


def test_an_attachment_downloads_within_the_region_only(
    lead, village_admin, inspector, township_b_admin, department
):
    client_for(village_admin).post(
        step_url(lead, "verify"), read_at(lead, "verify") | verify_post()
    )
    attachment = Attachment.objects.get(kind="农户授权承诺")
    url = reverse("monitoring:attachment", args=[attachment.pk])
    response = client_for(inspector).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == walk.PDF
    assert client_for(township_b_admin).get(url).status_code == 404
    assert client_for(department).get(url).status_code == 403
    assert Client().get(url).status_code == 302


# --- Leads --------------------------------------------------------------------------------------


def test_village_staff_record_a_self_reported_lead_by_the_heads_name(home, village_admin):
    response = client_for(village_admin).post(
        reverse("monitoring:lead_create"),
        {"household": "张大山", "channel": Channel.SELF_REPORTED, "note": "户主住院，申请帮扶"},
    )
    case = Case.objects.get(household=home)
    assert response.status_code == 302 and response["Location"] == case_url(case)
    assert case.channel == Channel.SELF_REPORTED and case.opened_by == village_admin


def test_a_household_outside_the_region_cannot_be_found_for_a_lead(clock, township_b_admin):
    named_household("H1", "张大山")
    response = client_for(township_b_admin).post(
        reverse("monitoring:lead_create"),
        {"household": "H1", "channel": Channel.SELF_REPORTED, "note": "x"},
    )
    assert "没有找到该户" in response.content.decode() and not Case.objects.exists()


def test_a_second_lead_for_the_household_is_refused_with_the_message(lead, village_admin):
    response = client_for(village_admin).post(
        reverse("monitoring:lead_create"),
        {"household": "H1", "channel": Channel.SELF_REPORTED, "note": "再次申报"},
    )
    assert "已有未关闭的监测案件" in response.content.decode()
    assert Case.objects.count() == 1


def test_the_household_page_offers_screening_until_a_case_is_open(home, village_admin, inspector):
    client = client_for(village_admin)
    panel = reverse("monitoring:household_panel", args=["H1"])
    assert "发起监测（干部排查）" in client.get(panel).content.decode()
    assert "发起监测（干部排查）" not in client_for(inspector).get(panel).content.decode()
    response = client.post(reverse("monitoring:screening", args=["H1"]), {"note": "走访发现"})
    case = Case.objects.get(household=home)
    assert response["Location"] == case_url(case) and case.channel == Channel.CADRE_SCREENING
    page = client.get(panel).content.decode()
    assert "发起监测（干部排查）" not in page and case_url(case) in page


def test_the_household_page_loads_the_monitoring_panel(home, village_admin):
    page = client_for(village_admin).get(reverse("registry:household_detail", args=["H1"]))
    assert reverse("monitoring:household_panel", args=["H1"]) in page.content.decode()


# --- Home page ----------------------------------------------------------------------------------


def test_the_home_page_counts_overdue_cases_and_links_to_them(clock, lead, county_admin):
    clock.shift(dt.timedelta(days=16))
    page = client_for(county_admin).get(reverse("home")).content.decode()
    assert "逾期未决监测对象" in page and "?deadline=overdue" in page
