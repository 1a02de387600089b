"""A helping cadre (帮扶责任人) sees the households they answer for today, and nothing else of
their region: in querysets, on pages, in the API and in counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fupin.accounts.choices import Role
from fupin.grid.models import Area, AreaHousehold, Assignment
from fupin.registry.models import Household, Member
from tests.conftest import PASSWORD, make_user
from tests.rules.builders import adults, household

from .builders import cadre

pytestmark = pytest.mark.django_db


@pytest.fixture
def helper_user():  # type: ignore[no-untyped-def]
    user = make_user("helper", Role.HELPER, "220802100")
    mine = household("MINE")
    adults(mine, 2)
    household("AREA")
    household("THEIRS")
    household("FORMER")
    me = cadre("我", user=user)
    Assignment.objects.create(
        cadre=me,
        level="包户",
        village_id=mine.village_id,
        household=mine,
        started_on=dt.date(2025, 1, 1),
    )
    Assignment.objects.create(
        cadre=me,
        level="包户",
        village_id=mine.village_id,
        household=Household.objects.get(code="FORMER"),
        started_on=dt.date(2024, 1, 1),
        ended_on=dt.date(2025, 1, 1),
    )
    area = Area.objects.create(village_id=mine.village_id, name="东片")
    AreaHousehold.objects.create(area=area, household=Household.objects.get(code="AREA"))
    Assignment.objects.create(
        cadre=me,
        level="包片",
        village_id=mine.village_id,
        area=area,
        started_on=dt.date(2025, 1, 1),
    )
    return user


def test_querysets_hold_only_the_helpers_households(helper_user, village_admin):
    codes = set(Household.objects.visible_to(helper_user).values_list("code", flat=True))
    assert codes == {"MINE", "AREA"}
    assert {m.household.code for m in Member.objects.visible_to(helper_user)} == {"MINE"}
    assert Household.objects.visible_to(village_admin).count() == 4


def test_pages_and_api_show_only_the_helpers_households(helper_user):
    client = Client()
    assert client.login(username="helper", password=PASSWORD)
    listing = client.get("/registry/households/").content.decode()
    assert ">MINE<" in listing and ">THEIRS<" not in listing
    assert client.get("/registry/households/THEIRS/").status_code == 404
    assert client.get("/registry/households/MINE/").status_code == 200


def test_a_helper_sees_only_their_own_assignments(helper_user, village_admin):
    other = cadre("别人")
    Assignment.objects.create(
        cadre=other,
        level="包户",
        village_id="220802100001",
        household=Household.objects.get(code="THEIRS"),
        started_on=dt.date(2025, 1, 1),
    )
    mine = Assignment.objects.visible_to(helper_user)
    assert {a.cadre.user for a in mine} == {helper_user}
    assert Assignment.objects.visible_to(village_admin).filter(cadre=other).exists()
