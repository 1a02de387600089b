"""Benefit pages: the benefits owed and their export, within scope only and masked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fupin.registry.models import Household
from tests.conftest import client_for
from tests.rules.builders import two_townships

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(township_b_code):
    two_townships(township_b_code)


def test_gaps_page_lists_only_people_in_scope(county, township_a_admin):
    Household.objects.update(exit_year=2019)
    from fupin.registry.models import Member

    Member.objects.update(birth_date=dt.date(1950, 1, 1))
    rows = list(
        client_for(township_a_admin)
        .get(reverse("benefits:gap_list"), {"year": 2025})
        .context["page"]
    )
    assert rows and all(code == "A1" for code, *_ in rows)


def test_the_gap_export_is_masked(county, inspector):
    import io

    import openpyxl

    from fupin.registry.models import Member

    Member.objects.update(birth_date=dt.date(1950, 1, 1))
    download = client_for(inspector).get(reverse("benefits:gap_export"), {"year": 2025})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    people = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert people and all("**********" in person for person in people)
