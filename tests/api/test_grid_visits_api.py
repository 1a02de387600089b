"""The grid and visit API: the same queries and services as the pages, by session and by token,
nothing outside the caller's region, a helping cadre limited to their households, identities
masked for roles that do not see them, and refusals as status codes with their Chinese message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.accounts.services import issue_token
from fupin.core.idnumber import mask_id_number, mask_phone
from fupin.grid.models import Cadre
from fupin.monitoring.models import Case
from fupin.registry.models import Household
from fupin.visits.models import Visit
from tests.conftest import COUNTY, client_for, make_user
from tests.grid.builders import cadre
from tests.rules.builders import household
from tests.visits.visit_builders import FINE, assign, visit

pytestmark = pytest.mark.django_db

VILLAGE_A2 = "220802100002"


@pytest.fixture
def grid(township_a_admin):  # type: ignore[no-untyped-def]
    """Two households of 平安镇, each with its own helping cadre and one visit a month ago; the
    first cadre has a login (帮扶责任人)."""
    helper = make_user("helper", Role.HELPER, "220802100")
    mine, theirs = household("MINE"), household("THEIRS", village=VILLAGE_A2)
    me, other = cadre("我", user=helper), cadre("别人")
    assign(me, mine), assign(other, theirs)
    month_ago = timezone.localdate() - dt.timedelta(days=30)
    visit(township_a_admin, mine, me, visited_on=month_ago)
    visit(township_a_admin, theirs, other, visited_on=month_ago)
    return helper


def token_client(issuer: User, holder: User) -> Client:
    _, key = issue_token(issuer, holder, name="数据交换")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def items(client: Client, path: str, **query: str) -> list[dict]:  # type: ignore[type-arg]
    response = client.get(f"/api{path}", query)
    assert response.status_code == 200, response.json()
    return response.json()["items"]


def record(client: Client, **payload: object) -> tuple[int, dict]:  # type: ignore[type-arg]
    body = {
        "household_code": "MINE",
        "cadre_id": Cadre.objects.get(name="我").pk,
        "visited_on": str(timezone.localdate()),
        "kind": "入户",
        "answers": FINE,
    } | payload
    response = client.post("/api/visits", body, content_type="application/json")
    return response.status_code, response.json()


def test_every_endpoint_answers_a_session_and_a_token(grid, sysadmin, county_admin):
    me = Cadre.objects.get(name="我")
    token = token_client(sysadmin, county_admin)
    for client in (client_for(county_admin), token):
        cadres = items(client, "/grid/cadres")
        assert {c["name"]: c["households"] for c in cadres} == {"我": 1, "别人": 1}
        detail = client.get(f"/api/grid/cadres/{me.pk}").json()
        assert [a["household_code"] for a in detail["current_assignments"]] == ["MINE"]
        assert len(items(client, "/grid/assignments")) == 2
        coverage = client.get("/api/grid/coverage").json()
        assert coverage["households_without_helper"] == 0
        assert coverage["villages_without_leader"] == 2
        visits = items(client, "/visits")
        assert {v["household_code"] for v in visits} == {"MINE", "THEIRS"}
        shown = client.get(f"/api/visits/{visits[0]['id']}").json()
        assert shown["answers"] == FINE and shown["photos"] == []
        assert items(client, "/visits/due") == []  # visited a month ago; poor households: 90 days
    status, recorded = record(token)
    assert status == 201 and recorded["household_code"] == "MINE"
    assert recorded["recorded_by"] == "county_admin"


def test_lists_filter_by_their_parameters(grid, county_admin):
    client = client_for(county_admin)
    (only,) = items(client, "/grid/assignments", village=VILLAGE_A2)
    assert only["household_code"] == "THEIRS" and only["area_name"] is None
    assert only["level"] == "包户" and only["target"] == "THEIRS"
    assert [a["cadre_name"] for a in items(client, "/grid/assignments", household="MINE")] == ["我"]
    long_ago = str(timezone.localdate() - dt.timedelta(days=400))
    assert items(client, "/grid/assignments", active_on=long_ago) == []
    assert [v["household_code"] for v in items(client, "/visits", household="THEIRS")] == ["THEIRS"]
    assert items(client, "/visits", since=str(timezone.localdate())) == []
    assert [c["name"] for c in items(client, "/grid/cadres", q="别")] == ["别人"]


def test_households_due_are_listed_with_their_interval_and_days_overdue(grid, county_admin):
    household("NEVER")
    Visit.objects.filter(household__code="THEIRS").update(
        visited_on=timezone.localdate() - dt.timedelta(days=100)
    )
    due = items(client_for(county_admin), "/visits/due")
    assert [d["household_code"] for d in due] == ["NEVER", "THEIRS"]
    never, theirs = due
    assert never["last_visit"] is None and never["days_overdue"] is None
    assert (theirs["interval"], theirs["days_overdue"]) == (90, 10)
    assert theirs["category"] == "未脱贫户" and theirs["village_code"] == VILLAGE_A2
    assert items(client_for(county_admin), "/visits/due", region=VILLAGE_A2) == [theirs]


def test_another_township_sees_nothing_of_township_a(grid, township_b_admin):
    client = client_for(township_b_admin)
    me = Cadre.objects.get(name="我")
    for path in ("/grid/cadres", "/grid/assignments", "/visits", "/visits/due"):
        assert items(client, path) == [], path
    assert client.get(f"/api/grid/cadres/{me.pk}").status_code == 404
    assert client.get(f"/api/visits/{Visit.objects.first().pk}").status_code == 404
    assert client.get("/api/grid/coverage").json()["villages_without_leader"] == 0
    status, _ = record(client)
    assert status == 404
    assert Visit.objects.count() == 2


def test_a_helper_sees_and_records_only_their_own_households(grid):
    client = client_for(grid)
    assert [v["household_code"] for v in items(client, "/visits")] == ["MINE"]
    theirs = Visit.objects.get(household__code="THEIRS")
    assert client.get(f"/api/visits/{theirs.pk}").status_code == 404
    assert [c["name"] for c in items(client, "/grid/cadres")] == ["我"]
    assert [a["household_code"] for a in items(client, "/grid/assignments")] == ["MINE"]
    response = client.get("/api/grid/coverage")
    assert response.status_code == 403 and "帮扶责任人" in response.json()["detail"]
    assert record(client)[0] == 201
    assert record(client, household_code="THEIRS")[0] == 404
    # The other cadres of the township are not the helper's to see, nor to record for.
    assert record(client, cadre_id=Cadre.objects.get(name="别人").pk)[0] == 404


def test_identities_are_masked_for_the_inspector(grid, inspector, county_admin):
    me = Cadre.objects.get(name="我")
    shown = client_for(inspector).get(f"/api/grid/cadres/{me.pk}").json()
    assert shown["id_number"] == mask_id_number(me.id_number) != me.id_number
    assert shown["phone"] == mask_phone(me.phone) != me.phone
    listed = next(c for c in items(client_for(inspector), "/grid/cadres") if c["id"] == me.pk)
    assert (listed["id_number"], listed["phone"]) == (shown["id_number"], shown["phone"])
    full = client_for(county_admin).get(f"/api/grid/cadres/{me.pk}").json()
    assert (full["id_number"], full["phone"]) == (me.id_number, me.phone)


def test_refused_visits_answer_400_with_the_chinese_message(grid, village_admin):
    client = client_for(village_admin)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    refusals = [
        ({"kind": "上门"}, "走访方式应为入户走访、电话回访、集中走访之一"),
        (
            {"answers": FINE | {"water": "不达标"}},
            "“饮水安全”为“不达标”：请在“发现的问题和情况”中写明",
        ),
        ({"answers": {"food": "达标"}}, "请选择“政策知晓”"),
        ({"answers": FINE | {"roof": "达标"}}, "未知的走访项目：roof"),
        ({"open_lead": True}, "转为监测线索须写明发现的问题和情况（作为线索说明）"),
        (
            {"visited_on": str(tomorrow)},
            f"走访日期 {tomorrow:%Y-%m-%d} 晚于今天（{timezone.localdate():%Y-%m-%d}）",
        ),
    ]
    for payload, message in refusals:
        assert record(client, **payload) == (400, {"detail": message}), payload
    assert Visit.objects.count() == 2
    assert record(client, visited_on="not a date")[0] == 422


def test_a_closed_household_refuses_later_visits_as_409(grid, village_admin):
    Household.objects.filter(code="MINE").update(closed_on=timezone.localdate())
    status, refused = record(client_for(village_admin))
    assert status == 409 and "已于" in refused["detail"]


def test_a_visit_can_open_a_lead(grid, village_admin):
    status, recorded = record(client_for(village_admin), findings="户主住院", open_lead=True)
    assert status == 201
    assert recorded["lead_id"] == Case.objects.get(household__code="MINE").pk


def test_a_department_reads_within_its_county_and_may_not_record(grid, county_admin, department):
    client = token_client(county_admin, department)
    assert len(items(client, "/grid/cadres")) == 2
    assert len(items(client, "/visits")) == 2
    assert client.get("/api/grid/coverage").status_code == 200
    listed = items(client, "/grid/cadres")[0]
    assert listed["phone"] == mask_phone(Cadre.objects.get(pk=listed["id"]).phone)
    status, refused = record(client)
    assert status == 403 and refused == {"detail": "您的角色（行业部门）不能登记走访"}
    assert items(client, "/visits", household="OUTSIDE") == []
    assert client.get("/api/visits/due", {"region": "abc"}).status_code == 400
    assert client.get("/api/grid/coverage", {"region": COUNTY}).status_code == 200


def test_anonymous_calls_are_refused(db):
    for path in ("/api/grid/cadres", "/api/grid/coverage", "/api/visits", "/api/visits/due"):
        assert Client().get(path).status_code == 401
    assert Client().post("/api/visits", {}, content_type="application/json").status_code == 401


def test_the_schema_documents_the_new_paths(db):
    paths = Client().get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/grid/cadres",
        "/api/grid/cadres/{cadre_id}",
        "/api/grid/assignments",
        "/api/grid/coverage",
        "/api/visits",
        "/api/visits/{visit_id}",
        "/api/visits/due",
    ):
        assert path in paths


def test_monitoring_refusals_answer_through_the_same_mapping(grid, village_admin, inspector):
    path = "/api/monitoring/cases"
    lead = {"household_code": "MINE", "channel": "干部排查", "note": ""}
    response = client_for(inspector).post(path, lead, content_type="application/json")
    assert response.status_code == 403
    response = client_for(village_admin).post(
        path, lead | {"channel": "别的"}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["detail"]
