"""Monitoring cases (监测对象, rules.md §9): a household's passage from lead to inclusion, help
and risk elimination, every step kept as a transition with its actor, time, reasons, structured
record and attached evidence.

A case changes only through ``services``, which consult the one transition table in
``workflow``. A household has at most one open case (a partial unique index, on SQLite and
PostgreSQL alike); a closed case stays as it was, and a new lead is a new case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from fupin.alerts.models import RuleRun
from fupin.core.fields import MoneyField
from fupin.core.uploads import stored_name
from fupin.core.versions import Versioned
from fupin.registry.models import AssignedOnlyForHelpers, Household

from .choices import (
    CLOSED_STATES,
    MONITORED_STATES,
    AttachmentKind,
    CaseState,
    CaseType,
    Channel,
    MeasureKind,
    RiskType,
)
from .constants import DECISION_PERIOD, DUE_SOON


class CaseQuerySet(AssignedOnlyForHelpers):
    region_field = "household__village_id"

    def open(self) -> CaseQuerySet:
        """Every case not yet closed, leads included."""
        return self.filter(closed_at__isnull=True)

    def closed(self) -> CaseQuerySet:
        return self.filter(closed_at__isnull=False)

    def monitored(self) -> CaseQuerySet:
        """监测对象: included and not closed (the "covered household" of rules.md §6)."""
        return self.filter(state__in=MONITORED_STATES)

    def undecided(self) -> CaseQuerySet:
        """Leads and cases still on their way to 已纳入 or 不予纳入."""
        return self.filter(decided_at__isnull=True, closed_at__isnull=True)

    def overdue(self, now: dt.datetime) -> CaseQuerySet:
        """Undecided more than 15 days after the lead."""
        return self.undecided().filter(opened_at__lt=now - DECISION_PERIOD)

    def due_soon(self, now: dt.datetime) -> CaseQuerySet:
        """Undecided, not yet overdue, with at most 3 days of the 15 left."""
        return self.undecided().filter(
            opened_at__gte=now - DECISION_PERIOD,
            opened_at__lte=now - DECISION_PERIOD + DUE_SOON,
        )


class Case(Versioned):
    """监测对象: one household's monitoring case, from the lead to its closing."""

    household = models.ForeignKey(
        Household, verbose_name="户", on_delete=models.PROTECT, related_name="cases"
    )
    state = models.CharField(
        "状态", max_length=10, choices=CaseState.choices, default=CaseState.LEAD
    )
    eliminating = models.BooleanField(
        "风险消除程序中",
        default=False,
        help_text="申请风险消除后再次经过入户核实、公示、县级审定",
    )
    channel = models.CharField("线索来源", max_length=10, choices=Channel.choices)
    note = models.TextField("线索说明", blank=True)
    case_type = models.CharField(
        "监测对象类型", max_length=10, choices=CaseType.choices, blank=True
    )
    opened_at = models.DateTimeField("线索时间")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="系统预警线索为空",
    )
    reopened_from = models.ForeignKey(
        "self",
        verbose_name="原监测案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reopenings",
    )
    rule_run = models.ForeignKey(
        RuleRun,
        verbose_name="预警规则运行",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Copied from the run's alerts, which a rerun replaces: rule code, name, value, threshold and
    # standard, so the lead keeps explaining itself (DESIGN principle 3).
    alert_figures = models.JSONField("预警依据", default=list, blank=True)
    decided_at = models.DateTimeField("纳入决定时间", null=True, blank=True)
    notice_start = models.DateField("公示开始日期", null=True, blank=True)
    notice_end = models.DateField("公示结束日期", null=True, blank=True)
    helping_since = models.DateField("帮扶开始日期", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    close_reason = models.TextField("关闭原因", blank=True)

    objects = CaseQuerySet.as_manager()
    # History is read by case (and by household); a rule run writes a history row for each of
    # its leads, so the links nobody looks history up by carry no index there.
    history = HistoricalRecords(no_db_index=["opened_by", "reopened_from", "rule_run"])

    class Meta:
        verbose_name = "监测对象"
        verbose_name_plural = "监测对象"
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(closed_at__isnull=True),
                name="one_open_case_per_household",
            ),
            models.CheckConstraint(
                condition=(
                    Q(state__in=CLOSED_STATES, closed_at__isnull=False)
                    | (~Q(state__in=CLOSED_STATES) & Q(closed_at__isnull=True))
                ),
                name="case_closed_exactly_in_closed_states",
            ),
        ]
        indexes = [
            models.Index(fields=["state"], name="case_state"),
            models.Index(fields=["decided_at", "opened_at"], name="case_decision_due"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def decision_due(self) -> dt.datetime:
        """The end of the 15 days from lead to decision."""
        return self.opened_at + DECISION_PERIOD


class CaseRiskQuerySet(AssignedOnlyForHelpers):
    region_field = "case__household__village_id"


class CaseRisk(models.Model):
    """One 风险类型 of a case, as set at 县级审定. A row per type (not a list in a column) so that
    statistics count cases by risk in SQL on SQLite and PostgreSQL alike."""

    case = models.ForeignKey(
        Case, verbose_name="监测对象", on_delete=models.CASCADE, related_name="risks"
    )
    risk = models.CharField("风险类型", max_length=10, choices=RiskType.choices)

    objects = CaseRiskQuerySet.as_manager()

    class Meta:
        verbose_name = "风险类型"
        verbose_name_plural = "风险类型"
        ordering = ["case_id", "risk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "risk"], name="case_risk_once"),
        ]

    def __str__(self) -> str:
        return self.risk


class TransitionQuerySet(AssignedOnlyForHelpers):
    region_field = "case__household__village_id"


class Transition(models.Model):
    """One step of a case: who, when, from which state to which, why, and what was recorded
    (findings, income, risks, meeting date, participants, votes …). Transitions are written once
    and never changed, so they are their own audit trail and carry no separate history."""

    case = models.ForeignKey(
        Case, verbose_name="监测对象", on_delete=models.PROTECT, related_name="transitions"
    )
    action = models.CharField("办理事项", max_length=30)
    from_state = models.CharField("原状态", max_length=10, choices=CaseState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=10, choices=CaseState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="系统预警为空",
    )
    at = models.DateTimeField("办理时间")
    reason = models.TextField("说明", blank=True)
    data = models.JSONField("记录内容", default=dict, blank=True)

    objects = TransitionQuerySet.as_manager()

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["case_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d}"


def attachment_path(instance: Any, filename: str) -> str:
    """A name of our own (the original is kept in ``original_name``): nothing a user typed becomes
    part of a path on disk."""
    return stored_name("monitoring", instance.uploaded_at, filename)


class AttachmentQuerySet(AssignedOnlyForHelpers):
    region_field = "transition__case__household__village_id"


class Attachment(models.Model):
    """Evidence of a transition: a photo, the household's signed authorisation, meeting minutes.
    Stored under the data directory (MEDIA_ROOT), never served directly: downloads go through a
    scoped view. Written once, like the transition it belongs to."""

    transition = models.ForeignKey(
        Transition, verbose_name="办理记录", on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField("材料类型", max_length=10, choices=AttachmentKind.choices)
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=30)
    uploaded_at = models.DateTimeField("上传时间")

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["transition_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class HelpMeasureQuerySet(AssignedOnlyForHelpers):
    region_field = "case__household__village_id"


class HelpMeasure(models.Model):
    """帮扶措施: what is done for a monitored household, by whom, when, and with what result."""

    case = models.ForeignKey(
        Case, verbose_name="监测对象", on_delete=models.PROTECT, related_name="measures"
    )
    kind = models.CharField("措施类型", max_length=10, choices=MeasureKind.choices)
    description = models.TextField("措施内容")
    # A name for now; the grid's cadre model will give it a proper link.
    responsible = models.CharField("帮扶责任人", max_length=50)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    amount = MoneyField("金额（元）", null=True, blank=True)
    result = models.TextField("帮扶成效", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间")

    objects = HelpMeasureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "帮扶措施"
        verbose_name_plural = "帮扶措施"
        ordering = ["case_id", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="measure_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.description[:20]}"
