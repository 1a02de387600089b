"""The registry (建档立卡): villages' registered population, households, members, yearly incomes,
grants received and risk events, with every field of spec/interchange.md §2.

Codes are stored as the Chinese values the templates use. Every change is kept in history, so a
household's status (identified, exited, returned) can be read as of any date. Nothing is deleted:
a member leaves by a status with a date (死亡, 迁出); a household is closed with a date.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Self

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.core.fields import MoneyField
from fupin.core.scope import RegionScopedQuerySet, ScopedUser
from fupin.core.versions import Versioned
from fupin.regions.models import Region

from .choices import (
    Attribute,
    Cause,
    DisabilityGrade,
    DisabilityType,
    Education,
    Employment,
    EventType,
    HousingGrade,
    Labor,
    MemberStatus,
    PolicyLevel,
    Relation,
    SchoolStatus,
    Sex,
)


class VillageScopedQuerySet(RegionScopedQuerySet):
    """Rows that carry their village code themselves (村信息)."""

    region_field = "village_id"


class AssignedOnlyForHelpers(RegionScopedQuerySet):
    """Rows of households, which a helping cadre (帮扶责任人) sees only for the households they
    answer for today: their own (包户) and those of their area (包片). The path to the household
    is the region field without its last step (``household__village_id`` → ``household__``).

    The assignments live in the grid app, which builds on the registry; the lookups name its
    related names as strings so that the registry does not import it."""

    def _narrow_for(self, user: ScopedUser) -> Self:
        if not (isinstance(user, User) and user.role == Role.HELPER):
            return self
        path = self.region_field.removesuffix("village_id")
        return self.filter(**{f"{path}id__in": assigned_households(user)})


def assigned_households(user: User) -> models.QuerySet[Household, dict[str, Any]]:
    """The ids of the households ``user`` answers for today through their cadre record."""
    today = timezone.localdate()

    def active(prefix: str) -> Q:
        return Q(**{f"{prefix}cadre__user": user, f"{prefix}started_on__lte": today}) & (
            Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": today})
        )

    return Household.objects.filter(
        active("helper_assignments__") | active("grid_area__area__assignments__")
    ).values("id")


class HouseholdQuerySet(AssignedOnlyForHelpers):
    """Households, found by their village code."""

    region_field = "village_id"


class HouseholdScopedQuerySet(AssignedOnlyForHelpers):
    """Rows that belong to a household and so to its village."""

    region_field = "household__village_id"


class VillageInfo(models.Model):
    """村信息: a village's rural registered households and population (the denominator of
    贫困发生率) and whether it is a poor village."""

    village = models.OneToOneField(
        Region,
        verbose_name="行政区划代码",
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="village_info",
    )
    households_registered = models.PositiveIntegerField("户籍户数")
    population = models.PositiveIntegerField("户籍人口")
    is_poor_village = models.BooleanField("是否贫困村")
    exit_year = models.PositiveSmallIntegerField("出列年度", null=True, blank=True)

    objects = VillageScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "村信息"
        verbose_name_plural = "村信息"
        ordering = ["village_id"]

    def __str__(self) -> str:
        return str(self.village)


class Household(Versioned):
    """户信息: one household as on the national 建档立卡 form."""

    code = models.CharField("户编号", max_length=32, unique=True)
    village = models.ForeignKey(
        Region, verbose_name="行政区划代码", on_delete=models.PROTECT, related_name="households"
    )
    head_id_number = models.CharField("户主证件号码", max_length=18)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    is_registered = models.BooleanField("是否建档立卡户")
    identified_year = models.PositiveSmallIntegerField("识别年度", null=True, blank=True)
    exit_year = models.PositiveSmallIntegerField("脱贫年度", null=True, blank=True)
    attribute = models.CharField("贫困户属性", max_length=10, choices=Attribute.choices, blank=True)
    main_cause = models.CharField("主要致贫原因", max_length=10, choices=Cause.choices, blank=True)
    other_causes = models.CharField(
        "其他致贫原因", max_length=30, blank=True, help_text="以“、”分隔的代码，至多两个"
    )
    food_secure = models.BooleanField("是否不愁吃")
    clothing_secure = models.BooleanField("是否不愁穿")
    housing_grade = models.CharField("住房安全等级", max_length=2, choices=HousingGrade.choices)
    housing_renovated = models.BooleanField("是否完成危房改造", default=False)
    relocated = models.BooleanField("是否易地扶贫搬迁", default=False)
    water_quantity_ok = models.BooleanField("饮水水量达标")
    water_quality_ok = models.BooleanField("饮水水质达标")
    water_access_ok = models.BooleanField("用水方便程度达标")
    water_supply_ok = models.BooleanField("供水保证率达标")
    closed_on = models.DateField("注销日期", null=True, blank=True)
    closed_reason = models.CharField("注销原因", max_length=200, blank=True)

    objects = HouseholdQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "户信息"
        verbose_name_plural = "户信息"
        ordering = ["code"]
        indexes = [models.Index(fields=["village", "code"], name="household_village_code")]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("registry:household_detail", args=[self.code])


class Member(Versioned):
    """家庭成员. Birth date and sex are read from the ID number; 性别 as given is kept apart so
    that a disagreement can be reported (Q03) rather than silently corrected."""

    household = models.ForeignKey(
        Household, verbose_name="户编号", on_delete=models.PROTECT, related_name="members"
    )
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("证件号码", max_length=18, db_index=True)
    relation = models.CharField("与户主关系", max_length=10, choices=Relation.choices)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    ethnicity = models.CharField("民族", max_length=20, blank=True)
    education = models.CharField("文化程度", max_length=10, choices=Education.choices)
    school_status = models.CharField("在校生状况", max_length=10, choices=SchoolStatus.choices)
    health = models.CharField("健康状况", max_length=30, help_text="以“、”分隔的代码")
    disability_type = models.CharField(
        "残疾类别", max_length=10, choices=DisabilityType.choices, blank=True
    )
    disability_grade = models.CharField(
        "残疾等级", max_length=4, choices=DisabilityGrade.choices, blank=True
    )
    labor = models.CharField("劳动技能", max_length=12, choices=Labor.choices)
    employment = models.CharField("务工状况", max_length=10, choices=Employment.choices, blank=True)
    months_worked = models.PositiveSmallIntegerField("务工时间", null=True, blank=True)
    medical_insured = models.BooleanField("是否参加城乡居民基本医疗保险")
    employee_insured = models.BooleanField("是否参加职工基本医疗保险", default=False)
    pension_insured = models.BooleanField("是否参加城乡居民基本养老保险", null=True, blank=True)
    family_doctor = models.BooleanField("是否签约家庭医生", default=False)
    member_status = models.CharField(
        "人员状态", max_length=4, choices=MemberStatus.choices, default=MemberStatus.NORMAL
    )
    status_date = models.DateField("状态变更日期", null=True, blank=True)

    objects = HouseholdScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "家庭成员"
        verbose_name_plural = "家庭成员"
        ordering = ["household_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "id_number"], name="member_once_per_household"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Income(Versioned):
    """收入: one row per household and year, amounts in yuan for the whole household."""

    household = models.ForeignKey(
        Household, verbose_name="户编号", on_delete=models.PROTECT, related_name="incomes"
    )
    year = models.PositiveSmallIntegerField("年度")
    wage_income = MoneyField("工资性收入")
    business_income = MoneyField("生产经营性收入")
    property_income = MoneyField("财产性收入")
    transfer_income = MoneyField("转移性收入")
    business_expense = MoneyField("生产经营性支出")

    objects = HouseholdScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "收入"
        verbose_name_plural = "收入"
        ordering = ["household_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["household", "year"], name="income_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.year}"

    @property
    def net_income(self) -> Decimal:
        """家庭纯收入 (rules.md §1)."""
        return (
            self.wage_income
            + self.business_income
            + self.property_income
            + self.transfer_income
            - self.business_expense
        )


class Policy(models.Model):
    """The policy catalogue (rules.md §6), reference data."""

    code = models.CharField("政策代码", max_length=8, primary_key=True)
    name = models.CharField("政策名称", max_length=50)
    level = models.CharField("享受对象", max_length=10, choices=PolicyLevel.choices)

    class Meta:
        verbose_name = "政策"
        verbose_name_plural = "政策目录"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Grant(Versioned):
    """享受政策: a benefit received in a year, by a person (证件号码) or by the whole household."""

    household = models.ForeignKey(
        Household, verbose_name="户编号", on_delete=models.PROTECT, related_name="grants"
    )
    id_number = models.CharField("证件号码", max_length=18, blank=True, db_index=True)
    policy = models.ForeignKey(Policy, verbose_name="政策代码", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("年度")
    amount = MoneyField("金额", null=True, blank=True)

    objects = HouseholdScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "享受政策"
        verbose_name_plural = "享受政策"
        ordering = ["household_id", "year", "policy_id", "id_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "id_number", "policy", "year"], name="grant_once_per_year"
            )
        ]
        # Benefits owed (rules.md §6) look a person's grant up by 证件号码 alone.
        indexes = [
            models.Index(fields=["id_number", "policy", "year"], name="grant_person_policy_year")
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.policy_id} {self.year}"


class Event(Versioned):
    """风险事件: facts that feed the early-warning rules."""

    household = models.ForeignKey(
        Household, verbose_name="户编号", on_delete=models.PROTECT, related_name="events"
    )
    event_type = models.CharField("事件类型", max_length=10, choices=EventType.choices)
    date = models.DateField("发生日期")
    amount = MoneyField("金额", null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)

    objects = HouseholdScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "风险事件"
        verbose_name_plural = "风险事件"
        ordering = ["household_id", "date", "event_type"]

    def __str__(self) -> str:
        return f"{self.household_id} {self.event_type} {self.date}"
