"""A step taken on a case page (or through the API) read before someone else moved the case is
refused with what changed since, and writes nothing; a step on a current page still goes."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from fupin.monitoring.choices import CaseState
from fupin.monitoring.models import Case, HelpMeasure, Transition
from tests.conftest import client_for

from . import walk

pytestmark = pytest.mark.django_db

STALE = "此记录已被他人修改"


def measure_values(description: str) -> dict[str, str]:
    return {
        "add_measure-kind": "公益岗位",
        "add_measure-description": description,
        "add_measure-responsible": "李某",
        "add_measure-starts_on": walk.today().isoformat(),
    }


def page_version(client: Client, case: Case, code: str) -> str:
    page = client.get(f"/monitoring/cases/{case.pk}/").text
    found = re.search(rf'<input type="hidden" name="{code}-version" value="(\d+)"', page)
    assert found is not None, f"the {code} form carries no version"
    return found.group(1)


@pytest.fixture
def helping(clock, staff):  # type: ignore[no-untyped-def]
    home = walk.stable_household()
    return walk.walk_to((CaseState.HELPING, False), home=home, staff=staff, clock=clock)


def test_the_second_of_two_steps_taken_on_the_same_page_is_refused(
    helping, village_admin, county_admin
):
    first, second = client_for(village_admin), client_for(county_admin)
    first_read = page_version(first, helping, "add_measure")
    second_read = page_version(second, helping, "add_measure")
    steps_before = Transition.objects.filter(case=helping).count()
    url = f"/monitoring/cases/{helping.pk}/steps/add_measure/"

    done = first.post(url, measure_values("安排护林员岗位") | {"add_measure-version": first_read})
    refused = second.post(
        url, measure_values("安排保洁员岗位") | {"add_measure-version": second_read}
    )

    assert done.status_code == 302 and refused.status_code == 400
    assert STALE in refused.text and "village_admin" in refused.text
    assert "办理了“帮扶措施”" in refused.text  # the step, not its audit code
    descriptions = set(
        HelpMeasure.objects.filter(case=helping).values_list("description", flat=True)
    )
    assert "安排保洁员岗位" not in descriptions and "安排护林员岗位" in descriptions
    assert Transition.objects.filter(case=helping).count() == steps_before + 1


def test_a_step_on_a_current_page_moves_the_case_to_its_next_version(helping, village_admin):
    client = client_for(village_admin)
    read = page_version(client, helping, "add_measure")
    url = f"/monitoring/cases/{helping.pk}/steps/add_measure/"
    assert (
        client.post(url, measure_values("护林员") | {"add_measure-version": read}).status_code
        == 302
    )
    helping.refresh_from_db()
    assert helping.version == int(read) + 1


def api_measure(client: Client, case: Case, description: str, **headers: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = client.post(
        f"/api/monitoring/cases/{case.pk}/measures",
        {
            "kind": "公益岗位",
            "description": description,
            "responsible": "李某",
            "starts_on": walk.today().isoformat(),
        },
        content_type="application/json",
        headers=headers,
    )
    return response.status_code, response.json()


def test_the_api_refuses_a_step_on_a_case_read_at_an_older_version_with_409(
    helping, village_admin, county_admin
):
    reader = client_for(county_admin)
    read = reader.get(f"/api/monitoring/cases/{helping.pk}").json()["version"]
    status, _ = api_measure(
        client_for(village_admin), helping, "护林员", **{"If-Match": f'"{read}"'}
    )
    assert status == 200

    status, body = api_measure(reader, helping, "保洁员", **{"If-Match": f'"{read}"'})

    assert status == 409 and STALE in body["detail"] and "village_admin" in body["detail"]
    assert not HelpMeasure.objects.filter(case=helping, description="保洁员").exists()
    # read again, the client takes the step at the current version
    current = reader.get(f"/api/monitoring/cases/{helping.pk}").json()["version"]
    assert current == read + 1
    status, body = api_measure(reader, helping, "保洁员", **{"If-Match": str(current)})
    assert status == 200 and body["version"] == current + 1


def test_a_malformed_if_match_is_refused_and_changes_nothing(helping, village_admin):
    status, body = api_measure(client_for(village_admin), helping, "护林员", **{"If-Match": "abc"})
    assert status == 400 and "If-Match" in body["detail"]
    assert not HelpMeasure.objects.filter(case=helping, description="护林员").exists()


def test_without_if_match_the_api_checks_the_state_alone(helping, village_admin):
    status, _ = api_measure(client_for(village_admin), helping, "护林员")
    assert status == 200
