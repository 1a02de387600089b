"""Visit campaigns (遍访): who may start one, targets fixed when it starts, and progress that
rises as visits are recorded, overall, per village and per helping cadre."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.core.errors import Refusal
from fupin.grid.models import Assignment
from fupin.monitoring.models import Case
from fupin.regions.models import Region
from fupin.registry.models import Household
from fupin.visits.campaigns import (
    NO_HELPER,
    CampaignError,
    Target,
    create_campaign,
    not_visited,
    progress,
)
from fupin.visits.models import Campaign, CampaignHousehold
from tests.conftest import TOWNSHIP_A, make_user
from tests.grid.builders import cadre
from tests.rules.builders import household

from .visiting import helps, visit

pytestmark = pytest.mark.django_db
VILLAGE_A, VILLAGE_B = "220802100001", "220802100002"
START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
TODAY = dt.date(2026, 3, 15)


def start(actor, target=Target.REGISTERED, region=TOWNSHIP_A, **options):  # type: ignore[no-untyped-def]
    values = {"name": "春季遍访", "started_on": START, "ended_on": END} | options
    return create_campaign(actor, region=Region.objects.get(code=region), target=target, **values)


def codes(campaign) -> set[str]:  # type: ignore[no-untyped-def]
    return set(campaign.households.values_list("code", flat=True))


def everyone():  # type: ignore[no-untyped-def]
    return Household.objects.all()


@pytest.fixture
def township():  # type: ignore[no-untyped-def]
    """Two villages of 平安镇: A1 and A2 helped by 甲, B1 without a helper; a monitored
    household; a closed one; and a household of the next township."""
    first, second, third = household("A1"), household("A2"), household("B1", village=VILLAGE_B)
    甲 = cadre("甲")
    helps(甲, first)
    helps(甲, second)
    watched = household("WATCHED", is_registered=False, identified_year=None, attribute="")
    Case.objects.create(
        household=watched,
        channel="干部排查",
        state="帮扶中",
        opened_at=timezone.now(),
        decided_at=timezone.now(),
    )
    lead = household("LEAD", is_registered=False, identified_year=None, attribute="")
    Case.objects.create(household=lead, channel="农户自主申报", opened_at=timezone.now())
    household("CLOSED", closed_on=dt.date(2025, 1, 1), closed_reason="整户死亡")
    household("ELSEWHERE", village="220802101200")
    return {"A1": first, "A2": second, "B1": third, "甲": 甲}


def test_each_target_chooses_its_households_within_the_region(township, township_a_admin):
    assert codes(start(township_a_admin)) == {"A1", "A2", "B1"}
    assert codes(start(township_a_admin, Target.MONITORED)) == {"WATCHED"}
    assert codes(start(township_a_admin, Target.ALL_NEEDING)) == {
        "A1",
        "A2",
        "B1",
        "WATCHED",
        "LEAD",
    }
    assert codes(start(township_a_admin, region=VILLAGE_B)) == {"B1"}


def test_targets_are_fixed_when_the_campaign_starts(township, township_a_admin):
    campaign = start(township_a_admin)
    household("NEW")
    Household.objects.filter(code="A1").update(closed_on=dt.date(2026, 3, 5))
    assert codes(campaign) == {"A1", "A2", "B1"}
    assert campaign.created_by == township_a_admin


def test_progress_rises_as_visits_are_recorded(township, township_a_admin):
    campaign = start(township_a_admin)
    甲 = township["甲"]

    def figures():  # type: ignore[no-untyped-def]
        found = progress(campaign, everyone(), TODAY)
        return (
            found.overall.percent,
            [(t.label, t.visited, t.total, t.percent) for t in found.villages],
            [(t.label, t.visited, t.total, t.percent) for t in found.cadres],
        )

    village_a, village_b = (Region.objects.get(code=c).name for c in (VILLAGE_A, VILLAGE_B))
    assert figures() == (
        0.0,
        [(village_a, 0, 2, 0.0), (village_b, 0, 1, 0.0)],
        [("甲", 0, 2, 0.0), (NO_HELPER, 0, 1, 0.0)],
    )
    visit(township["A1"], 甲, START - dt.timedelta(days=1))  # before the campaign
    visit(township["A1"], 甲, END + dt.timedelta(days=1))  # after it
    assert figures()[0] == 0.0
    visit(township["A1"], 甲, START)
    visit(township["A1"], 甲, START + dt.timedelta(days=2))  # a second visit counts once
    assert figures() == (
        33.3,
        [(village_a, 1, 2, 50.0), (village_b, 0, 1, 0.0)],
        [("甲", 1, 2, 50.0), (NO_HELPER, 0, 1, 0.0)],
    )
    visit(township["B1"], cadre("乙"), END)  # any cadre's visit counts
    assert figures() == (
        66.7,
        [(village_a, 1, 2, 50.0), (village_b, 1, 1, 100.0)],
        [("甲", 1, 2, 50.0), (NO_HELPER, 1, 1, 100.0)],
    )
    assert [t.household.code for t in not_visited(campaign, everyone(), TODAY)] == ["A2"]
    assert not_visited(campaign, everyone(), TODAY).get().helper_name == "甲"


def test_a_target_counts_for_its_helper_on_the_last_day_or_today_if_earlier(
    township, township_a_admin
):
    campaign = start(township_a_admin)
    丙 = cadre("丙")
    Assignment.objects.filter(household=township["A2"]).update(ended_on=dt.date(2026, 3, 20))
    helps(丙, township["A2"], started_on=dt.date(2026, 3, 20))

    def cadres(today):  # type: ignore[no-untyped-def]
        return [(t.label, t.total) for t in progress(campaign, everyone(), today).cadres]

    assert cadres(TODAY) == [("甲", 2), (NO_HELPER, 1)]
    assert cadres(dt.date(2026, 5, 1)) == [("丙", 1), ("甲", 1), (NO_HELPER, 1)]


def test_progress_counts_only_the_households_the_user_may_see(township, township_a_admin):
    campaign = start(township_a_admin)
    found = progress(campaign, Household.objects.filter(village_id=VILLAGE_B), TODAY)
    assert (found.overall.total, [t.total for t in found.villages]) == (1, [1])


@pytest.mark.parametrize(
    ("options", "refusal"),
    [
        ({"region": "220802101"}, Refusal.NOT_FOUND),
        ({"ended_on": START - dt.timedelta(days=1)}, Refusal.INPUT),
        ({"name": "  "}, Refusal.INPUT),
        ({"target": "everybody"}, Refusal.INPUT),
        ({"region": "220802100003"}, Refusal.INPUT),  # no target household there
    ],
)
def test_refused_campaigns_leave_nothing(township, township_a_admin, options, refusal):
    with pytest.raises(CampaignError) as refused:
        start(township_a_admin, **options)
    assert refused.value.refusal == refusal
    assert not Campaign.objects.exists() and not CampaignHousehold.objects.exists()


def test_only_offices_start_campaigns(township, inspector):
    helper = make_user("helper", Role.HELPER, TOWNSHIP_A)
    for actor in (helper, inspector):
        with pytest.raises(CampaignError) as refused:
            start(actor)
        assert refused.value.refusal == Refusal.ROLE
