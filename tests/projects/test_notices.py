"""The public notices of projects and funds as pages and PDFs: what they say, the beneficiaries by
their head's name only (never an ID number or a phone), the county's 监督电话 and 12317, and
scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from fupin.projects import funds
from fupin.projects.choices import ProjectState
from fupin.projects.notices import supervision_phone
from fupin.regions.models import Region
from tests.conftest import VILLAGE_A, client_for
from tests.monitoring.pages import ID_NUMBER, PHONE, named_household, pdf_text

from .builders import county_fund, walk_to

pytestmark = pytest.mark.django_db
COUNTY_PHONE = "0436-3217890"


@pytest.fixture(autouse=True)
def county_phone(settings):  # type: ignore[no-untyped-def]
    settings.SUPERVISION_PHONES = {"220802": COUNTY_PHONE}


@pytest.fixture
def funded(village_admin, county_admin, township_a_admin):  # type: ignore[no-untyped-def]
    """A station in 实施中, paid by a county fund, benefiting 张大山's household and a village."""
    project = walk_to(
        ProjectState.IMPLEMENTING,
        village=village_admin,
        county=county_admin,
        township=township_a_admin,
    )
    fund = county_fund(county_admin)
    funds.allocate(
        county_admin,
        fund=fund,
        project=project,
        amount="350000.00",
        allocated_on=dt.date(2026, 4, 1),
        document_number="洮财农〔2026〕3号",
    )
    home = named_household("H1", "张大山")
    funds.add_beneficiary(county_admin, project, way="收益分红", household=home)
    funds.add_beneficiary(
        county_admin, project, way="基础设施受益", village=Region.objects.get(code=VILLAGE_A)
    )
    return project, fund, home


def urls(funded, name):  # type: ignore[no-untyped-def]
    project, fund, _ = funded
    pk = project.pk if name == "project" else fund.pk
    return reverse(f"projects:{name}_notice", args=[pk]), reverse(
        f"projects:{name}_notice_pdf", args=[pk]
    )


def test_the_project_notice_names_what_is_built_where_for_how_much_and_for_whom(
    funded, village_admin
):
    page, _ = urls(funded, "project")
    text = client_for(village_admin).get(page).content.decode()
    for expected in (
        "中央财政衔接资金",
        "新和村 100 千瓦村级光伏电站",
        "新和居委会",
        "在村委会屋顶建设 100 千瓦光伏电站",
        "400,000.00 元",
        "平安镇人民政府",
        "张大山",
        COUNTY_PHONE,
        "12317",
        "data-print",
    ):
        assert expected in text, expected


def test_the_project_notice_shows_no_id_number_phone_or_household_code(funded, village_admin):
    page, pdf = urls(funded, "project")
    _, _, home = funded
    text = client_for(village_admin).get(page).content.decode()
    content = pdf_text(client_for(village_admin).get(pdf).content)
    for shown in (text, content):
        assert not ID_NUMBER.search(shown) and not PHONE.search(shown)
        assert home.head_id_number not in shown and "13812345678" not in shown


def test_the_project_notice_pdf_carries_the_facts_and_the_heads_name(funded, village_admin):
    _, pdf = urls(funded, "project")
    response = client_for(village_admin).get(pdf)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in ("张大山", "平安镇人民政府", "中央财政衔接资金", "12317", COUNTY_PHONE, "公示"):
        assert expected in text.replace("\n", ""), expected
    assert len(response.content) < 200_000


def test_the_fund_notice_lists_the_projects_it_pays_for_with_their_amounts(funded, county_admin):
    page, pdf = urls(funded, "fund")
    text = client_for(county_admin).get(page).content.decode()
    for expected in ("吉财农〔2026〕12号", "中央财政衔接资金", "新和村 100 千瓦村级光伏电站"):
        assert expected in text, expected
    assert "350,000.00" in text and "洮财农〔2026〕3号" in text
    content = pdf_text(client_for(county_admin).get(pdf).content).replace("\n", "")
    assert "350,000.00" in content and "吉财农〔2026〕12号" in content and "12317" in content
    assert not ID_NUMBER.search(content) and not PHONE.search(content)


def test_a_county_without_a_phone_set_prints_12317_only(funded, village_admin, settings):
    settings.SUPERVISION_PHONES = {}
    page, _ = urls(funded, "project")
    text = client_for(village_admin).get(page).content.decode()
    assert "12317" in text and COUNTY_PHONE not in text
    assert supervision_phone("220802100001") == ""


def test_the_notices_of_another_township_are_404(funded, township_b_admin, department):
    for name in ("project", "fund"):
        page, pdf = urls(funded, name)
        assert client_for(township_b_admin).get(page).status_code == 404
        assert client_for(township_b_admin).get(pdf).status_code == 404
        assert client_for(department).get(page).status_code == 403
        assert Client().get(pdf).status_code == 302


def test_the_detail_pages_link_their_notices(funded, county_admin):
    project, fund, _ = funded
    page = client_for(county_admin).get(f"/projects/{project.pk}/").content.decode()
    assert f"/projects/{project.pk}/notice/" in page
    page = client_for(county_admin).get(f"/projects/funds/{fund.pk}/").content.decode()
    assert f"/projects/funds/{fund.pk}/notice/" in page
