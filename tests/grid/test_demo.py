"""The demo county's grid covers its households, with the findings planted on purpose."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.grid.coverage import coverage
from fupin.grid.demo import UNCOVERED_EVERY, build_demo_grid
from fupin.grid.models import Assignment, Cadre
from fupin.registry.demo import load_demo
from fupin.registry.models import Household
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_demo_grid_covers_all_but_the_planted_households():
    assert load_demo("220802", scale=0.5, seed=7).outcome.written
    helper = make_user("helper1", Role.HELPER, "220802100")
    report = build_demo_grid("220802", seed=7, helper_user=helper)
    found = coverage(Household.objects.all(), Assignment.objects.all(), timezone.localdate())
    counts = found.counts()
    assert counts["households_with_several_helpers"] == 0
    assert counts["villages_without_leader"] == 0
    assert (
        0
        < counts["households_without_helper"]
        <= report.households_covered // (UNCOVERED_EVERY - 1) + 60
    )
    assert counts["helpers_overloaded"] >= 1
    assert Cadre.objects.get(user=helper).assignments.exists()
    assert Household.objects.visible_to(helper).exists()


def test_cadre_id_numbers_never_repeat_in_a_county_sized_grid():
    from fupin.grid.demo import _Grid
    from fupin.regions.models import Region

    county = Region.objects.get(code="220802")
    grid = _Grid(county, seed=7, today=timezone.localdate())
    made = [grid.cadre(county, "帮扶责任人", "洮北区教育局", "科员") for _ in range(20_000)]
    assert len({cadre.id_number for cadre in made}) == 20_000
