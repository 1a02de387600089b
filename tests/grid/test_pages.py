"""The grid's pages: who sees them, what they show within the user's region, and that the list
pages' queries do not grow with their rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fupin.accounts.choices import Role
from fupin.grid.models import Assignment, Pairing
from tests.conftest import VILLAGE_A, client_for, make_user
from tests.rules.builders import adults, household

from .builders import cadre

pytestmark = pytest.mark.django_db

STARTED = dt.date(2025, 1, 1)


def helps(who, home, started_on=STARTED):  # type: ignore[no-untyped-def]
    return Assignment.objects.create(
        cadre=who, level="包户", village_id=home.village_id, household=home, started_on=started_on
    )


@pytest.fixture
def grid():  # type: ignore[no-untyped-def]
    """In 平安镇's village: H1 helped by 王帮扶, H2 without a helper, a leader, a pairing."""
    helped, bare = household("H1"), household("H2")
    adults(helped, 1)
    wang, leader = cadre("王帮扶"), cadre("李书记", kind="乡镇领导")
    helps(wang, helped)
    Assignment.objects.create(cadre=leader, level="包村", village_id=VILLAGE_A, started_on=STARTED)
    Pairing.objects.create(unit="白城市财政局", region_id=VILLAGE_A, started_on=STARTED)
    return {"helped": helped, "bare": bare, "wang": wang, "leader": leader}


def pages(grid) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        "/grid/cadres/",
        f"/grid/cadres/{grid['wang'].pk}/",
        f"/grid/villages/{VILLAGE_A}/",
        "/grid/coverage/",
        "/grid/coverage/without-helper/",
        "/grid/coverage/several-helpers/",
        "/grid/coverage/leaderless/",
        "/grid/coverage/overloaded/",
        "/grid/households/H1/helpers/",
    ]


@pytest.mark.parametrize(
    "persona", ["sysadmin", "county_admin", "township_a_admin", "village_admin", "inspector"]
)
def test_every_page_renders_for_the_offices_and_the_inspector(grid, persona, request):
    client = client_for(request.getfixturevalue(persona))
    for url in pages(grid):
        assert client.get(url).status_code == 200, url


def test_the_department_has_no_grid_pages(grid, department):
    client = client_for(department)
    assert all(client.get(url).status_code == 403 for url in pages(grid))


def test_another_township_finds_neither_the_village_nor_its_cadres(grid, township_b_admin):
    client = client_for(township_b_admin)
    wang = grid["wang"].pk
    for url in (
        f"/grid/villages/{VILLAGE_A}/",
        f"/grid/cadres/{wang}/",
        f"/grid/cadres/{wang}/edit/",
        f"/grid/cadres/{wang}/photo/",
        "/grid/households/H1/helpers/",
        f"/grid/villages/{VILLAGE_A}/assign/household/",
    ):
        assert client.get(url).status_code == 404, url
    assert "王帮扶" not in client.get("/grid/cadres/").content.decode()


def test_village_page_shows_leaders_helpers_the_unhelped_and_pairings(grid, township_a_admin):
    page = client_for(township_a_admin).get(f"/grid/villages/{VILLAGE_A}/").content.decode()
    assert "李书记" in page and "白城市财政局" in page
    assert ">H1<" in page and "王帮扶" in page
    assert ">H2<" in page and "无帮扶责任人" in page
    assert f"/grid/villages/{VILLAGE_A}/board/" in page


def test_a_helper_sees_only_their_own_households_and_record(grid):
    user = make_user("helper", Role.HELPER, "220802100")
    grid["wang"].user = user
    grid["wang"].save()
    client = client_for(user)
    village = client.get(f"/grid/villages/{VILLAGE_A}/").content.decode()
    assert ">H1<" in village and ">H2<" not in village
    listing = client.get("/grid/cadres/").content.decode()
    assert "王帮扶" in listing and "李书记" not in listing
    assert client.get(f"/grid/cadres/{grid['leader'].pk}/").status_code == 404
    assert client.get("/grid/households/H2/helpers/").status_code == 404
    assert client.get("/grid/coverage/").status_code == 403
    assert 'href="/grid/cadres/"' in village  # the menu's 帮扶网格


def test_coverage_counts_link_to_their_lists(grid, township_a_admin):
    client = client_for(township_a_admin)
    page = client.get("/grid/coverage/").content.decode()
    assert 'href="/grid/coverage/without-helper/">1<' in page
    assert 'href="/grid/coverage/leaderless/">0<' in page
    assert ">H2<" in client.get("/grid/coverage/without-helper/").content.decode()
    Assignment.objects.all().filter(level="包村").delete()
    leaderless = client.get("/grid/coverage/leaderless/").content.decode()
    assert f'href="/grid/villages/{VILLAGE_A}/"' in leaderless


def test_overloaded_helpers_are_listed_with_their_count_and_limit(grid, township_a_admin):
    for number in range(10):
        helps(grid["wang"], household(f"X{number}"))
    page = client_for(township_a_admin).get("/grid/coverage/overloaded/").content.decode()
    assert "王帮扶" in page and "<strong>11</strong>" in page and ">10<" in page


def test_household_page_loads_the_helpers_card(grid, township_a_admin):
    client = client_for(township_a_admin)
    assert "/grid/households/H1/helpers/" in client.get("/registry/households/H1/").content.decode()
    card = client.get("/grid/households/H1/helpers/").content.decode()
    assert "王帮扶" in card and "2025-01-01 起" in card
    assert "无帮扶责任人" in client.get("/grid/households/H2/helpers/").content.decode()


def test_list_pages_read_as_many_rows_in_the_same_queries(
    township_a_admin, django_assert_max_num_queries
):
    client = client_for(township_a_admin)
    urls = ["/grid/cadres/", f"/grid/villages/{VILLAGE_A}/", "/grid/coverage/several-helpers/"]

    def add(count: int, first: int) -> None:
        for number in range(first, first + count):
            home = household(f"Q{number}")
            helps(cadre(f"甲{number}"), home)
            helps(cadre(f"乙{number}"), home)

    add(2, 0)
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    add(6, 2)
    for url in urls:
        with django_assert_max_num_queries(counts[url], info=url):
            assert client.get(url).status_code == 200
