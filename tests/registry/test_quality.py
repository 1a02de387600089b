"""Quality checks Q01–Q16 (rules.md §8): one worked example each, on a clean county that has
exactly the one fault planted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from fupin.cli import main
from fupin.core.idnumber import check_character
from fupin.registry.importing import import_file
from fupin.registry.models import Grant, Household, Income, Member
from fupin.registry.quality import run_checks, scope_for

from .workbooks import CHILD_1, HEAD_1, HEAD_2, SPOUSE_1, county_sheets, write_xlsx

pytestmark = pytest.mark.django_db
YEAR = 2020


@pytest.fixture
def county(tmp_path):
    assert import_file(None, write_xlsx(tmp_path / "县.xlsx", county_sheets())).written


def member(id_number: str, household: str = "H001") -> Member:
    return Member.objects.get(id_number=id_number, household__code=household)


def set_member(id_number: str, **values) -> None:  # type: ignore[no-untyped-def]
    Member.objects.filter(id_number=id_number).update(**values)


def with_id(old: str, new: str) -> None:
    Member.objects.filter(id_number=old).update(id_number=new)


def findings(year: int = YEAR) -> list[tuple[str, str, str]]:
    return [(f.code, f.household_code, f.id_number) for f in run_checks(scope_for(year))]


def test_the_clean_county_has_no_findings(county):
    assert findings() == []


def fix_check_digit(first17: str) -> str:
    return first17 + check_character(first17)


PLANTS: list[tuple[str, Callable[[], None], list[tuple[str, str, str]]]] = [
    ("Q03", lambda: set_member(HEAD_1, sex="女"), [("Q03", "H001", HEAD_1)]),
    ("Q05", lambda: set_member(SPOUSE_1, relation="户主"), [("Q05", "H001", "")]),
    (
        "Q06",
        lambda: Household.objects.filter(code="H001").update(head_id_number=SPOUSE_1),
        [("Q06", "H001", SPOUSE_1)],
    ),
    ("Q07", lambda: set_member(HEAD_1, school_status="小学"), [("Q07", "H001", HEAD_1)]),
    ("Q08", lambda: set_member(CHILD_1, labor="普通劳动力"), [("Q08", "H001", CHILD_1)]),
    ("Q09", lambda: set_member(HEAD_2, disability_grade=""), [("Q09", "H002", HEAD_2)]),
    (
        "Q10",
        lambda: Household.objects.filter(code="H001").update(exit_year=2015),
        [("Q10", "H001", "")],
    ),
    (
        "Q12",
        lambda: Income.objects.filter(household__code="H001", year=YEAR).delete(),
        [("Q12", "H001", "")],
    ),
    # A son recorded as a second spouse is also a spouse of the head's own sex.
    (
        "Q13",
        lambda: set_member(CHILD_1, relation="配偶"),
        [("Q13", "H001", ""), ("Q14", "H001", HEAD_1)],
    ),
    (
        "Q15",
        lambda: Household.objects.filter(code="H001").update(phone="0436-1234567"),
        [("Q15", "H001", "")],
    ),
    ("Q16", lambda: set_member(HEAD_2, employment="省外务工"), [("Q16", "H002", HEAD_2)]),
]


@pytest.mark.parametrize(("code", "plant", "expected"), PLANTS, ids=[code for code, _, _ in PLANTS])
def test_each_check_finds_its_planted_fault_and_nothing_else(county, code, plant, expected):
    plant()
    assert findings() == expected


def test_q01_flags_a_wrong_check_character(county):
    wrong = CHILD_1[:17] + ("0" if CHILD_1[17] != "0" else "1")
    with_id(CHILD_1, wrong)
    assert findings() == [("Q01", "H001", wrong)]


def test_q02_flags_a_birth_date_that_does_not_exist(county):
    impossible = fix_check_digit(CHILD_1[:10] + "0230" + CHILD_1[14:17])
    Member.objects.filter(id_number=CHILD_1).update(id_number=impossible, birth_date=None)
    assert findings() == [("Q02", "H001", impossible)]


def test_q02_also_flags_a_birth_date_in_the_future(county):
    set_member(CHILD_1, birth_date=dt.date.today() + dt.timedelta(days=1))
    assert ("Q02", "H001", CHILD_1) in findings()


def test_q04_flags_a_person_active_in_two_households(county):
    moved = member(HEAD_2, "H002")
    moved.pk = None
    moved.household = Household.objects.get(code="H001")
    moved.relation = "其他"
    moved.save()
    assert findings() == [("Q04", "H001", HEAD_2), ("Q04", "H002", HEAD_2)]


def test_q04_ignores_a_person_who_moved_out(county):
    moved = member(HEAD_2, "H002")
    moved.pk = None
    moved.household = Household.objects.get(code="H001")
    moved.relation = "其他"
    moved.member_status = "迁出"
    moved.status_date = dt.date(2020, 5, 1)
    moved.save()
    assert "Q04" not in {code for code, _, _ in findings()}


def test_q11_flags_a_personal_benefit_to_someone_dead_before_the_year(county):
    set_member(HEAD_2, member_status="死亡", status_date=dt.date(2019, 12, 31))
    codes = findings()
    assert ("Q11", "H002", HEAD_2) in codes


def test_q11_spares_a_benefit_of_the_year_the_person_died_in(county):
    set_member(HEAD_2, member_status="死亡", status_date=dt.date(2020, 1, 2))
    assert "Q11" not in {code for code, _, _ in findings()}


def test_q12_ignores_ordinary_households_and_inactive_ones(county):
    Income.objects.filter(household__code="H002").delete()  # H002 is not registered
    assert findings() == []


def test_q14_flags_a_head_and_spouse_of_the_same_sex(county):
    male_spouse = fix_check_digit(SPOUSE_1[:16] + "1")
    with_id(SPOUSE_1, male_spouse)
    set_member(male_spouse, sex="")
    assert findings() == [("Q14", "H001", HEAD_1)]


def test_q07_boundaries_are_inclusive(county):
    # The child is 10 at the end of 2020: 初中 allows 10–19, so no finding; at 9 (2019) it fires.
    set_member(CHILD_1, school_status="初中")
    assert findings(2020) == []
    assert ("Q07", "H001", CHILD_1) in findings(2019)


def test_findings_are_sorted_by_household_id_and_code(county):
    set_member(HEAD_2, employment="省外务工", disability_grade="")
    Household.objects.filter(code="H001").update(phone="12345")
    assert findings() == [("Q15", "H001", ""), ("Q09", "H002", HEAD_2), ("Q16", "H002", HEAD_2)]


def test_the_check_command_writes_the_contract_columns(county, tmp_path, capsys):
    set_member(HEAD_1, sex="女")
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--year", "2020", "--out", str(tmp_path / "q.csv")])
    assert exit_.value.code == 0
    lines = (tmp_path / "q.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "表,行号,户编号,证件号码,规则代码,说明"
    assert (
        lines[1]
        == f"家庭成员,,H001,{HEAD_1},Q03,性别与证件号码不符（性别填写为女，证件号码第17位不符）"
    )


def test_checks_respect_the_region(county):
    set_member(HEAD_1, sex="女")
    assert run_checks(scope_for(YEAR, region="220802100002")) == []
    assert len(run_checks(scope_for(YEAR, region="220802100001"))) == 1


def test_a_township_user_sees_only_findings_of_their_township(
    county, township_b_admin, township_a_admin
):
    set_member(HEAD_1, sex="女")
    assert run_checks(scope_for(YEAR, user=township_b_admin)) == []
    assert len(run_checks(scope_for(YEAR, user=township_a_admin))) == 1


def test_grants_do_not_confuse_the_checks(county):
    assert Grant.objects.count() == 3 and findings() == []
