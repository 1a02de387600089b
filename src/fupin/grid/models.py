"""The responsibility grid (三级网格): cadres, what each answers for and since when.

Three levels of assignment share one table: a leader answers for a village (包村), a helping cadre
for a household (包户), a village cadre for a named area of households (包片). An assignment is
active from ``started_on`` up to the day before ``ended_on``: reassignment sets the old one's
``ended_on`` and the new one's ``started_on`` to the same day, so no day has two or none. Nothing is
deleted; history is the ended rows plus their audit records.

Every assignment carries its village, also when it targets a household or an area, so that scope
(``visible_to``) and the coverage checks are plain range filters on one indexed column.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.core.scope import RegionScopedQuerySet, ScopedUser
from fupin.core.versions import Versioned
from fupin.regions.choices import ancestor_codes
from fupin.regions.models import Region
from fupin.registry.models import Household

from .choices import CadreKind, Level


class CadreQuerySet(RegionScopedQuerySet):
    region_field = "region_id"

    def visible_to(self, user: ScopedUser | None) -> CadreQuerySet:
        """Cadres registered in the user's subtree, plus those of the offices above it: a
        township assigns county cadres to its households and posts them on its notice boards.
        A helping cadre sees their own record, wherever it is registered."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if isinstance(user, User) and user.role == Role.HELPER:
            return self.filter(user=user)
        subtree = super().visible_to(user)
        if user.scope_code is None:
            return subtree
        return subtree | self.filter(region_id__in=ancestor_codes(user.scope_code))


class Cadre(Versioned):
    """A person who answers for villages, areas or households. Their ``region`` is the office
    that registered them (county, township or village) and decides who may see and edit them."""

    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("证件号码", max_length=18, unique=True)
    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.CharField("工作单位", max_length=100)
    post = models.CharField("职务", max_length=50)
    phone = models.CharField("联系电话", max_length=20)
    kind = models.CharField("干部类别", max_length=10, choices=CadreKind.choices)
    photo = models.FileField("照片", upload_to="cadres/%Y/", max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cadre",
    )

    objects = CadreQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "帮扶干部"
        verbose_name_plural = "帮扶干部"
        ordering = ["region_id", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"

    def get_absolute_url(self) -> str:
        return reverse("grid:cadre_detail", args=[self.pk])


class AreaQuerySet(RegionScopedQuerySet):
    region_field = "village_id"


class Area(models.Model):
    """片: a named group of a village's households that one village cadre answers for."""

    village = models.ForeignKey(
        Region, verbose_name="村", on_delete=models.PROTECT, related_name="grid_areas"
    )
    name = models.CharField("片区名称", max_length=50)
    households: models.ManyToManyField[Household, AreaHousehold] = models.ManyToManyField(
        Household, verbose_name="农户", through="AreaHousehold", related_name="+"
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = "片区"
        verbose_name_plural = "片区"
        ordering = ["village_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["village", "name"], name="area_name_once_per_village")
        ]

    def __str__(self) -> str:
        return self.name


class AreaHousehold(models.Model):
    """A household's place in an area; a household is in at most one area."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="memberships")
    household = models.OneToOneField(Household, on_delete=models.PROTECT, related_name="grid_area")

    class Meta:
        verbose_name = "片区农户"
        verbose_name_plural = "片区农户"

    def __str__(self) -> str:
        return f"{self.area} {self.household_id}"


class AssignmentQuerySet(RegionScopedQuerySet):
    region_field = "village_id"

    def _narrow_for(self, user: ScopedUser) -> AssignmentQuerySet:
        """A helping cadre sees their own assignments: the others' loads in their region are not
        theirs to see, and the households those target are hidden from them anyway."""
        if isinstance(user, User) and user.role == Role.HELPER:
            return self.filter(cadre__user=user)
        return self

    def active_on(self, day: dt.date) -> AssignmentQuerySet:
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day), started_on__lte=day)

    def of_level(self, level: str) -> AssignmentQuerySet:
        return self.filter(level=level)


class Assignment(Versioned):
    """One cadre answering for one village, household or area over a span of dates."""

    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="assignments"
    )
    level = models.CharField("层级", max_length=4, choices=Level.choices)
    village = models.ForeignKey(
        Region, verbose_name="村", on_delete=models.PROTECT, related_name="grid_assignments"
    )
    household = models.ForeignKey(
        Household,
        verbose_name="农户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="helper_assignments",
    )
    area = models.ForeignKey(
        Area,
        verbose_name="片区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True, help_text="当日起不再负责")
    letter_signed_on = models.DateField("责任书签订日期", null=True, blank=True)
    handover_note = models.TextField("交接说明", blank=True)
    end_reason = models.CharField("结束原因", max_length=200, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name="接替的安排",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "帮扶安排"
        verbose_name_plural = "帮扶安排"
        ordering = ["village_id", "level", "started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(level=Level.VILLAGE, household__isnull=True, area__isnull=True)
                    | Q(level=Level.HOUSEHOLD, household__isnull=False, area__isnull=True)
                    | Q(level=Level.AREA, household__isnull=True, area__isnull=False)
                ),
                name="assignment_target_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["level", "village"], name="assignment_level_village"),
            models.Index(fields=["cadre", "level"], name="assignment_cadre_level"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre.name} {self.level} {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.level == Level.HOUSEHOLD and self.household is not None:
            return self.household.code
        if self.level == Level.AREA:
            return str(self.area)
        return str(self.village)

    def is_active_on(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on > day)


class PairingQuerySet(RegionScopedQuerySet):
    region_field = "region_id"


class Pairing(models.Model):
    """结对帮扶: an outside unit (a city office, an enterprise) paired with a township or village."""

    unit = models.CharField("帮扶单位", max_length=100)
    region = models.ForeignKey(
        Region, verbose_name="结对乡镇或村", on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    contact = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    note = models.TextField("帮扶内容", blank=True)

    objects = PairingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "结对帮扶"
        verbose_name_plural = "结对帮扶"
        ordering = ["region_id", "started_on", "id"]

    def __str__(self) -> str:
        return f"{self.unit} → {self.region}"


class GridSettings(models.Model):
    """The grid's parameters for a province (or the national defaults when ``province`` is
    empty). An empty value falls back to the national row, then to the built-in default
    (``limits.DEFAULTS``)."""

    province = models.OneToOneField(
        Region,
        verbose_name="省份",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="空为全国默认",
    )
    helper_limit = models.PositiveSmallIntegerField(
        "每名帮扶责任人最多帮扶户数", null=True, blank=True
    )
    monitored_interval = models.PositiveSmallIntegerField(
        "监测对象走访间隔（天）", null=True, blank=True
    )
    poor_interval = models.PositiveSmallIntegerField(
        "脱贫户和未脱贫户走访间隔（天）", null=True, blank=True
    )
    exited_years = models.PositiveSmallIntegerField(
        "脱贫后按期走访年数", null=True, blank=True, help_text="脱贫不满此年数的户按期走访"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "网格参数"
        verbose_name_plural = "网格参数"
        constraints = [
            models.UniqueConstraint(
                fields=["province"],
                condition=Q(province__isnull=True),
                name="grid_settings_national_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.province or '全国'} 网格参数"
