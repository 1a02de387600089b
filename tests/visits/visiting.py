"""Visits and household assignments made in a line for the coverage and campaign tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.grid.models import Assignment, Cadre
from fupin.registry.models import Household
from fupin.visits.models import Visit
from tests.conftest import make_user


def recorder() -> User:
    return User.objects.filter(username="recorder").first() or make_user(
        "recorder", Role.VILLAGE_ADMIN, "220802100001"
    )


def visit(home: Household, who: Cadre, on: dt.date) -> Visit:
    return Visit.objects.create(
        household=home,
        cadre=who,
        visited_on=on,
        kind="入户",
        awareness="知晓",
        satisfaction="满意",
        recorded_by=recorder(),
        recorded_at=timezone.now(),
    )


def helps(who: Cadre, home: Household, *, started_on: dt.date = dt.date(2025, 1, 1)) -> Assignment:
    return Assignment.objects.create(
        cadre=who, level="包户", village_id=home.village_id, household=home, started_on=started_on
    )
