"""The projects API: the library's procedure and the funds over HTTP through the same services as
the pages, refusals as 400/403/404/409 with their Chinese message, nothing outside the caller's
region, and balances that hold."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from fupin.accounts.models import User
from fupin.projects.choices import ProjectState as S
from fupin.projects.models import Allocation, Project
from tests.conftest import VILLAGE_A, client_for
from tests.projects.builders import JPEG, county_fund, walk_to

pytestmark = pytest.mark.django_db
TODAY_MORNING = dt.datetime(2026, 6, 15, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def project_clock(time_machine, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(TODAY_MORNING, tick=False)


@pytest.fixture
def offices(village_admin, county_admin, township_a_admin):  # type: ignore[no-untyped-def]
    return {"village": village_admin, "county": county_admin, "township": township_a_admin}


def api(
    who: User, path: str, payload: dict[str, Any] | None = None, *, form: bool = False
) -> tuple[int, Any]:
    client = client_for(who)
    if payload is None:
        response = client.get(f"/api/projects{path}")
    elif form:
        response = client.post(f"/api/projects{path}", payload)
    else:
        response = client.post(f"/api/projects{path}", payload, content_type="application/json")
    return response.status_code, response.json()


DECLARED = {
    "region_code": VILLAGE_A,
    "name": "新和村 100 千瓦光伏电站",
    "year": 2026,
    "kind": "产业",
    "subkind": "光伏",
    "capacity_kw": "100",
    "content": "村委会屋顶光伏",
    "implementing_unit": "平安镇人民政府",
    "budget": "400000.00",
    "planned_start": "2026-04-01",
    "planned_end": "2026-09-30",
    "output_target": "100 千瓦",
    "benefit_target": "年收益 8 万元",
}


def test_the_library_s_procedure_over_the_api(offices):
    from django.core.files.uploadedfile import SimpleUploadedFile

    status, project = api(offices["village"], "", DECLARED, form=True)
    assert status == 201 and project["state"] == S.DECLARED
    path = f"/{project['id']}"
    assert api(offices["county"], path)[1]["available_steps"] == ["appraise", "reject"]
    county, township = offices["county"], offices["township"]
    assert api(county, f"{path}/appraise", {"opinion": "可行"}, form=True)[0] == 200
    assert api(county, f"{path}/approve", {"opinion": "同意"}, form=True)[0] == 200
    assert api(county, f"{path}/enter", {})[1]["state"] == S.IN_LIBRARY
    assert (
        api(township, f"{path}/start", {"started_on": "2026-04-02"})[1]["state"] == S.IMPLEMENTING
    )
    status, refused = api(
        township,
        f"{path}/accept",
        {"finished_on": "2026-06-01", "finding": "好", "files": SimpleUploadedFile("a.jpg", JPEG)},
        form=True,
    )
    assert (status, refused["detail"]) == (
        403,
        "您登记了该项目的实施，不能办理“验收”（须由他人验收）",
    )
    status, accepted = api(
        county,
        f"{path}/accept",
        {
            "finished_on": "2026-06-01",
            "finding": "并网正常",
            "files": SimpleUploadedFile("a.jpg", JPEG),
        },
        form=True,
    )
    assert status == 200 and accepted["state"] == S.ACCEPTED
    done = api(county, f"{path}/evaluate", {"output_result": "建成", "benefit_result": "8.2 万元"})[
        1
    ]
    assert [s["step"] for s in done["steps"]] == [
        "declare",
        "appraise",
        "approve",
        "enter",
        "start",
        "accept",
        "evaluate",
    ]


def test_refusals_answer_with_their_status_and_message(offices, inspector, township_b_admin):
    project = walk_to(S.DECLARED, **offices)
    assert api(offices["county"], f"/{project.pk}/enter", {}) == (
        409,
        {"detail": "当前状态为“已申报”，不能办理“入库”（应在“已审定”时办理）"},
    )
    assert api(inspector, f"/{project.pk}/reject", {"reason": "x"})[0] == 403
    assert api(township_b_admin, f"/{project.pk}")[0] == 404
    assert api(offices["village"], "", DECLARED | {"budget": "0"}, form=True) == (
        400,
        {"detail": "投资规模应大于 0"},
    )
    assert Project.objects.count() == 1


def test_funds_over_the_api_keep_their_balances(offices, township_b_admin):
    county = offices["county"]
    project = walk_to(S.IMPLEMENTING, **offices)
    status, fund = api(
        county,
        "/funds",
        {
            "region_code": "220802",
            "source": "中央财政衔接资金",
            "year": 2026,
            "document_number": "吉财农〔2026〕12号",
            "name": "中央衔接资金",
            "amount": "100000.00",
            "received_on": "2026-03-01",
        },
    )
    assert status == 201 and fund["allocated"] == "0.00"
    allocation = {"project_id": project.pk, "amount": "100000.01", "allocated_on": "2026-04-01"}
    status, refused = api(county, f"/funds/{fund['id']}/allocations", allocation)
    assert status == 400 and "可安排余额为 100,000.00 元" in refused["detail"]
    status, fund = api(county, f"/funds/{fund['id']}/allocations", allocation | {"amount": "60000"})
    assert (status, fund["allocated"]) == (201, "60000.00")
    line = Allocation.objects.get()
    expense = {"amount": "60000.01", "paid_on": "2026-05-01", "payee": "公司", "purpose": "组件"}
    assert api(county, f"/allocations/{line.pk}/expenses", expense)[0] == 400
    status, detail = api(county, f"/allocations/{line.pk}/expenses", expense | {"amount": "59000"})
    assert status == 201 and detail["allocations"][0]["spent"] == "59000.00"
    assert api(township_b_admin, "/funds")[1]["items"] == []
    assert api(township_b_admin, f"/allocations/{line.pk}/expenses", expense)[0] == 404
    assert api(county, "/funds?year=abc")[0] == 400
    county_fund(county)
    assert api(county, "/funds")[1]["count"] == 2
