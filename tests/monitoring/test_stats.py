"""Case statistics: the keys of `fupin stats` and the figures pages show, by region."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fupin.monitoring import stats
from fupin.monitoring.choices import CaseState
from fupin.monitoring.models import Case

from . import walk

pytestmark = pytest.mark.django_db

S = CaseState


@pytest.fixture
def cases(clock, staff, township_b_code):  # type: ignore[no-untyped-def]
    """Four cases in 平安镇 (a lead, one included for illness and disability, one not included, one
    eliminated) and a lead in the other township."""
    walk.open_lead(staff.village, walk.stable_household("H1"))
    included = walk.walk_to(
        (S.INCLUDED, False), home=walk.stable_household("H2"), staff=staff, clock=clock
    )
    included.risks.create(risk="因残")
    walk.walk_to(
        (S.NOT_INCLUDED, False), home=walk.stable_household("H3"), staff=staff, clock=clock
    )
    walk.walk_to((S.ELIMINATED, True), home=walk.stable_household("H4"), staff=staff, clock=clock)
    walk.alerted_household("H5", village=f"{township_b_code}001")
    walk.rule_run()  # the other township's household gets a 系统预警 lead


def test_the_stats_keys_count_open_cases_of_the_region(cases):
    figures = stats.case_statistics("220802100")
    assert figures == {
        "cases_open": 2,
        "cases_by_state": {"线索": 1, "已纳入": 1},
        "cases_by_type": {"脱贫不稳定户": 1},
        "cases_by_risk": {"因病": 1, "因残": 1},
        "cases_overdue": 1,  # the first lead, undecided since 2 March
    }
    assert stats.case_statistics("220802")["cases_open"] == 3
    assert stats.case_statistics(None)["cases_by_state"] == {"线索": 2, "已纳入": 1}


def test_page_figures_of_a_user_region(cases, staff):
    mine = Case.objects.visible_to(staff.township)
    assert stats.leads_by_channel(mine) == {
        "农户自主申报": 0,
        "干部排查": 4,
        "部门预警": 0,
        "系统预警": 0,
    }
    # H2 and H4 were decided five days after their lead, H3 the day it came.
    assert stats.average_days_to_decision(mine) == Decimal("3.3")
    assert stats.eliminations(mine) == 1
    assert stats.eliminations(mine, since=walk.START + dt.timedelta(days=400)) == 0
    assert stats.open_by_region(mine, "220802100") == {"220802100001": 2}
    county = Case.objects.visible_to(staff.county)
    assert sum(stats.open_by_region(county, "220802").values()) == 3


def test_nothing_decided_has_no_average(clock, staff):
    walk.open_lead(staff.village, walk.stable_household())
    assert stats.average_days_to_decision(Case.objects.all()) is None
