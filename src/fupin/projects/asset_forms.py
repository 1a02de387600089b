"""Forms of the asset and dividend pages. A form checks that the values are well-formed and hands
them to its service (``take``); whether the change is allowed is the service's answer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.widgets import RegionPicker
from fupin.monitoring.forms import DATE, TEXT
from fupin.regions.models import Region
from fupin.registry.models import Household

from . import assets, dividends
from .choices import AssetClass, AssetOwner, DividendRule
from .forms import MONEY
from .models import Asset, AssetIncome, DividendPlan, Project


def _money(label: str, **options: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2, widget=MONEY, **options)


class AssetForm(forms.Form):
    name = forms.CharField(label="资产名称", max_length=100)
    asset_class = forms.ChoiceField(label="资产类别", choices=AssetClass.choices)
    value = _money("资产价值（元）")
    keeper = forms.CharField(label="管护主体", max_length=100)
    owner_kind = forms.ChoiceField(label="产权归属", choices=AssetOwner.choices)
    owner_village = forms.CharField(
        label="所有村（区划代码）", max_length=12, required=False, widget=RegionPicker
    )
    owner_household = forms.CharField(label="所有农户（户编号）", max_length=50, required=False)
    owner_unit = forms.CharField(label="所有单位", max_length=100, required=False)
    description = forms.CharField(label="资产说明", widget=TEXT, required=False)

    def __init__(self, *args: Any, project: Project, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project, self.user = project, user
        self.fields["owner_village"].widget.root_code = project.region_id[:6]
        if len(project.region_id) == 12:
            self.fields["owner_village"].initial = project.region_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("owner_kind")
        village = household = None
        if kind == AssetOwner.VILLAGE:
            village = Region.objects.filter(code=(data.get("owner_village") or "").strip()).first()
            if village is None:
                self.add_error("owner_village", "请选择所有村")
        elif kind == AssetOwner.HOUSEHOLD:
            code = (data.get("owner_household") or "").strip()
            household = Household.objects.visible_to(self.user).filter(code=code).first()
            if household is None:
                self.add_error("owner_household", "在您的管辖范围内没有找到该户，请核对户编号")
        data["village"], data["household"] = village, household
        return data

    def take(self, actor: User) -> Asset:
        data = self.cleaned_data
        kind = data["owner_kind"]
        return assets.register_asset(
            actor,
            self.project,
            name=data["name"],
            asset_class=data["asset_class"],
            value=data["value"],
            keeper=data["keeper"],
            owner_village=data["village"],
            owner_household=data["household"],
            owner_unit=data["owner_unit"] if kind == AssetOwner.UNIT else "",
            description=data["description"],
        )


class IncomeForm(forms.Form):
    year = forms.IntegerField(label="收益年度", min_value=2000, max_value=2100)
    amount = _money("收益金额（元）")
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, asset: Asset, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asset = asset
        self.fields["year"].initial = timezone.localdate().year - 1

    def take(self, actor: User) -> AssetIncome:
        return assets.record_income(actor, self.asset, **self.cleaned_data)


class PlanForm(forms.Form):
    year = forms.IntegerField(label="收益年度", min_value=2000, max_value=2100)
    amount = _money("分配金额（元）")
    village_part = _money("村集体留存（元）", required=False, initial=Decimal("0.00"))
    posts_part = _money("公益岗位（元）", required=False, initial=Decimal("0.00"))
    rule = forms.ChoiceField(
        label="到户分配方式",
        choices=[(DividendRule.EQUAL, "平均分配"), (DividendRule.BY_PERSON, "按人口")],
        help_text="分给项目登记的收益分红受益农户；按名单分配请导入分红名单",
    )
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, asset: Asset, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asset = asset
        last = asset.incomes.order_by("-year").first()
        self.fields["year"].initial = last.year if last else timezone.localdate().year - 1

    def take(self, actor: User) -> DividendPlan:
        data = self.cleaned_data
        return dividends.draw_plan(
            actor,
            self.asset,
            year=data["year"],
            amount=data["amount"],
            village_part=data["village_part"] or Decimal("0.00"),
            posts_part=data["posts_part"] or Decimal("0.00"),
            rule=data["rule"],
            note=data["note"],
        )


class ListImportForm(forms.Form):
    year = forms.IntegerField(label="收益年度", min_value=2000, max_value=2100)
    amount = _money("分配金额（元）")
    village_part = _money("村集体留存（元）", required=False)
    posts_part = _money("公益岗位（元）", required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)
    file = forms.FileField(label="分红名单（.xlsx、.xls 或 .csv）")

    def terms(self) -> Any:
        from .dividend_list import PlanTerms

        data = self.cleaned_data
        return PlanTerms(
            year=data["year"],
            amount=data["amount"],
            village_part=data["village_part"] or Decimal("0.00"),
            posts_part=data["posts_part"] or Decimal("0.00"),
            note=data["note"],
        )


class ApproveForm(forms.Form):
    def __init__(self, *args: Any, plan: DividendPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def take(self, actor: User) -> DividendPlan:
        return dividends.approve_plan(actor, self.plan)


class PayForm(forms.Form):
    paid_on = forms.DateField(label="发放日期", widget=DATE)

    def __init__(self, *args: Any, plan: DividendPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["paid_on"].initial = timezone.localdate()

    def take(self, actor: User) -> DividendPlan:
        return dividends.pay_plan(actor, self.plan, paid_on=self.cleaned_data["paid_on"])
