"""监测统计: the user's cases only, by state, source and region below the user's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fupin.regions.models import Region
from tests.conftest import VILLAGE_A, client_for

from . import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_townships(clock, staff, township_b_code, county_admin):  # type: ignore[no-untyped-def]
    """A lead in township A (新和居委会) and one in township B, opened by the county."""
    walk.open_lead(staff.village, walk.stable_household("A1"))
    village_b = Region.objects.children_of(township_b_code).order_by("code").first().code
    walk.open_lead(county_admin, walk.stable_household("B1", village=village_b))
    return village_b


def test_the_township_counts_its_own_cases_by_state_source_and_village(
    two_townships, township_a_admin
):
    page = client_for(township_a_admin).get(reverse("monitoring:statistics"))
    assert page.status_code == 200
    assert page.context["figures"]["cases_open"] == 1
    assert page.context["figures"]["cases_by_state"] == {"线索": 1}
    assert page.context["leads"]["干部排查"] == 1 and sum(page.context["leads"].values()) == 1
    assert [code for code, _, count in page.context["by_region"]] == [VILLAGE_A]
    assert "新和居委会" in page.content.decode()


def test_the_county_sees_both_townships(two_townships, county_admin, township_b_code):
    page = client_for(county_admin).get(reverse("monitoring:statistics"))
    assert page.context["figures"]["cases_open"] == 2
    assert {code for code, _, _ in page.context["by_region"]} == {"220802100", township_b_code}


def test_the_inspector_reads_it_and_the_department_has_no_page(inspector, department):
    assert client_for(inspector).get(reverse("monitoring:statistics")).status_code == 200
    assert client_for(department).get(reverse("monitoring:statistics")).status_code == 403
