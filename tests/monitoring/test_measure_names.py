"""A help measure's 帮扶责任人 that a spreadsheet would run as a formula (spec/interchange.md
§3.1) is refused by the API and the page's service alike, and no measure is written."""

from __future__ import annotations

import pytest

from fupin.core.spreadsheet_safety import FORMULA_NAME_REASON
from fupin.monitoring.choices import CaseState
from fupin.monitoring.errors import MonitoringError
from fupin.monitoring.models import HelpMeasure
from tests.conftest import client_for

from . import walk

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://x","点我")'


@pytest.fixture
def included(clock, staff):  # type: ignore[no-untyped-def]
    home = walk.stable_household()
    return walk.walk_to((CaseState.INCLUDED, False), home=home, staff=staff, clock=clock)


def test_the_api_refuses_a_formula_name_as_the_responsible_cadre(included, staff):
    response = client_for(staff.village).post(
        f"/api/monitoring/cases/{included.pk}/measures",
        {
            "kind": "公益岗位",
            "description": "保洁岗",
            "responsible": HOSTILE,
            "starts_on": str(walk.today()),
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == f"帮扶责任人{FORMULA_NAME_REASON}"
    assert not HelpMeasure.objects.exists()
    included.refresh_from_db()
    assert included.state == CaseState.INCLUDED


@pytest.mark.parametrize("name", ["-李某", "+李某", "@李某"])
def test_the_service_refuses_every_formula_start(included, staff, name):
    with pytest.raises(MonitoringError, match="帮扶责任人不能以"):
        walk.add_measure(staff.village, included, responsible=name)
    assert not HelpMeasure.objects.exists()
