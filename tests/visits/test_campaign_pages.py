"""遍访 pages: an office starts a campaign, follows its progress per village and per cadre, and
sees the targets not visited yet; another township's campaign does not exist for it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.registry.models import Household
from fupin.visits.models import Campaign
from tests.conftest import TOWNSHIP_A, client_for, make_user
from tests.grid.builders import cadre
from tests.rules.builders import household

from .visiting import helps, visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def households():  # type: ignore[no-untyped-def]
    甲 = cadre("甲")
    first, second = household("A1"), household("A2")
    helps(甲, first)
    helps(甲, second)
    household("B1", village="220802100002")
    return first, 甲


def start(client, region=TOWNSHIP_A, **values):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    form = {
        "name": "春季遍访",
        "region": region,
        "started_on": (today - dt.timedelta(days=5)).isoformat(),
        "ended_on": (today + dt.timedelta(days=25)).isoformat(),
        "target": "registered",
        "note": "",
    }
    return client.post("/visits/campaigns/new/", form | values)


def test_an_office_starts_a_campaign_and_follows_its_progress(households, township_a_admin):
    first, 甲 = households
    client = client_for(township_a_admin)
    response = start(client)
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response.url == f"/visits/campaigns/{campaign.pk}/"
    page = client.get(response.url).content.decode()
    assert "已走访 0 / 3 户" in page and ">A1<" in page
    visit(first, 甲, timezone.localdate())
    page = client.get(response.url).content.decode()
    assert "已走访 1 / 3 户" in page and "33.3%" in page
    assert "width: 50.0%" in page  # 甲 and 新和居委会: one of two
    assert ">A1<" not in page and ">A2<" in page and ">B1<" in page
    listing = client.get("/visits/campaigns/").content.decode()
    assert "春季遍访" in listing and "width: 33%" in listing


def test_a_wrong_form_is_shown_again_with_the_reason(households, township_a_admin):
    client = client_for(township_a_admin)
    response = start(client, region="220802100003")
    assert (
        response.status_code == 200 and "该区域没有符合条件的走访对象" in response.content.decode()
    )
    response = start(client, region="220802101")
    assert "请选择管辖区域内的县、乡镇或村" in response.content.decode()
    assert not Campaign.objects.exists()


def test_another_townships_campaign_is_not_found(households, township_a_admin, township_b_admin):
    start(client_for(township_a_admin))
    campaign = Campaign.objects.get()
    other = client_for(township_b_admin)
    assert other.get(f"/visits/campaigns/{campaign.pk}/").status_code == 404
    assert "春季遍访" not in other.get("/visits/campaigns/").content.decode()


def test_a_helper_sees_only_their_own_targets_and_cannot_start_a_campaign(
    households, township_a_admin
):
    start(client_for(township_a_admin))
    user = make_user("helper", Role.HELPER, TOWNSHIP_A)
    helps(cadre("乙", user=user), Household.objects.get(code="B1"))
    client = client_for(user)
    page = client.get(f"/visits/campaigns/{Campaign.objects.get().pk}/").content.decode()
    assert "已走访 0 / 1 户" in page and ">B1<" in page and ">A1<" not in page
    assert client.get("/visits/campaigns/new/").status_code == 403
    assert "发起遍访" not in client.get("/visits/campaigns/").content.decode()
