"""The case list's one filter: the page and the API list the same cases for the same parameters,
refuse a bad parameter with the same message, and never reach outside the user's region."""

from __future__ import annotations

import re

import pytest

from fupin.accounts.choices import Role
from fupin.monitoring.choices import CaseState
from fupin.regions.models import Region
from fupin.registry.models import Household
from tests.conftest import VILLAGE_A, client_for, make_user
from tests.rules.builders import adults, household

from . import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(clock, staff, township_b_code):  # type: ignore[no-untyped-def]
    walk.open_lead(staff.village, walk.stable_household("H1"))
    verified = walk.open_lead(staff.village, walk.stable_household("H2"))
    walk.verify(staff.village, verified)
    elsewhere = Region.objects.filter(code__startswith=township_b_code, level=5).first()
    home = household("B1", village=elsewhere.code)
    adults(home, 2)
    walk.open_lead(make_user("village_b", Role.VILLAGE_ADMIN, elsewhere.code), home)
    return elsewhere.code


def page_codes(client, params: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    page = client.get("/monitoring/cases/", params).content.decode()
    codes = set(Household.objects.values_list("code", flat=True))
    return sorted(code for code in re.findall(r">(\w+)</a>", page) if code in codes)


def api_codes(client, params: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    listed = client.get("/api/monitoring/cases", params).json()
    return sorted(case["household_code"] for case in listed["items"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["B1", "H1", "H2"]),
        ({"state": CaseState.VERIFIED}, ["H2"]),
        ({"state": CaseState.LEAD}, ["B1", "H1"]),
        ({"region": VILLAGE_A}, ["H1", "H2"]),
        ({"status": "open", "channel": "干部排查"}, ["B1", "H1", "H2"]),
        ({"status": "closed"}, []),
        ({"deadline": "overdue"}, []),
    ],
)
def test_the_page_and_the_api_list_the_same_cases(cases, county_admin, params, expected):
    client = client_for(county_admin)
    assert page_codes(client, params) == expected
    assert api_codes(client, params) == expected


def test_the_api_keeps_its_older_open_and_overdue_parameters(cases, county_admin):
    client = client_for(county_admin)
    assert api_codes(client, {"open": "true"}) == api_codes(client, {"status": "open"})
    assert api_codes(client, {"open": "false"}) == api_codes(client, {"status": "closed"}) == []
    assert api_codes(client, {"overdue": "true"}) == api_codes(client, {"deadline": "overdue"})


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "abc"}, "区域：区划代码应为数字"),
        ({"state": "别的"}, "状态：选择一个有效的选项。 别的 不在可用的选项中。"),
    ],
)
def test_a_bad_parameter_is_refused_alike_on_the_page_and_the_api(
    cases, county_admin, params, message
):
    client = client_for(county_admin)
    answer = client.get("/api/monitoring/cases", params)
    assert (answer.status_code, answer.json()) == (400, {"detail": message})
    page = client.get("/monitoring/cases/", params).content.decode()
    assert message in page
    assert page_codes(client, params) == []


def test_a_region_filter_never_reaches_outside_the_users_region(cases, township_a_admin):
    client = client_for(township_a_admin)
    assert page_codes(client, {}) == api_codes(client, {}) == ["H1", "H2"]
    assert page_codes(client, {"region": cases}) == api_codes(client, {"region": cases}) == []
