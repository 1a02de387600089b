"""Alert pages: the alert list and its export, within scope only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fupin.alerts.runs import store_run
from fupin.registry.models import Household
from fupin.rules.facts import RunInputs
from tests.conftest import client_for
from tests.rules.builders import two_townships

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(township_b_code):
    two_townships(township_b_code)


def test_alert_list_hides_other_townships(county, township_a_admin, township_b_admin):
    store_run(None, Household.objects.all(), RunInputs.of(2025, dt.date(2025, 12, 31)), region=None)
    assert (
        ">B1<"
        not in client_for(township_a_admin).get(reverse("alerts:alert_list")).content.decode()
    )
    page = client_for(township_b_admin).get(reverse("alerts:alert_list"))
    assert {alert.household.code for alert in page.context["page"]} == {"B1"}


def test_a_bad_run_parameter_is_harmless(county, township_a_admin):
    assert (
        client_for(township_a_admin)
        .get(reverse("alerts:alert_list"), {"run": "x' OR 1=1"})
        .status_code
        == 200
    )


def test_the_alert_export_is_scoped(county, township_a_admin):
    import io

    import openpyxl

    store_run(None, Household.objects.all(), RunInputs.of(2025, dt.date(2025, 12, 31)), region=None)
    download = client_for(township_a_admin).get(reverse("alerts:alert_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"A1"}
