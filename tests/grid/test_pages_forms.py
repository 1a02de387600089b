"""The grid's forms post through the services: they change data, a refusal is shown on the form
and changes nothing, and a reassignment shows in both cadres' histories."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fupin.grid.models import Area, Assignment, Cadre, Pairing
from tests.conftest import TOWNSHIP_A, VILLAGE_A, client_for
from tests.registry.workbooks import person_id
from tests.rules.builders import household

from .builders import cadre

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
VILLAGE_PAGE = f"/grid/villages/{VILLAGE_A}/"


@pytest.fixture
def client(township_a_admin):  # type: ignore[no-untyped-def]
    return client_for(township_a_admin)


def cadre_values(**changes: object) -> dict[str, object]:
    values = {
        "name": "赵干部",
        "id_number": person_id(dt.date(1985, 3, 4), 17, male=False),
        "region": TOWNSHIP_A,
        "unit": "平安镇人民政府",
        "post": "副镇长",
        "phone": "13912345678",
        "kind": "乡镇领导",
    }
    return values | changes


def test_a_cadre_is_registered_with_a_photo_served_only_in_scope(client, township_b_admin):
    photo = SimpleUploadedFile("zhao.png", PNG, content_type="image/png")
    response = client.post("/grid/cadres/new/", cadre_values(photo=photo))
    zhao = Cadre.objects.get(name="赵干部")
    assert response.status_code == 302 and response.url == f"/grid/cadres/{zhao.pk}/"
    served = client.get(f"/grid/cadres/{zhao.pk}/photo/")
    assert served["Content-Type"] == "image/png" and b"".join(served.streaming_content) == PNG
    assert client_for(township_b_admin).get(f"/grid/cadres/{zhao.pk}/photo/").status_code == 404
    assert (
        f"/grid/cadres/{zhao.pk}/photo/" in client.get(f"/grid/cadres/{zhao.pk}/").content.decode()
    )


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_saved(client):
    fake = SimpleUploadedFile("zhao.png", b"MZ not a picture", content_type="image/png")
    response = client.post("/grid/cadres/new/", cadre_values(photo=fake))
    assert response.status_code == 400
    assert "“zhao.png”的内容与扩展名不符" in response.content.decode()
    assert not Cadre.objects.filter(name="赵干部").exists()
    pdf = SimpleUploadedFile("zhao.pdf", b"%PDF-1.4", content_type="application/pdf")
    refused = client.post("/grid/cadres/new/", cadre_values(photo=pdf)).content.decode()
    assert "只接受 jpg、png" in refused


def test_a_cadre_is_edited_and_a_refusal_is_shown_on_the_form(client):
    wang, li = cadre("王帮扶"), cadre("李帮扶")
    values = cadre_values(name="王帮扶", id_number=wang.id_number, phone="13800000000")
    assert client.post(f"/grid/cadres/{wang.pk}/edit/", values | {"version": 1}).status_code == 302
    wang.refresh_from_db()
    assert wang.phone == "13800000000" and wang.kind == "乡镇领导"
    taken = client.post(
        f"/grid/cadres/{wang.pk}/edit/", values | {"id_number": li.id_number, "version": 2}
    )
    assert taken.status_code == 400 and "已登记为帮扶干部" in taken.content.decode()


def test_a_helper_is_assigned_to_a_household_once(client):
    home, wang, li = household("H1"), cadre("王帮扶"), cadre("李帮扶")
    form = client.get(f"{VILLAGE_PAGE}assign/household/?household=H1").content.decode()
    assert 'value="H1"' in form
    values = {"cadre": wang.pk, "household": "H1", "started_on": "2025-01-01"}
    response = client.post(f"{VILLAGE_PAGE}assign/household/", values)
    assert response.status_code == 302 and response.url == VILLAGE_PAGE
    assert Assignment.objects.get(household=home).cadre == wang
    again = client.post(f"{VILLAGE_PAGE}assign/household/", values | {"cadre": li.pk})
    assert again.status_code == 400 and "请使用“调整帮扶人”" in again.content.decode()
    stranger = client.post(f"{VILLAGE_PAGE}assign/household/", values | {"household": "NOPE"})
    assert "没有户编号为 NOPE 的农户" in stranger.content.decode()


def test_only_a_township_or_above_assigns_a_leader(client, village_admin):
    leader = cadre("李书记", kind="乡镇领导")
    values = {"cadre": leader.pk, "started_on": "2025-01-01"}
    assert client.post(f"{VILLAGE_PAGE}assign/leader/", values).status_code == 302
    assert Assignment.objects.get(level="包村").cadre == leader
    village = client_for(village_admin)
    assert "安排包村领导" not in village.get(VILLAGE_PAGE).content.decode()
    refused = village.post(f"{VILLAGE_PAGE}assign/leader/", values | {"cadre": cadre("张").pk})
    assert refused.status_code == 400 and "当前角色无权维护" in refused.content.decode()


def test_reassignment_needs_a_handover_note_and_shows_in_both_histories(client):
    home, wang, li = household("H1"), cadre("王帮扶"), cadre("李帮扶")
    old = Assignment.objects.create(
        cadre=wang,
        level="包户",
        village_id=VILLAGE_A,
        household=home,
        started_on=dt.date(2025, 1, 1),
    )
    url = f"/grid/assignments/{old.pk}/reassign/"
    values = {"cadre": li.pk, "on": "2025-06-01", "handover_note": "", "version": 1}
    assert client.post(url, values).status_code == 400
    values["handover_note"] = "已交接户情和在办的危房改造"
    assert client.post(url, values).status_code == 302
    new = Assignment.objects.get(household=home, cadre=li)
    assert new.started_on == dt.date(2025, 6, 1) and new.replaces == old
    li_page = client.get(f"/grid/cadres/{li.pk}/").content.decode()
    assert "接替 王帮扶：已交接户情和在办的危房改造" in li_page
    wang_page = client.get(f"/grid/cadres/{wang.pk}/").content.decode()
    assert "2025-01-01 至 2025-06-01" in wang_page and "由 李帮扶 接替" in wang_page
    card = client.get("/grid/households/H1/helpers/").content.decode()
    assert "李帮扶" in card and "曾经的帮扶责任人" in card and "调整为 李帮扶" in card


def test_an_assignment_ends_with_a_reason(client):
    home = household("H1")
    assignment = Assignment.objects.create(
        cadre=cadre(),
        level="包户",
        village_id=VILLAGE_A,
        household=home,
        started_on=dt.date(2025, 1, 1),
    )
    url = f"/grid/assignments/{assignment.pk}/end/"
    assert client.post(url, {"on": "2025-03-01", "reason": "", "version": 1}).status_code == 400
    ended = client.post(url, {"on": "2025-03-01", "reason": "该户已注销", "version": 1})
    assert ended.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_on == dt.date(2025, 3, 1) and assignment.end_reason == "该户已注销"
    assert "无帮扶责任人" in client.get(VILLAGE_PAGE).content.decode()


def test_an_area_is_created_edited_and_given_its_village_cadre(client):
    household("H1"), household("H2"), household("H3")
    created = client.post(f"{VILLAGE_PAGE}areas/new/", {"name": "东片", "households": "H1, H2"})
    assert created.status_code == 302
    area = Area.objects.get(name="东片")
    assert sorted(area.households.values_list("code", flat=True)) == ["H1", "H2"]
    assert "H1\nH2" in client.get(f"/grid/areas/{area.pk}/edit/").content.decode()
    client.post(f"/grid/areas/{area.pk}/edit/", {"households": "H3\nH2"})
    assert sorted(area.households.values_list("code", flat=True)) == ["H2", "H3"]
    unknown = client.post(f"/grid/areas/{area.pk}/edit/", {"households": "H9"})
    assert unknown.status_code == 400 and "H9" in unknown.content.decode()
    keeper = cadre("周村干", kind="村干部")
    values = {"cadre": keeper.pk, "area": area.pk, "started_on": "2025-01-01"}
    assert client.post(f"{VILLAGE_PAGE}assign/area/", values).status_code == 302
    page = client.get(VILLAGE_PAGE).content.decode()
    assert "东片" in page and "周村干" in page


def test_a_pairing_is_added_for_the_village_or_its_township(client, village_admin):
    values = {"target": TOWNSHIP_A, "unit": "白城市财政局", "started_on": "2025-01-01"}
    assert client.post(f"{VILLAGE_PAGE}pairings/new/", values).status_code == 302
    assert Pairing.objects.get().region_id == TOWNSHIP_A
    assert "白城市财政局" in client.get(VILLAGE_PAGE).content.decode()
    # A village's office pairs its own village only.
    offered = client_for(village_admin).get(f"{VILLAGE_PAGE}pairings/new/").content.decode()
    assert f'value="{VILLAGE_A}"' in offered and f'value="{TOWNSHIP_A}"' not in offered


def test_the_inspector_reads_but_gets_no_forms(grid_inspector_client):
    page = grid_inspector_client.get(VILLAGE_PAGE).content.decode()
    assert "安排帮扶人" not in page and "新增片区" not in page
    assert grid_inspector_client.get(f"{VILLAGE_PAGE}assign/household/").status_code == 403
    assert grid_inspector_client.get("/grid/cadres/new/").status_code == 403


@pytest.fixture
def grid_inspector_client(inspector):  # type: ignore[no-untyped-def]
    household("H1")
    return client_for(inspector)
