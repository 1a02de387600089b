"""The demo county's projects and funds: funds of every source, projects in every state of the
library with several 光伏 stations, balances that hold, and beneficiaries."""

from __future__ import annotations

import pytest

from fupin.accounts.demo import ensure_demo_accounts
from fupin.projects import funds
from fupin.projects.choices import PHOTOVOLTAIC, ProjectState
from fupin.projects.demo import build_demo_projects
from fupin.projects.models import Allocation, Beneficiary, Fund, Project
from fupin.registry.demo import load_demo
from tests.conftest import COUNTY

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_demo_accounts(COUNTY)
    assert load_demo(COUNTY, scale=0.1, seed=3).outcome.written
    return build_demo_projects(COUNTY, seed=3)


def test_the_demo_county_has_funds_projects_and_beneficiaries(demo):
    assert Fund.objects.count() == demo.funds == 12
    states = set(Project.objects.values_list("state", flat=True))
    assert {ProjectState.IMPLEMENTING, ProjectState.ACCEPTED, ProjectState.EVALUATED} <= states
    assert Project.objects.filter(subkind=PHOTOVOLTAIC).count() >= 5
    assert Allocation.objects.exists()
    for fund in Fund.objects.all():
        assert funds.allocated(fund) <= fund.amount
    for line in Allocation.objects.all():
        assert funds.spent(line) <= line.amount
    station = Project.objects.filter(subkind=PHOTOVOLTAIC).first()
    assert Beneficiary.objects.filter(project=station, household__isnull=False).count() >= 1
    for project in Project.objects.all():
        times = list(project.steps.values_list("at", flat=True))
        assert times == sorted(times) and project.declared_at <= times[0]
