"""The due-visit and cadre lists' one filter each: the page and the API list the same rows for
the same parameters, refuse a bad parameter with the same message, and never reach outside the
user's region."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fupin.visits.models import Visit
from tests.conftest import client_for
from tests.rules.builders import household

from .test_grid_visits_api import VILLAGE_A2, grid, items  # noqa: F401  (grid is a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(grid):  # type: ignore[no-untyped-def]  # noqa: F811
    household("NEVER")
    Visit.objects.filter(household__code="THEIRS").update(
        visited_on=timezone.localdate() - dt.timedelta(days=100)
    )


def due_on_page(client, params: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.code for h in client.get("/visits/due/", params).context["page"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["NEVER", "THEIRS"]),
        ({"region": VILLAGE_A2}, ["THEIRS"]),
        ({"category": "未脱贫户"}, ["NEVER", "THEIRS"]),
        ({"category": "监测对象"}, []),
    ],
)
def test_the_due_page_and_the_api_list_the_same_households(due, county_admin, params, expected):
    client = client_for(county_admin)
    assert due_on_page(client, params) == expected
    assert [d["household_code"] for d in items(client, "/visits/due", **params)] == expected


@pytest.mark.parametrize(
    ("path", "page", "params", "message"),
    [
        ("/api/visits/due", "/visits/due/", {"region": "abc"}, "区域：区划代码应为数字"),
        (
            "/api/visits/due",
            "/visits/due/",
            {"category": "别的"},
            "走访类别：选择一个有效的选项。 别的 不在可用的选项中。",
        ),
        (
            "/api/grid/cadres",
            "/grid/cadres/",
            {"kind": "别的"},
            "干部类别：选择一个有效的选项。 别的 不在可用的选项中。",
        ),
    ],
)
def test_a_bad_parameter_is_refused_alike_on_the_page_and_the_api(
    due, county_admin, path, page, params, message
):
    client = client_for(county_admin)
    answer = client.get(path, params)
    assert (answer.status_code, answer.json()) == (400, {"detail": message})
    shown = client.get(page, params)
    assert message in shown.content.decode() and list(shown.context["page"]) == []


@pytest.mark.parametrize(
    "params", [{}, {"q": "别"}, {"q": "我", "kind": "帮扶责任人"}, {"kind": "村干部"}]
)
def test_the_cadre_page_and_the_api_list_the_same_cadres(due, county_admin, params):
    client = client_for(county_admin)
    on_page = [c.name for c in client.get("/grid/cadres/", params).context["page"]]
    assert on_page == [c["name"] for c in items(client, "/grid/cadres", **params)]


def test_a_region_filter_never_reaches_outside_the_users_region(due, township_b_admin):
    client = client_for(township_b_admin)
    assert due_on_page(client, {"region": VILLAGE_A2}) == []
    assert items(client, "/visits/due", region=VILLAGE_A2) == []
