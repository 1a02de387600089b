"""Households built in a line or two for rule tests: defaults pass every criterion."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from fupin.core.idnumber import parse_id_number
from fupin.regions.models import Region
from fupin.registry.models import Household, Income, Member, VillageInfo
from tests.registry.workbooks import person_id

VILLAGE = "220802100001"
_sequence = itertools.count(1)


def household(code: str, *, village: str = VILLAGE, **fields: Any) -> Household:
    values = {
        "village_id": village,
        "head_id_number": "",
        "is_registered": True,
        "identified_year": 2016,
        "exit_year": None,
        "attribute": "一般贫困户",
        "main_cause": "因病",
        "food_secure": True,
        "clothing_secure": True,
        "housing_grade": "A级",
        "water_quantity_ok": True,
        "water_quality_ok": True,
        "water_access_ok": True,
        "water_supply_ok": True,
    }
    return Household.objects.create(code=code, **(values | fields))


def member(home: Household, birth: dt.date, **fields: Any) -> Member:
    male = fields.pop("male", True)
    id_number = fields.pop("id_number", None) or person_id(birth, next(_sequence) % 100, male=male)
    values = {
        "name": "成员",
        "relation": "户主" if not home.members.exists() else "之子",
        "education": "初中",
        "school_status": "非在校生",
        "health": "健康",
        "labor": "普通劳动力",
        "medical_insured": True,
    }
    created = Member.objects.create(
        household=home,
        id_number=id_number,
        birth_date=parse_id_number(id_number).birth_date,
        **(values | fields),
    )
    if values["relation"] == "户主" and not home.head_id_number:
        Household.objects.filter(pk=home.pk).update(head_id_number=id_number)
    return created


def income(home: Household, year: int, net: str | int, **parts: Any) -> Income:
    """An income row whose net income (§1) is ``net``: all of it as wage unless parts are given."""
    values = {
        "wage_income": Decimal(net),
        "business_income": 0,
        "property_income": 0,
        "transfer_income": 0,
        "business_expense": 0,
    }
    return Income.objects.create(household=home, year=year, **(values | parts))


def adults(home: Household, count: int) -> list[Member]:
    return [member(home, dt.date(1970, 1, 1 + i)) for i in range(count)]


def two_townships(township_b_code: str) -> None:
    """The county of the page tests: A1 in 平安镇 (3 people, exited, C级 housing, income in 2025),
    B1 in the other township (1 person, exited, D级), and each village's VillageInfo."""
    a = household("A1", exit_year=2019, housing_grade="C级")
    adults(a, 3)
    income(a, 2025, "11700")
    village_b = Region.objects.children_of(township_b_code).order_by("code").first().code
    b = household("B1", village=village_b, exit_year=2019, housing_grade="D级")
    adults(b, 1)
    VillageInfo.objects.create(
        village_id="220802100001", households_registered=10, population=100, is_poor_village=True
    )
    VillageInfo.objects.create(
        village_id=village_b, households_registered=10, population=100, is_poor_village=False
    )
