"""The asset and dividend pages: registering an asset and its income, drawing a plan, its payments
table before approval, approval by another officer, payment, the 分红名单 download and upload,
the household page's dividends, and scope (another township finds nothing)."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fupin.projects import dividends
from fupin.projects.choices import DividendRule, PlanState
from fupin.projects.choices import ProjectState as S
from fupin.projects.models import Asset, AssetIncome, DividendPlan
from tests.conftest import VILLAGE_A, client_for

from .assets_builders import PAID_ON, earning, homes, station
from .builders import walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(village_admin, county_admin, township_a_admin):  # type: ignore[no-untyped-def]
    return {"village": village_admin, "county": county_admin, "township": township_a_admin}


def test_an_asset_and_its_income_are_registered_through_the_pages(offices):
    project = walk_to(S.ACCEPTED, **offices)
    county = client_for(offices["county"])
    assert "登记资产" in county.get(f"/projects/{project.pk}/").content.decode()
    response = county.post(
        f"/projects/{project.pk}/assets/new/",
        {
            "name": "新和村光伏电站",
            "asset_class": "经营性",
            "value": "400000",
            "keeper": "新和村村民委员会",
            "owner_kind": "村集体",
            "owner_village": VILLAGE_A,
        },
        follow=True,
    )
    asset = Asset.objects.get()
    assert response.redirect_chain[-1][0] == f"/projects/assets/{asset.pk}/"
    assert asset.owner_village_id == VILLAGE_A and asset.value == Decimal("400000.00")
    response = county.post(
        f"/projects/assets/{asset.pk}/incomes/",
        {"income-year": "2025", "income-amount": "82000.50", "income-note": "发电"},
        follow=True,
    )
    assert "收益已登记" in response.content.decode()
    bad = county.post(
        f"/projects/assets/{asset.pk}/incomes/", {"income-year": "2025", "income-amount": "1"}
    )
    assert bad.status_code == 400 and "2025年的收益已登记" in bad.content.decode()
    assert AssetIncome.objects.count() == 1
    assert "新和村光伏电站" in county.get("/projects/assets/").content.decode()


def test_a_plan_is_drawn_shown_approved_by_another_and_paid_on_the_pages(offices):
    asset = station(offices)
    first, second, third = homes(asset, [1, 2, 3], offices["county"])
    earning(asset, offices["county"])
    township = client_for(offices["township"])
    response = township.post(
        f"/projects/assets/{asset.pk}/plans/",
        {
            "plan-year": "2025",
            "plan-amount": "1000.00",
            "plan-village_part": "400",
            "plan-posts_part": "",
            "plan-rule": DividendRule.BY_PERSON,
        },
        follow=True,
    )
    plan = DividendPlan.objects.get()
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/projects/assets/plans/{plan.pk}/"
    # The payments table before approval: 600 yuan by 1:2:3.
    assert first.code in page and "100.00" in page and "300.00" in page and "审批通过" in page
    refused = township.post(f"/projects/assets/plans/{plan.pk}/approve/")
    assert refused.status_code == 400 and "制定人以外" in refused.content.decode()
    county = client_for(offices["county"])
    county.post(f"/projects/assets/plans/{plan.pk}/approve/")
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    response = county.post(
        f"/projects/assets/plans/{plan.pk}/pay/", {"pay-paid_on": PAID_ON.isoformat()}, follow=True
    )
    plan.refresh_from_db()
    assert plan.state == PlanState.PAID
    household_page = county.get(f"/registry/households/{third.code}/").content.decode()
    assert "产业项目收益分红" in household_page
    assert "收益分红：2025 年 300.00 元" in household_page
    export = county.get(f"/projects/assets/plans/{plan.pk}/list.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("户编号", "户主姓名", "人口", "分红金额")
    assert [row[0] for row in rows[1:]] == [first.code, second.code, third.code]


def test_a_list_is_uploaded_as_a_plan_and_a_bad_one_shows_every_error(offices, tmp_path):
    asset = station(offices)
    first, second = homes(asset, [1, 2], offices["county"])
    earning(asset, offices["county"])

    def upload(rows):  # type: ignore[no-untyped-def]
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "分红名单"
        sheet.append(["户编号", "户主姓名", "人口", "分红金额"])
        for row in rows:
            sheet.append(row)
        data = io.BytesIO()
        book.save(data)
        return SimpleUploadedFile("名单.xlsx", data.getvalue())

    county = client_for(offices["county"])
    terms = {"list-year": "2025", "list-amount": "500.00"}
    bad = county.post(
        f"/projects/assets/{asset.pk}/plans/import/",
        terms | {"list-file": upload([["X-1", "", None, 100], [second.code, "", 2, "abc"]])},
    )
    page = bad.content.decode()
    assert bad.status_code == 400 and "X-1" in page and "应为金额" in page
    assert not DividendPlan.objects.exists()
    good = county.post(
        f"/projects/assets/{asset.pk}/plans/import/",
        terms | {"list-file": upload([[first.code, "", 1, 120.5], [second.code, "", 2, 379.5]])},
        follow=True,
    )
    plan = DividendPlan.objects.get()
    assert good.redirect_chain[-1][0] == f"/projects/assets/plans/{plan.pk}/"
    assert plan.rule == DividendRule.BY_LIST


def test_another_township_finds_no_asset_and_no_plan(offices, township_b_admin, inspector):
    asset = station(offices)
    homes(asset, [1], offices["county"])
    earning(asset, offices["county"])
    plan = dividends.draw_plan(
        offices["county"], asset, year=2025, amount="10.00", rule=DividendRule.EQUAL
    )
    outsider = client_for(township_b_admin)
    assert "新和村" not in outsider.get("/projects/assets/").content.decode()
    for url in [
        f"/projects/assets/{asset.pk}/",
        f"/projects/assets/plans/{plan.pk}/",
        f"/projects/assets/plans/{plan.pk}/list.xlsx",
    ]:
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(f"/projects/assets/plans/{plan.pk}/approve/").status_code == 404
    reader = client_for(inspector)
    page = reader.get(f"/projects/assets/plans/{plan.pk}/").content.decode()
    assert "审批通过" not in page
    assert reader.post(f"/projects/assets/plans/{plan.pk}/approve/").status_code == 403
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT
