"""The demo county's ledger: problems in every state from several sources, some overdue, one
reopened, two campaigns, and a village cleared of the county campaign's problems."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fupin.accounts.demo import ensure_demo_accounts
from fupin.accounts.models import User
from fupin.grid.demo import build_demo_grid
from fupin.ledger.campaigns import campaign_problems
from fupin.ledger.choices import ProblemState
from fupin.ledger.clearance import board
from fupin.ledger.demo import build_demo_ledger
from fupin.ledger.models import Campaign, Problem, ProblemAttachment
from fupin.regions.models import Region
from fupin.registry.demo import load_demo
from fupin.visits.demo import build_demo_visits
from tests.conftest import COUNTY

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_ledger(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_demo_accounts(COUNTY)
    assert load_demo(COUNTY, scale=0.1, seed=3).outcome.written
    build_demo_grid(COUNTY, seed=3, helper_user=User.objects.get(username="helper1"))
    build_demo_visits(COUNTY, seed=3, recorded_by=User.objects.get(username="admin"))
    return build_demo_ledger(COUNTY, seed=3)


def test_the_demo_ledger_has_problems_in_every_state_from_several_sources(demo_ledger):
    problems = Problem.objects.within(COUNTY)
    assert set(problems.values_list("state", flat=True)) == set(ProblemState.values)
    assert problems.values("source").distinct().count() >= 5
    assert problems.values("category").distinct().count() >= 8
    assert demo_ledger.overdue == problems.overdue(timezone.localdate()).count() > 0
    assert problems.filter(reopened_from__isnull=False).count() == 1
    assert problems.filter(responsible_cadre__isnull=False).exists()
    assert problems.filter(visit__isnull=False).exists()
    # Every rectification has its photo.
    rectified = problems.filter(steps__step="rectify")
    assert (
        ProblemAttachment.objects.filter(step__problem__in=rectified).count() == rectified.count()
    )
    # Registered over the past months, not all today.
    assert problems.filter(registered_at__date__lt=timezone.localdate()).count() > 100


def test_a_village_is_cleared_for_the_county_s_housing_campaign(demo_ledger):
    housing = campaign_problems(Campaign.objects.get(region_id=COUNTY))
    today = timezone.localdate()
    county = board(housing, Region.objects.get(code=COUNTY), today, classes=[])
    assert not county.overall.cleared
    first_township = Region.objects.children_of(COUNTY).order_by("code").first()
    villages = board(housing, first_township, today, classes=[]).regions
    assert any(row.tally.total and row.tally.cleared for row in villages)
    assert Campaign.objects.count() == 2
