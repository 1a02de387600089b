"""The ledger's API takes every step through the same services as the pages: the whole path over
HTTP, four eyes, refusals as 400/403/404/409 with their Chinese message, nothing outside the
caller's region, and an inspector's token reads but never writes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fupin.accounts.models import User
from fupin.accounts.services import issue_token
from fupin.ledger.choices import ProblemState as S
from fupin.ledger.models import Problem, ProblemAttachment, ProblemStep
from tests.conftest import client_for
from tests.ledger.walk import JPEG, People, register, walk_to
from tests.monitoring import walk as cases

pytestmark = pytest.mark.django_db

LATER = "2026-04-30"


def api(who: User | Client, path: str, payload: dict[str, Any] | None = None) -> tuple[int, Any]:
    """GET, or POST ``payload`` as JSON, under /api/ledger."""
    client = client_for(who) if isinstance(who, User) else who
    if payload is None:
        response = client.get(f"/api/ledger{path}")
    else:
        response = client.post(f"/api/ledger{path}", payload, content_type="application/json")
    return response.status_code, response.json()


def upload(who: User, path: str, fields: dict[str, Any]) -> tuple[int, Any]:
    """A multipart step (整改, 核验) under /api/ledger."""
    response = client_for(who).post(f"/api/ledger{path}", fields)
    return response.status_code, response.json()


def photo(name: str = "整改后.jpg", content: bytes = JPEG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_the_whole_path_over_the_api(people: People):
    status, problem = api(
        people.village,
        "/problems",
        {
            "region_code": "220802100001",
            "category": "住房安全",
            "source": "督导检查",
            "description": "危房改造后屋顶漏雨",
            "responsible_cadre_id": people.cadre.pk,
        },
    )
    assert status == 201 and problem["state"] == S.REGISTERED
    path = f"/problems/{problem['id']}"
    assert [s["code"] for s in problem["available_steps"]] == ["set_measure"]

    measure = {"measure": "更换屋面防水层", "deadline": "2026-03-31"}
    assert api(people.village, f"{path}/set-measure", measure)[0] == 200
    status, body = api(
        people.village, f"{path}/extend-deadline", {"deadline": LATER, "reason": "雨季"}
    )
    assert status == 200 and body["deadline"] == LATER
    status, body = upload(people.helper, f"{path}/rectify", {"done": "已修", "files": [photo()]})
    assert status == 200, body
    assert body["steps"][-1]["attachments"][0]["original_name"] == "整改后.jpg"
    assert (
        api(people.village, f"{path}/send-back", {"reason": "仍渗水"})[1]["state"] == S.RECTIFYING
    )
    assert upload(people.helper, f"{path}/rectify", {"done": "再修", "files": [photo()]})[0] == 200
    assert upload(people.village, f"{path}/verify", {"finding": "无渗漏"})[0] == 200
    status, body = api(people.township, f"{path}/close", {"opinion": "同意"})
    assert status == 200 and body["state"] == S.CLOSED

    status, again = api(
        people.township, f"{path}/reopen", {"reason": "又漏", "measure": "重修", "deadline": LATER}
    )
    assert status == 201 and again["reopened_from"] == problem["id"]
    assert again["state"] == S.RECTIFYING

    status, detail = api(people.county, path)
    assert [s["step"] for s in detail["steps"]] == [
        "register",
        "set_measure",
        "extend_deadline",
        "rectify",
        "send_back",
        "rectify",
        "verify",
        "close",
    ]
    attachment = detail["steps"][3]["attachments"][0]["id"]
    response = client_for(people.county).get(f"/api/ledger/attachments/{attachment}")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_links_are_shown_only_to_those_who_see_them(people: People):
    home = cases.stable_household("H1")
    status, problem = api(
        people.village,
        "/problems",
        {
            "region_code": home.village_id,
            "category": "义务教育",
            "source": "走访",
            "description": "适龄儿童未入学",
            "household_code": home.code,
            "responsible_cadre_id": people.cadre.pk,
        },
    )
    assert status == 201 and problem["links"]["household_code"] == "H1"
    # The helping cadre answers for the problem, but the household is not assigned to them.
    status, seen = api(people.helper, f"/problems/{problem['id']}")
    assert status == 200 and seen["links"]["household_code"] is None


def test_the_rectifier_is_refused_verifying_and_closing(people: People):
    problem = register(people.township, responsible_cadre=people.cadre)
    path = f"/problems/{problem.pk}"
    api(people.township, f"{path}/set-measure", {"measure": "修", "deadline": "2026-03-31"})
    upload(people.township, f"{path}/rectify", {"done": "已修", "files": [photo()]})
    steps = ProblemStep.objects.count()

    status, refused = upload(people.township, f"{path}/verify", {"finding": "好"})
    assert status == 403
    assert refused["detail"].startswith("您登记了该问题的整改情况，不能办理“核验整改效果”")
    assert ProblemStep.objects.count() == steps

    upload(people.village, f"{path}/verify", {"finding": "好"})
    status, refused = api(people.township, f"{path}/close", {})
    assert status == 403 and "不能办理“销号”" in refused["detail"]
    problem.refresh_from_db()
    assert problem.state == S.VERIFIED and problem.closed_at is None


def test_refusals_answer_with_their_kind_and_message(people: People):
    problem = walk_to(S.REGISTERED, people)
    path = f"/problems/{problem.pk}"
    status, refused = api(
        people.village, f"{path}/set-measure", {"measure": " ", "deadline": LATER}
    )
    assert (status, refused["detail"]) == (400, "请填写整改措施")
    status, refused = api(
        people.village, f"{path}/set-measure", {"measure": "修", "deadline": "2026-03-01"}
    )
    assert (status, refused["detail"]) == (400, "整改时限不能早于今天（2026-03-02）")
    status, refused = api(people.village, f"{path}/close", {})
    assert status == 403  # a village office closes nothing
    status, refused = upload(people.helper, f"{path}/rectify", {"done": "已修", "files": [photo()]})
    assert status == 409 and "当前状态为“已登记”" in refused["detail"]
    problem.refresh_from_db()
    assert problem.state == S.REGISTERED and problem.steps.count() == 1


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_written(people: People):
    problem = walk_to(S.RECTIFYING, people)
    status, refused = upload(
        people.helper,
        f"/problems/{problem.pk}/rectify",
        {"done": "已修", "files": [photo("说明.jpg", b"just text")]},
    )
    assert status == 400 and "内容与扩展名不符" in refused["detail"]
    status, refused = upload(people.helper, f"/problems/{problem.pk}/rectify", {"done": "已修"})
    assert status == 400 and "须上传佐证材料" in refused["detail"]
    problem.refresh_from_db()
    assert problem.state == S.RECTIFYING and not ProblemAttachment.objects.exists()


def test_another_township_sees_and_changes_nothing(people: People, township_b_admin):
    problem = walk_to(S.RECTIFIED, people)
    attachment = ProblemAttachment.objects.get()
    assert api(township_b_admin, "/problems")[1]["items"] == []
    assert api(township_b_admin, f"/problems/{problem.pk}")[0] == 404
    assert (
        client_for(township_b_admin).get(f"/api/ledger/attachments/{attachment.pk}").status_code
        == 404
    )
    assert upload(township_b_admin, f"/problems/{problem.pk}/verify", {"finding": "好"})[0] == 404
    status, _ = api(
        township_b_admin,
        "/problems",
        {"region_code": "220802100001", "category": "其他", "source": "自查", "description": "x"},
    )
    assert status == 404
    problem.refresh_from_db()
    assert problem.state == S.RECTIFIED and Problem.objects.count() == 1


def test_an_inspector_token_reads_but_never_writes(people: People, inspector):
    problem = walk_to(S.RECTIFIED, people)
    _, key = issue_token(people.county, inspector, name="督导组")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert [p["id"] for p in api(client, "/problems")[1]["items"]] == [problem.pk]
    assert api(client, f"/problems/{problem.pk}")[1]["available_steps"] == []
    response = client.post(f"/api/ledger/problems/{problem.pk}/verify", {"finding": "好"})
    assert response.status_code == 403
    status, _ = api(
        client,
        "/problems",
        {"region_code": "220802100001", "category": "其他", "source": "自查", "description": "x"},
    )
    assert status == 403
    problem.refresh_from_db()
    assert problem.state == S.RECTIFIED and Problem.objects.count() == 1


def test_the_list_filters_as_the_page_does(people: People, clock):
    rectifying = walk_to(S.RECTIFYING, people)
    other = register(people.village, category="安全饮水", source="审计")

    def listed(query: str) -> list[int]:
        return [p["id"] for p in api(people.county, f"/problems?{query}")[1]["items"]]

    assert listed("category=安全饮水") == [other.pk]
    assert listed("source=督导检查&state=整改中") == [rectifying.pk]
    assert listed("overdue=true") == []
    clock.move_to("2026-04-02 09:00+08:00")
    assert listed("overdue=true") == [rectifying.pk]
    status, refused = api(people.county, "/problems?state=不存在")
    assert status == 400 and refused["detail"].startswith("状态：")
    page = client_for(people.county).get("/ledger/", {"category": "安全饮水"}).context["page"]
    assert [p.pk for p in page] == listed("category=安全饮水")
