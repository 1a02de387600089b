"""The 清零 pages: the board with its drill-down and selectors, the campaign list, the form and a
campaign's progress; what each persona sees and may do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fupin.ledger.campaigns import create_campaign
from fupin.ledger.choices import ProblemClass as C
from fupin.ledger.choices import ProblemState as S
from fupin.ledger.models import Campaign
from fupin.regions.models import Region
from tests.conftest import COUNTY, TOWNSHIP_A, VILLAGE_A, client_for

from .builders import problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def village_b(township_b_code) -> str:  # type: ignore[no-untyped-def]
    return Region.objects.children_of(township_b_code).order_by("code").first().code


@pytest.fixture
def problems(clock, county_admin, village_b):  # type: ignore[no-untyped-def]
    problem(VILLAGE_A, by=county_admin, state=S.RECTIFYING, deadline=dt.date(2026, 3, 1))
    problem(VILLAGE_A, by=county_admin, state=S.CLOSED, category=C.WATER)
    problem(village_b, by=county_admin, category=C.WATER)


def campaign(actor, code: str = COUNTY, name: str = "2026年住房安全问题清零行动") -> Campaign:  # type: ignore[no-untyped-def]
    return create_campaign(
        actor,
        name=name,
        region=Region.objects.get(code=code),
        started_on=dt.date(2026, 3, 1),
        ended_on=dt.date(2026, 6, 30),
        categories=[C.HOUSING],
        sources=[],
        note="",
    )


def test_the_county_sees_its_townships_and_drills_down(problems, county_admin):
    client = client_for(county_admin)
    page = client.get("/ledger/clearance/").content.decode()
    assert "平安镇" in page and "未清零" in page and "已清零的村" in page
    township = client.get(f"/ledger/clearance/?region={TOWNSHIP_A}").content.decode()
    assert "新和居委会" in township and "平安镇本级" not in township


def test_the_board_narrowed_to_a_campaign_or_a_class(problems, county_admin):
    housing = campaign(county_admin)
    client = client_for(county_admin)
    answer = client.get(f"/ledger/clearance/?campaign={housing.pk}")
    assert answer.status_code == 200 and answer.context["board"].overall.open == 1
    answer = client.get(f"/ledger/clearance/?category={C.WATER}")
    assert answer.context["board"].overall.open == 1 and answer.context["board"].overall.closed == 1
    refused = client.get("/ledger/clearance/?category=无此类别")
    assert refused.context["board"].overall.open == 2 and "问题类别" in refused.content.decode()


def test_township_b_sees_only_its_own_on_the_board(problems, township_b_admin, township_b_code):
    client = client_for(township_b_admin)
    assert client.get(f"/ledger/clearance/?region={TOWNSHIP_A}").status_code == 404
    assert client.get(f"/ledger/clearance/?region={COUNTY}").status_code == 404
    answer = client.get("/ledger/clearance/")
    assert answer.context["board"].region.code == township_b_code
    assert answer.context["figures"]["problems_open"] == 1
    assert "新和居委会" not in answer.content.decode()


def test_township_b_sees_its_part_of_the_county_campaign_and_not_township_a_s(
    problems, county_admin, township_a_admin, township_b_admin, township_b_code
):
    county = campaign(county_admin, name="全县清零")
    ours = campaign(township_a_admin, TOWNSHIP_A, name="平安镇清零")
    client = client_for(township_b_admin)
    listed = client.get("/ledger/campaigns/").content.decode()
    assert "全县清零" in listed and "平安镇清零" not in listed
    assert client.get(f"/ledger/campaigns/{ours.pk}/").status_code == 404
    detail = client.get(f"/ledger/campaigns/{county.pk}/")
    assert detail.context["board"].region.code == township_b_code
    assert "新和居委会" not in detail.content.decode()


def test_the_campaign_page_lists_townships_most_open_first_and_the_problems_in_the_way(
    problems, county_admin
):
    county = campaign(county_admin)
    answer = client_for(county_admin).get(f"/ledger/campaigns/{county.pk}/")
    board = answer.context["board"]
    assert board.regions[0].code == TOWNSHIP_A and board.regions[0].tally.open == 1
    assert [p.region_id for p in answer.context["page"].object_list] == [VILLAGE_A]
    assert "逾期" in answer.content.decode()


def test_a_county_office_starts_a_campaign_through_the_form(county_admin):
    client = client_for(county_admin)
    answer = client.post(
        "/ledger/campaigns/new/",
        {
            "name": "2026年住房安全问题清零行动",
            "region": COUNTY,
            "started_on": "2026-03-01",
            "ended_on": "2026-06-30",
            "categories": [C.HOUSING],
            "sources": [],
        },
    )
    made = Campaign.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/ledger/campaigns/{made.pk}/"
    assert made.categories == [C.HOUSING] and made.sources == []


def test_the_form_refuses_bad_dates_and_a_region_outside_scope_writing_nothing(
    township_b_admin,
):
    client = client_for(township_b_admin)
    values = {
        "name": "清零",
        "region": TOWNSHIP_A,
        "started_on": "2026-03-01",
        "ended_on": "2026-06-30",
    }
    answer = client.post("/ledger/campaigns/new/", values)
    assert "请选择管辖区域内的县、乡镇或村" in answer.content.decode()
    values |= {"region": township_b_admin.region_id, "ended_on": "2026-02-01"}
    answer = client.post("/ledger/campaigns/new/", values)
    assert "清零时限不能早于开始日期" in answer.content.decode()
    assert not Campaign.objects.exists()


def test_an_inspector_reads_the_pages_but_cannot_start_a_campaign(
    problems, inspector, county_admin
):
    county = campaign(county_admin)
    client = client_for(inspector)
    for address in ("/ledger/clearance/", "/ledger/campaigns/", f"/ledger/campaigns/{county.pk}/"):
        assert client.get(address).status_code == 200, address
    assert "发起专项行动" not in client.get("/ledger/campaigns/").content.decode()
    assert client.get("/ledger/campaigns/new/").status_code == 403
    assert client.post("/ledger/campaigns/new/", {"name": "x"}).status_code == 403
    assert Campaign.objects.count() == 1


def test_a_village_office_opens_the_form_but_is_told_it_cannot_start_one(village_admin):
    answer = client_for(village_admin).post(
        "/ledger/campaigns/new/",
        {"name": "清零", "region": VILLAGE_A, "started_on": "2026-03-01", "ended_on": "2026-06-30"},
    )
    assert "只有县、乡镇的管理员可以发起整改专项行动" in answer.content.decode()
    assert not Campaign.objects.exists()


def test_the_board_and_the_campaign_list_take_the_same_queries_for_more_data(
    problems, county_admin, township_a_admin
):
    client = client_for(county_admin)
    campaign(county_admin)

    def queries(address: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    before = [queries("/ledger/clearance/"), queries("/ledger/campaigns/")]
    for village in Region.objects.children_of(TOWNSHIP_A).values_list("code", flat=True)[:5]:
        problem(village, by=county_admin, state=S.CLOSED)
    campaign(township_a_admin, TOWNSHIP_A, name="平安镇清零")
    assert [queries("/ledger/clearance/"), queries("/ledger/campaigns/")] == before
