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


def test_the_demo_stations_pay_dividends_seen_on_household_pages(demo):
    from fupin.projects.choices import AssetClass, PlanState
    from fupin.projects.models import Asset, DividendPayment, DividendPlan
    from fupin.registry.models import Grant

    finished = Project.objects.filter(
        subkind=PHOTOVOLTAIC, state__in=[ProjectState.ACCEPTED, ProjectState.EVALUATED]
    )
    assert finished.exists()
    assert Asset.objects.count() == finished.count() == demo.assets
    assert set(Asset.objects.values_list("asset_class", flat=True)) == {AssetClass.OPERATING}
    plans = DividendPlan.objects.all()
    assert plans.exists() and set(plans.values_list("state", flat=True)) == {PlanState.PAID}
    for plan in plans:
        assert plan.drawn_by_id != plan.approved_by_id
        paid = sum(plan.payments.values_list("amount", flat=True))
        assert paid + plan.village_part + plan.posts_part == plan.amount
    payment = DividendPayment.objects.select_related("plan").first()
    grant = Grant.objects.get(household=payment.household, policy_id="CYFH", year=payment.plan.year)
    assert grant.amount >= payment.amount
    assert DividendPayment.objects.count() == demo.dividend_households
