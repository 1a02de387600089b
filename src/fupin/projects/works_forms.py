"""Forms of the household works' and the audits' pages. Each checks that the values are
well-formed and hands them to its service (``take``); whether the change is allowed is the
service's answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.forms import form_field
from fupin.monitoring.forms import DATE, TEXT
from fupin.regions.models import Region
from fupin.registry.models import Household
from fupin.visits.forms import EvidenceField

from . import audits, works
from .choices import AuditResult, ExpenseCategory, WorksKind
from .forms import _money_field, _RegionField
from .models import (
    Allocation,
    Audit,
    AuditLine,
    Expense,
    Fund,
    HouseholdWork,
    Project,
    WorkExpense,
    WorkInspection,
    WorksChecklist,
)

PASS_FAIL = [("1", "合格"), ("0", "不合格")]


# --- 到户工程 -------------------------------------------------------------------------------------


class WorkForm(forms.Form):
    household = forms.CharField(label="农户（户编号）", max_length=50)
    kind = forms.ChoiceField(label="工程类型", choices=WorksKind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    budget = _money_field("预算（元）")
    content = forms.CharField(label="建设内容", max_length=200)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["year"].initial = timezone.localdate().year

    def clean_household(self) -> Household:
        code = self.cleaned_data["household"].strip()
        household = Household.objects.visible_to(self.user).filter(code=code).first()
        if household is None:
            raise forms.ValidationError("在您的管辖范围内没有找到该户，请核对户编号")
        return household

    def take(self, actor: User) -> HouseholdWork:
        data = dict(self.cleaned_data)
        return works.register_work(actor, data.pop("household"), **data)


class WorkExpenseForm(forms.Form):
    category = forms.ChoiceField(label="费用类别", choices=ExpenseCategory.choices)
    item = forms.CharField(label="名称", max_length=100)
    quantity = forms.DecimalField(label="数量", max_digits=12, decimal_places=3)
    unit = forms.CharField(label="单位", max_length=10)
    unit_price = _money_field("单价（元）")
    amount = _money_field("金额（元）")

    def __init__(self, *args: Any, work: HouseholdWork, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.work = work
        self.fields["amount"].help_text = "数量 × 单价，精确到分"

    def take(self, actor: User) -> WorkExpense:
        return works.add_expense(actor, self.work, **self.cleaned_data)


class WorkDoneForm(forms.Form):
    finished_on = forms.DateField(label="完工日期", widget=DATE)
    note = forms.CharField(label="完工说明", widget=TEXT, required=False)

    def __init__(self, *args: Any, work: HouseholdWork, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.work = work
        self.fields["finished_on"].initial = timezone.localdate()

    def take(self, actor: User) -> None:
        works.record_done(actor, self.work, **self.cleaned_data)


class InspectionForm(forms.Form):
    """One pass/fail choice and a note for each item of the works' checklist."""

    inspected_on = forms.DateField(label="验收日期", widget=DATE)

    def __init__(self, *args: Any, work: HouseholdWork, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.work = work
        self.fields["inspected_on"].initial = timezone.localdate()
        for position, item in enumerate(work.checklist, 1):
            self.fields[f"item_{position}"] = forms.ChoiceField(
                label=f"{position}. {item}", choices=PASS_FAIL, widget=forms.RadioSelect
            )
            self.fields[f"note_{position}"] = forms.CharField(
                label=f"第 {position} 项说明", max_length=200, required=False
            )
            self.fields[f"photos_{position}"] = EvidenceField(label=f"第 {position} 项照片")
        self.fields["note"] = forms.CharField(label="验收意见", widget=TEXT, required=False)
        self.fields["evidence"] = EvidenceField(label="现场全景照片")

    def take(self, actor: User) -> WorkInspection:
        data = self.cleaned_data
        results = [
            works.ItemResult(
                passed=data[f"item_{n}"] == "1", note=data[f"note_{n}"], files=data[f"photos_{n}"]
            )
            for n in range(1, len(self.work.checklist) + 1)
        ]
        return works.inspect(
            actor,
            self.work,
            inspected_on=data["inspected_on"],
            results=results,
            files=data["evidence"],
            note=data["note"],
        )


class ChecklistForm(forms.Form):
    items = forms.CharField(label="验收项目（每行一项）", widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, province: Region, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.province, self.kind = province, kind
        self.fields["items"].initial = "\n".join(works.checklist_for(province.code, kind))

    def take(self, actor: User) -> WorksChecklist:
        lines = self.cleaned_data["items"].splitlines()
        return works.set_checklist(actor, self.province, kind=self.kind, items=lines)


# --- 审计 -----------------------------------------------------------------------------------------


class AuditForm(forms.Form):
    region = _RegionField(label="审计区域", help_text="县或乡镇")
    name = forms.CharField(label="审计名称", max_length=100)
    auditor_unit = forms.CharField(label="审计单位", max_length=100)
    started_on = forms.DateField(label="开始日期", widget=DATE)
    ended_on = forms.DateField(label="结束日期", widget=DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.root_code = user.scope_code
        self.fields["region"].initial = user.scope_code

    def take(self, actor: User) -> Audit:
        return audits.open_audit(actor, **self.cleaned_data)


class _AllocationChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.project.name} ← {obj.fund.name}：{obj.amount} 元"


class _ExpenseChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.allocation.project.name} · {obj.paid_on:%Y-%m-%d} {obj.payee} {obj.amount} 元"


class CoverForm(forms.Form):
    """What the audit covers, from what lies in its region and the actor's scope."""

    funds = forms.ModelMultipleChoiceField(
        label="资金", queryset=Fund.objects.none(), required=False
    )
    projects = forms.ModelMultipleChoiceField(
        label="项目", queryset=Project.objects.none(), required=False
    )
    allocations = _AllocationChoice(
        label="资金安排", queryset=Allocation.objects.none(), required=False
    )
    expenses = _ExpenseChoice(label="支出", queryset=Expense.objects.none(), required=False)

    def __init__(self, *args: Any, audit: Audit, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.audit = audit
        region = audit.region_id
        rows: dict[str, Any] = {
            "funds": Fund.objects.visible_to(user).within(region),
            "projects": Project.objects.visible_to(user).within(region),
            "allocations": Allocation.objects.visible_to(user)
            .within(region)
            .select_related("fund", "project"),
            "expenses": Expense.objects.visible_to(user)
            .within(region)
            .select_related("allocation__project"),
        }
        for name, queryset in rows.items():
            field = form_field(self, name, forms.ModelMultipleChoiceField)
            field.queryset = queryset.order_by("pk")
            field.widget.attrs = {"size": 6}

    def take(self, actor: User) -> list[AuditLine]:
        return audits.add_lines(actor, self.audit, **self.cleaned_data)


class MarkForm(forms.Form):
    result = forms.ChoiceField(
        label="审计结果",
        choices=[(r.value, r.label) for r in AuditResult if r != AuditResult.PENDING],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="审计意见", widget=TEXT, required=False, help_text="存疑、违规须填写"
    )
    evidence = EvidenceField(label="证据材料")

    def __init__(self, *args: Any, line: AuditLine, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line

    def take(self, actor: User) -> AuditLine:
        data = self.cleaned_data
        return audits.mark_line(
            actor, self.line, result=data["result"], note=data["note"], files=data["evidence"]
        )
