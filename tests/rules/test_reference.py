"""Tests of the reference implementation (tests/rules/reference.py) on tiny hand-made data,
covering the worked examples and edges of rules.md §1–§7."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from fupin.registry.models import Event, Grant, Household, Income, Member, VillageInfo
from tests.registry.workbooks import person_id

from . import reference as ref
from .reference import Standards, age_at, assess, gaps, load, monitor, stats, villages

pytestmark = pytest.mark.django_db

JL_1 = "220802100001"  # 新和居委会, 吉林 (not western: 2%)
JL_2 = "220802100002"  # 兴安居委会
JL_3 = "220802100003"  # 龙湾居委会
NM_1 = "150102001001"  # 公主府社区居委会, 内蒙古 (western: 3%)
NM_2 = "150102001002"  # 赛马场社区居委会

D = dt.date(2020, 12, 31)
_serial = itertools.count(1)


def household(code: str, village: str = JL_1, **fields) -> Household:  # type: ignore[no-untyped-def]
    """A registered, poor (identified 2016) household that passes E2–E7 unless told otherwise."""
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


def exited(code: str, village: str = JL_1, **fields) -> Household:  # type: ignore[no-untyped-def]
    return household(code, village, exit_year=2018, **fields)


def unregistered(code: str, village: str = JL_1, **fields) -> Household:  # type: ignore[no-untyped-def]
    return household(
        code, village, is_registered=False, identified_year=None, attribute="", **fields
    )


def member_values(h: Household, birth: dt.date | None, **fields) -> dict:  # type: ignore[no-untyped-def]
    serial = next(_serial)
    values = {
        "household": h,
        "name": f"成员{serial}",
        # Unique across the test: the serial picks the region part and the sequence.
        "id_number": person_id(
            birth or dt.date(1980, 1, 1),
            serial % 100,
            male=serial % 2 == 1,
            region=f"{220000 + serial // 100:06d}",
        ),
        "relation": "户主",
        "birth_date": birth,
        "education": "初中",
        "school_status": "非在校生",
        "health": "健康",
        "labor": "普通劳动力",
        "medical_insured": True,
    }
    return values | fields


def member(h: Household, birth: dt.date | None = dt.date(1970, 5, 1), **fields) -> Member:  # type: ignore[no-untyped-def]
    return Member.objects.create(**member_values(h, birth, **fields))


def members(h: Household, count: int, **fields) -> None:  # type: ignore[no-untyped-def]
    """``count`` healthy working-age adults (born from 1980 on), in one query."""
    base = dt.date(1980, 1, 1)
    Member.objects.bulk_create(
        Member(**member_values(h, base + dt.timedelta(days=i), **fields)) for i in range(count)
    )


def income(h: Household, year: int, net: str, expense: str = "0") -> Income:
    """An income row whose net is ``net`` (all of it wages) less ``expense``."""
    return Income.objects.create(
        household=h,
        year=year,
        wage_income=Decimal(net) + Decimal(expense),
        business_income=0,
        property_income=0,
        transfer_income=0,
        business_expense=Decimal(expense),
    )


def grant(h: Household, policy: str, year: int = 2020, id_number: str = "") -> Grant:
    return Grant.objects.create(household=h, policy_id=policy, year=year, id_number=id_number)


def event(h: Household, kind: str, date: dt.date, amount: str | None = None) -> Event:
    return Event.objects.create(
        household=h, event_type=kind, date=date, amount=None if amount is None else Decimal(amount)
    )


def village(code: str, population: int, *, poor: bool = False, exit_year: int | None = None):  # type: ignore[no-untyped-def]
    return VillageInfo.objects.create(
        village_id=code,
        households_registered=max(1, population // 3),
        population=population,
        is_poor_village=poor,
        exit_year=exit_year,
    )


def by_code(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["户编号"]: row for row in rows}


def alerts(rows: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    return [(r["户编号"], r["规则代码"], r["数值"], r["阈值"]) for r in rows]


# §2 ------------------------------------------------------------------------------------------


def test_national_lines_carry_forward_from_the_latest_year_in_the_table():
    s = Standards()
    assert s.line("poverty", 2014, "22") == Decimal(2800)
    assert s.line("poverty", 2019, "22") == Decimal(3747)
    assert s.line("poverty", 2025, "22") == Decimal(4000)
    assert s.line("poverty", 2013, "22") is None
    assert s.line("monitoring", 2019, "22") is None  # "—"
    assert s.line("monitoring", 2020, "15") == Decimal(6000)
    assert s.line("monitoring", 2025, "15") == Decimal(6000)


def test_a_provincial_line_holds_from_its_year_on_and_each_line_resolves_alone():
    s = Standards(
        overrides={
            ("53", 2023): {"poverty": Decimal(4500), "monitoring": None},
            ("53", 2025): {"monitoring": Decimal(8700)},
        }
    )
    assert s.line("monitoring", 2025, "53") == Decimal(8700)
    assert s.line("monitoring", 2030, "53") == Decimal(8700)
    assert s.line("monitoring", 2024, "53") == Decimal(6000)  # national: 2023 set only poverty
    assert s.line("poverty", 2025, "53") == Decimal(4500)  # from 2023
    assert s.line("poverty", 2022, "53") == Decimal(4000)
    assert s.line("monitoring", 2025, "22") == Decimal(6000)  # another province


# §1 ------------------------------------------------------------------------------------------


def test_age_on_29_february_advances_on_1_march_in_non_leap_years():
    born = dt.date(2012, 2, 29)
    assert age_at(born, dt.date(2018, 2, 28)) == 5
    assert age_at(born, dt.date(2018, 3, 1)) == 6
    assert age_at(born, dt.date(2016, 2, 28)) == 3
    assert age_at(born, dt.date(2016, 2, 29)) == 4
    assert age_at(dt.date(1960, 12, 31), D) == 60
    assert age_at(dt.date(1961, 1, 1), D) == 59


def test_rounding_is_half_away_from_zero():
    assert ref.money(Decimal("-0.005")) == "-0.01"
    assert ref.money(Decimal("0.005")) == "0.01"
    assert ref.money(Decimal("-0.004")) == "0.00"
    assert ref.money(Decimal("12345.675")) == "12345.68"
    assert ref.round_half_away(Decimal("0.1025"), 3) == Decimal("0.103")


# §3 ------------------------------------------------------------------------------------------


def test_worked_example_income_must_exceed_the_line():
    for code, net in (("H1", "11700"), ("H2", "12003"), ("H3", "12000")):
        h = household(code)
        members(h, 3)
        income(h, 2020, net, expense="500")
    rows = by_code(assess(load(), 2020))
    assert [rows[c]["人均纯收入"] for c in ("H1", "H2", "H3")] == ["3900.00", "4001.00", "4000.00"]
    assert [rows[c]["E1收入达标"] for c in ("H1", "H2", "H3")] == ["否", "是", "否"]
    assert rows["H2"] == {
        "户编号": "H2",
        "行政区划代码": JL_1,
        "人均纯收入": "4001.00",
        "扶贫标准": "4000.00",
        "E1收入达标": "是",
        "E2不愁吃": "是",
        "E3不愁穿": "是",
        "E4义务教育": "是",
        "E5基本医疗": "是",
        "E6住房安全": "是",
        "E7饮水安全": "是",
        "可以退出": "是",
        "未达标项": "",
    }
    assert rows["H3"]["可以退出"] == "否" and rows["H3"]["未达标项"] == "E1"


def test_who_is_an_active_member_at_d():
    h = household("H1")
    member(h)  # 正常
    member(h, member_status="死亡", status_date=dt.date(2021, 1, 5))  # dies after D: counts
    member(h, member_status="迁出", status_date=D)  # leaves on D: does not count
    member(h, member_status="死亡", status_date=None)  # no date: does not count
    member(h, dt.date(2021, 1, 1))  # born after D: not yet a member
    member(h, D)  # born on D: a member
    member(h, None)  # ID number without a valid date: not counted (see reference.is_active)
    income(h, 2020, "12003")
    assert by_code(assess(load(), 2020))["H1"]["人均纯收入"] == "4001.00"  # n = 3
    # A year later the one who died in 2021 has left and the 2021 child has arrived.
    income(h, 2021, "12003")
    row = by_code(assess(load(), 2021, as_of=dt.date(2021, 6, 30)))["H1"]
    assert row["人均纯收入"] == "4001.00"


def test_a_household_without_active_members_is_left_out_everywhere():
    h = household("H1")
    member(h, member_status="迁出", status_date=dt.date(2020, 6, 1), school_status="辍学")
    income(h, 2020, "100")
    g = unregistered("H2")
    member(g, member_status="死亡", status_date=dt.date(2019, 6, 1), medical_insured=False)
    village(JL_1, 100)
    ds = load()
    assert assess(ds, 2020) == [] and monitor(ds, 2020) == [] and gaps(ds, 2020) == []
    assert villages(ds, 2020)[0]["贫困人口"] == "0"
    figures = stats(ds, 2020, region="22")
    assert figures["households_registered"] == 0 and figures["households_poor"] == 0


def test_a_household_without_an_income_row_fails_e1_with_a_blank_income():
    h = household("H1", housing_grade="C级", water_quality_ok=False)
    member(h)
    income(h, 2019, "50000")
    row = by_code(assess(load(), 2020))["H1"]
    assert row["人均纯收入"] == "" and row["E1收入达标"] == "否"
    assert row["未达标项"] == "E1、E6、E7" and row["可以退出"] == "否"


def test_negative_per_capita_income_rounds_away_from_zero():
    for code, size in (("H1", 2), ("H2", 3)):
        h = household(code)
        members(h, size)
        income(h, 2020, "-0.01", expense="0.01")  # net −0.01
    rows = by_code(assess(load(), 2020))
    assert rows["H1"]["人均纯收入"] == "-0.01"  # −0.005
    assert rows["H2"]["人均纯收入"] == "0.00"  # −0.00333…


def test_e4_uses_the_age_at_d_and_e5_e6_e7():
    # Born 29 February 2012: 5 on 28 February 2018, 6 on 1 March 2018.
    h = household("H1")
    member(h)
    member(h, dt.date(2012, 2, 29), relation="之子", school_status="非在校生")
    income(h, 2018, "100000")
    assert by_code(assess(load(), 2018, as_of=dt.date(2018, 2, 28)))["H1"]["E4义务教育"] == "是"
    assert by_code(assess(load(), 2018, as_of=dt.date(2018, 3, 1)))["H1"]["E4义务教育"] == "否"

    g = household("H2", housing_grade="D级", housing_renovated=True)
    member(g)
    member(g, dt.date(2005, 1, 1), relation="之女", school_status="辍学")  # 15 at D: counts
    member(g, dt.date(2004, 12, 31), relation="之子", school_status="辍学")  # 16: too old
    member(g, dt.date(2010, 1, 1), relation="之孙子", school_status="送教上门")
    member(g, medical_insured=False, employee_insured=True)
    k = household("H3", housing_grade="C级", relocated=True, water_supply_ok=False)
    member(k, dt.date(2004, 12, 31), school_status="辍学")
    member(k, medical_insured=False, employee_insured=False)
    rows = by_code(assess(load(), 2020))
    assert rows["H2"]["未达标项"] == "E1、E4"
    assert rows["H3"]["未达标项"] == "E1、E5、E7"


def test_assess_covers_only_households_poor_at_the_end_of_y_in_code_point_order():
    for code in ("h1", "H2", "H10", "H1-1"):
        member(household(code))
    member(exited("E1"))
    member(unregistered("U1"))
    member(household("LATE", identified_year=2021))
    member(household("X", identified_year=2016, exit_year=2021))  # exits after Y: still poor
    member(household("NM", NM_1))
    rows = assess(load("22"), 2020)
    assert [r["户编号"] for r in rows] == ["H1-1", "H10", "H2", "X", "h1"]


def test_the_provincial_poverty_line_is_used_and_written():
    h = household("H1")
    member(h)
    income(h, 2020, "4200")
    standards = Standards(overrides={("22", 2019): {"poverty": Decimal("4300")}})
    row = assess(load(), 2020, standards=standards)[0]
    assert row["扶贫标准"] == "4300.00" and row["E1收入达标"] == "否"


# §5 ------------------------------------------------------------------------------------------


def test_m01_compares_the_exact_per_capita_income_with_the_monitoring_line():
    for code, net in (("A", "11999.99"), ("B", "12000")):
        h = exited(code)
        members(h, 2)
        income(h, 2020, net)
    ds = load()
    assert alerts(monitor(ds, 2020)) == [("A", "M01", "6000.00", "6000.00")]  # 5999.995
    raised = Standards(overrides={("22", 2020): {"monitoring": Decimal("6000.01")}})
    assert alerts(monitor(ds, 2020, standards=raised)) == [
        ("A", "M01", "6000.00", "6000.01"),
        ("B", "M01", "6000.00", "6000.01"),
    ]
    # No monitoring line before 2020: M01 cannot fire.
    for h in Household.objects.all():
        income(h, 2019, "100")
    assert monitor(load(), 2019) == []


def test_m02_needs_both_years_and_a_positive_previous_income():
    cases = {
        "A": ("10000", "6999.99"),  # fires: below 7000.00
        "B": ("10000", "7000"),  # exactly 70%: does not fire
        "C": ("0", "6500"),  # Y−1 = 0: does not fire
        "D": (None, "6500"),  # no row for Y−1
        "E": ("10000.01", "7000.00"),  # 70% is 7000.007: fires, written 7000.01
        "F": ("20000", None),  # no row for Y
    }
    for code, (previous, current) in cases.items():
        h = exited(code)
        member(h)
        if previous is not None:
            income(h, 2019, previous)
        if current is not None:
            income(h, 2020, current)
    assert alerts(monitor(load(), 2020)) == [
        ("A", "M02", "6999.99", "7000.00"),
        ("E", "M02", "7000.00", "7000.01"),
    ]


def test_m03_m04_bar_is_the_smaller_of_the_amount_and_half_the_income():
    cases = {
        "A": ("12000", ["6000"]),  # bar 6000: fires
        "B": ("12000", ["5999.99"]),  # below 6000
        "C": ("30000", ["4000", "6000"]),  # bar 10000: S = 10000 fires
        "D": ("30000", ["9999.99"]),
        "E": ("12345.67", ["6172.84"]),  # bar 6172.835
        "F": ("12345.67", ["6172.83"]),
        "G": (None, ["10000"]),  # unknown income: the amount bar
        "H": (None, ["9999.99"]),
    }
    for code, (net, amounts) in cases.items():
        h = exited(code)
        member(h)
        if net is not None:
            income(h, 2020, net)
        for amount in amounts:
            event(h, "医疗支出", dt.date(2020, 6, 1), amount)
    assert alerts(monitor(load(), 2020)) == [
        ("A", "M03", "6000.00", "6000.00"),
        ("C", "M03", "10000.00", "10000.00"),
        ("E", "M03", "6172.84", "6172.84"),
        ("G", "M03", "10000.00", "10000.00"),
    ]


def test_m03_m04_use_the_amount_bar_when_income_is_not_positive():
    h = exited("A")
    member(h)
    income(h, 2020, "0")
    event(h, "医疗支出", dt.date(2020, 6, 1), "100")
    assert alerts(monitor(load(), 2020)) == [("A", "M01", "0.00", "6000.00")]


def test_m04_m05_count_events_in_the_window_d_minus_365_days_to_d():
    h = exited("A")
    member(h)
    income(h, 2020, "30000")
    # D − 365 days = 2020-01-01 (2020 is a leap year): outside; D itself: inside.
    event(h, "意外事故", dt.date(2020, 1, 1), "5000")
    event(h, "自然灾害", dt.date(2020, 1, 2), "5000")
    event(h, "意外事故", D, "5000")
    event(h, "意外事故", dt.date(2021, 1, 1), "99999")
    event(h, "医疗支出", dt.date(2020, 5, 1))  # no amount: S = 0, M03 does not fire
    event(h, "产业经营失败", dt.date(2020, 1, 1))
    event(h, "务工失业", dt.date(2020, 3, 1))
    event(h, "务工失业", D)
    assert alerts(monitor(load(), 2020)) == [
        ("A", "M04", "10000.00", "10000.00"),
        ("A", "M05", "2", "1"),
    ]
    # With D = 2021-06-30 only the 2021 accident and nothing from early 2020 remain.
    rows = alerts(monitor(load(), 2020, as_of=dt.date(2021, 6, 30)))
    assert rows == [("A", "M04", "104999.00", "10000.00"), ("A", "M05", "1", "1")]


def test_m06_to_m10_write_counts_grades_and_fixed_thresholds():
    def troubled(code: str, h_factory=unregistered) -> Household:  # type: ignore[no-untyped-def]
        h = h_factory(code, housing_grade="C级", water_quality_ok=False, water_supply_ok=False)
        member(h, labor="弱劳动力或半劳动力")
        member(h, dt.date(2010, 3, 1), relation="之子", school_status="辍学", labor="无劳动力")
        member(h, dt.date(2008, 3, 1), relation="之女", school_status="非在校生", labor="无劳动力")
        member(h, dt.date(2004, 3, 1), relation="之子", school_status="辍学", labor="丧失劳动力")
        member(h, medical_insured=False, labor="丧失劳动力")
        return h

    troubled("A")
    grant(troubled("B"), "DB", id_number="110101199001010011")  # household grant with an ID
    grant(troubled("C"), "TK", year=2019)  # another year
    troubled("P", household)  # poor: not monitored
    assert alerts(monitor(load(), 2020)) == [
        ("A", "M06", "2", "0"),
        ("A", "M07", "1", "0"),
        ("A", "M08", "C级", "B级"),
        ("A", "M09", "2", "0"),
        ("A", "M10", "0", "1"),
        ("B", "M06", "2", "0"),
        ("B", "M07", "1", "0"),
        ("B", "M08", "C级", "B级"),
        ("B", "M09", "2", "0"),
        ("C", "M06", "2", "0"),
        ("C", "M07", "1", "0"),
        ("C", "M08", "C级", "B级"),
        ("C", "M09", "2", "0"),
        ("C", "M10", "0", "1"),
    ]
    row = monitor(load(), 2020)[0]
    assert row == {
        "户编号": "A",
        "行政区划代码": JL_1,
        "规则代码": "M06",
        "规则名称": "义务教育阶段辍学",
        "数值": "2",
        "阈值": "0",
    }


def test_monitor_covers_exited_and_never_registered_households_but_not_poor_ones():
    for h in (exited("E"), unregistered("U"), household("P"), household("L", identified_year=2021)):
        member(h)
        income(h, 2020, "100")
    assert [r["户编号"] for r in monitor(load(), 2020)] == ["E", "L", "U"]


# §6 ------------------------------------------------------------------------------------------


def test_gaps_match_person_grants_by_id_number_and_household_grants_by_household():
    poor = household("H1")
    elsewhere = unregistered("Z9", NM_1)
    head = member(poor, dt.date(1955, 1, 1))  # YLJ received, recorded under another household
    grant(elsewhere, "YLJ", id_number=head.id_number)
    spouse = member(poor, dt.date(1958, 1, 1), relation="配偶")
    grant(poor, "YLJ")  # a person policy without 证件号码 matches nobody
    son = member(
        poor,
        dt.date(1985, 1, 1),
        relation="之子",
        health="残疾",
        disability_grade="二级",
        family_doctor=False,
    )
    grant(poor, "JTYS", id_number=son.id_number)  # JTYS: the column decides, not grants
    grant(poor, "DB", id_number=head.id_number)  # a household grant, whatever the ID on it
    daughter = member(poor, dt.date(2003, 1, 1), relation="之女", school_status="中职")
    grandson = member(poor, dt.date(2012, 1, 1), relation="之孙子", school_status="小学")
    uninsured = member(poor, dt.date(1990, 1, 1), relation="之儿媳", medical_insured=False)
    signed = member(
        poor,
        dt.date(1960, 6, 1),
        relation="之兄弟姐妹",
        health="长期慢性病、残疾",
        family_doctor=True,
    )
    grant(poor, "YLJ", id_number=signed.id_number, year=2019)  # another year

    rows = gaps(load("22"), 2020)
    assert [(r["户编号"], r["证件号码"], r["政策代码"]) for r in rows] == sorted(
        [
            ("H1", spouse.id_number, "YLJ"),
            ("H1", son.id_number, "CJHL"),
            ("H1", son.id_number, "CJSH"),
            ("H1", son.id_number, "JTYS"),
            ("H1", daughter.id_number, "YLJH"),
            ("H1", grandson.id_number, "JYZZ"),
            ("H1", uninsured.id_number, "YBZZ"),
            ("H1", signed.id_number, "YLJ"),
        ]
    )
    assert rows[0].keys() == {"户编号", "证件号码", "政策代码", "政策名称"}
    assert {r["政策代码"]: r["政策名称"] for r in rows}["CJSH"] == "困难残疾人生活补贴"


def test_gaps_conditions_that_need_a_covered_or_poor_household():
    def people(h: Household) -> dict[str, Member]:
        return {
            "school": member(h, dt.date(2007, 1, 1), school_status="初中"),
            "vocational": member(h, dt.date(2003, 1, 1), school_status="高职"),
            "uninsured": member(h, medical_insured=False),
            "chronic": member(h, health="患有大病"),
            "disabled": member(h, health="残疾", disability_grade="三级"),
        }

    was_poor = people(exited("E"))
    grant(Household.objects.get(code="E"), "DB", year=2019)  # CJSH needs DB in Y
    people(unregistered("U"))
    monitored = people(unregistered("M"))
    people(household("L", identified_year=2021))  # identified after Y: not covered
    rows = gaps(load(), 2020, monitoring_objects={"M"})
    got = {(r["户编号"], r["证件号码"], r["政策代码"]) for r in rows}
    assert got == {
        ("E", was_poor["vocational"].id_number, "YLJH"),
        ("E", was_poor["uninsured"].id_number, "YBZZ"),
        ("E", was_poor["chronic"].id_number, "JTYS"),
        ("E", was_poor["disabled"].id_number, "JTYS"),
        ("M", monitored["vocational"].id_number, "YLJH"),
        ("M", monitored["uninsured"].id_number, "YBZZ"),
        ("M", monitored["chronic"].id_number, "JTYS"),
        ("M", monitored["disabled"].id_number, "JTYS"),
    }


def test_old_age_policies_at_exactly_60_and_80():
    h = unregistered("U")  # YLJ and GLBT do not need a covered household
    sixty = member(h, dt.date(1960, 12, 31))
    member(h, dt.date(1961, 1, 1))  # 59
    eighty = member(h, dt.date(1940, 12, 31))
    seventy_nine = member(h, dt.date(1941, 1, 1))
    leap = member(h, dt.date(1940, 2, 29))  # 80 on 29 February 2020
    grant(h, "YLJ", id_number=eighty.id_number)
    rows = {(r["证件号码"], r["政策代码"]) for r in gaps(load(), 2020)}
    assert rows == {
        (sixty.id_number, "YLJ"),
        (eighty.id_number, "GLBT"),
        (seventy_nine.id_number, "YLJ"),
        (leap.id_number, "YLJ"),
        (leap.id_number, "GLBT"),
    }
    # On 28 February 2020 the one born 29 February 1940 is still 79.
    early = {(r["证件号码"], r["政策代码"]) for r in gaps(load(), 2020, dt.date(2020, 2, 28))}
    assert (leap.id_number, "GLBT") not in early and (leap.id_number, "YLJ") in early


# §4 ------------------------------------------------------------------------------------------


def test_villages_compare_the_incidence_exactly_with_2_or_3_percent():
    village(JL_1, 9999)  # 200 poor: 2.0002% → 2.000%, not below 2%
    village(JL_2, 10001)  # 200 poor: 1.9998% → 2.000%, below 2%
    village(NM_1, 100)  # 3 poor: exactly 3%
    village(NM_2, 971)  # 1 poor: 0.103%
    village(JL_3, 50)  # nobody poor
    members(household("A"), 200)
    members(household("B", JL_2), 150)
    members(household("C", JL_2), 50)
    members(exited("D", JL_2), 7)  # exited: not poor
    members(household("E", NM_1), 3)
    members(household("F", NM_2), 1)
    member(household("G", NM_2), member_status="死亡", status_date=dt.date(2020, 1, 1))
    members(household("H", "220802100004"), 5)  # village without 村信息: no row
    rows = villages(load(), 2020)
    got = [
        (
            r["行政区划代码"],
            r["户籍人口"],
            r["贫困人口"],
            r["贫困发生率"],
            r["退出标准"],
            r["达到出列标准"],
        )
        for r in rows
    ]
    assert got == [
        (NM_1, "100", "3", "3.000%", "3%", "否"),
        (NM_2, "971", "1", "0.103%", "3%", "是"),
        (JL_1, "9999", "200", "2.000%", "2%", "否"),
        (JL_2, "10001", "200", "2.000%", "2%", "是"),
        (JL_3, "50", "0", "0.000%", "2%", "是"),
    ]
    assert rows[2]["村名"] == "新和居委会"
    assert [r["行政区划代码"] for r in villages(load(), 2020, region="22")] == [JL_1, JL_2, JL_3]


# §7 ------------------------------------------------------------------------------------------


def test_stats_for_a_small_county():
    village(JL_1, 100, poor=True, exit_year=2019)
    village(JL_2, 50, poor=True, exit_year=2021)
    village(NM_1, 10)
    a = household("A")  # poor, eligible to exit
    members(a, 2)
    income(a, 2020, "10000")
    b = household("B", main_cause="因学")  # poor, uninsured, no income
    member(b, medical_insured=False)
    c = exited("C", JL_2, housing_grade="C级")  # exited: M08; one member owed YLJ
    member(c, dt.date(1955, 1, 1))
    members(c, 2)
    income(c, 2020, "30000")
    d = unregistered("D", JL_3)  # no 村信息 row for its village
    member(d)
    income(d, 2020, "100000")
    gone = household("GONE")  # no active member: left out
    member(gone, member_status="死亡", status_date=dt.date(2019, 1, 1))
    members(household("NM", NM_1), 4)  # outside the region

    figures = stats(load("220802"), 2020)
    assert figures == {
        "region_code": "220802",
        "region_name": "洮北区",
        "year": 2020,
        "as_of": "2020-12-31",
        "villages": 2,
        "population": 150,
        "poor_villages": 2,
        "poor_villages_exited": 1,
        "households_registered": 3,
        "persons_registered": 6,
        "households_poor": 2,
        "persons_poor": 3,
        "households_exited": 1,
        "persons_exited": 3,
        "incidence_rate": 2.0,
        "households_exit_eligible": 1,
        "households_alerted": 1,
        "alerts": {"M08": 1},
        "gaps": {"YBZZ": 1, "YLJ": 1},
        "poor_by_main_cause": {"因学": 1, "因病": 1},
        "medical_insurance_rate": 83.333,
    }
    assert list(figures) == ref.STATS_KEYS
    # A monitoring object's owed benefits count in gaps too.
    member(d, medical_insured=False)
    figures = stats(load("220802"), 2020, monitoring_objects={"D"})
    assert figures["gaps"] == {"YBZZ": 2, "YLJ": 1}


def test_stats_rates_are_null_without_a_denominator():
    figures = stats(load("15"), 2020, as_of=dt.date(2020, 6, 30))
    assert figures["region_name"] == "内蒙古自治区"
    assert figures["as_of"] == "2020-06-30"
    assert figures["incidence_rate"] is None and figures["medical_insurance_rate"] is None
    assert figures["alerts"] == {} and figures["gaps"] == {} and figures["poor_by_main_cause"] == {}
