"""The API: who may call it, and that it answers only within the caller's scope."""

from __future__ import annotations

from django.test import Client

from fupin.accounts.services import issue_token, revoke_token
from tests.conftest import COUNTY, client_for


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_openapi_schema_is_published(db):
    schema = Client().get("/api/openapi.json").json()
    assert "/api/regions/{code}" in schema["paths"]
    assert "/api/regions/{code}/children" in schema["paths"]


def test_anonymous_calls_are_refused(db):
    assert Client().get(f"/api/regions/{COUNTY}").status_code == 401


def test_a_department_calls_with_its_token_within_its_county(county_admin, department):
    _, key = issue_token(county_admin, department, name="民政局数据交换")
    client = Client()
    me = client.get("/api/me", **bearer(key)).json()
    assert me["role_label"] == "行业部门" and me["region_code"] == COUNTY
    region = client.get("/api/regions/220802100001", **bearer(key)).json()
    assert region["full_name"] == "吉林省 / 白城市 / 洮北区 / 平安镇 / 新和居委会"
    assert client.get("/api/regions/150102", **bearer(key)).status_code == 404


def test_a_revoked_or_unknown_token_is_refused(county_admin, department):
    token, key = issue_token(county_admin, department, name="x")
    revoke_token(county_admin, token)
    assert Client().get("/api/me", **bearer(key)).status_code == 401
    assert Client().get("/api/me", **bearer("fp_not-a-token")).status_code == 401


def test_tokens_are_stored_only_as_hashes(county_admin, department):
    token, key = issue_token(county_admin, department, name="x")
    assert key not in (token.key_hash, token.prefix) and len(token.key_hash) == 64


def test_the_token_of_a_disabled_user_is_refused(county_admin, department):
    _, key = issue_token(county_admin, department, name="x")
    department.is_active = False
    department.save()
    assert Client().get("/api/me", **bearer(key)).status_code == 401


def test_page_users_call_the_api_with_their_session(village_admin):
    client = client_for(village_admin)
    assert client.get("/api/me").json()["region_code"] == "220802100001"
    assert client.get("/api/regions/220802100").status_code == 200  # an ancestor, for full names
    assert client.get("/api/regions/220802100/children").json() == [
        client.get("/api/regions/220802100001").json() | {"full_name": None}
    ]


def test_top_regions_are_the_provinces_for_nationwide_users(sysadmin, township_a_admin):
    codes = [region["code"] for region in client_for(sysadmin).get("/api/regions/top").json()]
    assert {"15", "22"} <= set(codes)
    mine = client_for(township_a_admin).get("/api/regions/top").json()
    assert [region["code"] for region in mine] == ["220802100"]


def test_search_input_is_bounded_and_hostile_text_is_harmless(county_admin):
    client = client_for(county_admin)
    assert client.get("/api/regions", {"q": "'; DROP TABLE regions_region; --"}).json() == []
    assert client.get("/api/regions", {"q": "%"}).json() == []
    assert client.get("/api/regions", {"q": "   "}).json() == []
    assert len(client.get("/api/regions", {"q": "村", "limit": 500}).json()) <= 50
