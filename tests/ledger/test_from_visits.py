"""走访发现 → 问题台账: the visit's finding as a problem of the visited household."""

from __future__ import annotations

import pytest

from fupin.core.errors import Refusal
from fupin.ledger.errors import LedgerError
from fupin.ledger.from_visits import problem_from_visit
from fupin.ledger.models import Problem
from tests.monitoring import walk as cases
from tests.visits.visit_builders import visit

from .walk import People

pytestmark = pytest.mark.django_db


def test_a_visits_finding_becomes_a_problem_of_its_household(people: People):
    home = cases.stable_household("H1")
    found = visit(people.village, home, people.cadre, findings="厕所改造未完工").visit
    problem = problem_from_visit(people.village, found, category="住房安全")
    assert (problem.source, problem.description) == ("走访", "厕所改造未完工")
    assert (problem.visit, problem.household, problem.region_id) == (found, home, home.village_id)
    assert problem.origin_key == f"visit:{found.pk}"


def test_one_open_problem_per_visit(people: People):
    found = visit(people.village, cases.stable_household("H1"), people.cadre).visit
    problem_from_visit(people.village, found, category="住房安全", description="屋顶漏雨")
    with pytest.raises(LedgerError, match="已在台账中"):
        problem_from_visit(people.village, found, category="住房安全", description="屋顶漏雨")
    assert Problem.objects.count() == 1


def test_a_visit_without_findings_needs_a_description(people: People):
    found = visit(people.village, cases.stable_household("H1"), people.cadre).visit
    with pytest.raises(LedgerError) as refused:
        problem_from_visit(people.village, found, category="住房安全")
    assert refused.value.refusal == Refusal.INPUT and not Problem.objects.exists()


def test_the_other_township_finds_no_visit(people: People, township_b_admin):
    found = visit(people.village, cases.stable_household("H1"), people.cadre).visit
    with pytest.raises(LedgerError) as refused:
        problem_from_visit(township_b_admin, found, category="住房安全", description="x")
    assert refused.value.refusal == Refusal.NOT_FOUND and not Problem.objects.exists()
