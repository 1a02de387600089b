"""What a problem is linked to, and which problems are overdue."""

from __future__ import annotations

import datetime as dt

import pytest

from fupin.core.errors import Refusal
from fupin.ledger import services
from fupin.ledger.choices import ProblemState as S
from fupin.ledger.errors import LedgerError
from fupin.ledger.models import Problem
from fupin.ledger.services import Links
from fupin.projects import funds
from fupin.projects.choices import ProjectState
from tests.conftest import client_for
from tests.monitoring import walk as cases
from tests.projects import builders as projects
from tests.visits.visit_builders import visit

from .walk import DEADLINE, STEP_CALLS, People, register, walk_to

pytestmark = pytest.mark.django_db


def test_a_problem_found_on_a_visit_names_the_visited_household(people: People):
    home = cases.stable_household("H1")
    found = visit(people.village, home, people.cadre)
    problem = register(
        people.township, "220802100", links=Links(visit=found.visit, member=home.members.first())
    )
    assert problem.household == home and problem.visit == found.visit


def test_links_to_two_households_or_outside_the_region_are_refused(people: People, township_b_code):
    home, other = cases.stable_household("H1"), cases.stable_household("H2")
    for code, links in (
        ("220802100001", Links(household=home, member=other.members.first())),
        (township_b_code, Links(household=home)),  # the household lies in 乡镇A
    ):
        with pytest.raises(LedgerError) as caught:
            register(people.county, code, links=links)
        assert caught.value.refusal == Refusal.INPUT, caught.value.message


def test_overdue_problems_are_those_in_rectification_past_their_deadline(people: People, clock):
    waiting = walk_to("已登记", people)
    late = walk_to("整改中", people)
    rectified = walk_to("已整改", people)
    extended = walk_to("整改中", people)
    STEP_CALLS["extend_deadline"](people.village, extended)

    assert not Problem.objects.overdue(DEADLINE).exists()  # due today is not yet late
    clock.move_to(dt.datetime.combine(DEADLINE + dt.timedelta(days=1), dt.time(9)))
    day_after = DEADLINE + dt.timedelta(days=1)

    assert list(Problem.objects.overdue(day_after)) == [late]
    assert {waiting, rectified} <= set(Problem.objects.open())
    STEP_CALLS["send_back"](people.village, rectified)
    assert set(Problem.objects.overdue(day_after)) == {late, rectified}
    assert set(Problem.objects.visible_to(people.township).overdue(day_after)) == {late, rectified}


def test_one_open_problem_per_origin_and_a_new_one_once_it_is_closed(people):  # type: ignore[no-untyped-def]
    first = walk_to(S.VERIFIED, people)
    Problem.objects.filter(pk=first.pk).update(origin_key="quality:H1")
    with pytest.raises(LedgerError, match="该来源的问题已在台账中"):
        register(people.village, origin_key="quality:H1")
    services.close(people.township, first)
    assert register(people.village, origin_key="quality:H1").origin_key == "quality:H1"


def test_a_problem_found_on_a_fund_line_names_its_project(people: People, township_b_code):
    project = projects.walk_to(
        ProjectState.IN_LIBRARY,
        village=people.village,
        county=people.county,
        township=people.township,
    )
    line = funds.allocate(
        people.county,
        fund=projects.county_fund(people.county),
        project=project,
        amount="1000.00",
        allocated_on=dt.date(2026, 3, 1),
    )
    problem = register(people.county, "220802100", links=Links(allocation=line))
    assert (problem.project, problem.allocation) == (project, line)
    for code, links in (
        (township_b_code, Links(project=project)),  # the project is built in 乡镇A
        (
            "220802100",
            Links(
                project=projects.walk_to(
                    ProjectState.DECLARED,
                    village=people.village,
                    county=people.county,
                    township=people.township,
                ),
                allocation=line,
            ),
        ),
    ):
        with pytest.raises(LedgerError) as caught:
            register(people.county, code, links=links)
        assert caught.value.refusal == Refusal.INPUT, caught.value.message
    assert Problem.objects.count() == 1


def test_the_register_page_opened_from_a_project_fills_it_in(people: People):
    project = projects.walk_to(
        ProjectState.DECLARED,
        village=people.village,
        county=people.county,
        township=people.township,
    )
    page = client_for(people.county).get(f"/ledger/new/?project={project.pk}")
    form = page.context["form"]
    assert (form["project"].value(), form["region"].value(), form["category"].value()) == (
        project.pk,
        project.region_id,
        "项目资金",
    )
