"""到户工程 (household works): 危房改造, 改厕, 六净一规范 庭院整治 and 易地搬迁安置 at one
registered household, with the checklist that must hold when done, a budget, expense lines
(quantity × unit price = amount, to the fen), who built it and the on-site acceptance (验收) by
someone else, item by item with photos.

The checklist of each kind is a default in code (``works.DEFAULT_CHECKLISTS``) that a province may
replace (:class:`WorksChecklist`); a works copies its province's list when it is registered, so
changing the list later does not change what an earlier works was inspected against.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from fupin.core.fields import MoneyField
from fupin.core.scope import RegionScopedQuerySet
from fupin.core.uploads import stored_name
from fupin.regions.models import Region
from fupin.registry.models import Household

from ..choices import EvidenceKind, ExpenseCategory, WorksKind, WorksState


class WorksChecklist(models.Model):
    """A province's checklist for one kind of works, replacing the default; who set it, when."""

    province = models.ForeignKey(
        Region, verbose_name="省级区划", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("工程类型", max_length=10, choices=WorksKind.choices)
    items = models.JSONField("验收清单")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "到户工程验收清单"
        verbose_name_plural = "到户工程验收清单"
        ordering = ["province_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["province", "kind"], name="works_checklist_once")
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.kind}"


class HouseholdWorkQuerySet(RegionScopedQuerySet):
    region_field = "household__village_id"


class HouseholdWork(models.Model):
    """One household's works: its kind, year, budget, checklist and where it stands."""

    household = models.ForeignKey(
        Household, verbose_name="农户", on_delete=models.PROTECT, related_name="works"
    )
    kind = models.CharField("工程类型", max_length=10, choices=WorksKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    budget = MoneyField("预算（元）")
    content = models.CharField("建设内容", max_length=200)
    checklist = models.JSONField("验收清单")
    state = models.CharField(
        "状态", max_length=6, choices=WorksState.choices, default=WorksState.PLANNED
    )
    builder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="施工登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finished_on = models.DateField("完工日期", null=True, blank=True)
    done_note = models.TextField("完工说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间")

    objects = HouseholdWorkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "到户工程"
        verbose_name_plural = "到户工程"
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0), name="works_budget_positive")
        ]
        indexes = [models.Index(fields=["state"], name="works_state")]

    def __str__(self) -> str:
        return f"{self.year} {self.kind} {self.household_id}"


class WorkExpenseQuerySet(RegionScopedQuerySet):
    region_field = "work__household__village_id"


class WorkExpense(models.Model):
    """An expense line of a works: labour or material, quantity × unit price = amount."""

    work = models.ForeignKey(
        HouseholdWork, verbose_name="到户工程", on_delete=models.PROTECT, related_name="expenses"
    )
    category = models.CharField("费用类别", max_length=4, choices=ExpenseCategory.choices)
    item = models.CharField("名称", max_length=100)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=3)
    unit = models.CharField("单位", max_length=10)
    unit_price = MoneyField("单价（元）")
    amount = MoneyField("金额（元）")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间")

    objects = WorkExpenseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "到户工程费用"
        verbose_name_plural = "到户工程费用"
        ordering = ["work_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0, unit_price__gt=0, amount__gt=0),
                name="works_expense_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.amount}"


class WorkInspectionQuerySet(RegionScopedQuerySet):
    region_field = "work__household__village_id"


class WorkInspection(models.Model):
    """验收: one on-site inspection by someone other than the builder; passed when every item
    of the checklist passed. Written once and never changed."""

    work = models.ForeignKey(
        HouseholdWork, verbose_name="到户工程", on_delete=models.PROTECT, related_name="inspections"
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="验收人", on_delete=models.PROTECT, related_name="+"
    )
    inspected_on = models.DateField("验收日期")
    passed = models.BooleanField("是否通过")
    note = models.TextField("验收意见", blank=True)
    at = models.DateTimeField("登记时间")

    objects = WorkInspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "到户工程验收"
        verbose_name_plural = "到户工程验收"
        ordering = ["work_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.work_id} {'通过' if self.passed else '未通过'}"


class WorkInspectionItem(models.Model):
    """One checklist item as the inspector found it."""

    inspection = models.ForeignKey(
        WorkInspection, verbose_name="验收", on_delete=models.PROTECT, related_name="items"
    )
    position = models.PositiveSmallIntegerField("序号")
    item = models.CharField("验收项目", max_length=200)
    passed = models.BooleanField("是否合格")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "验收项目结果"
        verbose_name_plural = "验收项目结果"
        ordering = ["inspection_id", "position"]

    def __str__(self) -> str:
        return self.item


def works_photo_path(instance: Any, filename: str) -> str:
    return stored_name("works", instance.uploaded_at, filename)


class WorkPhotoQuerySet(RegionScopedQuerySet):
    region_field = "inspection__work__household__village_id"


class WorkPhoto(models.Model):
    """A photo (or document) taken at an inspection, of one checklist item or of the whole
    works, stored under the data directory."""

    inspection = models.ForeignKey(
        WorkInspection, verbose_name="验收", on_delete=models.PROTECT, related_name="photos"
    )
    item = models.ForeignKey(
        WorkInspectionItem,
        verbose_name="验收项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photos",
    )
    kind = models.CharField("材料类型", max_length=10, choices=EvidenceKind.choices)
    file = models.FileField("文件", upload_to=works_photo_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=30)
    uploaded_at = models.DateTimeField("上传时间")

    objects = WorkPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = "验收照片"
        verbose_name_plural = "验收照片"
        ordering = ["inspection_id", "id"]

    def __str__(self) -> str:
        return self.original_name
