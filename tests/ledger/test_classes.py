"""A province adds problem classes of its own; its regions may use them, other provinces not."""

from __future__ import annotations

import pytest

from fupin.accounts.choices import Role
from fupin.ledger.choices import ProblemClass
from fupin.ledger.classes import add_class, class_names
from fupin.ledger.errors import LedgerError, Refusal
from fupin.regions.models import Region
from tests.conftest import VILLAGE_A, make_user

from .walk import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_admin():  # type: ignore[no-untyped-def]
    return make_user("province_admin", Role.SYSTEM_ADMIN, "22")


def test_national_classes_come_first_then_the_provinces_own(province_admin):  # type: ignore[no-untyped-def]
    add_class(province_admin, Region.objects.get(code="22"), name="易地搬迁后续扶持")
    assert class_names(VILLAGE_A) == [*ProblemClass.values, "易地搬迁后续扶持"]
    assert class_names("110101001001") == list(ProblemClass.values)


def test_a_village_registers_a_problem_of_its_provinces_class(province_admin, people):  # type: ignore[no-untyped-def]
    add_class(province_admin, Region.objects.get(code="22"), name="易地搬迁后续扶持")
    problem = register(people.village, category="易地搬迁后续扶持")
    assert problem.category == "易地搬迁后续扶持"


def test_an_unknown_class_is_refused_with_the_allowed_ones(people):  # type: ignore[no-untyped-def]
    with pytest.raises(LedgerError, match="问题类别应为安全饮水、住房安全") as refused:
        register(people.village, category="易地搬迁后续扶持")
    assert refused.value.refusal == Refusal.INPUT


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "请填写问题类别"),
        ("住房安全", "已是全国统一的问题类别"),
        ("类" * 21, "不能超过 20 个字"),
    ],
)
def test_bad_class_names_are_refused(province_admin, name, message):  # type: ignore[no-untyped-def]
    with pytest.raises(LedgerError, match=message):
        add_class(province_admin, Region.objects.get(code="22"), name=name)


def test_a_class_is_added_once(province_admin):  # type: ignore[no-untyped-def]
    province = Region.objects.get(code="22")
    add_class(province_admin, province, name="易地搬迁后续扶持")
    with pytest.raises(LedgerError, match="已有问题类别"):
        add_class(province_admin, province, name="易地搬迁后续扶持")


def test_only_a_system_administrator_adds_classes(county_admin):  # type: ignore[no-untyped-def]
    with pytest.raises(LedgerError, match="只有系统管理员") as refused:
        add_class(county_admin, Region.objects.get(code="220802"), name="某类")
    assert refused.value.refusal in (Refusal.ROLE, Refusal.NOT_FOUND)
