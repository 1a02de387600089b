"""The project and fund pages: scope (another township finds nothing), declaring and taking steps
through the forms, allocating and spending with the balances shown, and read-only roles."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from fupin.projects.choices import ProjectState as S
from fupin.projects.models import Allocation, Beneficiary, Expense, Project
from tests.conftest import VILLAGE_A, client_for
from tests.rules.builders import household

from .builders import county_fund, photo, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(village_admin, county_admin, township_a_admin):  # type: ignore[no-untyped-def]
    return {"village": village_admin, "county": county_admin, "township": township_a_admin}


def test_a_village_declares_a_project_through_the_form(offices):
    response = client_for(offices["village"]).post(
        "/projects/new/",
        {
            "region": VILLAGE_A,
            "name": "新和村肉牛养殖项目",
            "year": 2026,
            "kind": "产业",
            "subkind": "种养殖",
            "content": "建设标准化牛舍 800 平方米",
            "implementing_unit": "新和村股份经济合作社",
            "budget": "560000",
            "planned_start": "2026-07-01",
            "planned_end": "2026-10-31",
            "output_target": "牛舍 800 平方米",
            "benefit_target": "村集体年增收 5 万元",
        },
        follow=True,
    )
    project = Project.objects.get()
    assert response.redirect_chain[-1][0] == f"/projects/{project.pk}/"
    assert "项目已申报" in response.content.decode()
    assert project.budget == Decimal("560000.00") and project.state == S.DECLARED


def test_a_refused_declaration_shows_the_reason_and_writes_nothing(offices):
    response = client_for(offices["village"]).post(
        "/projects/new/",
        {
            "region": VILLAGE_A,
            "name": "光伏",
            "year": 2026,
            "kind": "产业",
            "subkind": "光伏",
            "content": "x",
            "implementing_unit": "镇政府",
            "budget": "100",
            "planned_start": "2026-07-01",
            "planned_end": "2026-10-31",
            "output_target": "x",
            "benefit_target": "x",
        },
    )
    assert "光伏项目请填写装机容量" in response.content.decode()
    assert not Project.objects.exists()


def test_the_county_takes_the_steps_from_the_project_page(offices):
    project = walk_to(S.DECLARED, **offices)
    county = client_for(offices["county"])
    page = county.get(f"/projects/{project.pk}/").content.decode()
    assert 'id="step-appraise"' in page and 'id="step-reject"' in page
    version = re.search(r'name="appraise-version" value="(\d+)"', page)
    assert version is not None  # the page's form carries the version it shows
    county.post(
        f"/projects/{project.pk}/steps/appraise/",
        {"appraise-opinion": "可行", "appraise-version": version.group(1)},
    )
    project.refresh_from_db()
    assert project.state == S.APPRAISED
    village_page = client_for(offices["village"]).get(f"/projects/{project.pk}/").content.decode()
    assert 'id="step-approve"' not in village_page


def test_acceptance_by_the_starter_is_refused_on_the_page(offices):
    project = walk_to(S.IMPLEMENTING, **offices)
    response = client_for(offices["township"]).post(
        f"/projects/{project.pk}/steps/accept/",
        {
            "accept-finished_on": "2026-06-01",
            "accept-finding": "好",
            "accept-evidence": photo(),
            "accept-version": project.version,
        },
    )
    assert response.status_code == 400
    assert "须由他人验收" in response.content.decode()
    project.refresh_from_db()
    assert project.state == S.IMPLEMENTING


def test_a_step_on_a_page_read_before_another_office_acted_is_refused(offices, county_admin):
    project = walk_to(S.DECLARED, **offices)
    first, second = client_for(offices["county"]), client_for(county_admin)
    read = {
        client: re.search(
            r'name="reject-version" value="(\d+)"', client.get(f"/projects/{project.pk}/").text
        )
        for client in (first, second)
    }
    assert all(read.values())
    appraised = first.post(
        f"/projects/{project.pk}/steps/appraise/",
        {"appraise-opinion": "可行", "appraise-version": read[first].group(1)},  # type: ignore[union-attr]
    )
    refused = second.post(
        f"/projects/{project.pk}/steps/reject/",
        {"reject-reason": "重复申报", "reject-version": read[second].group(1)},  # type: ignore[union-attr]
    )
    assert appraised.status_code == 302 and refused.status_code == 400
    assert "此记录已被他人修改" in refused.content.decode()
    project.refresh_from_db()
    assert project.state == S.APPRAISED and not project.steps.filter(step="reject").exists()


def test_another_township_finds_neither_the_project_nor_its_evidence(offices, township_b_admin):
    project = walk_to(S.ACCEPTED, **offices)
    other = client_for(township_b_admin)
    assert other.get(f"/projects/{project.pk}/").status_code == 404
    attachment = project.steps.get(step="accept").attachments.get()
    assert other.get(f"/projects/attachments/{attachment.pk}/").status_code == 404
    assert (
        client_for(offices["county"]).get(f"/projects/attachments/{attachment.pk}/").status_code
        == 200
    )
    assert project.name not in other.get("/projects/").content.decode()


def test_a_fund_is_allocated_and_spent_through_the_pages(offices):
    county = client_for(offices["county"])
    fund = county_fund(offices["county"], "500000.00")
    project = walk_to(S.IMPLEMENTING, **offices)
    response = county.post(
        f"/projects/funds/{fund.pk}/",
        {"project": project.pk, "amount": "600000.00", "allocated_on": "2026-04-01"},
    )
    assert "可安排余额为 500,000.00 元" in response.content.decode()
    assert not Allocation.objects.exists()
    county.post(
        f"/projects/funds/{fund.pk}/",
        {"project": project.pk, "amount": "300000.00", "allocated_on": "2026-04-01"},
    )
    line = Allocation.objects.get()
    county.post(
        f"/projects/{project.pk}/lines/{line.pk}/expenses/",
        {
            f"expense-{line.pk}-{k}": v
            for k, v in {
                "amount": "120000.50",
                "paid_on": "2026-05-01",
                "payee": "白城光伏公司",
                "purpose": "组件款",
            }.items()
        },
    )
    assert Expense.objects.get().amount == Decimal("120000.50")
    listing = county.get("/projects/funds/").content.decode()
    assert "200,000.00" in listing  # 可安排余额
    page = county.get(f"/projects/{project.pk}/").content.decode()
    assert "179,999.50" in page  # the fund line's balance


def test_beneficiaries_are_added_on_the_project_page(offices):
    project = walk_to(S.IN_LIBRARY, **offices)
    home = household("H1")
    client_for(offices["village"]).post(
        f"/projects/{project.pk}/beneficiaries/",
        {"beneficiary-household": home.code, "beneficiary-way": "收益分红"},
    )
    assert Beneficiary.objects.get().household == home


def test_an_inspector_reads_and_posts_nothing(offices, inspector):
    project = walk_to(S.DECLARED, **offices)
    reader = client_for(inspector)
    assert reader.get(f"/projects/{project.pk}/").status_code == 200
    assert reader.get("/projects/funds/").status_code == 200
    assert (
        reader.post(
            f"/projects/{project.pk}/steps/appraise/", {"appraise-opinion": "x"}
        ).status_code
        == 403
    )
    assert reader.get("/projects/new/").status_code == 403
    project.refresh_from_db()
    assert project.state == S.DECLARED
