"""Stored rule runs and the alerts they raised, so that pages and the monitoring workflow read
them, and every alert says which rule, which figures, which threshold and which standard."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone

from fupin.core.scope import RegionScopedQuerySet, ScopedUser, within
from fupin.regions.choices import ancestor_codes
from fupin.regions.models import Region
from fupin.registry.models import AssignedOnlyForHelpers, Household


class RuleRunQuerySet(RegionScopedQuerySet):
    region_field = "region_id"

    def visible_to(self, user: ScopedUser | None) -> Self:
        """Runs over the user's region, inside it, or over a region containing it (whose alerts
        the user then sees only for their own households, through the alerts' own scope)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.scope_code is None:
            return self.all()
        containing = models.Q(region__isnull=True) | models.Q(
            region_id__in=ancestor_codes(user.scope_code)
        )
        return self.filter(containing | within("region_id", user.scope_code))


class RuleRun(models.Model):
    """One run of the alert rules for a region, year and reference date. Running again with the
    same inputs replaces its alerts."""

    region = models.ForeignKey(
        Region,
        verbose_name="区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("收入年度")
    as_of = models.DateField("参照日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField("开始时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    households_checked = models.PositiveIntegerField("检查户数", default=0)
    households_alerted = models.PositiveIntegerField("预警户数", default=0)
    counts = models.JSONField("各规则户数", default=dict)
    standards = models.JSONField("所用标准", default=dict)

    objects = RuleRunQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had when runs were part of the rules app.
        db_table = "rules_rulerun"
        verbose_name = "规则运行"
        verbose_name_plural = "规则运行"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "as_of"], name="one_run_per_inputs"),
            models.UniqueConstraint(
                fields=["year", "as_of"],
                condition=models.Q(region__isnull=True),
                name="one_national_run_per_inputs",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region or '全部'} {self.year}年（{self.as_of:%Y-%m-%d}）"


class AlertQuerySet(AssignedOnlyForHelpers):
    region_field = "household__village_id"


class Alert(models.Model):
    """An M rule that fired for a household in a run: the figures and the threshold as written in
    the `fupin monitor` output, and the standard the threshold came from."""

    # No index of its own: alert_run_rule (run, rule code) serves every lookup by run, and a
    # county's run writes 180,000 alerts, each one index entry fewer.
    run = models.ForeignKey(
        RuleRun,
        verbose_name="运行",
        on_delete=models.CASCADE,
        related_name="alerts",
        db_index=False,
    )
    household = models.ForeignKey(
        Household, verbose_name="户", on_delete=models.CASCADE, related_name="alerts"
    )
    rule_code = models.CharField("规则代码", max_length=4)
    rule_name = models.CharField("规则名称", max_length=30)
    value = models.CharField("数值", max_length=30)
    threshold = models.CharField("阈值", max_length=30)
    standard = models.CharField("依据标准", max_length=60, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        db_table = "rules_alert"
        verbose_name = "预警"
        verbose_name_plural = "预警"
        ordering = ["household_id", "rule_code"]
        indexes = [models.Index(fields=["run", "rule_code"], name="alert_run_rule")]

    def __str__(self) -> str:
        return f"{self.household_id} {self.rule_code}"
