"""A step taken on a problem's page (or through the API) read before someone else moved the
problem is refused with what changed since, and writes nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from fupin.ledger.models import Problem, ProblemStep
from tests.conftest import client_for

from . import walk
from .pages import LATER, STEP_VALUES
from .walk import People

pytestmark = pytest.mark.django_db

STALE = "此记录已被他人修改"


def page_version(client: Client, problem: Problem, code: str) -> str:
    page = client.get(reverse("ledger:problem_detail", args=[problem.pk])).text
    found = re.search(rf'<input type="hidden" name="{code}-version" value="(\d+)"', page)
    assert found is not None, f"the {code} form carries no version"
    return found.group(1)


def post_step(client: Client, problem: Problem, code: str, version: str, **values: str):  # type: ignore[no-untyped-def]
    given = STEP_VALUES[code]() | values | {"version": version}
    return client.post(
        reverse("ledger:problem_step", args=[problem.pk, code]),
        {f"{code}-{name}": value for name, value in given.items()},
    )


def test_the_second_of_two_deadline_extensions_read_together_is_refused(
    people: People, county_admin
):
    problem = walk.walk_to(walk.S.RECTIFYING, people)
    first, second = client_for(people.village), client_for(county_admin)
    first_read = page_version(first, problem, "extend_deadline")
    second_read = page_version(second, problem, "extend_deadline")

    done = post_step(first, problem, "extend_deadline", first_read, deadline=LATER)
    refused = post_step(second, problem, "extend_deadline", second_read, deadline="2026-05-31")

    assert done.status_code == 302 and refused.status_code == 400
    assert STALE in refused.text and "整改时限" in refused.text
    problem.refresh_from_db()
    assert problem.deadline == dt.date.fromisoformat(LATER)
    assert ProblemStep.objects.filter(problem=problem, step="extend_deadline").count() == 1


def test_a_step_whose_page_was_read_before_a_state_change_says_the_record_changed(
    people: People,
):
    problem = walk.walk_to(walk.S.RECTIFIED, people)
    village = client_for(people.village)
    verify_read = page_version(village, problem, "verify")
    assert (
        post_step(
            village, problem, "send_back", page_version(village, problem, "send_back")
        ).status_code
        == 302
    )

    refused = post_step(village, problem, "verify", verify_read)

    assert STALE in refused.text
    problem.refresh_from_db()
    assert problem.state == walk.S.RECTIFYING
    assert not ProblemStep.objects.filter(problem=problem, step="verify").exists()


def test_the_api_refuses_a_step_on_a_problem_read_at_an_older_version_with_409(
    people: People, county_admin
):
    problem = walk.walk_to(walk.S.RECTIFYING, people)
    reader = client_for(county_admin)
    read = reader.get(f"/api/ledger/problems/{problem.pk}").json()["version"]
    url = f"/api/ledger/problems/{problem.pk}/extend-deadline"

    def extend(client: Client, deadline: str) -> tuple[int, dict]:  # type: ignore[type-arg]
        response = client.post(
            url,
            {"deadline": deadline, "reason": "雨季施工困难"},
            content_type="application/json",
            headers={"If-Match": f'"{read}"'},
        )
        return response.status_code, response.json()

    assert extend(client_for(people.village), LATER)[0] == 200
    status, body = extend(reader, "2026-05-31")

    assert status == 409 and STALE in body["detail"]
    problem.refresh_from_db()
    assert problem.deadline == dt.date.fromisoformat(LATER) and problem.version == read + 1
