"""The demo county: realistic, reproducible, scalable, and written through the import path."""

from __future__ import annotations

import pytest

from fupin.core.idnumber import parse_id_number
from fupin.registry.demo import DemoError, build_demo, load_demo
from fupin.registry.models import Household, Member, VillageInfo

pytestmark = pytest.mark.django_db


def test_the_same_seed_gives_the_same_county():
    assert build_demo(scale=0.02, seed=7) == build_demo(scale=0.02, seed=7)
    assert build_demo(scale=0.02, seed=7) != build_demo(scale=0.02, seed=8)


def test_scale_one_matches_the_county_it_imitates():
    sheets = build_demo(scale=1.0)
    households = sheets["户信息"][1:]
    registered = {row[0] for row in households if row[4] == "是"}
    people = [row for row in sheets["家庭成员"][1:] if row[0] in registered]
    assert len(registered) == 7_000
    assert 12_000 <= len(people) <= 13_400
    villages = sheets["村信息"][1:]
    assert len(villages) == 211 and sum(row[3] == "是" for row in villages) == 53


def test_scale_multiplies_the_households():
    assert len(build_demo(scale=0.1)["户信息"]) - 1 == 950


def test_the_demo_imports_and_carries_planted_quality_errors():
    report = load_demo(scale=0.3, seed=11)
    assert report.outcome.written, [e.line() for e in report.outcome.errors[:5]]
    assert Household.objects.count() == report.households
    assert VillageInfo.objects.count() == 211
    ids = Member.objects.values_list("id_number", flat=True)
    assert any(not parse_id_number(value).check_digit_ok for value in ids)  # Q01 planted
    assert all(len(value) == 18 for value in ids)


def test_the_demo_is_not_loaded_twice():
    load_demo(scale=0.02)
    with pytest.raises(DemoError, match="已有户信息"):
        load_demo(scale=0.02)


def test_an_unknown_county_is_refused():
    with pytest.raises(DemoError, match="没有县级区划"):
        build_demo("229999")
