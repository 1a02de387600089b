"""The case lists cost the same number of queries for a page of 2 cases as for a page of 8: no
query per row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for

from . import walk

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["monitoring:inbox", "monitoring:case_list"])
def test_a_case_list_costs_the_same_queries_however_many_rows(page, clock, village_admin):
    client = client_for(village_admin)
    for number in range(2):
        walk.open_lead(village_admin, walk.stable_household(f"H{number}"))
    few = queries_for(client, reverse(page))
    for number in range(2, 8):
        walk.open_lead(village_admin, walk.stable_household(f"H{number}"))
    assert queries_for(client, reverse(page)) == few
