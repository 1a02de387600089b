"""Bulk 乡镇初审 and 县级审定: tick cases, confirm on a page that lists each case and its change,
then each case goes through its own service call and the page says what became of each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fupin.monitoring.choices import CaseState
from fupin.monitoring.models import Case
from tests.conftest import client_for

from . import walk
from .pages import named_household

pytestmark = pytest.mark.django_db

TOWNSHIP = reverse("monitoring:bulk_approve", args=["township"])
COUNTY = reverse("monitoring:bulk_approve", args=["county"])


@pytest.fixture
def noticed(clock, staff):  # type: ignore[no-untyped-def]
    """Two cases whose 公示 is over, and a third whose 公示 began today."""
    over = [
        walk.walk_to(
            (CaseState.NOTICE, False), home=named_household(code, name), staff=staff, clock=clock
        )
        for code, name in (("H1", "张大山"), ("H2", "李小河"))
    ]
    clock.shift(dt.timedelta(days=5))
    fresh = walk.walk_to(
        (CaseState.NOTICE, False), home=named_household("H3", "王三"), staff=staff, clock=clock
    )
    return [*over, fresh]


def ids(cases: list[Case]) -> list[str]:
    return [str(case.pk) for case in cases]


def test_the_township_sees_only_the_cases_whose_notice_is_over(noticed, township_a_admin):
    page = client_for(township_a_admin).get(TOWNSHIP).content.decode()
    assert "张大山" in page and "李小河" in page and "王三" not in page


def test_the_confirmation_lists_each_case_and_its_change_and_changes_nothing(
    noticed, township_a_admin
):
    page = client_for(township_a_admin).post(TOWNSHIP, {"case": ids(noticed)}).content.decode()
    assert page.count("公示 → 乡镇初审") == 3 and "确认办理" in page
    assert set(Case.objects.values_list("state", flat=True)) == {CaseState.NOTICE}


def test_confirmed_each_case_is_approved_or_refused_with_its_reason(noticed, township_a_admin):
    response = client_for(township_a_admin).post(TOWNSHIP, {"case": ids(noticed), "confirmed": "1"})
    page = response.content.decode()
    assert "已办理 2 户，未办理 1 户" in page and "公示未满期" in page
    states = dict(Case.objects.values_list("household__code", "state"))
    assert states == {
        "H1": CaseState.TOWNSHIP_APPROVED,
        "H2": CaseState.TOWNSHIP_APPROVED,
        "H3": CaseState.NOTICE,
    }


def test_the_county_confirms_the_proposed_type_and_risks(noticed, staff, county_admin):
    first, second, _ = noticed
    for case in (first, second):
        walk.township_approve(staff.township, case)
    client = client_for(county_admin)
    page = client.post(COUNTY, {"case": ids([first, second])}).content.decode()
    assert page.count("乡镇初审 → 已纳入；类型：脱贫不稳定户；风险类型：因病") == 2
    page = client.post(COUNTY, {"case": ids([first, second]), "confirmed": "1"}).content.decode()
    assert "已办理 2 户，未办理 0 户" in page
    first.refresh_from_db()
    assert first.state == CaseState.INCLUDED and [r.risk for r in first.risks.all()] == ["因病"]


def test_bulk_approval_is_for_the_approving_office_only(
    noticed, village_admin, inspector, county_admin, township_b_admin
):
    assert client_for(village_admin).get(TOWNSHIP).status_code == 403
    assert client_for(inspector).get(TOWNSHIP).status_code == 403
    assert client_for(county_admin).get(TOWNSHIP).status_code == 403
    assert (
        client_for(village_admin).get(reverse("monitoring:bulk_approve", args=["x"])).status_code
        == 404
    )


def test_cases_outside_the_region_are_left_out_of_the_confirmation(noticed, township_b_admin):
    response = client_for(township_b_admin).post(TOWNSHIP, {"case": ids(noticed), "confirmed": "1"})
    assert response.status_code == 302 and response["Location"] == TOWNSHIP
    assert set(Case.objects.values_list("state", flat=True)) == {CaseState.NOTICE}
