"""整改专项行动: which problems belong to one, and starting one (who may, and bad input)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fupin.core.errors import Refusal
from fupin.ledger import services
from fupin.ledger.campaigns import campaign_problems, create_campaign
from fupin.ledger.choices import ProblemClass as C
from fupin.ledger.choices import ProblemState, Source
from fupin.ledger.errors import LedgerError
from fupin.ledger.models import Campaign
from fupin.regions.models import Region
from tests.conftest import COUNTY, TOWNSHIP_A, VILLAGE_A

from .builders import problem
from .walk import BEIJING

pytestmark = pytest.mark.django_db

ENDED = dt.date(2026, 3, 31)


def start(actor, region: str = COUNTY, **values: Any) -> Campaign:  # type: ignore[no-untyped-def]
    return create_campaign(
        actor,
        **{
            "name": "2026年住房安全问题清零行动",
            "region": Region.objects.get(code=region),
            "started_on": dt.date(2026, 3, 1),
            "ended_on": ENDED,
            "categories": [C.HOUSING],
            "sources": [],
            "note": "",
        }
        | values,
    )


def test_a_problem_registered_on_the_last_day_belongs_one_registered_after_does_not(county_admin):
    campaign = start(county_admin)
    last_evening = problem(
        VILLAGE_A, by=county_admin, registered_at=dt.datetime(2026, 3, 31, 23, 30, tzinfo=BEIJING)
    )
    problem(
        VILLAGE_A, by=county_admin, registered_at=dt.datetime(2026, 4, 1, 0, 10, tzinfo=BEIJING)
    )
    assert list(campaign_problems(campaign)) == [last_evening]


def test_a_problem_found_in_time_and_reopened_after_the_last_day_still_belongs(
    county_admin, time_machine
):
    campaign = start(county_admin)
    found = problem(
        VILLAGE_A,
        by=county_admin,
        state=ProblemState.CLOSED,
        registered_at=dt.datetime(2026, 3, 10, 9, 0, tzinfo=BEIJING),
    )
    time_machine.move_to(dt.datetime(2026, 5, 6, 9, 0, tzinfo=BEIJING))
    again = services.reopen(
        county_admin,
        found,
        reason="复查发现再次漏雨",
        measure="重新修缮",
        deadline=dt.date(2026, 6, 30),
    )
    assert again.found_on == dt.date(2026, 3, 10)
    assert set(campaign_problems(campaign)) == {found, again}
    assert campaign_problems(campaign).open().get() == again


def test_only_the_named_classes_and_sources_belong(county_admin):
    housing = problem(VILLAGE_A, by=county_admin)
    audited = problem(VILLAGE_A, by=county_admin, source=Source.AUDIT)
    water = problem(VILLAGE_A, by=county_admin, category=C.WATER, source=Source.AUDIT)
    assert set(campaign_problems(start(county_admin))) == {housing, audited}
    by_audit = start(county_admin, categories=[], sources=[Source.AUDIT])
    assert set(campaign_problems(by_audit)) == {audited, water}
    both = start(county_admin, sources=[Source.AUDIT])
    assert set(campaign_problems(both)) == {audited}


def test_empty_lists_mean_any_class_and_source(county_admin):
    made = {
        problem(VILLAGE_A, by=county_admin, category=category, source=source)
        for category, source in ((C.WATER, Source.VISIT), (C.FUNDS, Source.AUDIT))
    }
    assert set(campaign_problems(start(county_admin, categories=[], sources=[]))) == made


def test_a_township_campaign_holds_only_the_township_s_problems(
    township_a_admin, county_admin, township_b_code
):
    ours = problem(VILLAGE_A, by=county_admin)
    problem(township_b_code, by=county_admin)
    problem(COUNTY, by=county_admin)  # the county's own problem lies above the township
    assert list(campaign_problems(start(township_a_admin, TOWNSHIP_A))) == [ours]


def test_a_campaign_keeps_its_values_each_once(township_a_admin):
    campaign = start(
        township_a_admin,
        TOWNSHIP_A,
        name=" 数据质量问题整改 ",
        categories=[C.DATA_QUALITY, C.DATA_QUALITY],
        sources=[Source.DATA_CHECK],
        note=" 4月底前完成 ",
    )
    campaign.refresh_from_db()
    assert (campaign.name, campaign.categories, campaign.sources, campaign.note) == (
        "数据质量问题整改",
        [C.DATA_QUALITY],
        [Source.DATA_CHECK],
        "4月底前完成",
    )
    assert campaign.created_by == township_a_admin


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"ended_on": dt.date(2026, 2, 28)}, "清零时限不能早于开始日期"),
        ({"categories": ["住房安全", "危房"]}, "问题类别“危房”不存在"),
        ({"sources": ["小道消息"]}, "问题来源“小道消息”不存在"),
        ({"name": "  "}, "请填写专项行动名称"),
        ({"name": "行" * 101}, "不能超过 100 个字"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_writes_nothing(
    county_admin, values, message
):
    with pytest.raises(LedgerError) as caught:
        start(county_admin, **values)
    assert caught.value.refusal == Refusal.INPUT and message in caught.value.message
    assert not Campaign.objects.exists()


def test_a_region_outside_the_actor_s_scope_is_not_found(township_b_admin):
    with pytest.raises(LedgerError) as caught:
        start(township_b_admin, TOWNSHIP_A)
    assert caught.value.refusal == Refusal.NOT_FOUND
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("persona", ["inspector", "village_admin"])
def test_an_inspector_or_a_village_office_cannot_start_a_campaign(request, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(LedgerError) as caught:
        start(actor, actor.region_id)
    assert caught.value.refusal == Refusal.ROLE
    assert not Campaign.objects.exists()


def test_a_township_sees_its_own_and_the_county_s_campaigns_not_another_township_s(
    county_admin, township_a_admin, township_b_admin
):
    county = start(county_admin)
    ours = start(township_a_admin, TOWNSHIP_A)
    assert set(Campaign.objects.visible_to(township_a_admin)) == {county, ours}
    assert set(Campaign.objects.visible_to(township_b_admin)) == {county}
    assert set(Campaign.objects.visible_to(county_admin)) == {county, ours}
