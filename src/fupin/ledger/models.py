"""The problem ledger (问题台账): every problem found in a village, township or county, owned,
rectified, checked by someone else and closed (销号), each step kept with who, when and why.

A problem changes only through ``services``, which consult the one step table in ``workflow``.
A closed problem stays as it was; reopening it starts a new problem that points back to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.core.scope import RegionScopedQuerySet, ScopedUser
from fupin.core.uploads import stored_name
from fupin.core.versions import Versioned
from fupin.grid.models import Cadre
from fupin.monitoring.models import Case
from fupin.projects.models import Allocation, Project
from fupin.regions.choices import ancestor_codes
from fupin.regions.models import Region
from fupin.registry.models import Household, Member
from fupin.visits.models import Visit

from .choices import EvidenceKind, ProblemState, Severity, Source


def overdue_on(today: dt.date) -> Q:
    """The condition of ``ProblemQuerySet.overdue``, also for counting beside other figures."""
    return Q(state=ProblemState.RECTIFYING, deadline__lt=today)


class ProblemQuerySet(RegionScopedQuerySet):
    region_field = "region_id"

    def _narrow_for(self, user: ScopedUser) -> Self:
        """A helping cadre sees the problems they answer for, and no others."""
        if isinstance(user, User) and user.role == Role.HELPER:
            return self.filter(responsible_cadre__user=user)
        return self

    def open(self) -> Self:
        """Every problem not yet closed (销号)."""
        return self.exclude(state=ProblemState.CLOSED)

    def closed(self) -> Self:
        return self.filter(state=ProblemState.CLOSED)

    def overdue(self, today: dt.date) -> Self:
        """逾期未整改: open, and past its deadline. Once the owner has recorded the rectification
        the problem waits on its verifiers, not on the deadline; sent back, it counts again."""
        return self.filter(overdue_on(today))


class Problem(Versioned):
    """One problem found: where, of what class, from which source, what was found, who answers
    for it, the measure and the deadline, and where it stands."""

    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+"
    )
    # One of the national classes (``ProblemClass``) or a class the region's province added
    # (``ExtraProblemClass``); ``classes.class_names`` lists them, so there are no DB choices.
    category = models.CharField("问题类别", max_length=20)
    source = models.CharField("问题来源", max_length=20, choices=Source.choices)
    description = models.TextField("问题描述")
    severity = models.CharField(
        "严重程度", max_length=4, choices=Severity.choices, default=Severity.ORDINARY
    )
    # The objects the problem was found on, any of them, all optional.
    household = models.ForeignKey(
        Household,
        verbose_name="户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    member = models.ForeignKey(
        Member,
        verbose_name="家庭成员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    case = models.ForeignKey(
        Case,
        verbose_name="监测对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name="走访记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    project = models.ForeignKey(
        Project,
        verbose_name="项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    allocation = models.ForeignKey(
        Allocation,
        verbose_name="资金安排",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    responsible_unit = models.CharField("责任单位", max_length=100, blank=True)
    responsible_cadre = models.ForeignKey(
        Cadre,
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    measure = models.TextField("整改措施", blank=True)
    deadline = models.DateField("整改时限", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=4, choices=ProblemState.choices, default=ProblemState.REGISTERED
    )
    registered_at = models.DateTimeField("登记时间")
    # The day the problem was first found: its registration day, or for a reopening the day its
    # original was found, so a problem that comes back still belongs to the campaigns its first
    # finding belonged to (see ``campaigns.membership``).
    found_on = models.DateField("发现日期")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="整改登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核验人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="销号人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    # Where a problem registered in bulk came from (for example ``quality:<户编号>`` for one
    # household's data-quality findings): at most one open problem per key, so running the same
    # source again adds nothing. Empty for problems registered one by one.
    origin_key = models.CharField("来源标识", max_length=100, blank=True, default="")
    reopened_from = models.ForeignKey(
        "self",
        verbose_name="原问题",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reopenings",
    )

    objects = ProblemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "问题"
        verbose_name_plural = "问题台账"
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(state=ProblemState.CLOSED, closed_at__isnull=False)
                    | (~Q(state=ProblemState.CLOSED) & Q(closed_at__isnull=True))
                ),
                name="problem_closed_exactly_when_closed",
            ),
            models.CheckConstraint(
                condition=Q(state=ProblemState.REGISTERED) | Q(deadline__isnull=False),
                name="problem_deadline_once_measured",
            ),
            models.UniqueConstraint(
                fields=["origin_key"],
                condition=~Q(origin_key="") & ~Q(state=ProblemState.CLOSED),
                name="problem_one_open_per_origin",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "deadline"], name="problem_state_deadline"),
            models.Index(fields=["region", "state"], name="problem_region_state"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.category} {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state != ProblemState.CLOSED


class ProblemStepQuerySet(RegionScopedQuerySet):
    region_field = "problem__region_id"


class ProblemStep(models.Model):
    """One step of a problem: who, when, from which state to which, why, and for a measure or a
    deadline extension the deadline before and after. Written once and never changed, so the
    steps are their own audit trail."""

    problem = models.ForeignKey(
        Problem, verbose_name="问题", on_delete=models.PROTECT, related_name="steps"
    )
    step = models.CharField("办理事项", max_length=30)
    from_state = models.CharField("原状态", max_length=4, choices=ProblemState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=4, choices=ProblemState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("办理时间")
    note = models.TextField("说明", blank=True)
    deadline_before = models.DateField("原整改时限", null=True, blank=True)
    deadline_after = models.DateField("新整改时限", null=True, blank=True)

    objects = ProblemStepQuerySet.as_manager()

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["problem_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.problem_id} {self.step} {self.at:%Y-%m-%d}"


def attachment_path(instance: Any, filename: str) -> str:
    """A name of our own (the original is kept in ``original_name``): nothing a user typed becomes
    part of a path on disk."""
    return stored_name("ledger", instance.uploaded_at, filename)


class ProblemAttachmentQuerySet(RegionScopedQuerySet):
    region_field = "step__problem__region_id"


class ProblemAttachment(models.Model):
    """Evidence of a step (a photo of the repaired roof, the document of a refund), stored under
    the data directory (MEDIA_ROOT) and never served directly. Written once, like its step."""

    step = models.ForeignKey(
        ProblemStep, verbose_name="办理记录", on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField("材料类型", max_length=10, choices=EvidenceKind.choices)
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=30)
    uploaded_at = models.DateTimeField("上传时间")

    objects = ProblemAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["step_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class ExtraProblemClass(models.Model):
    """A problem class a province adds to the national ten (for example 易地搬迁后续扶持), offered
    to every region of that province."""

    province = models.ForeignKey(
        Region, verbose_name="省份", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("问题类别", max_length=20)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="添加人", on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField("添加时间")

    class Meta:
        verbose_name = "省级问题类别"
        verbose_name_plural = "省级问题类别"
        ordering = ["province_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="extra_problem_class_once")
        ]

    def __str__(self) -> str:
        return self.name


class CampaignQuerySet(RegionScopedQuerySet):
    region_field = "region_id"

    def visible_to(self, user: ScopedUser | None) -> Self:
        """The campaigns of the user's region and below, and those of the regions above it: a
        township works on the county's campaign too (its progress counts only what it sees)."""
        subtree = super().visible_to(user)
        if user is None or not user.is_authenticated or not user.is_active or not user.scope_code:
            return subtree
        return subtree | self.filter(region_id__in=ancestor_codes(user.scope_code))


class Campaign(models.Model):
    """整改专项行动: the problems of some classes or sources in a region, to be cleared (清零) by
    a date. A problem belongs to the campaign when it lies in the campaign's region, is of one of
    its classes (any, if none is named) and one of its sources (any, if none is named), and was
    registered on or before the campaign's last day."""

    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(
        Region, verbose_name="范围", on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("清零时限")
    categories = models.JSONField("问题类别", default=list, blank=True)
    sources = models.JSONField("问题来源", default=list, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发起时间")

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "整改专项行动"
        verbose_name_plural = "整改专项行动"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__gte=models.F("started_on")),
                name="ledger_campaign_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name
