"""A township administrator learns nothing of the other township: not through a page, the API,
a count or a search."""

from __future__ import annotations

from django.urls import reverse

from fupin.regions.models import Region
from fupin.reports.services import key_figures
from tests.conftest import TOWNSHIP_A, client_for


def other_village(township_b_code: str) -> Region:
    return Region.objects.children_of(township_b_code).order_by("code").first()


def test_page_of_the_other_township_is_not_found(township_a_admin, township_b_code):
    client = client_for(township_a_admin)
    assert client.get(reverse("regions:detail", args=[township_b_code])).status_code == 404
    village = other_village(township_b_code)
    assert client.get(reverse("regions:detail", args=[village.code])).status_code == 404


def test_county_page_lists_only_the_own_township(township_a_admin, township_b_code):
    page = (
        client_for(township_a_admin)
        .get(reverse("regions:detail", args=["220802"]))
        .content.decode()
    )
    assert Region.objects.get(code=TOWNSHIP_A).name in page
    assert Region.objects.get(code=township_b_code).name not in page


def test_api_answers_404_for_the_other_township(township_a_admin, township_b_code):
    client = client_for(township_a_admin)
    assert client.get(f"/api/regions/{township_b_code}").status_code == 404
    assert client.get(f"/api/regions/{township_b_code}/children").status_code == 404


def test_api_children_of_the_county_hold_only_the_own_township(township_a_admin):
    children = client_for(township_a_admin).get("/api/regions/220802/children").json()
    assert [child["code"] for child in children] == [TOWNSHIP_A]


def test_search_does_not_find_villages_of_the_other_township(township_a_admin, township_b_code):
    village = other_village(township_b_code)
    found = client_for(township_a_admin).get("/api/regions", {"q": village.name}).json()
    assert all(region["code"].startswith(TOWNSHIP_A) for region in found)
    assert village.code not in [region["code"] for region in found]


def test_search_finds_villages_of_the_own_township(township_a_admin):
    found = client_for(township_a_admin).get("/api/regions", {"q": "新和"}).json()
    assert [region["full_name"] for region in found] == [
        "吉林省 / 白城市 / 洮北区 / 平安镇 / 新和居委会"
    ]


def test_counts_cover_only_the_own_township(township_a_admin, county_admin, township_b_admin):
    own = {figure.label: figure.value for figure in key_figures(township_a_admin)}
    assert own["乡镇（街道）"] == 1
    assert own["村（社区）"] == Region.objects.children_of(TOWNSHIP_A).count()
    assert own["在用账号"] == 1  # the township admin alone: not the county's, not township B's
    county = {figure.label: figure.value for figure in key_figures(county_admin)}
    assert county["村（社区）"] > own["村（社区）"]


def test_user_list_and_user_search_hold_only_the_own_township(township_a_admin, township_b_admin):
    client = client_for(township_a_admin)
    assert "township_b_admin" not in client.get(reverse("accounts:user_list")).content.decode()
    searched = client.get(reverse("accounts:user_list"), {"q": "township_b"}).content.decode()
    assert "township_b_admin" not in searched
