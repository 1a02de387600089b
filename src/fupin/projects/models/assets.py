"""扶贫项目资产 and 收益分红: the assets a finished project leaves, the yearly income of those
that earn (经营性), and the plans that share a year's income out to the village, the
public-welfare posts and the households, with one payment line per household."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from fupin.core.fields import MoneyField
from fupin.core.scope import RegionScopedQuerySet
from fupin.regions.models import Region
from fupin.registry.models import Household

from ..choices import AssetClass, AssetOwner, DividendRule, PlanState
from .library import Project


class AssetQuerySet(RegionScopedQuerySet):
    region_field = "project__region_id"


class Asset(models.Model):
    """扶贫项目资产: what a project accepted (已验收) or evaluated (已评价) left behind."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="assets"
    )
    name = models.CharField("资产名称", max_length=100)
    asset_class = models.CharField("资产类别", max_length=4, choices=AssetClass.choices)
    owner_kind = models.CharField("产权归属", max_length=4, choices=AssetOwner.choices)
    owner_village = models.ForeignKey(
        Region,
        verbose_name="所有村",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_household = models.ForeignKey(
        Household,
        verbose_name="所有农户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_assets",
    )
    owner_unit = models.CharField("所有单位", max_length=100, blank=True)
    value = MoneyField("资产价值（元）")
    keeper = models.CharField("管护主体", max_length=100)
    description = models.TextField("资产说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间")

    objects = AssetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "扶贫项目资产"
        verbose_name_plural = "扶贫项目资产"
        ordering = ["project_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="asset_value_positive"),
            models.CheckConstraint(
                condition=Q(
                    owner_kind=AssetOwner.VILLAGE,
                    owner_village__isnull=False,
                    owner_household__isnull=True,
                    owner_unit="",
                )
                | Q(
                    owner_kind=AssetOwner.HOUSEHOLD,
                    owner_village__isnull=True,
                    owner_household__isnull=False,
                    owner_unit="",
                )
                | (
                    Q(
                        owner_kind=AssetOwner.UNIT,
                        owner_village__isnull=True,
                        owner_household__isnull=True,
                    )
                    & ~Q(owner_unit="")
                ),
                name="asset_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_village_code(self) -> str | None:
        return self.owner_village_id

    @property
    def owner_household_code(self) -> str | None:
        return self.owner_household.code if self.owner_household is not None else None

    @property
    def owner(self) -> str:
        if self.owner_kind == AssetOwner.VILLAGE and self.owner_village is not None:
            return f"{self.owner_village.name}村集体"
        if self.owner_kind == AssetOwner.HOUSEHOLD and self.owner_household is not None:
            return f"农户 {self.owner_household.code}"
        return self.owner_unit


class AssetIncomeQuerySet(RegionScopedQuerySet):
    region_field = "asset__project__region_id"


class AssetIncome(models.Model):
    """资产收益: what an operating asset earned in a year, one row per asset and year."""

    asset = models.ForeignKey(
        Asset, verbose_name="资产", on_delete=models.PROTECT, related_name="incomes"
    )
    year = models.PositiveSmallIntegerField("年度")
    amount = MoneyField("收益金额（元）")
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间")

    objects = AssetIncomeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "资产收益"
        verbose_name_plural = "资产收益"
        ordering = ["asset_id", "year"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="asset_income_positive"),
            models.UniqueConstraint(fields=["asset", "year"], name="asset_income_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.asset_id} {self.year}"


class DividendPlanQuerySet(RegionScopedQuerySet):
    region_field = "asset__project__region_id"


class DividendPlan(models.Model):
    """收益分配方案: a year's income of an asset shared out. ``amount`` = ``village_part`` +
    ``posts_part`` + the households' payments, to the fen."""

    asset = models.ForeignKey(
        Asset, verbose_name="资产", on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField("收益年度")
    amount = MoneyField("分配金额（元）")
    village_part = MoneyField("村集体留存（元）")
    posts_part = MoneyField("公益岗位（元）")
    rule = models.CharField("分配方式", max_length=4, choices=DividendRule.choices)
    state = models.CharField(
        "状态", max_length=4, choices=PlanState.choices, default=PlanState.DRAFT
    )
    note = models.CharField("说明", max_length=200, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="制定人", on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField("制定时间")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发放登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paid_on = models.DateField("发放日期", null=True, blank=True)

    objects = DividendPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "收益分配方案"
        verbose_name_plural = "收益分配方案"
        ordering = ["asset_id", "year", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="dividend_plan_positive"),
            models.CheckConstraint(
                condition=Q(village_part__gte=0, posts_part__gte=0),
                name="dividend_plan_parts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset} {self.year} 收益分配"

    @property
    def households_part(self) -> Decimal:
        return self.amount - self.village_part - self.posts_part


class DividendPaymentQuerySet(RegionScopedQuerySet):
    region_field = "plan__asset__project__region_id"


class DividendPayment(models.Model):
    """分红到户: one household's share of a plan; ``paid_on`` once it is paid."""

    plan = models.ForeignKey(
        DividendPlan, verbose_name="分配方案", on_delete=models.PROTECT, related_name="payments"
    )
    household = models.ForeignKey(
        Household, verbose_name="农户", on_delete=models.PROTECT, related_name="dividends"
    )
    persons = models.PositiveSmallIntegerField("人口")
    amount = MoneyField("分红金额（元）")
    paid_on = models.DateField("发放日期", null=True, blank=True)

    objects = DividendPaymentQuerySet.as_manager()

    class Meta:
        verbose_name = "分红到户"
        verbose_name_plural = "分红到户"
        ordering = ["plan_id", "household_id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="dividend_not_negative"),
            models.UniqueConstraint(fields=["plan", "household"], name="dividend_once_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.household_id} {self.amount}"
