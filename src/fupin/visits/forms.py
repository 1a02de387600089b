"""Forms of the visit page: the visit with its checklist and photos, and the proposed registry
changes. They collect values; every check is the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.forms import form_field
from fupin.grid.models import Cadre
from fupin.registry.models import Household

from .choices import CHECKLIST, Check, VisitKind
from .services import ANSWER_LISTS, HOUSEHOLD_FIELDS, MAX_PHOTOS, MEMBER_FIELDS, Proposed

# Blank rows of proposed changes on the form: a visit seldom finds more than a few.
PROPOSAL_ROWS = 3


class PhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    """Several files from one camera-capable input; the services check each of them."""

    def __init__(self, **kwargs: Any) -> None:
        widget = PhotoInput(attrs={"accept": "image/*", "capture": "environment"})
        super().__init__(widget=widget, required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        clean_one = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        return [clean_one(file, initial) for file in files if file]


class EvidenceField(PhotoField):
    """Several photos or PDF documents from one input (the evidence of a problem's or a
    project's step); the services check each of them."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(help_text="JPG、PNG 或 PDF，每个不超过 10 MB，可多选", **kwargs)
        self.widget.attrs = {"accept": ".jpg,.jpeg,.png,.pdf"}


def _answer_field(field: str, label: str) -> forms.ChoiceField:
    answers = ANSWER_LISTS.get(field)
    return forms.ChoiceField(
        label=label,
        choices=(answers or Check).choices,
        widget=forms.RadioSelect,
        # A check not made stays 未核实; 政策知晓 and 满意度 are always asked.
        initial=None if answers else Check.UNCHECKED,
    )


class VisitForm(forms.Form):
    cadre = forms.ModelChoiceField(label="走访干部", queryset=Cadre.objects.none())
    visited_on = forms.DateField(
        label="走访日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(
        label="走访方式",
        choices=VisitKind.choices,
        widget=forms.RadioSelect,
        initial=VisitKind.HOME,
    )
    findings = forms.CharField(
        label="发现的问题和情况",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="有“不达标”“不知晓”“不满意”时必填",
    )
    photos = PhotoField(
        label="照片", help_text=f"JPG 或 PNG，每张不超过 10 MB，最多 {MAX_PHOTOS} 张"
    )
    open_lead = forms.BooleanField(
        label="转为监测线索（干部排查）",
        required=False,
        help_text="以“发现的问题和情况”作为线索说明；该户已有未关闭的监测案件时，走访记录关联到该案件",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field, label in CHECKLIST.items():
            self.fields[field] = _answer_field(field, label)
        cadres = Cadre.objects.visible_to(user)
        form_field(self, "cadre", forms.ModelChoiceField).queryset = cadres
        self.fields["cadre"].initial = cadres.filter(user=user).first()
        self.fields["visited_on"].initial = timezone.localdate()

    def checklist_fields(self) -> list[forms.BoundField]:
        return [self[field] for field in CHECKLIST]

    def answers(self) -> dict[str, str]:
        return {field: self.cleaned_data[field] for field in CHECKLIST}


class ProposalForm(forms.Form):
    """One fact found different from the registry: whose and which (``field`` for the household,
    ``<member id>:<field>`` for a member), the value seen, and the date of a 死亡 or 迁出."""

    target = forms.ChoiceField(label="变更项目", required=False)
    value = forms.CharField(
        label="走访核实的情况",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"list": "proposal-values"}),
    )
    date = forms.DateField(
        label="死亡或迁出日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {
            str(member.pk): member for member in household.members.filter(member_status="正常")
        }
        form_field(self, "target", forms.ChoiceField).choices = [
            ("", "—"),
            ("户", [(field, column.header) for field, column in HOUSEHOLD_FIELDS.items()]),
            *(
                (
                    member.name,
                    [
                        (f"{pk}:{field}", f"{member.name}：{column.header}")
                        for field, column in MEMBER_FIELDS.items()
                    ],
                )
                for pk, member in self.members.items()
            ),
        ]

    def proposed(self) -> Proposed | None:
        target = self.cleaned_data.get("target")
        if not target:
            return None
        pk, _, field = target.rpartition(":")
        return Proposed(
            self.members.get(pk), field, self.cleaned_data["value"], self.cleaned_data["date"]
        )


ProposalFormSet = forms.formset_factory(ProposalForm, extra=PROPOSAL_ROWS, max_num=PROPOSAL_ROWS)


def proposal_values() -> list[str]:
    """Every code a proposal may name, offered as the value box's suggestions."""
    codes = [code for column in MEMBER_FIELDS.values() for code in column.options]
    return list(dict.fromkeys([*codes, *HOUSEHOLD_FIELDS["housing_grade"].options, "是", "否"]))
