"""Ledger tests: files go to a temporary data directory, the clock starts at a known moment and
moves only when a test moves it, and 新和居委会 has a helping cadre with an account."""

from __future__ import annotations

import pytest

from fupin.accounts.choices import Role
from tests.conftest import VILLAGE_A, make_user
from tests.grid.builders import cadre

from .walk import START, People


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clock(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def people(clock, village_admin, township_a_admin, county_admin) -> People:  # type: ignore[no-untyped-def]
    helper = make_user("helper", Role.HELPER, VILLAGE_A)
    owner = cadre("李整改", region=VILLAGE_A, user=helper)
    return People(village_admin, township_a_admin, county_admin, helper, owner)
