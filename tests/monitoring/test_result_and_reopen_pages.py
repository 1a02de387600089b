"""Two actions outside the steps: a help measure's 帮扶成效 recorded after the fact, and a closed
case opened again as a new lead — from the case page, within scope and by editors only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fupin.monitoring.choices import CaseState
from fupin.monitoring.models import Case
from tests.conftest import client_for

from . import walk
from .pages import named_household

pytestmark = pytest.mark.django_db


@pytest.fixture
def helping(clock, staff):  # type: ignore[no-untyped-def]
    home = named_household("H1", "张大山")
    return walk.walk_to((CaseState.HELPING, False), home=home, staff=staff, clock=clock)


@pytest.fixture
def closed(clock, staff):  # type: ignore[no-untyped-def]
    home = named_household("H1", "张大山")
    return walk.walk_to((CaseState.NOT_INCLUDED, False), home=home, staff=staff, clock=clock)


def result_url(case: Case) -> str:
    return reverse("monitoring:measure_result", args=[case.measures.get().pk])


def test_the_village_records_a_measures_result_from_the_case_page(helping, village_admin):
    client = client_for(village_admin)
    page = client.get(reverse("monitoring:case_detail", args=[helping.pk])).content.decode()
    assert "登记成效" in page
    measure = helping.measures.get()
    response = client.post(
        result_url(helping),
        {f"measure-{measure.pk}-result": "已在村公益岗位就业，月收入 1,500 元"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.result == "已在村公益岗位就业，月收入 1,500 元"


def test_a_measures_result_is_refused_to_the_inspector_and_hidden_outside_the_region(
    helping, inspector, township_b_admin
):
    data = {f"measure-{helping.measures.get().pk}-result": "x"}
    assert client_for(inspector).post(result_url(helping), data).status_code == 403
    assert client_for(township_b_admin).post(result_url(helping), data).status_code == 404
    assert helping.measures.get().result != "x"


def test_a_closed_case_is_opened_again_as_a_new_lead_pointing_back(closed, village_admin):
    client = client_for(village_admin)
    page = client.get(reverse("monitoring:case_detail", args=[closed.pk])).content.decode()
    assert "重新登记为线索" in page
    response = client.post(
        reverse("monitoring:case_reopen", args=[closed.pk]),
        {"channel": "农户自主申报", "note": "家中老人住院"},
    )
    new_case = Case.objects.get(reopened_from=closed)
    assert response.url == reverse("monitoring:case_detail", args=[new_case.pk])
    assert new_case.state == CaseState.LEAD and new_case.channel == "农户自主申报"


def test_an_open_case_is_not_reopened_and_says_why(helping, village_admin):
    client = client_for(village_admin)
    response = client.post(
        reverse("monitoring:case_reopen", args=[helping.pk]),
        {"channel": "农户自主申报", "note": "x"},
        follow=True,
    )
    assert "案件尚未关闭" in response.content.decode()
    assert not Case.objects.filter(reopened_from=helping).exists()


def test_reopening_is_refused_to_the_inspector_and_hidden_outside_the_region(
    closed, inspector, township_b_admin
):
    url = reverse("monitoring:case_reopen", args=[closed.pk])
    data = {"channel": "农户自主申报", "note": "x"}
    assert client_for(inspector).post(url, data).status_code == 403
    assert client_for(township_b_admin).post(url, data).status_code == 404
    assert not Case.objects.filter(reopened_from=closed).exists()
