"""The registry's import template (spec/interchange.md §2) as declared column specs: header,
English alias, cleaner, whether required. Sheet order is the order in which rows are checked and
written."""

from __future__ import annotations

from functools import partial
from typing import Any

from fupin.core import cleaning as c
from fupin.core.importing.columns import Column, Sheet

from .. import choices as ch

HOUSEHOLD_CODE_PATTERN = r"[0-9A-Za-z-]{1,32}"


def clean_household_code(value: Any) -> str:
    return c.clean_text(
        value, max_length=32, pattern=HOUSEHOLD_CODE_PATTERN, hint="户编号应为1–32位数字、字母或“-”"
    )


def clean_village_code(value: Any) -> str:
    return c.clean_text(value, max_length=12, pattern=r"\d{12}", hint="行政区划代码应为12位数字")


def _code(
    header: str,
    key: str,
    codes: Any,
    aliases: dict[str, str] | None = None,
    *,
    multiple: bool = False,
    **options: Any,
) -> Column:
    """A column whose cells are codes from a list (one, or several when ``multiple``)."""
    allowed = [str(code) for code in codes]
    cleaner = c.clean_choices if multiple else c.clean_choice
    return Column(
        header,
        key,
        partial(cleaner, allowed=allowed, aliases=aliases),
        options=tuple(allowed),
        multiple=multiple,
        **options,
    )


_money = c.clean_money
_household = Column("户编号", "household_code", clean_household_code, required=True)


VILLAGES = Sheet(
    "村信息",
    ("行政区划代码",),
    (
        Column("行政区划代码", "village_code", clean_village_code, required=True),
        Column("户籍户数", "households_registered", partial(c.clean_int, minimum=0), required=True),
        Column("户籍人口", "population", partial(c.clean_int, minimum=1), required=True),
        Column("是否贫困村", "is_poor_village", c.clean_bool, required=True),
        Column("出列年度", "exit_year", c.clean_year),
    ),
)

HOUSEHOLDS = Sheet(
    "户信息",
    ("户编号", "户主证件号码"),
    (
        _household,
        Column("行政区划代码", "village_code", clean_village_code, required=True),
        Column("户主证件号码", "head_id_number", c.clean_id_number, required=True),
        Column("联系电话", "phone", partial(c.clean_text, max_length=20), default=""),
        Column("是否建档立卡户", "is_registered", c.clean_bool, required=True),
        Column("识别年度", "identified_year", c.clean_year),
        Column("脱贫年度", "exit_year", c.clean_year),
        _code("贫困户属性", "attribute", ch.Attribute, ch.ATTRIBUTE_ALIASES, default=""),
        _code("主要致贫原因", "main_cause", ch.Cause, default=""),
        _code("其他致贫原因", "other_causes", ch.Cause, multiple=True, default=[]),
        Column("是否不愁吃", "food_secure", c.clean_bool, required=True),
        Column("是否不愁穿", "clothing_secure", c.clean_bool, required=True),
        _code(
            "住房安全等级",
            "housing_grade",
            ch.HousingGrade,
            ch.HOUSING_GRADE_ALIASES,
            required=True,
        ),
        Column("是否完成危房改造", "housing_renovated", c.clean_bool, default=False),
        Column("是否易地扶贫搬迁", "relocated", c.clean_bool, default=False),
        Column("饮水水量达标", "water_quantity_ok", c.clean_bool, required=True),
        Column("饮水水质达标", "water_quality_ok", c.clean_bool, required=True),
        Column("用水方便程度达标", "water_access_ok", c.clean_bool, required=True),
        Column("供水保证率达标", "water_supply_ok", c.clean_bool, required=True),
    ),
)

MEMBERS = Sheet(
    "家庭成员",
    ("户编号", "证件号码"),
    (
        _household,
        Column("姓名", "name", partial(c.clean_name, max_length=50), required=True),
        Column("证件号码", "id_number", c.clean_id_number, required=True),
        _code("与户主关系", "relation", ch.Relation, required=True),
        _code("性别", "sex", ch.Sex, ch.SEX_ALIASES, default=""),
        Column("民族", "ethnicity", partial(c.clean_text, max_length=20), default=""),
        _code("文化程度", "education", ch.Education, required=True),
        _code(
            "在校生状况",
            "school_status",
            ch.SchoolStatus,
            ch.SCHOOL_STATUS_ALIASES,
            required=True,
        ),
        _code("健康状况", "health", ch.Health, multiple=True, required=True),
        _code("残疾类别", "disability_type", ch.DisabilityType, default=""),
        _code("残疾等级", "disability_grade", ch.DisabilityGrade, default=""),
        _code("劳动技能", "labor", ch.Labor, required=True),
        _code("务工状况", "employment", ch.Employment, ch.EMPLOYMENT_ALIASES, default=""),
        Column("务工时间", "months_worked", partial(c.clean_int, minimum=0, maximum=12)),
        Column("是否参加城乡居民基本医疗保险", "medical_insured", c.clean_bool, required=True),
        Column("是否参加职工基本医疗保险", "employee_insured", c.clean_bool, default=False),
        Column("是否参加城乡居民基本养老保险", "pension_insured", c.clean_bool),
        Column("是否签约家庭医生", "family_doctor", c.clean_bool, default=False),
        _code("人员状态", "member_status", ch.MemberStatus, default=ch.MemberStatus.NORMAL),
        Column("状态变更日期", "status_date", c.clean_date),
    ),
)

INCOMES = Sheet(
    "收入",
    ("户编号", "年度"),
    (
        _household,
        Column("年度", "year", c.clean_year, required=True),
        Column("工资性收入", "wage_income", _money, required=True),
        Column("生产经营性收入", "business_income", _money, required=True),
        Column("财产性收入", "property_income", _money, required=True),
        Column("转移性收入", "transfer_income", _money, required=True),
        Column("生产经营性支出", "business_expense", _money, required=True),
    ),
)

GRANTS = Sheet(
    "享受政策",
    ("户编号", "政策代码"),
    (
        _household,
        Column("证件号码", "id_number", c.clean_id_number, default=""),
        _code("政策代码", "policy_code", list(ch.POLICIES), required=True),
        Column("年度", "year", c.clean_year, required=True),
        Column("金额", "amount", _money),
    ),
)

EVENTS = Sheet(
    "风险事件",
    ("户编号", "事件类型"),
    (
        _household,
        _code("事件类型", "event_type", ch.EventType, required=True),
        Column("发生日期", "date", c.clean_date, required=True),
        Column("金额", "amount", _money),
        Column("说明", "note", partial(c.clean_text, max_length=500), default=""),
    ),
)

SHEETS: tuple[Sheet, ...] = (VILLAGES, HOUSEHOLDS, MEMBERS, INCOMES, GRANTS, EVENTS)
SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
