"""审计 (资金督查): an audit of a region's funds, projects, fund lines (资金安排) and expenses,
one line per object covered, each marked 核实无误, 存疑 or 违规 with a note and evidence.

A line keeps the region of what it covers (a project's place, a fund's office), so a township
sees the lines on its own projects, and the amount it covered when it was added, so the report's
totals do not move when the object changes later.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from fupin.core.fields import MoneyField
from fupin.core.scope import RegionScopedQuerySet, ScopedUser
from fupin.core.uploads import stored_name
from fupin.regions.choices import ancestor_codes
from fupin.regions.models import Region

from ..choices import AuditResult, AuditTarget, EvidenceKind
from .library import Allocation, Expense, Fund, Project


class AuditQuerySet(RegionScopedQuerySet):
    region_field = "region_id"

    def visible_to(self, user: ScopedUser | None) -> Self:
        """The audits of the user's region and below, and an audit of a region above it that
        covers something in it: a township sees the county's audit of its projects (and, through
        ``AuditLine.objects.visible_to``, only its own lines), not one that covers nothing of it."""
        subtree = super().visible_to(user)
        if user is None or not user.is_authenticated or not user.is_active or not user.scope_code:
            return subtree
        code = user.scope_code
        covers_ours = Exists(AuditLine.objects.filter(audit=OuterRef("pk")).within(code))
        return subtree | self.filter(covers_ours, region_id__in=ancestor_codes(code))


class Audit(models.Model):
    """One audit: its name, the unit that audits, the period and the region it covers."""

    region = models.ForeignKey(
        Region, verbose_name="审计区域", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("审计名称", max_length=100)
    auditor_unit = models.CharField("审计单位", max_length=100)
    started_on = models.DateField("审计开始日期")
    ended_on = models.DateField("审计结束日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间")

    objects = AuditQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "审计"
        verbose_name_plural = "审计"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__gte=models.F("started_on")), name="audit_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AuditLineQuerySet(RegionScopedQuerySet):
    region_field = "region_id"


class AuditLine(models.Model):
    """What one line covers (exactly one of fund, project, fund line, expense) and its result."""

    audit = models.ForeignKey(
        Audit, verbose_name="审计", on_delete=models.PROTECT, related_name="lines"
    )
    target = models.CharField("审计对象", max_length=4, choices=AuditTarget.choices)
    region = models.ForeignKey(
        Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+"
    )
    fund = models.ForeignKey(
        Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_lines"
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_lines"
    )
    allocation = models.ForeignKey(
        Allocation, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_lines"
    )
    expense = models.ForeignKey(
        Expense, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_lines"
    )
    # What the line covers as one value (``资金安排:12``), so an audit covers it at most once.
    covers = models.CharField("审计对象标识", max_length=30)
    amount = MoneyField("涉及金额（元）")
    result = models.CharField(
        "审计结果", max_length=4, choices=AuditResult.choices, default=AuditResult.PENDING
    )
    note = models.TextField("审计意见", blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    marked_at = models.DateTimeField("核查时间", null=True, blank=True)

    objects = AuditLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "审计事项"
        verbose_name_plural = "审计事项"
        ordering = ["audit_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(target=AuditTarget.FUND, fund__isnull=False)
                    | Q(target=AuditTarget.PROJECT, project__isnull=False)
                    | Q(target=AuditTarget.ALLOCATION, allocation__isnull=False)
                    | Q(target=AuditTarget.EXPENSE, expense__isnull=False)
                ),
                name="audit_line_names_its_target",
            ),
            models.UniqueConstraint(fields=["audit", "covers"], name="audit_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.audit_id} {self.target} {self.result}"


def audit_evidence_path(instance: Any, filename: str) -> str:
    return stored_name("audits", instance.uploaded_at, filename)


class AuditEvidenceQuerySet(RegionScopedQuerySet):
    region_field = "line__region_id"


class AuditEvidence(models.Model):
    """Evidence of a line's result (底稿, 凭证照片), stored under the data directory."""

    line = models.ForeignKey(
        AuditLine, verbose_name="审计事项", on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField("材料类型", max_length=10, choices=EvidenceKind.choices)
    file = models.FileField("文件", upload_to=audit_evidence_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=30)
    uploaded_at = models.DateTimeField("上传时间")

    objects = AuditEvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = "审计证据"
        verbose_name_plural = "审计证据"
        ordering = ["line_id", "id"]

    def __str__(self) -> str:
        return self.original_name
