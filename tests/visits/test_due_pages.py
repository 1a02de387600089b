"""我的走访 and 应走访: a helper sees only the households they answer for; an office sees every
household due in its region, filtered by region and category."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.grid.models import Area, AreaHousehold, Assignment
from fupin.monitoring.models import Case
from fupin.regions.models import Region
from tests.conftest import TOWNSHIP_A, client_for, make_user
from tests.grid.builders import cadre
from tests.rules.builders import household

from .visiting import helps, visit

pytestmark = pytest.mark.django_db
VILLAGE_B = "220802100002"


@pytest.fixture
def helper():  # type: ignore[no-untyped-def]
    """A helper who answers for MINE (visited 100 days ago) and, through an area, AREA (never
    visited); OTHER is due too but someone else's, FRESH was visited last week."""
    user = make_user("helper", Role.HELPER, TOWNSHIP_A)
    me = cadre("我", user=user)
    today = timezone.localdate()
    mine = household("MINE")
    helps(me, mine)
    visit(mine, me, today - dt.timedelta(days=100))
    area = Area.objects.create(village_id=mine.village_id, name="东片")
    AreaHousehold.objects.create(area=area, household=household("AREA"))
    Assignment.objects.create(
        cadre=me,
        level="包片",
        village_id=mine.village_id,
        area=area,
        started_on=dt.date(2025, 1, 1),
    )
    fresh = household("FRESH")
    helps(me, fresh)
    visit(fresh, me, today - dt.timedelta(days=7))
    helps(cadre("别人"), household("OTHER"))
    return user


def cells(page: str, codes: list[str]) -> list[str]:
    """The codes among ``codes`` that the page shows as a cell, in the page's order."""
    return sorted((c for c in codes if f">{c}<" in page), key=lambda c: page.index(f">{c}<"))


def test_a_helper_sees_their_own_due_households_most_overdue_first(helper):
    page = client_for(helper).get("/visits/mine/").content.decode()
    assert cells(page, ["MINE", "AREA", "OTHER", "FRESH"]) == ["AREA", "MINE"]
    assert "从未走访" in page and "逾期 10 天" in page
    assert "/visits/new/MINE/" in page


def test_my_visits_is_in_the_menu_only_for_users_with_a_cadre_record(helper, township_a_admin):
    assert "我的走访" in client_for(helper).get("/").content.decode()
    assert "我的走访" not in client_for(township_a_admin).get("/").content.decode()
    assert client_for(township_a_admin).get("/visits/mine/").status_code == 403


def test_an_office_sees_the_due_households_of_its_region_and_filters_them(
    helper, township_a_admin, township_b_code
):
    household("VILLAGE_B", village=VILLAGE_B)
    watched = household("WATCHED", is_registered=False, identified_year=None, attribute="")
    Case.objects.create(
        household=watched,
        channel="干部排查",
        state="已纳入",
        opened_at=timezone.now(),
        decided_at=timezone.now(),
    )
    household("ELSEWHERE", village=Region.objects.children_of(township_b_code).first().code)
    client = client_for(township_a_admin)
    every = ["MINE", "AREA", "OTHER", "FRESH", "VILLAGE_B", "WATCHED", "ELSEWHERE"]
    page = client.get("/visits/due/").content.decode()
    assert set(cells(page, every)) == {"MINE", "AREA", "OTHER", "VILLAGE_B", "WATCHED"}
    page = client.get("/visits/due/", {"region": VILLAGE_B}).content.decode()
    assert cells(page, every) == ["VILLAGE_B"]
    page = client.get("/visits/due/", {"category": "监测对象"}).content.decode()
    assert cells(page, every) == ["WATCHED"]


def test_the_due_list_pages_through_many_households(township_a_admin):
    for number in range(55):
        household(f"H{number:02d}")
    client = client_for(township_a_admin)
    first = client.get("/visits/due/").content.decode()
    assert "共 55 条" in first and ">H49<" in first and ">H50<" not in first
    assert ">H50<" in client.get("/visits/due/", {"page": 2}).content.decode()
