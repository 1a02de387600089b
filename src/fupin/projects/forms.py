"""Forms of the project and fund pages. A form checks that the values are well-formed and hands
them to its service (``take``); whether the change is allowed is the service's answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.forms import form_field
from fupin.core.versions import VersionedForm
from fupin.core.widgets import RegionPicker
from fupin.monitoring.forms import DATE, TEXT
from fupin.regions.models import Region
from fupin.registry.models import Household
from fupin.visits.forms import EvidenceField

from . import funds, services
from .choices import SUBKINDS, BenefitWay, FundSource, ProjectKind
from .models import Allocation, Beneficiary, Expense, Fund, Project
from .workflow import FUNDABLE

MONEY = forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "元，如 12500.00"})


def _money_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2, widget=MONEY)


class _RegionField(forms.CharField):
    """A division code picked with the region picker, cleaned to its ``Region``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=RegionPicker, **kwargs)

    def clean(self, value: Any) -> Region:
        code = str(super().clean(value) or "").strip()
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError("请选择区划")
        return region


# --- 资金 -----------------------------------------------------------------------------------------


class FundForm(forms.Form):
    region = _RegionField(label="管理单位区划", help_text="县或乡镇")
    source = forms.ChoiceField(label="资金来源", choices=FundSource.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    document_number = forms.CharField(label="文件文号", max_length=100)
    name = forms.CharField(label="资金名称", max_length=100)
    amount = _money_field("到位金额（元）")
    received_on = forms.DateField(label="到位日期", widget=DATE)
    note = forms.CharField(label="说明", widget=TEXT, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.root_code = user.scope_code
        self.fields["region"].initial = user.scope_code
        self.fields["year"].initial = timezone.localdate().year

    def take(self, actor: User) -> Fund:
        return funds.receive(actor, **self.cleaned_data)


class LibraryProjectField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.region.name}，{obj.state}）"


class AllocationForm(forms.Form):
    project = LibraryProjectField(label="项目", queryset=Project.objects.none())
    amount = _money_field("安排金额（元）")
    allocated_on = forms.DateField(label="下达日期", widget=DATE)
    document_number = forms.CharField(label="下达文号", max_length=100, required=False)

    def __init__(self, *args: Any, fund: Fund, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fund = fund
        library = Project.objects.visible_to(user).within(fund.region_id).filter(state__in=FUNDABLE)
        form_field(self, "project", forms.ModelChoiceField).queryset = library.select_related(
            "region"
        ).order_by("region_id", "name")
        self.fields["allocated_on"].initial = timezone.localdate()

    def take(self, actor: User) -> Allocation:
        return funds.allocate(actor, fund=self.fund, **self.cleaned_data)


class ExpenseForm(forms.Form):
    amount = _money_field("支出金额（元）")
    paid_on = forms.DateField(label="支付日期", widget=DATE)
    payee = forms.CharField(label="收款单位或个人", max_length=100)
    purpose = forms.CharField(label="用途", max_length=200)
    voucher_number = forms.CharField(label="凭证号", max_length=50, required=False)

    def __init__(self, *args: Any, allocation: Allocation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allocation = allocation
        self.fields["paid_on"].initial = timezone.localdate()

    def take(self, actor: User) -> Expense:
        return funds.spend(actor, allocation=self.allocation, **self.cleaned_data)


# --- 项目 -----------------------------------------------------------------------------------------


class DeclareForm(forms.Form):
    region = _RegionField(label="建设地点", help_text="村、乡镇或县")
    name = forms.CharField(label="项目名称", max_length=100)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="项目类型", choices=ProjectKind.choices)
    subkind = forms.CharField(
        label="项目子类",
        max_length=20,
        required=False,
        help_text="如 " + "、".join(sub for subs in SUBKINDS.values() for sub in subs),
    )
    capacity_kw = forms.DecimalField(
        label="装机容量（千瓦）",
        max_digits=10,
        decimal_places=2,
        required=False,
        help_text="光伏项目填写",
    )
    content = forms.CharField(label="建设内容", widget=TEXT)
    implementing_unit = forms.CharField(label="实施单位", max_length=100)
    budget = _money_field("投资规模（元）")
    planned_start = forms.DateField(label="计划开工日期", widget=DATE)
    planned_end = forms.DateField(label="计划完工日期", widget=DATE)
    output_target = forms.CharField(label="产出目标", widget=TEXT)
    benefit_target = forms.CharField(label="效益目标", widget=TEXT)
    evidence = EvidenceField(label="申报材料（可不传）")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.root_code = user.scope_code
        self.fields["region"].initial = user.scope_code
        self.fields["year"].initial = timezone.localdate().year

    def take(self, actor: User) -> Project:
        data = dict(self.cleaned_data)
        files = data.pop("evidence")
        data["subkind"] = data["subkind"].strip()
        return services.declare(actor, services.Declaration(**data), files=files)


class StepForm(VersionedForm):
    """A step's inputs, with the version of the project the page showed. ``take`` calls the
    step's service, which may still refuse (a project changed since the page was read among
    others)."""

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, record=project, **kwargs)
        self.project = project

    def take(self, actor: User) -> None:
        raise NotImplementedError


class AppraiseForm(StepForm):
    opinion = forms.CharField(label="论证意见", widget=TEXT)
    evidence = EvidenceField(label="论证材料（可不传）")

    def take(self, actor: User) -> None:
        data = self.cleaned_data
        services.appraise(actor, self.project, opinion=data["opinion"], files=data["evidence"])


class ApproveForm(StepForm):
    opinion = forms.CharField(label="审定意见", widget=TEXT)
    evidence = EvidenceField(label="审定文件（可不传）")

    def take(self, actor: User) -> None:
        data = self.cleaned_data
        services.approve(actor, self.project, opinion=data["opinion"], files=data["evidence"])


class EnterForm(StepForm):
    note = forms.CharField(label="说明", widget=TEXT, required=False)

    def take(self, actor: User) -> None:
        services.enter(actor, self.project, note=self.cleaned_data["note"])


class RejectForm(StepForm):
    reason = forms.CharField(label="不予入库的理由", widget=TEXT)

    def take(self, actor: User) -> None:
        services.reject(actor, self.project, reason=self.cleaned_data["reason"])


class StartForm(StepForm):
    started_on = forms.DateField(label="实际开工日期", widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label="说明", widget=TEXT, required=False)

    def take(self, actor: User) -> None:
        data = self.cleaned_data
        services.start(actor, self.project, started_on=data["started_on"], note=data["note"])


class AcceptForm(StepForm):
    finished_on = forms.DateField(label="实际完工日期", widget=DATE)
    finding = forms.CharField(label="验收意见", widget=TEXT)
    evidence = EvidenceField(label="验收照片或文件（必传）")

    def take(self, actor: User) -> None:
        data = self.cleaned_data
        services.accept(
            actor,
            self.project,
            finished_on=data["finished_on"],
            finding=data["finding"],
            files=data["evidence"],
        )


class EvaluateForm(StepForm):
    output_result = forms.CharField(label="产出完成情况", widget=TEXT)
    benefit_result = forms.CharField(label="效益实现情况", widget=TEXT)
    note = forms.CharField(label="评价意见", widget=TEXT, required=False)

    def take(self, actor: User) -> None:
        data = self.cleaned_data
        services.evaluate(
            actor,
            self.project,
            output_result=data["output_result"],
            benefit_result=data["benefit_result"],
            note=data["note"],
        )


# Step code (workflow.STEPS) → its form; 村申报 has its own page.
STEP_FORMS: dict[str, type[StepForm]] = {
    "appraise": AppraiseForm,
    "approve": ApproveForm,
    "enter": EnterForm,
    "reject": RejectForm,
    "start": StartForm,
    "accept": AcceptForm,
    "evaluate": EvaluateForm,
}


class BeneficiaryForm(forms.Form):
    household = forms.CharField(label="受益农户（户编号）", max_length=50, required=False)
    village = forms.CharField(
        label="或受益村（区划代码）", max_length=12, required=False, widget=RegionPicker
    )
    way = forms.ChoiceField(label="受益方式", choices=BenefitWay.choices)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, project: Project, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project, self.user = project, user
        self.fields["village"].widget.root_code = project.region_id[:6]

    def clean_household(self) -> Household | None:
        code = self.cleaned_data["household"].strip()
        if not code:
            return None
        household = Household.objects.visible_to(self.user).filter(code=code).first()
        if household is None:
            raise forms.ValidationError("在您的管辖范围内没有找到该户，请核对户编号")
        return household

    def clean_village(self) -> Region | None:
        code = self.cleaned_data["village"].strip()
        if not code:
            return None
        village = Region.objects.filter(code=code).first()
        if village is None:
            raise forms.ValidationError("没有这个区划代码")
        return village

    def take(self, actor: User) -> Beneficiary:
        return funds.add_beneficiary(actor, self.project, **self.cleaned_data)
