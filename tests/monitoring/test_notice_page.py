"""The village's 公示 as a page and a PDF: the households in (or just through) their notice, by the
head's name, and never an ID number, a phone, findings, income or risks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from fupin.monitoring.choices import CaseState
from fupin.monitoring.notice import Notice
from fupin.regions.models import Region
from tests.conftest import VILLAGE_A, client_for

from . import walk
from .pages import ID_NUMBER, PHONE, named_household, pdf_text

pytestmark = pytest.mark.django_db

NOTICE = reverse("monitoring:notice", args=[VILLAGE_A])
PDF = reverse("monitoring:notice_pdf", args=[VILLAGE_A])


@pytest.fixture
def noticed(clock, staff):  # type: ignore[no-untyped-def]
    """张大山 in 公示 now; 李小河 only a lead (not on the notice)."""
    home = named_household("H1", "张大山")
    walk.open_lead(staff.village, named_household("H2", "李小河"))
    return walk.walk_to((CaseState.NOTICE, False), home=home, staff=staff, clock=clock)


def test_the_notice_lists_the_household_in_notice_by_its_heads_name(noticed, village_admin):
    page = client_for(village_admin).get(NOTICE).content.decode()
    assert "张大山" in page and "李小河" not in page
    assert "2026-03-02 至 2026-03-06" in page and "如有异议" in page and "data-print" in page


def test_the_notice_shows_no_id_number_phone_findings_or_income(noticed, village_admin):
    page = client_for(village_admin).get(NOTICE).content.decode()
    assert not ID_NUMBER.search(page) and not PHONE.search(page)
    assert "户主患病住院" not in page and "8000" not in page and "因病" not in page


def test_the_pdf_carries_the_names_and_no_id_number_or_phone(noticed, village_admin):
    response = client_for(village_admin).get(PDF)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "张大山" in text and "公示" in text and "李小河" not in text
    assert not ID_NUMBER.search(text) and not PHONE.search(text)
    # The font is subset: only the glyphs used, not the whole 5 MB collection.
    assert len(response.content) < 200_000


def test_a_notice_over_a_month_ago_is_no_longer_listed(clock, noticed, village_admin):
    clock.shift(dt.timedelta(days=40))
    assert "张大山" not in client_for(village_admin).get(NOTICE).content.decode()
    assert "目前没有正在公示的农户" in pdf_text(client_for(village_admin).get(PDF).content)


def test_the_notice_of_another_township_is_404(noticed, township_b_admin, department):
    assert client_for(township_b_admin).get(NOTICE).status_code == 404
    assert client_for(township_b_admin).get(PDF).status_code == 404
    assert client_for(department).get(NOTICE).status_code == 403
    assert Client().get(PDF).status_code == 302


def test_a_region_that_is_not_a_village_has_no_notice(noticed, county_admin):
    township = Region.objects.get(code=VILLAGE_A).parent_id
    url = reverse("monitoring:notice", args=[township])
    assert client_for(county_admin).get(url).status_code == 404


@pytest.mark.parametrize(
    ("village_name", "committee"),
    [("新和村", "新和村村民委员会"), ("新和居委会", "新和居委会"), ("东风村委会", "东风村委会")],
)
def test_the_notice_is_signed_by_the_villages_committee(village_name, committee):
    notice = Notice(Region(code="220802100001", name=village_name), [], dt.date(2026, 3, 2))
    assert notice.committee == committee and committee in notice.objection
