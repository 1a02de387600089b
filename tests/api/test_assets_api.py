"""The assets API: registering an asset and its income, drawing, approving (four eyes) and paying
a plan over HTTP through the same services as the pages, refusals with their Chinese message,
and nothing outside the caller's region."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from fupin.projects.choices import ProjectState as S
from fupin.projects.models import Asset, DividendPlan
from fupin.registry.models import Grant
from tests.api.test_projects_api import api
from tests.conftest import VILLAGE_A
from tests.projects.assets_builders import homes, station
from tests.projects.builders import walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def project_clock(time_machine, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(
        dt.datetime(2026, 6, 15, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    )


@pytest.fixture
def offices(village_admin, county_admin, township_a_admin):  # type: ignore[no-untyped-def]
    return {"village": village_admin, "county": county_admin, "township": township_a_admin}


def test_an_asset_its_income_and_a_plan_over_the_api(offices):
    project = walk_to(S.EVALUATED, **offices)
    county, township = offices["county"], offices["township"]
    status, body = api(
        county,
        "/assets",
        {
            "project_id": project.pk,
            "name": "光伏电站",
            "asset_class": "经营性",
            "value": "400000.00",
            "keeper": "村委会",
            "owner_village_code": VILLAGE_A,
        },
    )
    assert status == 201, body
    asset_id = body["id"]
    assert body["owner"].endswith("村集体") and body["value"] == "400000.00"
    assert body["owner_village_code"] == VILLAGE_A and body["owner_household_code"] is None
    status, body = api(county, f"/assets/{asset_id}/incomes", {"year": 2025, "amount": "1000.00"})
    assert status == 201 and body["incomes"] == [{"year": 2025, "amount": "1000.00", "note": ""}]
    asset = Asset.objects.get()
    first, second = homes(asset, [1, 3], county)
    status, body = api(
        township,
        f"/assets/{asset_id}/plans",
        {"year": 2025, "amount": "801.00", "rule": "按人口", "village_part": "1.00"},
    )
    assert status == 201, body
    plan_id = body["id"]
    assert [p["amount"] for p in body["payments"]] == ["200.00", "600.00"]
    status, body = api(township, f"/assets/plans/{plan_id}/approve", {})
    assert status == 403 and "制定人以外" in body["detail"]
    status, body = api(county, f"/assets/plans/{plan_id}/pay", {"paid_on": "2026-06-15"})
    assert status == 409
    assert api(county, f"/assets/plans/{plan_id}/approve", {})[1]["state"] == "已审批"
    status, body = api(county, f"/assets/plans/{plan_id}/pay", {"paid_on": "2026-06-15"})
    assert status == 200 and body["state"] == "已发放"
    assert Grant.objects.get(household=second, policy_id="CYFH").amount == 600
    status, body = api(
        county,
        f"/assets/{asset_id}/plans",
        {
            "year": 2025,
            "amount": "199.00",
            "rule": "按名单",
            "amounts": {first.code: "100.00", second.code: "98.00"},
        },
    )
    assert status == 400 and "不符" in body["detail"]
    assert DividendPlan.objects.count() == 1


def test_another_township_sees_no_asset_and_changes_nothing(offices, township_b_admin):
    asset = station(offices)
    status, body = api(township_b_admin, "/assets")
    assert status == 200 and body["items"] == []
    assert api(township_b_admin, f"/assets/{asset.pk}")[0] == 404
    status, _ = api(
        township_b_admin, f"/assets/{asset.pk}/incomes", {"year": 2025, "amount": "1.00"}
    )
    assert status == 404
    assert not asset.incomes.exists()
    status, body = api(offices["county"], "/assets?asset_class=经营性")
    assert status == 200 and [item["id"] for item in body["items"]] == [asset.pk]
