"""Assessment pages: villages' exit figures, within scope only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.rules.builders import two_townships

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(township_b_code):
    two_townships(township_b_code)


def test_villages_page_lists_only_villages_in_scope(county, township_a_admin):
    rows = (
        client_for(township_a_admin)
        .get(reverse("assessment:village_list"), {"year": 2025})
        .context["rows"]
    )
    assert [row[0] for row in rows] == ["220802100001"]
