"""Village exit (rules.md §4): worked examples and boundaries."""

from __future__ import annotations

import pytest

from fupin.assessment.rows import VillageRow
from fupin.assessment.villages import village_rows
from fupin.registry.models import VillageInfo
from fupin.rules.facts import RunInputs
from tests.rules.builders import adults, household

pytestmark = pytest.mark.django_db


def village(code: str, population: int) -> VillageInfo:
    return VillageInfo.objects.create(
        village_id=code, households_registered=100, population=population, is_poor_village=True
    )


def test_village_incidence_is_compared_exactly_and_written_to_three_decimals():
    village("220802100001", 150)
    home = household("H1")
    adults(home, 3)  # 3 poor people of 150: exactly 2%, not below it
    rows = list(village_rows(VillageInfo.objects.all(), RunInputs.of(2021)))
    assert rows == [VillageRow("220802100001", "新和居委会", 150, 3, "2.000%", "2%", False)]
    VillageInfo.objects.update(population=151)
    rows = list(village_rows(VillageInfo.objects.all(), RunInputs.of(2021)))
    assert rows[0][4:] == ("1.987%", "2%", True)


def test_western_villages_have_a_3_percent_bar():
    from fupin.regions.models import Region

    western = Region.objects.filter(code__startswith="15", level=5).order_by("code").first()
    village(western.code, 100)
    home = household("H1", village=western.code)
    adults(home, 2)
    assert next(iter(village_rows(VillageInfo.objects.all(), RunInputs.of(2021))))[4:] == (
        "2.000%",
        "3%",
        True,
    )
