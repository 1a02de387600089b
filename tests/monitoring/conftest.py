"""Monitoring tests: files go to a temporary data directory, and the clock starts at a known
moment (2 March 2026, 09:00 in Beijing) and moves only when a test moves it."""

from __future__ import annotations

import pytest

from .walk import START, Staff


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clock(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def staff(village_admin, township_a_admin, county_admin) -> Staff:  # type: ignore[no-untyped-def]
    return Staff(village_admin, township_a_admin, county_admin)
