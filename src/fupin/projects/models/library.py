"""Projects and funds (项目资金): the funds a county receives, their allocation to projects of its
project library (项目库), what is spent on each allocation, and who benefits.

Money is in yuan to the fen (``MoneyField``), as everywhere in fupin. The balances always add up:
a fund allocates at most what it received, an allocation pays out at most what it was given;
``funds`` checks both under a lock before anything is written. A project changes state only
through ``services``, which consult the one step table in ``workflow``.
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
from fupin.core.versions import Versioned
from fupin.regions.models import Region
from fupin.registry.models import Household

from ..choices import BenefitWay, EvidenceKind, FundSource, ProjectKind, ProjectState


class FundQuerySet(RegionScopedQuerySet):
    region_field = "region_id"


class Fund(models.Model):
    """资金: money received by a county (or a township) from one source under one document."""

    region = models.ForeignKey(
        Region, verbose_name="管理单位区划", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField("资金来源", max_length=20, choices=FundSource.choices)
    year = models.PositiveSmallIntegerField("年度")
    document_number = models.CharField("文件文号", max_length=100)
    name = models.CharField("资金名称", max_length=100)
    amount = MoneyField("到位金额（元）")
    received_on = models.DateField("到位日期")
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间")

    objects = FundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "资金"
        verbose_name_plural = "资金"
        ordering = ["-year", "region_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class ProjectQuerySet(RegionScopedQuerySet):
    region_field = "region_id"


class Project(Versioned):
    """A project of the library: where it is built, what it is, who implements it, its budget,
    dates and 绩效目标 (targets) with their results, and the state of its procedure."""

    region = models.ForeignKey(
        Region, verbose_name="建设地点", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("项目名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("项目类型", max_length=10, choices=ProjectKind.choices)
    subkind = models.CharField("项目子类", max_length=20, blank=True)
    content = models.TextField("建设内容")
    capacity_kw = models.DecimalField(
        "装机容量（千瓦）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    implementing_unit = models.CharField("实施单位", max_length=100)
    budget = MoneyField("投资规模（元）")
    planned_start = models.DateField("计划开工日期")
    planned_end = models.DateField("计划完工日期")
    actual_start = models.DateField("实际开工日期", null=True, blank=True)
    actual_end = models.DateField("实际完工日期", null=True, blank=True)
    output_target = models.TextField("产出目标")
    benefit_target = models.TextField("效益目标")
    output_result = models.TextField("产出完成情况", blank=True)
    benefit_result = models.TextField("效益实现情况", blank=True)
    state = models.CharField(
        "状态", max_length=4, choices=ProjectState.choices, default=ProjectState.DECLARED
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申报人", on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField("申报时间")

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目库"
        ordering = ["-year", "region_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0), name="project_budget_positive"),
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="project_planned_in_order",
            ),
        ]
        indexes = [models.Index(fields=["region", "state"], name="project_region_state")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class ProjectStepQuerySet(RegionScopedQuerySet):
    region_field = "project__region_id"


class ProjectStep(models.Model):
    """One step of a project's procedure: who, when, from which state to which and why. Written
    once and never changed, so the steps are their own audit trail."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="steps"
    )
    step = models.CharField("办理事项", max_length=30)
    from_state = models.CharField("原状态", max_length=4, choices=ProjectState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=4, choices=ProjectState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="办理人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("办理时间")
    note = models.TextField("意见或说明", blank=True)

    objects = ProjectStepQuerySet.as_manager()

    class Meta:
        verbose_name = "项目办理记录"
        verbose_name_plural = "项目办理记录"
        ordering = ["project_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.step} {self.at:%Y-%m-%d}"


def attachment_path(instance: Any, filename: str) -> str:
    """A name of our own (the original is kept in ``original_name``)."""
    return stored_name("projects", instance.uploaded_at, filename)


class ProjectAttachmentQuerySet(RegionScopedQuerySet):
    region_field = "step__project__region_id"


class ProjectAttachment(models.Model):
    """Evidence of a step (论证意见, 审定文件, 验收照片), stored under the data directory and never
    served directly."""

    step = models.ForeignKey(
        ProjectStep, verbose_name="办理记录", on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField("材料类型", max_length=10, choices=EvidenceKind.choices)
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=30)
    uploaded_at = models.DateTimeField("上传时间")

    objects = ProjectAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = "项目佐证材料"
        verbose_name_plural = "项目佐证材料"
        ordering = ["step_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class AllocationQuerySet(RegionScopedQuerySet):
    region_field = "project__region_id"


class Allocation(models.Model):
    """资金安排: part of a fund given to a project, a fund line that expenses are paid from."""

    fund = models.ForeignKey(
        Fund, verbose_name="资金", on_delete=models.PROTECT, related_name="allocations"
    )
    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="allocations"
    )
    amount = MoneyField("安排金额（元）")
    document_number = models.CharField("下达文号", max_length=100, blank=True)
    allocated_on = models.DateField("下达日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间")

    objects = AllocationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "资金安排"
        verbose_name_plural = "资金安排"
        ordering = ["fund_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.fund} → {self.project}"


class ExpenseQuerySet(RegionScopedQuerySet):
    region_field = "allocation__project__region_id"


class Expense(models.Model):
    """支出: a payment from a fund line (an allocation) for its project."""

    allocation = models.ForeignKey(
        Allocation, verbose_name="资金安排", on_delete=models.PROTECT, related_name="expenses"
    )
    amount = MoneyField("支出金额（元）")
    paid_on = models.DateField("支付日期")
    payee = models.CharField("收款单位或个人", max_length=100)
    purpose = models.CharField("用途", max_length=200)
    voucher_number = models.CharField("凭证号", max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间")

    objects = ExpenseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "支出"
        verbose_name_plural = "支出"
        ordering = ["allocation_id", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"


class BeneficiaryQuerySet(RegionScopedQuerySet):
    region_field = "project__region_id"


class Beneficiary(models.Model):
    """受益对象: a household or a village that benefits from a project, and how."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="beneficiaries"
    )
    household = models.ForeignKey(
        Household,
        verbose_name="受益农户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_benefits",
    )
    village = models.ForeignKey(
        Region,
        verbose_name="受益村",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    way = models.CharField("受益方式", max_length=10, choices=BenefitWay.choices)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = "受益对象"
        verbose_name_plural = "受益对象"
        ordering = ["project_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(household__isnull=False, village__isnull=True)
                | Q(household__isnull=True, village__isnull=False),
                name="beneficiary_household_or_village",
            ),
            models.UniqueConstraint(
                fields=["project", "household"],
                condition=Q(household__isnull=False),
                name="beneficiary_household_once",
            ),
            models.UniqueConstraint(
                fields=["project", "village"],
                condition=Q(village__isnull=False),
                name="beneficiary_village_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.household_id or self.village_id}"
