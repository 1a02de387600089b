"""Standards by year (rules.md §2): the poverty and monitoring lines and the other per-province
parameters of the rules. A row is national (no province) or a province's own; any value may be
left empty, and each parameter is resolved on its own (see ``resolve``)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from fupin.core.fields import MoneyField
from fupin.regions.models import Region

LINE_DIGITS = 12  # the lines and amounts of a standard: up to 10 digits of yuan


class Standard(models.Model):
    province = models.ForeignKey(
        Region,
        verbose_name="省份",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="空为全国标准",
    )
    year = models.PositiveSmallIntegerField("年度")
    poverty_line = MoneyField("扶贫标准（元/人·年）", null=True, blank=True, max_digits=LINE_DIGITS)
    monitoring_line = MoneyField(
        "防返贫监测范围（元/人·年）", null=True, blank=True, max_digits=LINE_DIGITS
    )
    medical_amount = MoneyField(
        "医疗支出预警金额（元）", null=True, blank=True, max_digits=LINE_DIGITS
    )
    loss_amount = MoneyField(
        "灾害意外损失预警金额（元）", null=True, blank=True, max_digits=LINE_DIGITS
    )
    income_share = models.DecimalField(
        "支出占家庭纯收入比例", null=True, blank=True, max_digits=5, decimal_places=4
    )
    drop_share = models.DecimalField(
        "收入下降预警比例", null=True, blank=True, max_digits=5, decimal_places=4
    )
    old_age = models.PositiveSmallIntegerField("高龄津贴年龄", null=True, blank=True)
    lookback_days = models.PositiveSmallIntegerField("事件回溯天数", null=True, blank=True)
    dividend_property = models.PositiveSmallIntegerField(
        "收益分红计入财产性收入", null=True, blank=True, help_text="1 计入，0 不计入"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "标准"
        verbose_name_plural = "标准"
        ordering = ["province_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year"], name="standard_once_per_province_year"
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(province__isnull=True),
                name="national_standard_once_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province or '全国'} {self.year}"
