"""Test oracle: an independent, plain-Python, per-household reading of rules.md §1–§7.

Written from `docs/spec/rules.md` and `docs/spec/interchange.md` §3 alone, without looking at the
production engine, so that tests can compare the two row for row. Everything here is deliberately
naive: one household at a time, exact arithmetic with ``Fraction``, no SQL beyond reading the rows.

Usage::

    ds = load("220802")
    rows = assess(ds, 2020)                      # D defaults to 2020-12-31
    rows = monitor(ds, 2020, standards=Standards(overrides={("22", 2020): {"monitoring": ...}}))
    figures = stats(ds, 2020, region="220802", monitoring_objects={"H001"})

Every output row is a dict of strings keyed by the Chinese column names of interchange.md §3, as
the CSV would hold them; ``stats`` returns the JSON object of rules.md §7 as Python values.

Readings of the spec that it leaves open are marked ``# spec:`` below.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

# ---------------------------------------------------------------------------------------------
# Constants from the spec
# ---------------------------------------------------------------------------------------------

# §1 Western provinces.
WESTERN_PROVINCES = frozenset(
    {"15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"}
)

# §2 national table: year → (poverty line, monitoring line); None is "—".
NATIONAL_LINES: dict[int, tuple[int, int | None]] = {
    2014: (2800, None),
    2015: (2855, None),
    2016: (2952, None),
    2017: (3335, None),
    2018: (3535, None),
    2019: (3747, None),
    2020: (4000, 6000),
    2021: (4000, 6000),
}

POVERTY = "poverty"
MONITORING = "monitoring"

# §1 status values (stored as the Chinese codes).
NORMAL = "正常"
DECEASED = "死亡"
MOVED_OUT = "迁出"

# §1 compulsory-education age, inclusive.
COMPULSORY_AGE = (6, 15)
YLJ_AGE = 60  # §6 YLJ: age at D ≥ 60 (not listed among the changeable defaults)

# §3 E4: these 在校生状况 values mean "not in school" (送教上门 counts as in school).
OUT_OF_SCHOOL = frozenset({"辍学", "非在校生"})
# §3 E6
SAFE_GRADES = frozenset({"A级", "B级"})
# §5 M10 and §9: labour capacity
LABOUR_CAPABLE = frozenset({"普通劳动力", "技能劳动力"})

# §5 M rule names.
M_NAMES = {
    "M01": "收入低于监测范围",
    "M02": "收入大幅下降",
    "M03": "医疗支出较大",
    "M04": "灾害意外损失较大",
    "M05": "务工或产业受挫",
    "M06": "义务教育阶段辍学",
    "M07": "未参加基本医疗保险",
    "M08": "住房不安全",
    "M09": "饮水不安全",
    "M10": "缺劳动力且无兜底",
}
MEDICAL_EVENTS = frozenset({"医疗支出"})  # M03
LOSS_EVENTS = frozenset({"自然灾害", "意外事故"})  # M04
SETBACK_EVENTS = frozenset({"务工失业", "产业经营失败"})  # M05

# §6 policy catalogue: code → name, and which codes are household policies.
POLICY_NAMES = {
    "DB": "农村最低生活保障",
    "TK": "特困人员救助供养",
    "CJHL": "重度残疾人护理补贴",
    "CJSH": "困难残疾人生活补贴",
    "YLJ": "城乡居民基础养老金",
    "GLBT": "高龄津贴",
    "YLJH": "雨露计划职业教育补助",
    "JYZZ": "教育资助",
    "YBZZ": "资助参加城乡居民医保",
    "JTYS": "家庭医生签约服务",
    "GYG": "公益岗位",
    "XEXD": "扶贫小额信贷",
    "CYFH": "产业项目收益分红",
    "WFGZ": "危房改造补助",
    "GC": "改厕补助",
}
HOUSEHOLD_POLICIES = frozenset({"DB", "TK", "GYG", "XEXD", "CYFH", "WFGZ", "GC"})
PERSON_POLICIES = frozenset(POLICY_NAMES) - HOUSEHOLD_POLICIES

# §6 conditions
SEVERE_DISABILITY = frozenset({"一级", "二级"})  # CJHL
VOCATIONAL = frozenset({"中职", "高职"})  # YLJH
SCHOOLING = frozenset({"小学", "初中", "高中"})  # JYZZ
CHRONIC_OR_SERIOUS = frozenset({"长期慢性病", "患有大病", "残疾"})  # JTYS

ASSESS_COLUMNS = [
    "户编号",
    "行政区划代码",
    "人均纯收入",
    "扶贫标准",
    "E1收入达标",
    "E2不愁吃",
    "E3不愁穿",
    "E4义务教育",
    "E5基本医疗",
    "E6住房安全",
    "E7饮水安全",
    "可以退出",
    "未达标项",
]
MONITOR_COLUMNS = ["户编号", "行政区划代码", "规则代码", "规则名称", "数值", "阈值"]
GAPS_COLUMNS = ["户编号", "证件号码", "政策代码", "政策名称"]
VILLAGES_COLUMNS = [
    "行政区划代码",
    "村名",
    "户籍人口",
    "贫困人口",
    "贫困发生率",
    "退出标准",
    "达到出列标准",
]
STATS_KEYS = [
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
]


# ---------------------------------------------------------------------------------------------
# §2 Standards
# ---------------------------------------------------------------------------------------------


@dataclass
class Standards:
    """The lines and the changeable defaults of §2.

    ``overrides`` maps (province code, year) to the lines that province has set for that year,
    ``{"poverty": Decimal | None, "monitoring": Decimal | None}``; None (or a missing key) means
    "not set for that year".
    """

    overrides: dict[tuple[str, int], dict[str, Decimal | None]] = field(default_factory=dict)
    medical_amount: Decimal = Decimal(10000)  # M03 amount bar
    loss_amount: Decimal = Decimal(10000)  # M04 amount bar
    income_share: Fraction = Fraction(1, 2)  # M03/M04: 50% of household net income
    income_drop: Fraction = Fraction(3, 10)  # M02: a drop of 30%, i.e. below 70% of Y−1
    old_age_allowance_age: int = 80  # GLBT
    lookback_days: int = 365  # M03–M05 window (D − 365 days, D]

    def line(self, kind: str, year: int, province_code: str) -> Decimal | None:
        """The line in force for ``year`` in ``province_code`` (§2): the province's value for the
        latest year ≤ Y that it has set, if any; otherwise the national value for the latest year
        ≤ Y in the table.

        # spec: each line is resolved on its own: a province that set only its poverty line for
        # a year still gets the national monitoring line (the table is per line: "may set
        # either line").
        # spec: where there is no value (the poverty line before 2014; the monitoring line
        # before 2020, the table's "—"), the result is None: "the latest year ≤ Y in the table"
        # is read literally, so 2019's monitoring line is 2019's "—", not an earlier figure.
        """
        if kind not in (POVERTY, MONITORING):
            raise ValueError(kind)
        provincial = [
            y
            for (province, y), values in self.overrides.items()
            if province == province_code and y <= year and values.get(kind) is not None
        ]
        if provincial:
            value = self.overrides[(province_code, max(provincial))][kind]
            return Decimal(value)  # type: ignore[arg-type]
        national_years = [y for y in NATIONAL_LINES if y <= year]
        if not national_years:
            return None
        poverty, monitoring = NATIONAL_LINES[max(national_years)]
        value = poverty if kind == POVERTY else monitoring
        return None if value is None else Decimal(value)


# ---------------------------------------------------------------------------------------------
# Plain data read from the models
# ---------------------------------------------------------------------------------------------


@dataclass
class MemberRow:
    id_number: str
    relation: str
    birth_date: dt.date | None
    school_status: str
    health: frozenset[str]
    disability_grade: str
    labor: str
    medical_insured: bool
    employee_insured: bool
    family_doctor: bool
    member_status: str
    status_date: dt.date | None


@dataclass
class EventRow:
    event_type: str
    date: dt.date
    amount: Decimal | None


@dataclass
class HouseholdRow:
    code: str
    village: str  # 12-digit village code
    is_registered: bool
    identified_year: int | None
    exit_year: int | None
    main_cause: str
    food_secure: bool
    clothing_secure: bool
    housing_grade: str
    housing_renovated: bool
    relocated: bool
    water: tuple[bool, bool, bool, bool]  # 水量, 水质, 用水方便, 供水保证率
    members: list[MemberRow] = field(default_factory=list)
    incomes: dict[int, Decimal] = field(default_factory=dict)  # year → 家庭纯收入
    events: list[EventRow] = field(default_factory=list)
    grants: set[tuple[str, int]] = field(default_factory=set)  # household policies: (code, year)

    @property
    def province(self) -> str:
        return self.village[:2]


@dataclass
class VillageRow:
    code: str
    name: str
    population: int
    is_poor_village: bool
    exit_year: int | None


@dataclass
class Dataset:
    region: str | None
    households: list[HouseholdRow]
    villages: list[VillageRow]
    # Person-policy grants, matched by 证件号码 alone: (证件号码, policy code, year).
    person_grants: set[tuple[str, str, int]]
    region_names: dict[str, str]


def _split_codes(text: str) -> frozenset[str]:
    return frozenset(part for part in text.split("、") if part)


def load(region_code: str | None = None) -> Dataset:
    """Read the registry into plain objects, limited to villages whose code starts with
    ``region_code`` when it is given.

    # spec: person grants are read from the whole database, not just the region: §6 matches a
    # person's grant "by 证件号码 alone (whatever 户编号 the grant row carries)", so a grant
    # recorded under a household in another county still counts.
    # spec: 注销 (Household.closed_on) is not mentioned by rules.md; closed households are read
    # like any other (their members' 人员状态 decides whether they are active).
    """
    from fupin.regions.models import Region
    from fupin.registry.models import Event, Grant, Household, Income, Member, VillageInfo

    prefix = region_code or ""

    households: dict[int, HouseholdRow] = {}
    for h in Household.objects.filter(village__code__startswith=prefix).values():
        households[h["id"]] = HouseholdRow(
            code=h["code"],
            village=h["village_id"],
            is_registered=h["is_registered"],
            identified_year=h["identified_year"],
            exit_year=h["exit_year"],
            main_cause=h["main_cause"],
            food_secure=h["food_secure"],
            clothing_secure=h["clothing_secure"],
            housing_grade=h["housing_grade"],
            housing_renovated=h["housing_renovated"],
            relocated=h["relocated"],
            water=(
                h["water_quantity_ok"],
                h["water_quality_ok"],
                h["water_access_ok"],
                h["water_supply_ok"],
            ),
        )
    by_code = {h.code: h for h in households.values()}

    for m in Member.objects.filter(household__village__code__startswith=prefix).values():
        households[m["household_id"]].members.append(
            MemberRow(
                id_number=m["id_number"],
                relation=m["relation"],
                birth_date=m["birth_date"],
                school_status=m["school_status"],
                health=_split_codes(m["health"]),
                disability_grade=m["disability_grade"],
                labor=m["labor"],
                medical_insured=m["medical_insured"],
                employee_insured=m["employee_insured"],
                family_doctor=m["family_doctor"],
                member_status=m["member_status"],
                status_date=m["status_date"],
            )
        )

    for row in Income.objects.filter(household__village__code__startswith=prefix).values():
        # §1 家庭纯收入
        households[row["household_id"]].incomes[row["year"]] = (
            row["wage_income"]
            + row["business_income"]
            + row["property_income"]
            + row["transfer_income"]
            - row["business_expense"]
        )

    for e in Event.objects.filter(household__village__code__startswith=prefix).values():
        households[e["household_id"]].events.append(
            EventRow(event_type=e["event_type"], date=e["date"], amount=e["amount"])
        )

    person_grants: set[tuple[str, str, int]] = set()
    for code, id_number, policy, year in Grant.objects.values_list(
        "household__code", "id_number", "policy_id", "year"
    ):
        if policy in HOUSEHOLD_POLICIES:
            # §6: a household policy counts for the household named by its 户编号, whether or
            # not the row also carries a 证件号码.
            if code in by_code:
                by_code[code].grants.add((policy, year))
        elif id_number:
            # §6: a person policy is matched by 证件号码 alone; without one it matches nobody.
            person_grants.add((id_number, policy, year))

    villages = [
        VillageRow(
            code=v["village_id"],
            name=v["village__name"],
            population=v["population"],
            is_poor_village=v["is_poor_village"],
            exit_year=v["exit_year"],
        )
        for v in VillageInfo.objects.filter(village__code__startswith=prefix).values(
            "village_id", "village__name", "population", "is_poor_village", "exit_year"
        )
    ]

    region_names = {}
    if region_code:
        region_names = dict(Region.objects.filter(code=region_code).values_list("code", "name"))

    return Dataset(
        region=region_code,
        households=sorted(households.values(), key=lambda h: h.code),
        villages=sorted(villages, key=lambda v: v.code),
        person_grants=person_grants,
        region_names=region_names,
    )


# ---------------------------------------------------------------------------------------------
# Arithmetic and formatting
# ---------------------------------------------------------------------------------------------


def round_half_away(value: Fraction | Decimal | int, places: int) -> Decimal:
    """§1: every rounding is half away from zero, on the exact value (−0.005 → −0.01)."""
    exact = Fraction(value)
    scaled = abs(exact) * 10**places
    units = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    if exact < 0:
        units = -units  # 0 stays 0: no "-0.00"
    return Decimal(units).scaleb(-places)


def money(value: Fraction | Decimal | int) -> str:
    """Money with two decimals (interchange.md §3).

    # spec: a negative amount that rounds to zero is written ``0.00``, not ``-0.00``.
    """
    return format(round_half_away(value, 2), "f")


def yes_no(flag: bool) -> str:
    return "是" if flag else "否"


def percent_number(numerator: int, denominator: int) -> float | None:
    """A rate in percent, rounded to three decimals, as a JSON number; None (null) when the
    denominator is zero (§7)."""
    if denominator == 0:
        return None
    return float(round_half_away(Fraction(numerator * 100, denominator), 3))


# ---------------------------------------------------------------------------------------------
# §1 Definitions
# ---------------------------------------------------------------------------------------------


def age_at(birth: dt.date, when: dt.date) -> int:
    """Completed years at ``when``. Someone born on 29 February has a birthday on 1 March in a
    non-leap year: (2, 28) < (2, 29), so on 28 February the year is not yet completed."""
    return when.year - birth.year - ((when.month, when.day) < (birth.month, birth.day))


def is_active(member: MemberRow, as_of: dt.date) -> bool:
    """§1 Active member at D.

    # spec: a member whose ID number has no valid birth date (birth_date None) is not "born on
    # or before D (by the birth date in the ID number)", so is not active. (Such rows are
    # reported by Q02.)
    # spec: 死亡/迁出 without a 状态变更日期 is not "later than D", so is not active; a change
    # dated exactly D is not later than D either: the member has left at D.
    """
    if member.birth_date is None or member.birth_date > as_of:
        return False
    if member.member_status == NORMAL:
        return True
    if member.member_status in (DECEASED, MOVED_OUT):
        return member.status_date is not None and member.status_date > as_of
    return False


def is_poor(h: HouseholdRow, year: int) -> bool:
    """§1 Poor at the end of year Y (未脱贫)."""
    return (
        h.is_registered
        and h.identified_year is not None
        and h.identified_year <= year
        and (h.exit_year is None or h.exit_year > year)
    )


def is_exited(h: HouseholdRow, year: int) -> bool:
    """§1 Exited by Y (已脱贫).

    # spec: read literally, with no check that 脱贫年度 ≥ 识别年度 (a Q10 finding).
    """
    return (
        h.is_registered
        and h.identified_year is not None
        and h.identified_year <= year
        and h.exit_year is not None
        and h.exit_year <= year
    )


def is_registered_by(h: HouseholdRow, year: int) -> bool:
    """Registered with 识别年度 ≤ Y: poor or exited (§6 covered household, §7 registered)."""
    return h.is_registered and h.identified_year is not None and h.identified_year <= year


@dataclass
class _Facts:
    """One household's facts at (Y, D)."""

    household: HouseholdRow
    active: list[MemberRow]
    ages: dict[str, int]  # by 证件号码 of active members
    net: Fraction | None  # 家庭纯收入 of Y, None when unknown
    net_previous: Fraction | None  # of Y−1

    @property
    def n(self) -> int:
        return len(self.active)

    @property
    def per_capita(self) -> Fraction | None:
        return None if self.net is None else self.net / self.n


def _facts(h: HouseholdRow, year: int, as_of: dt.date) -> _Facts:
    active = [m for m in h.members if is_active(m, as_of)]
    net = h.incomes.get(year)
    previous = h.incomes.get(year - 1)
    return _Facts(
        household=h,
        active=active,
        ages={m.id_number: age_at(m.birth_date, as_of) for m in active},  # type: ignore[arg-type]
        net=None if net is None else Fraction(net),
        net_previous=None if previous is None else Fraction(previous),
    )


def _active_households(ds: Dataset, year: int, as_of: dt.date, region: str | None) -> list[_Facts]:
    """Households in the region with n > 0 (§1: n = 0 is left out of every rule and statistic),
    in 户编号 code-point order."""
    prefix = region or ""
    facts = [_facts(h, year, as_of) for h in ds.households if h.village.startswith(prefix)]
    return sorted((f for f in facts if f.n > 0), key=lambda f: f.household.code)


def _default_as_of(year: int, as_of: dt.date | None) -> dt.date:
    return as_of if as_of is not None else dt.date(year, 12, 31)


def _region(ds: Dataset, region: str | None) -> str | None:
    return region if region is not None else ds.region


def _region_name(ds: Dataset, region: str | None) -> str | None:
    if not region:
        return None
    if region not in ds.region_names:
        from fupin.regions.models import Region

        ds.region_names[region] = Region.objects.get(code=region).name
    return ds.region_names[region]


# ---------------------------------------------------------------------------------------------
# §3 Criteria E1–E7 (shared by assess and monitor)
# ---------------------------------------------------------------------------------------------


def _out_of_school(f: _Facts) -> list[MemberRow]:
    """E4/M06: active members of compulsory-education age (6–15 at D) who are 辍学 or
    非在校生."""
    low, high = COMPULSORY_AGE
    return [
        m
        for m in f.active
        if low <= f.ages[m.id_number] <= high and m.school_status in OUT_OF_SCHOOL
    ]


def _uninsured(m: MemberRow) -> bool:
    """Neither basic medical insurance (城乡居民 nor 职工) = 是 (E5, M07, YBZZ)."""
    return not (m.medical_insured or m.employee_insured)


def _criteria(f: _Facts, poverty_line: Decimal) -> dict[str, bool]:
    h = f.household
    per_capita = f.per_capita
    return {
        # E1: per-capita net income of Y > the poverty line (strict); unknown income fails.
        "E1": per_capita is not None and per_capita > Fraction(poverty_line),
        "E2": h.food_secure,
        "E3": h.clothing_secure,
        "E4": not _out_of_school(f),
        "E5": not any(_uninsured(m) for m in f.active),
        "E6": h.housing_grade in SAFE_GRADES or h.housing_renovated or h.relocated,
        "E7": all(h.water),
    }


# ---------------------------------------------------------------------------------------------
# §3 assess
# ---------------------------------------------------------------------------------------------


def assess(
    ds: Dataset,
    year: int,
    as_of: dt.date | None = None,
    standards: Standards | None = None,
    region: str | None = None,
) -> list[dict[str, str]]:
    """`fupin assess`: one row for every active household poor at the end of Y (§3)."""
    as_of = _default_as_of(year, as_of)
    standards = standards or Standards()
    rows = []
    for f in _active_households(ds, year, as_of, _region(ds, region)):
        h = f.household
        if not is_poor(h, year):
            continue
        line = standards.line(POVERTY, year, h.province)
        if line is None:
            # spec: rules.md gives no poverty line before 2014; there is nothing to assess.
            raise ValueError(f"no poverty line for {year} in province {h.province}")
        criteria = _criteria(f, line)
        failing = [code for code, ok in criteria.items() if not ok]
        per_capita = f.per_capita
        rows.append(
            {
                "户编号": h.code,
                "行政区划代码": h.village,
                "人均纯收入": "" if per_capita is None else money(per_capita),
                "扶贫标准": money(line),
                "E1收入达标": yes_no(criteria["E1"]),
                "E2不愁吃": yes_no(criteria["E2"]),
                "E3不愁穿": yes_no(criteria["E3"]),
                "E4义务教育": yes_no(criteria["E4"]),
                "E5基本医疗": yes_no(criteria["E5"]),
                "E6住房安全": yes_no(criteria["E6"]),
                "E7饮水安全": yes_no(criteria["E7"]),
                "可以退出": yes_no(not failing),
                "未达标项": "、".join(failing),
            }
        )
    return sorted(rows, key=lambda r: r["户编号"])


# ---------------------------------------------------------------------------------------------
# §5 monitor
# ---------------------------------------------------------------------------------------------


def _in_window(date: dt.date, as_of: dt.date, days: int) -> bool:
    """(D − 365 days, D]: the day exactly 365 days before D is outside, D itself inside."""
    return as_of - dt.timedelta(days=days) < date <= as_of


def _event_sum(f: _Facts, types: frozenset[str], as_of: dt.date, days: int) -> Fraction:
    # spec: an event without 金额 adds nothing to S.
    return sum(
        (
            Fraction(e.amount)
            for e in f.household.events
            if e.event_type in types and e.amount is not None and _in_window(e.date, as_of, days)
        ),
        Fraction(0),
    )


def _bar(f: _Facts, amount: Decimal, share: Fraction) -> Fraction:
    """M03/M04 bar: the amount, or share × household net income of Y when that income is
    known, > 0 and gives the smaller figure."""
    bar = Fraction(amount)
    if f.net is not None and f.net > 0:
        bar = min(bar, share * f.net)
    return bar


def _alerts(
    f: _Facts, year: int, as_of: dt.date, standards: Standards
) -> list[tuple[str, str, str]]:
    """(rule code, 数值, 阈值) for each M rule that fires for one household not poor at Y.

    Formatting of 数值/阈值 (interchange.md §3 says only "money with two decimals"):
    # spec: money-like values (M01–M04) are written with two decimals; derived thresholds
    # (70% of Y−1 for M02, the 50%-of-income bar for M03/M04) are rounded half away from zero to
    # two decimals for output only, while the comparison uses the exact value.
    # spec: counts (M05, M06, M07, M09) and the fixed thresholds 0 and 1 are written as plain
    # integers; M08 writes the stored grade (e.g. C级) and B级; M10 writes 0 and 1.
    """
    h = f.household
    fired: list[tuple[str, str, str]] = []

    # M01: per-capita net income of Y < the monitoring line of Y (strict).
    # spec: no monitoring line in force (before 2020, absent a provincial one) → M01 cannot fire.
    line = standards.line(MONITORING, year, h.province)
    per_capita = f.per_capita
    if per_capita is not None and line is not None and per_capita < Fraction(line):
        fired.append(("M01", money(per_capita), money(line)))

    # M02: net income of Y < 70% of that of Y−1; both rows present and Y−1 > 0.
    if f.net is not None and f.net_previous is not None and f.net_previous > 0:
        threshold = (1 - standards.income_drop) * f.net_previous
        if f.net < threshold:
            fired.append(("M02", money(f.net), money(threshold)))

    # M03 / M04: S over (D − 365 days, D]; fires when S > 0 and S ≥ the bar.
    for code, types, amount in (
        ("M03", MEDICAL_EVENTS, standards.medical_amount),
        ("M04", LOSS_EVENTS, standards.loss_amount),
    ):
        total = _event_sum(f, types, as_of, standards.lookback_days)
        bar = _bar(f, amount, standards.income_share)
        if total > 0 and total >= bar:
            fired.append((code, money(total), money(bar)))

    # M05: any 务工失业 or 产业经营失败 event in the window; 数值 is the count, 阈值 1.
    setbacks = sum(
        1
        for e in h.events
        if e.event_type in SETBACK_EVENTS and _in_window(e.date, as_of, standards.lookback_days)
    )
    if setbacks:
        fired.append(("M05", str(setbacks), "1"))

    # M06 = E4 fails: the count of active compulsory-age members out of school / 0.
    out = _out_of_school(f)
    if out:
        fired.append(("M06", str(len(out)), "0"))

    # M07 = E5 fails: the count of active members with neither insurance / 0.
    uninsured = sum(1 for m in f.active if _uninsured(m))
    if uninsured:
        fired.append(("M07", str(uninsured), "0"))

    # M08 = E6 fails: the grade / B级.
    if not (h.housing_grade in SAFE_GRADES or h.housing_renovated or h.relocated):
        fired.append(("M08", h.housing_grade, "B级"))

    # M09 = E7 fails: the number of water columns that are 否 / 0.
    dry = sum(1 for ok in h.water if not ok)
    if dry:
        fired.append(("M09", str(dry), "0"))

    # M10: no active member with 普通劳动力 or 技能劳动力, and no DB or TK grant of the
    # household (by 户编号) for year Y; writes 0 / 1.
    has_labour = any(m.labor in LABOUR_CAPABLE for m in f.active)
    has_safety_net = ("DB", year) in h.grants or ("TK", year) in h.grants
    if not has_labour and not has_safety_net:
        fired.append(("M10", "0", "1"))

    return fired


def monitor(
    ds: Dataset,
    year: int,
    as_of: dt.date | None = None,
    standards: Standards | None = None,
    region: str | None = None,
) -> list[dict[str, str]]:
    """`fupin monitor`: for every active household not poor at the end of Y (exited and never
    registered alike), one row per M rule that fires (§5)."""
    as_of = _default_as_of(year, as_of)
    standards = standards or Standards()
    rows = []
    for f in _active_households(ds, year, as_of, _region(ds, region)):
        h = f.household
        if is_poor(h, year):
            continue
        for code, value, threshold in _alerts(f, year, as_of, standards):
            rows.append(
                {
                    "户编号": h.code,
                    "行政区划代码": h.village,
                    "规则代码": code,
                    "规则名称": M_NAMES[code],
                    "数值": value,
                    "阈值": threshold,
                }
            )
    return sorted(rows, key=lambda r: (r["户编号"], r["规则代码"]))


# ---------------------------------------------------------------------------------------------
# §6 gaps
# ---------------------------------------------------------------------------------------------


def gaps(
    ds: Dataset,
    year: int,
    as_of: dt.date | None = None,
    standards: Standards | None = None,
    region: str | None = None,
    monitoring_objects: Collection[str] = (),
) -> list[dict[str, str]]:
    """`fupin gaps`: benefits owed but not received (应享未享), §6.

    ``monitoring_objects`` holds the 户编号 of households with a case in state 已纳入 or 帮扶中
    (there is no case model yet).

    # spec: every owed condition in §6 is a person policy, so every row carries a 证件号码; the
    # household policies only feed conditions (CJSH needs a DB grant for Y).
    # spec: a person active (正常) in two households (a Q04 finding) is examined in each.
    """
    as_of = _default_as_of(year, as_of)
    standards = standards or Standards()
    monitored = set(monitoring_objects)
    rows = []
    for f in _active_households(ds, year, as_of, _region(ds, region)):
        h = f.household
        # "Covered household": registered with 识别年度 ≤ Y (poor or exited), or a monitoring
        # object.
        covered = is_registered_by(h, year) or h.code in monitored
        poor = is_poor(h, year)
        has_db = ("DB", year) in h.grants
        for m in f.active:
            age = f.ages[m.id_number]
            owed = {
                "CJHL": m.disability_grade in SEVERE_DISABILITY,
                "CJSH": bool(m.disability_grade) and has_db,
                "YLJ": age >= YLJ_AGE,
                "GLBT": age >= standards.old_age_allowance_age,
                "YLJH": m.school_status in VOCATIONAL and covered,
                "JYZZ": m.school_status in SCHOOLING and poor,
                "YBZZ": _uninsured(m) and covered,
                "JTYS": bool(m.health & CHRONIC_OR_SERIOUS) and not m.family_doctor and covered,
            }
            for code, condition in owed.items():
                if not condition:
                    continue
                # JTYS: the grant check is replaced by 是否签约家庭医生 (already in the condition).
                if code != "JTYS" and (m.id_number, code, year) in ds.person_grants:
                    continue
                rows.append(
                    {
                        "户编号": h.code,
                        "证件号码": m.id_number,
                        "政策代码": code,
                        "政策名称": POLICY_NAMES[code],
                    }
                )
    # A blank 证件号码 sorts first in plain code-point order anyway.
    return sorted(rows, key=lambda r: (r["户编号"], r["证件号码"], r["政策代码"]))


# ---------------------------------------------------------------------------------------------
# §4 villages
# ---------------------------------------------------------------------------------------------


def _poor_population(ds: Dataset, year: int, as_of: dt.date) -> Counter[str]:
    """Village code → active members at D of households poor at the end of Y."""
    counts: Counter[str] = Counter()
    for h in ds.households:
        if is_poor(h, year):
            counts[h.village] += sum(1 for m in h.members if is_active(m, as_of))
    return counts


def villages(
    ds: Dataset,
    year: int,
    as_of: dt.date | None = None,
    standards: Standards | None = None,
    region: str | None = None,
) -> list[dict[str, str]]:
    """`fupin villages`: one row per village in the region that has a 村信息 row (§4).

    # spec: 户籍人口 is ≥ 1 on import; should a stored 0 occur, 贫困发生率 is left blank and
    # 达到出列标准 follows the exact comparison (poor × 100 < standard × 0 is false: 否).
    """
    as_of = _default_as_of(year, as_of)
    prefix = _region(ds, region) or ""
    poor = _poor_population(ds, year, as_of)
    rows = []
    for v in ds.villages:
        if not v.code.startswith(prefix):
            continue
        standard = 3 if v.code[:2] in WESTERN_PROVINCES else 2
        count = poor[v.code]
        rate = (
            ""
            if v.population == 0
            else format(round_half_away(Fraction(count * 100, v.population), 3), "f") + "%"
        )
        rows.append(
            {
                "行政区划代码": v.code,
                "村名": v.name,
                "户籍人口": str(v.population),
                "贫困人口": str(count),
                "贫困发生率": rate,
                "退出标准": f"{standard}%",
                # Exact: poor × 100 < standard × 户籍人口, not after rounding.
                "达到出列标准": yes_no(count * 100 < standard * v.population),
            }
        )
    return sorted(rows, key=lambda r: r["行政区划代码"])


# ---------------------------------------------------------------------------------------------
# §7 stats
# ---------------------------------------------------------------------------------------------


def stats(
    ds: Dataset,
    year: int,
    as_of: dt.date | None = None,
    standards: Standards | None = None,
    region: str | None = None,
    monitoring_objects: Collection[str] = (),
) -> dict[str, Any]:
    """`fupin stats`: the JSON object of §7, as Python values (rates as floats or None).

    # spec: region_name is the region's own name (洮北区), as `fupin regions show` prints its last
    # part, not the full path; with no region both region_code and region_name are None.
    # spec: "Persons are counted once, as active members at D, in the household they belong
    # to" is read as one count per member row of an active household; a person active in two
    # households (a Q04 finding) is counted in each.
    # spec: poor_by_main_cause keys are the stored 主要致贫原因; a blank cause would appear as "".
    """
    as_of = _default_as_of(year, as_of)
    standards = standards or Standards()
    region = _region(ds, region)
    prefix = region or ""
    facts = _active_households(ds, year, as_of, region)

    village_rows = [v for v in ds.villages if v.code.startswith(prefix)]
    population = sum(v.population for v in village_rows)
    poor_villages = [v for v in village_rows if v.is_poor_village]
    with_info = {v.code for v in village_rows}

    registered = [f for f in facts if is_registered_by(f.household, year)]
    poor = [f for f in facts if is_poor(f.household, year)]
    exited = [f for f in facts if is_exited(f.household, year)]
    poor_in_villages = sum(f.n for f in poor if f.household.village in with_info)
    insured = sum(1 for f in registered for m in f.active if not _uninsured(m))
    persons_registered = sum(f.n for f in registered)

    assessed = assess(ds, year, as_of, standards, region)
    alerts = monitor(ds, year, as_of, standards, region)
    owed = gaps(ds, year, as_of, standards, region, monitoring_objects)

    def positive(counter: Counter[str]) -> dict[str, int]:
        return {key: counter[key] for key in sorted(counter) if counter[key] > 0}

    result = {
        "region_code": region,
        "region_name": _region_name(ds, region),
        "year": year,
        "as_of": as_of.isoformat(),
        "villages": len(village_rows),
        "population": population,
        "poor_villages": len(poor_villages),
        "poor_villages_exited": sum(
            1 for v in poor_villages if v.exit_year is not None and v.exit_year <= year
        ),
        "households_registered": len(registered),
        "persons_registered": persons_registered,
        "households_poor": len(poor),
        "persons_poor": sum(f.n for f in poor),
        "households_exited": len(exited),
        "persons_exited": sum(f.n for f in exited),
        "incidence_rate": percent_number(poor_in_villages, population),
        "households_exit_eligible": sum(1 for r in assessed if r["可以退出"] == "是"),
        "households_alerted": len({r["户编号"] for r in alerts}),
        # Each rule fires at most once per household, so rows per code = households per code.
        "alerts": positive(Counter(r["规则代码"] for r in alerts)),
        "gaps": positive(Counter(r["政策代码"] for r in owed)),
        "poor_by_main_cause": positive(Counter(f.household.main_cause for f in poor)),
        "medical_insurance_rate": percent_number(insured, persons_registered),
    }
    assert list(result) == STATS_KEYS
    return result
