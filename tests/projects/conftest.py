"""Project tests: files go to a temporary data directory and the clock stands at 2026-06-15."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def clock(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(
        dt.datetime(2026, 6, 15, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    )
    return time_machine
