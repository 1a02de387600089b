"""The API takes every step through the same services: the whole path over HTTP, refusals as
400/403/404/409 with their Chinese message, and nothing outside the caller's region."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fupin.accounts.models import User
from fupin.accounts.services import issue_token
from fupin.monitoring.choices import CaseState
from fupin.monitoring.models import Attachment, Case
from tests.conftest import client_for

from . import walk

pytestmark = pytest.mark.django_db


def post(who: User | Client, path: str, payload: dict) -> tuple[int, dict]:  # type: ignore[type-arg]
    """A JSON step, signed in afresh (the clock moves past the session's two idle hours)."""
    client = client_for(who) if isinstance(who, User) else who
    response = client.post(f"/api/monitoring{path}", payload, content_type="application/json")
    return response.status_code, response.json()


def verify_form(**extra: object) -> dict:  # type: ignore[type-arg]
    return {
        "visited_on": "2026-03-02",
        "findings": "户主患病",
        "net_income": "8000",
        "risks": ["因病", "缺劳动力"],
        "authorisation": SimpleUploadedFile("授权.pdf", walk.PDF),
        "photos": [
            SimpleUploadedFile("门口.jpg", walk.JPEG),
            SimpleUploadedFile("屋内.png", walk.PNG),
        ],
    } | extra


def test_the_whole_path_over_the_api(clock, staff):
    home = walk.stable_household()
    village, township, county = staff.village, staff.township, staff.county

    status, case = post(
        village, "/cases", {"household_code": home.code, "channel": "农户自主申报", "note": "申报"}
    )
    assert status == 201 and case["state"] == "线索"
    path = f"/cases/{case['id']}"
    assert [s["code"] for s in case["available_steps"]] == ["verify"]

    response = client_for(village).post(f"/api/monitoring{path}/verify", verify_form())
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "入户核实"
    attachments = response.json()["transitions"][-1]["attachments"]
    assert sorted(a["kind"] for a in attachments) == ["农户授权承诺", "照片", "照片"]

    response = client_for(village).post(
        f"/api/monitoring{path}/review",
        {
            "held_on": "2026-03-02",
            "participants": ["张三", "李四"],
            "votes_for": 2,
            "votes_against": 0,
        },
    )
    assert response.status_code == 200, response.json()
    assert post(village, f"{path}/notice", {"starts_on": "2026-03-02"})[0] == 200

    status, refused = post(township, f"{path}/township-approve", {})
    assert status == 409
    assert (
        refused["detail"]
        == "公示未满期（2026-03-02 至 2026-03-06），2026-03-07 起方可办理“乡镇初审”"
    )
    clock.shift(dt.timedelta(days=5))
    assert post(township, f"{path}/township-approve", {"opinion": "同意"})[0] == 200
    status, case = post(
        county, f"{path}/county-approve", {"case_type": "脱贫不稳定户", "risks": ["因病"]}
    )
    assert status == 200 and case["state"] == "已纳入" and case["risks"] == ["因病"]
    status, case = post(
        village,
        f"{path}/measures",
        {
            "kind": "公益岗位",
            "description": "保洁岗",
            "responsible": "李某",
            "starts_on": "2026-03-07",
        },
    )
    assert status == 200 and case["state"] == "帮扶中" and case["measures"][0]["kind"] == "公益岗位"

    status, refused = post(village, f"{path}/request-elimination", {})
    assert status == 409 and "帮扶未满6个月" in refused["detail"]
    check = client_for(village).get(f"/api/monitoring{path}/elimination-check").json()
    assert check["passed"] is False and check["earliest"] == "2026-09-07"

    clock.shift(dt.timedelta(days=190))
    walk.rule_run()
    assert post(village, f"{path}/request-elimination", {"opinion": "收入稳定"})[0] == 200
    form = verify_form(visited_on=str(walk.today()), risks=[])
    form.pop("photos")
    assert client_for(village).post(f"/api/monitoring{path}/verify", form).status_code == 200
    assert post(village, f"{path}/notice", {"starts_on": str(walk.today())})[0] == 200
    clock.shift(dt.timedelta(days=5))
    status, case = post(county, f"{path}/approve-elimination", {"opinion": "同意"})
    assert status == 200 and case["state"] == "风险消除" and case["closed_at"]


def test_refusals_answer_with_their_kind_and_message(clock, staff, inspector):
    case = walk.open_lead(staff.village, walk.stable_household())
    path = f"/api/monitoring/cases/{case.pk}"
    no_authorisation = verify_form()
    no_authorisation.pop("authorisation")
    response = client_for(staff.village).post(f"{path}/verify", no_authorisation)
    assert (
        response.status_code == 400
        and response.json()["detail"] == "办理“入户核实”须上传：农户授权承诺"
    )
    response = client_for(staff.township).post(f"{path}/verify", verify_form())
    assert response.status_code == 403
    assert response.json()["detail"] == "您的角色（乡镇管理员）不能办理“入户核实”"
    status, refused = post(client_for(inspector), f"/cases/{case.pk}/not-included", {"reason": "x"})
    assert status == 403
    status, refused = post(
        client_for(staff.village), f"/cases/{case.pk}/not-included", {"reason": "x"}
    )
    assert status == 409 and refused["detail"].startswith("当前状态为“线索”，不能办理“不予纳入”")


def test_another_township_gets_404_for_every_path(clock, staff, township_b_admin):
    case = walk.open_lead(staff.village, walk.stable_household())
    client = client_for(township_b_admin)
    assert client.get(f"/api/monitoring/cases/{case.pk}").status_code == 404
    assert client.get(f"/api/monitoring/cases/{case.pk}/elimination-check").status_code == 404
    assert client.get("/api/monitoring/cases").json() == {"items": [], "count": 0}
    for step in ("verify", "not-included", "township-approve", "township-return", "reopen"):
        assert post(client, f"/cases/{case.pk}/{step}", {"reason": "x"})[0] in (404, 422)
    assert post(client, f"/cases/{case.pk}/township-return", {"reason": "x"})[0] == 404
    status, _ = post(client, "/cases", {"household_code": "H1", "channel": "干部排查", "note": "x"})
    assert status == 404


def test_attachments_download_only_within_scope(clock, staff, township_b_admin):
    case = walk.open_lead(staff.village, walk.stable_household())
    walk.verify(staff.village, case)
    attachment = Attachment.objects.get()
    url = f"/api/monitoring/attachments/{attachment.pk}"
    response = client_for(staff.county).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(township_b_admin).get(url).status_code == 404


def test_lists_filter_by_state_and_the_inbox_holds_what_waits_on_me(clock, staff):
    walk.open_lead(staff.village, walk.stable_household("H1"))
    second = walk.open_lead(staff.village, walk.stable_household("H2"))
    walk.verify(staff.village, second)
    client = client_for(staff.county)
    listed = client.get("/api/monitoring/cases", {"state": "入户核实"}).json()
    assert [c["household_code"] for c in listed["items"]] == ["H2"]
    assert client.get("/api/monitoring/inbox").json()["count"] == 0
    mine = client_for(staff.village).get("/api/monitoring/inbox").json()
    assert sorted(c["household_code"] for c in mine["items"]) == ["H1", "H2"]


def test_a_department_token_reads_but_cannot_act(clock, staff, department):
    case = walk.open_lead(staff.village, walk.stable_household())
    _, key = issue_token(staff.county, department, name="民政局")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(f"/api/monitoring/cases/{case.pk}").json()["available_steps"] == []
    status, refused = post(client, f"/cases/{case.pk}/not-included", {"reason": "x"})
    assert status == 403 and refused["detail"] == "您的角色（行业部门）不能办理“不予纳入”"
    assert Case.objects.get().state == CaseState.LEAD


def test_the_schema_documents_every_step(db):
    paths = Client().get("/api/openapi.json").json()["paths"]
    for step in (
        "verify",
        "review",
        "not-included",
        "notice",
        "township-approve",
        "township-return",
        "county-approve",
        "measures",
        "request-elimination",
        "approve-elimination",
        "cancel-elimination",
        "reopen",
    ):
        assert f"/api/monitoring/cases/{{case_id}}/{step}" in paths


def test_the_list_and_the_detail_take_a_fixed_number_of_queries(
    clock, staff, django_assert_num_queries
):
    for number in range(8):
        case = walk.open_lead(staff.village, walk.stable_household(f"H{number}"))
        walk.verify(staff.village, case)
    client = client_for(staff.county)
    # Every request: session, user, and saving the session (a savepoint, an update, a release).
    # The list: a count and a page, whatever the number of cases.
    with django_assert_num_queries(5 + 2):
        assert client.get("/api/monitoring/cases").json()["count"] == 8
    # The detail: the case, its transitions (actors joined), attachments, measures and risks.
    with django_assert_num_queries(5 + 5):
        detail = client.get(f"/api/monitoring/cases/{case.pk}").json()
    assert len(detail["transitions"]) == 2
