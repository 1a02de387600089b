"""fupin stats (rules.md §7): the keys, the counts, and nulls for empty denominators."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fupin.cli import main
from fupin.registry.models import VillageInfo
from tests.rules.builders import adults, household, income, member

pytestmark = pytest.mark.django_db

KEYS = {
    "region_code",
    "region_name",
    "year",
    "as_of",
    "villages",
    "population",
    "poor_villages",
    "poor_villages_exited",
    "households_registered",
    "persons_registered",
    "households_poor",
    "persons_poor",
    "households_exited",
    "persons_exited",
    "incidence_rate",
    "households_exit_eligible",
    "households_alerted",
    "alerts",
    "gaps",
    "poor_by_main_cause",
    "medical_insurance_rate",
    "cases_open",
    "cases_by_state",
    "cases_by_type",
    "cases_by_risk",
    "cases_overdue",
    "households_without_helper",
    "households_with_several_helpers",
    "villages_without_leader",
    "helpers_overloaded",
    "households_visit_due",
    "households_never_visited",
    "problems_open",
    "problems_overdue",
    "problems_closed",
    "villages_cleared",
    "funds_received",
    "funds_allocated",
    "funds_spent",
    "projects_by_state",
    "works_accepted",
    "works_failed_inspection",
    "audit_lines_questioned",
    "assets_value",
    "dividends_paid",
    "households_with_dividends",
}


def stats(capsys, *argv: str) -> dict:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_:
        main(["stats", *argv])
    assert exit_.value.code == 0
    return json.loads(capsys.readouterr().out)


def test_an_empty_region_has_zero_counts_and_null_rates(capsys):
    result = stats(capsys, "--year", "2021", "--region", "220802100")
    assert set(result) == KEYS
    assert result["region_name"] == "平安镇" and result["as_of"] == "2021-12-31"
    assert result["incidence_rate"] is None and result["medical_insurance_rate"] is None
    assert result["alerts"] == {} and result["gaps"] == {} and result["poor_by_main_cause"] == {}


def test_counts_of_a_small_township(capsys):
    VillageInfo.objects.create(
        village_id="220802100001",
        households_registered=50,
        population=200,
        is_poor_village=True,
        exit_year=2019,
    )
    poor = household("POOR", main_cause="因残")
    adults(poor, 2)
    income(poor, 2021, 30000)
    exited = household("EXITED", exit_year=2020, housing_grade="D级")
    adults(exited, 1)
    member(exited, dt.date(1940, 1, 1), medical_insured=False)
    result = stats(capsys, "--year", "2021", "--region", "220802100")
    assert (result["households_registered"], result["persons_registered"]) == (2, 4)
    assert (result["households_poor"], result["persons_poor"]) == (1, 2)
    assert (result["households_exited"], result["persons_exited"]) == (1, 2)
    assert result["incidence_rate"] == 1.0  # 2 of 200
    assert result["households_exit_eligible"] == 1
    assert result["poor_by_main_cause"] == {"因残": 1}
    assert result["medical_insurance_rate"] == 75.0
    assert result["alerts"]["M08"] == 1 and result["households_alerted"] == 1
    assert result["poor_villages_exited"] == 1
