"""Two saves of the same household at the same moment, each in its own connection and
transaction: the row lock between the version check and the write lets exactly one through."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from fupin.core.versions import StaleEdit, as_read
from fupin.registry.exporting import template_values
from fupin.registry.forms import initial_values
from fupin.registry.importing import import_file
from fupin.registry.importing.sheets import HOUSEHOLDS
from fupin.registry.models import Household
from fupin.registry.services import update_household

from .workbooks import county_sheets, write_xlsx

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="an in-memory SQLite test database is not shared between threads",
    ),
]


def test_of_two_simultaneous_saves_read_at_the_same_version_exactly_one_is_written(
    tmp_path, county_admin
):
    assert import_file(None, write_xlsx(tmp_path / "县.xlsx", county_sheets())).written
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(phone: str) -> None:
        try:
            household = Household.objects.get(code="H001")
            shown = initial_values(HOUSEHOLDS, template_values(HOUSEHOLDS, household))
            raw = {k: "、".join(v) if isinstance(v, list) else v for k, v in shown.items()}
            raw["phone"] = phone
            start.wait()
            update_household(county_admin, as_read(household, 1), raw=raw)
            outcomes[phone] = "saved"
        except StaleEdit:
            outcomes[phone] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(p,)) for p in ("13900000001", "13900000002")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["refused", "saved"]
    household = Household.objects.get(code="H001")
    saved = next(phone for phone, outcome in outcomes.items() if outcome == "saved")
    assert household.phone == saved and household.version == 2
