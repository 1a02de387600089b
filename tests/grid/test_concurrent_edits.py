"""No lost update in the grid: a cadre's page or an assignment's form opened before someone else
saved is refused with what changed since, and nothing of it is written."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from fupin.grid.models import Assignment, Cadre
from fupin.registry.models import Household
from tests.conftest import TOWNSHIP_A, VILLAGE_A, client_for
from tests.rules.builders import household

from .builders import cadre

pytestmark = pytest.mark.django_db

STALE = "此记录已被他人修改"


def page_version(client: Client, url: str) -> str:
    """The hidden version the form on the page carries."""
    found = re.search(r'<input type="hidden" name="version" value="(\d+)"', client.get(url).text)
    assert found is not None, "the page carries no version"
    return found.group(1)


def cadre_values(wang: Cadre, **changes: object) -> dict[str, object]:
    values = {
        "name": wang.name,
        "id_number": wang.id_number,
        "region": TOWNSHIP_A,
        "unit": wang.unit,
        "post": wang.post,
        "phone": wang.phone,
        "kind": wang.kind,
    }
    return values | changes


def test_the_second_of_two_cadre_edits_opened_together_is_refused(township_a_admin, county_admin):
    wang = cadre("王帮扶")
    url = f"/grid/cadres/{wang.pk}/edit/"
    first, second = client_for(township_a_admin), client_for(county_admin)
    first_read, second_read = page_version(first, url), page_version(second, url)

    saved = first.post(url, cadre_values(wang, phone="13800000001", version=first_read))
    refused = second.post(url, cadre_values(wang, post="副镇长", version=second_read))

    assert saved.status_code == 302 and refused.status_code == 400
    assert (
        STALE in refused.text and "联系电话" in refused.text and "township_a_admin" in refused.text
    )
    wang.refresh_from_db()
    assert wang.phone == "13800000001" and wang.post == "科员" and wang.version == 2


def helped_by_wang(home: Household) -> Assignment:
    return Assignment.objects.create(
        cadre=cadre("王帮扶"),
        level="包户",
        village_id=VILLAGE_A,
        household=home,
        started_on=dt.date(2025, 1, 1),
    )


def hand_over(client: Client, assignment: Assignment, successor: Cadre):  # type: ignore[no-untyped-def]
    """调整帮扶人 on 2025-06-01 from a page opened just now."""
    url = f"/grid/assignments/{assignment.pk}/reassign/"
    values = {"cadre": successor.pk, "on": "2025-06-01", "handover_note": "已交接户情"}
    return client.post(url, values | {"version": page_version(client, url)})


def test_ending_an_assignment_on_a_page_read_before_a_handover_is_refused(
    township_a_admin, county_admin
):
    home, li = household("H1"), cadre("李帮扶")
    old = helped_by_wang(home)
    ender = client_for(county_admin)
    end_read = page_version(ender, f"/grid/assignments/{old.pk}/end/")

    assert hand_over(client_for(township_a_admin), old, li).status_code == 302

    refused = ender.post(
        f"/grid/assignments/{old.pk}/end/",
        {"on": "2025-07-01", "reason": "该户已注销", "version": end_read},
    )

    assert refused.status_code == 400 and STALE in refused.text
    old.refresh_from_db()
    assert old.ended_on == dt.date(2025, 6, 1) and old.end_reason == "调整为 李帮扶"
    assert Assignment.objects.get(household=home, cadre=li).ended_on is None


def test_a_single_reassignment_moves_the_old_assignment_to_its_next_version(township_a_admin):
    home, li = household("H1"), cadre("李帮扶")
    old = helped_by_wang(home)
    assert hand_over(client_for(township_a_admin), old, li).status_code == 302
    old.refresh_from_db()
    assert old.version > 1 and old.replaced_by is not None
