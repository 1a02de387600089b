"""Forms of the monitoring pages. A step's form checks that the values are well-formed and hands
them to its service (``take``); whether the step is allowed, and with what evidence, is the
service's decision."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.versions import VersionedForm
from fupin.registry.models import Household
from fupin.registry.queries import search_households, with_list_figures

from . import services
from .attachments import Upload
from .bulk import proposed_decision
from .choices import AttachmentKind, CaseType, Channel, MeasureKind, RiskType
from .models import Case, HelpMeasure

# HTML date inputs take ISO dates whatever the locale formats dates as.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
FILE = forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"})


# --- Leads -------------------------------------------------------------------------------------


class LeadForm(forms.Form):
    """农户自主申报 (or 部门预警) recorded by village staff: the household is found, within the
    user's region, by its 户编号 or a member's name."""

    household = forms.CharField(
        label="农户", max_length=50, help_text="填写户编号，或户主、家庭成员的姓名"
    )
    channel = forms.ChoiceField(
        label="线索来源",
        choices=[(c, c) for c in (Channel.SELF_REPORTED, Channel.DEPARTMENT_ALERT)],
        initial=Channel.SELF_REPORTED,
    )
    note = forms.CharField(label="申报情况", widget=TEXT, help_text="农户反映的困难、发生的时间")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_household(self) -> Household:
        text = self.cleaned_data["household"].strip()
        households = Household.objects.visible_to(self.user)
        exact = households.filter(code=text).first()
        if exact is not None:
            return exact
        found = list(with_list_figures(search_households(households, text)).order_by("code")[:6])
        if not found:
            raise forms.ValidationError("在您的管辖范围内没有找到该户，请核对户编号或姓名")
        if len(found) > 1:
            listed = "；".join(
                f"{h.code} {h.head_name or ''}（{h.village.name}）" for h in found[:5]
            )
            raise forms.ValidationError(f"找到多户，请填写户编号：{listed}")
        return found[0]

    def take(self, actor: User) -> Case:
        return services.open_lead(
            actor,
            self.cleaned_data["household"],
            channel=self.cleaned_data["channel"],
            note=self.cleaned_data["note"],
        )


class ScreeningForm(forms.Form):
    """干部排查, from the household page."""

    note = forms.CharField(label="排查情况", widget=TEXT)

    def take(self, actor: User, household: Household) -> Case:
        return services.open_lead(
            actor, household, channel=Channel.CADRE_SCREENING, note=self.cleaned_data["note"]
        )


class ReopenForm(forms.Form):
    """A closed case starts again as a new lead (rules.md §9: closed; can be reopened)."""

    channel = forms.ChoiceField(
        label="线索来源",
        choices=[
            (c, c)
            for c in (Channel.SELF_REPORTED, Channel.CADRE_SCREENING, Channel.DEPARTMENT_ALERT)
        ],
        initial=Channel.CADRE_SCREENING,
    )
    note = forms.CharField(label="重新登记的原因", widget=TEXT)

    def take(self, actor: User, case: Case) -> Case:
        return services.reopen(
            actor, case, channel=self.cleaned_data["channel"], note=self.cleaned_data["note"]
        )


class MeasureResultForm(forms.Form):
    """帮扶成效 of a measure already recorded, and when it ended."""

    result = forms.CharField(label="帮扶成效", widget=TEXT)
    ends_on = forms.DateField(label="结束日期", widget=DATE, required=False)

    def take(self, actor: User, measure: HelpMeasure) -> HelpMeasure:
        return services.record_help_result(
            actor, measure, result=self.cleaned_data["result"], ends_on=self.cleaned_data["ends_on"]
        )


# --- Steps of a case ----------------------------------------------------------------------------


class StepForm(VersionedForm):
    """A step's inputs, with the version of the case the page showed. ``take`` calls the step's
    service, which may still refuse (a case changed since the page was read among others)."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, record=case, **kwargs)
        self.case = case

    def take(self, actor: User) -> Any:
        raise NotImplementedError


def _today() -> Any:
    return timezone.localdate()


class VerifyForm(StepForm):
    visited_on = forms.DateField(label="核实日期", widget=DATE, initial=_today)
    findings = forms.CharField(label="核实情况", widget=TEXT)
    net_income = forms.DecimalField(label="家庭年纯收入（元）", max_digits=12, decimal_places=2)
    risks = forms.MultipleChoiceField(
        label="发现的风险",
        required=False,
        choices=RiskType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    authorisation = forms.FileField(
        label="农户授权承诺", widget=FILE, help_text="农户签字的授权承诺书（jpg、png 或 pdf）"
    )
    photo = forms.FileField(label="走访照片", required=False, widget=FILE)

    def take(self, actor: User) -> Any:
        data = self.cleaned_data
        uploads = [Upload(AttachmentKind.AUTHORISATION, data["authorisation"])]
        if data["photo"]:
            uploads.append(Upload(AttachmentKind.PHOTO, data["photo"]))
        return services.record_verification(
            actor,
            self.case,
            visited_on=data["visited_on"],
            findings=data["findings"],
            net_income=data["net_income"],
            risks=data["risks"],
            uploads=uploads,
        )


class ReviewForm(StepForm):
    held_on = forms.DateField(label="评议日期", widget=DATE, initial=_today)
    participants = forms.CharField(
        label="参加人员", widget=TEXT, help_text="每行一人，或用顿号、逗号分隔"
    )
    votes_for = forms.IntegerField(label="赞成票", min_value=0)
    votes_against = forms.IntegerField(label="反对票", min_value=0, initial=0)
    minutes = forms.FileField(label="会议记录", required=False, widget=FILE)

    def clean_participants(self) -> list[str]:
        return [
            name for name in re.split(r"[\s,，、;；]+", self.cleaned_data["participants"]) if name
        ]

    def take(self, actor: User) -> Any:
        data = self.cleaned_data
        minutes = [Upload(AttachmentKind.MINUTES, data["minutes"])] if data["minutes"] else []
        return services.record_review(
            actor,
            self.case,
            held_on=data["held_on"],
            participants=data["participants"],
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            uploads=minutes,
        )


class NoticeForm(StepForm):
    starts_on = forms.DateField(label="公示开始日期", widget=DATE, initial=_today)
    ends_on = forms.DateField(
        label="公示结束日期", widget=DATE, required=False, help_text="不填为开始日起满5天"
    )

    def take(self, actor: User) -> Any:
        return services.start_notice(
            actor,
            self.case,
            starts_on=self.cleaned_data["starts_on"],
            ends_on=self.cleaned_data["ends_on"],
        )


class ReasonForm(StepForm):
    reason = forms.CharField(label="理由", widget=TEXT)


class NotIncludeForm(ReasonForm):
    def take(self, actor: User) -> Any:
        return services.not_included(actor, self.case, reason=self.cleaned_data["reason"])


class ReturnForm(ReasonForm):
    def take(self, actor: User) -> Any:
        return services.township_return(actor, self.case, reason=self.cleaned_data["reason"])


class ContinueHelpForm(ReasonForm):
    def take(self, actor: User) -> Any:
        return services.cancel_elimination(actor, self.case, reason=self.cleaned_data["reason"])


class OpinionForm(StepForm):
    opinion = forms.CharField(label="意见", required=False, widget=TEXT)


class TownshipApproveForm(OpinionForm):
    def take(self, actor: User) -> Any:
        return services.township_approve(actor, self.case, opinion=self.cleaned_data["opinion"])


class RequestEliminationForm(OpinionForm):
    def take(self, actor: User) -> Any:
        return services.request_elimination(actor, self.case, reason=self.cleaned_data["opinion"])


class ApproveEliminationForm(OpinionForm):
    def take(self, actor: User) -> Any:
        return services.approve_elimination(actor, self.case, opinion=self.cleaned_data["opinion"])


class CountyApproveForm(StepForm):
    case_type = forms.ChoiceField(
        label="监测对象类型", choices=CaseType.choices, widget=forms.RadioSelect
    )
    risks = forms.MultipleChoiceField(
        label="风险类型", choices=RiskType.choices, widget=forms.CheckboxSelectMultiple
    )
    opinion = forms.CharField(label="意见", required=False, widget=TEXT)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        if not self.is_bound:
            decision = proposed_decision(case)
            self.initial.update(case_type=decision.case_type, risks=decision.risks)

    def take(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.county_approve(
            actor,
            self.case,
            case_type=data["case_type"],
            risks=data["risks"],
            opinion=data["opinion"],
        )


class MeasureForm(StepForm):
    kind = forms.ChoiceField(label="措施类型", choices=MeasureKind.choices)
    description = forms.CharField(label="措施内容", widget=TEXT)
    responsible = forms.CharField(label="帮扶责任人", max_length=50)
    starts_on = forms.DateField(label="开始日期", widget=DATE, initial=_today)
    ends_on = forms.DateField(label="结束日期", widget=DATE, required=False)
    amount = forms.DecimalField(
        label="金额（元）", max_digits=12, decimal_places=2, min_value=0, required=False
    )
    result = forms.CharField(label="帮扶成效", widget=TEXT, required=False)

    def take(self, actor: User) -> Any:
        return services.add_help_measure(actor, self.case, **self.values())


# Step code (workflow.STEPS) → its form.
STEP_FORMS: dict[str, type[StepForm]] = {
    "verify": VerifyForm,
    "review": ReviewForm,
    "not_include": NotIncludeForm,
    "notice": NoticeForm,
    "township_approve": TownshipApproveForm,
    "township_return": ReturnForm,
    "county_approve": CountyApproveForm,
    "add_measure": MeasureForm,
    "request_elimination": RequestEliminationForm,
    "approve_elimination": ApproveEliminationForm,
    "cancel_elimination": ContinueHelpForm,
}
