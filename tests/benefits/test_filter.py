"""The gap list's one filter: the export holds the rows the page lists for the same parameters
(``?policy=`` included), a bad parameter is refused alike on both, and no filter reaches outside
the user's region."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from fupin.registry.models import Member
from tests.conftest import client_for

from .test_pages import county  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owed(county):  # type: ignore[no-untyped-def]  # noqa: F811
    """Everyone of pension age, so that the county owes 养老金 to someone in each township."""
    Member.objects.update(birth_date=dt.date(1950, 1, 1))


def exported(client, params: dict[str, str]) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    download = client.get(reverse("benefits:gap_export"), params)
    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    return list(sheet.iter_rows(min_row=2, values_only=True))


@pytest.mark.parametrize("params", [{}, {"policy": "YLJ"}, {"policy": "GLBT"}])
def test_the_gap_export_holds_what_the_page_lists(owed, county_admin, params):
    client = client_for(county_admin)
    params = {"year": "2025", **params}
    page = client.get(reverse("benefits:gap_list"), params).context["page"]
    listed = [(row.household_code, row.policy_code) for row in page]
    assert listed == [row[::2] for row in exported(client, params)]
    assert listed or params.get("policy") == "GLBT"


def test_a_bad_parameter_is_refused_alike_on_the_page_and_the_export(owed, county_admin):
    client = client_for(county_admin)
    params = {"policy": "别的"}
    message = "政策：选择一个有效的选项。 别的 不在可用的选项中。"
    shown = client.get(reverse("benefits:gap_list"), params)
    assert message in shown.content.decode() and list(shown.context["page"]) == []
    refused = client.get(reverse("benefits:gap_export"), params)
    assert (refused.status_code, refused.content.decode()) == (400, message)


def test_no_filter_reaches_outside_the_users_region(owed, township_a_admin):
    client = client_for(township_a_admin)
    assert {row[0] for row in exported(client, {"year": "2025"})} == {"A1"}
