"""Visits (走访): who went to which household when, what they checked and found, the photos, the
registry changes they propose, and visit campaigns (遍访) with their target households.

A visit never writes to the registry. A fact found different from the registry is a
:class:`ChangeProposal` that an office reviews; accepting it changes the registry through the
registry's own services, with history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from fupin.core.scope import RegionScopedQuerySet
from fupin.core.uploads import stored_name
from fupin.grid.models import Cadre
from fupin.monitoring.models import Case
from fupin.regions.models import Region
from fupin.registry.models import AssignedOnlyForHelpers, Household, Member

from .choices import Awareness, Check, ProposalState, Satisfaction, VisitKind


class VisitQuerySet(AssignedOnlyForHelpers):
    region_field = "household__village_id"


def _check(label: str) -> models.CharField:
    return models.CharField(label, max_length=4, choices=Check.choices, default=Check.UNCHECKED)


class Visit(models.Model):
    household = models.ForeignKey(
        Household, verbose_name="农户", on_delete=models.PROTECT, related_name="visits"
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name="走访干部", on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField("走访日期")
    kind = models.CharField("走访方式", max_length=4, choices=VisitKind.choices)
    food = _check("不愁吃")
    clothing = _check("不愁穿")
    education = _check("义务教育")
    medical = _check("基本医疗")
    housing = _check("住房安全")
    water = _check("饮水安全")
    awareness = models.CharField("政策知晓", max_length=4, choices=Awareness.choices)
    satisfaction = models.CharField("满意度", max_length=4, choices=Satisfaction.choices)
    findings = models.TextField("发现的问题和情况", blank=True)
    lead = models.ForeignKey(
        Case,
        verbose_name="转为监测线索",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("录入时间")

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["household", "visited_on"], name="visit_household_day"),
            models.Index(fields=["cadre", "visited_on"], name="visit_cadre_day"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.cadre.name} → {self.household.code}"

    def get_absolute_url(self) -> str:
        return reverse("visits:visit_detail", args=[self.pk])


class VisitPhotoQuerySet(AssignedOnlyForHelpers):
    region_field = "visit__household__village_id"


def photo_path(photo: VisitPhoto, filename: str) -> str:
    """A name of our own under the data directory; the original name is kept in a column."""
    return stored_name("visits", photo.visit.visited_on, filename)


class VisitPhoto(models.Model):
    visit = models.ForeignKey(
        Visit, verbose_name="走访记录", on_delete=models.PROTECT, related_name="photos"
    )
    file = models.FileField("照片", upload_to=photo_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=30)

    objects = VisitPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = "走访照片"
        verbose_name_plural = "走访照片"
        ordering = ["visit_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class ChangeProposalQuerySet(AssignedOnlyForHelpers):
    region_field = "household__village_id"

    def pending(self) -> ChangeProposalQuerySet:
        return self.filter(state=ProposalState.PENDING)


class ChangeProposal(models.Model):
    """A fact a visit found different from the registry, waiting for an office to accept it
    (the registry is then changed, with history) or reject it with a reason."""

    visit = models.ForeignKey(
        Visit, verbose_name="走访记录", on_delete=models.PROTECT, related_name="proposals"
    )
    household = models.ForeignKey(
        Household, verbose_name="农户", on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        Member,
        verbose_name="家庭成员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="空为户的信息",
    )
    field = models.CharField("字段", max_length=40)
    current_value = models.CharField("登记值", max_length=200, blank=True)
    proposed_value = models.CharField("走访核实值", max_length=200)
    state = models.CharField(
        "状态", max_length=4, choices=ProposalState.choices, default=ProposalState.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=200, blank=True)

    objects = ChangeProposalQuerySet.as_manager()

    class Meta:
        verbose_name = "信息变更建议"
        verbose_name_plural = "信息变更建议"
        ordering = ["-id"]
        indexes = [models.Index(fields=["state"], name="proposal_state")]

    def __str__(self) -> str:
        return f"{self.household.code} {self.field}：{self.current_value} → {self.proposed_value}"


class CampaignQuerySet(RegionScopedQuerySet):
    region_field = "region_id"


class Campaign(models.Model):
    """遍访: every target household of a region visited between two dates."""

    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(
        Region, verbose_name="范围", on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期")
    note = models.TextField("说明", blank=True)
    households: models.ManyToManyField[Household, CampaignHousehold] = models.ManyToManyField(
        Household, verbose_name="走访对象", through="CampaignHousehold", related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发起时间")

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "遍访活动"
        verbose_name_plural = "遍访活动"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__gte=models.F("started_on")),
                name="campaign_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("visits:campaign_detail", args=[self.pk])


class CampaignHousehold(models.Model):
    """One target household of a campaign, fixed when the campaign starts so that progress is
    measured against the same set whatever happens to the registry afterwards."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "遍访对象"
        verbose_name_plural = "遍访对象"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "household"], name="campaign_household_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.household_id}"
