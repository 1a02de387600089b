"""The visit pages: the form on a phone, the visit with its photos, a household's visits and the
review of proposals, each within the user's scope."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.monitoring.models import Case
from fupin.visits.models import ChangeProposal, Visit
from tests.conftest import client_for, make_user
from tests.grid.builders import cadre
from tests.rules.builders import adults, household

from .visit_builders import FINE, assign, photo, visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():  # type: ignore[no-untyped-def]
    found = household("H1", phone="13900000001")
    adults(found, 2)
    return found


@pytest.fixture
def worker():  # type: ignore[no-untyped-def]
    return cadre("李走访")


def form_data(worker, **extra):  # type: ignore[no-untyped-def]
    management = {
        "p-TOTAL_FORMS": "3",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "3",
    }
    return (
        {"cadre": worker.pk, "visited_on": timezone.localdate().isoformat(), "kind": "入户"}
        | FINE
        | management
        | extra
    )


def test_the_form_is_made_for_a_phone_camera(village_admin, home, worker):
    page = client_for(village_admin).get("/visits/new/H1/").content.decode()
    assert 'accept="image/*"' in page and 'capture="environment"' in page and "multiple" in page
    assert 'type="radio"' in page and 'name="water"' in page
    assert "css/visits.css" in page and "李走访" in page


def test_a_visit_is_recorded_from_the_form_with_photos_and_a_proposal(village_admin, home, worker):
    son = home.members.get(relation="之子")
    data = form_data(
        worker,
        housing="不达标",
        findings="房屋漏雨",
        open_lead="on",
        **{"p-0-target": f"{son.pk}:health", "p-0-value": "残疾"},
    )
    data["photos"] = [photo("a.png"), photo("b.jpg", kind="JPEG")]
    client = client_for(village_admin)
    response = client.post("/visits/new/H1/", data)
    stored = Visit.objects.get()
    assert response.status_code == 302 and response.url == f"/visits/{stored.pk}/"
    assert stored.photos.count() == 2 and stored.lead == Case.objects.get()
    assert ChangeProposal.objects.get().proposed_value == "残疾"
    page = client.get(response.url).content.decode()
    assert "已记录走访，并登记为监测线索（干部排查）。" in page
    assert "房屋漏雨" in page and f"/monitoring/cases/{stored.lead.pk}/" in page
    assert "健康状况" in page and "待审核" in page
    assert page.count("/visits/photos/") == 4  # each photo as a link and an image


def test_a_refusal_is_shown_on_the_form_and_nothing_is_saved(village_admin, home, worker):
    response = client_for(village_admin).post(
        "/visits/new/H1/", form_data(worker, satisfaction="不满意")
    )
    assert response.status_code == 200
    assert "“满意度”为“不满意”：请在“发现的问题和情况”中写明" in response.content.decode()
    assert not Visit.objects.exists()


def test_photos_are_served_only_within_scope(village_admin, township_b_admin, home, worker):
    stored = visit(village_admin, home, worker, photos=[photo()]).visit
    url = f"/visits/photos/{stored.photos.get().pk}/"
    response = client_for(village_admin).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client_for(township_b_admin).get(url).status_code == 404


def test_another_township_gets_404_on_every_page(township_b_admin, village_admin, home, worker):
    stored = visit(village_admin, home, worker, proposals=[(None, "phone", "13800000002")]).visit
    proposal = ChangeProposal.objects.get()
    other = client_for(township_b_admin)
    for url in (
        "/visits/new/H1/",
        f"/visits/{stored.pk}/",
        "/visits/households/H1/",
        "/visits/households/H1/panel/",
    ):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/visits/proposals/{proposal.pk}/accept/").status_code == 404
    assert "13800000002" not in other.get("/visits/proposals/").content.decode()
    assert ChangeProposal.objects.get().state == "待审核"


def test_the_household_page_loads_the_visits_panel(village_admin, home, worker):
    visit(village_admin, home, worker, findings="一切正常")
    client = client_for(village_admin)
    assert "/visits/households/H1/panel/" in client.get("/registry/households/H1/").content.decode()
    panel = client.get("/visits/households/H1/panel/").content.decode()
    assert "走访记录" in panel and "记录走访" in panel and "一切正常" in panel
    assert "一切正常" in client.get("/visits/households/H1/").content.decode()


def test_an_inspector_reads_visits_but_records_none(inspector, village_admin, home, worker):
    visit(village_admin, home, worker)
    client = client_for(inspector)
    assert "记录走访" not in client.get("/visits/households/H1/panel/").content.decode()
    assert client.get("/visits/new/H1/").status_code == 403


def test_a_helper_records_visits_only_for_their_households(home, worker):
    helper = make_user("helper", Role.HELPER, "220802100")
    me = cadre("张帮扶", user=helper)
    assign(me, home)
    household("H2")
    client = client_for(helper)
    page = client.get("/visits/new/H1/").content.decode()
    assert "张帮扶" in page and "李走访" not in page
    assert client.get("/visits/new/H2/").status_code == 404
    response = client.post("/visits/new/H1/", form_data(me))
    assert response.status_code == 302 and Visit.objects.get().cadre == me


def test_the_review_page_accepts_and_rejects(village_admin, township_a_admin, home, worker):
    visit(
        village_admin,
        home,
        worker,
        proposals=[(None, "phone", "13800000002"), (None, "housing_grade", "D级")],
    )
    phone, grade = ChangeProposal.objects.order_by("id")
    client = client_for(township_a_admin)
    page = client.get("/visits/proposals/").content.decode()
    assert "13800000002" in page and "住房安全等级" in page and "走访复核" in page
    client.post(f"/visits/proposals/{phone.pk}/accept/", {"note": "电话核实"})
    response = client.post(f"/visits/proposals/{grade.pk}/reject/", {"note": ""}, follow=True)
    assert "请填写驳回理由" in response.content.decode()
    client.post(f"/visits/proposals/{grade.pk}/reject/", {"note": "住建部门鉴定仍为A级"})
    home.refresh_from_db()
    assert (home.phone, home.housing_grade) == ("13800000002", "A级")
    assert [p.state for p in ChangeProposal.objects.order_by("id")] == ["已采纳", "已驳回"]
    assert "没有待审核的变更建议" in client.get("/visits/proposals/").content.decode()
