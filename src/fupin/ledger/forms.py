"""Forms of the ledger pages. A form checks that the values are well-formed and hands them to its
service (``take``); whether the step is allowed, and with which values, is the service's answer."""

from __future__ import annotations

from typing import Any

from django import forms

from fupin.accounts.models import User
from fupin.core.forms import form_field
from fupin.core.versions import VersionedForm
from fupin.core.widgets import RegionPicker
from fupin.grid.models import Cadre
from fupin.monitoring.forms import DATE, TEXT
from fupin.monitoring.models import Case
from fupin.projects.models import Project
from fupin.regions.choices import Level
from fupin.regions.models import Region
from fupin.registry.models import Household
from fupin.visits.forms import EvidenceField
from fupin.visits.models import Visit

from . import services
from .attachments import evidence
from .choices import ProblemClass, Severity, Source
from .classes import add_class, class_names, every_class_name
from .models import ExtraProblemClass, Problem, ProblemStep


def _cadres(user: User) -> Any:
    return Cadre.objects.visible_to(user).order_by("region_id", "name")


# --- 登记问题 -------------------------------------------------------------------------------------


class RegisterForm(forms.Form):
    """A problem found in a village, township or county, optionally on a household, a monitoring
    case or a visit (prefilled when the page is opened from one of them)."""

    region = forms.CharField(label="问题所在区划", widget=RegionPicker, help_text="县、乡镇或村")
    category = forms.ChoiceField(label="问题类别")
    source = forms.ChoiceField(label="问题来源", choices=Source.choices)
    description = forms.CharField(label="问题描述", widget=TEXT)
    severity = forms.ChoiceField(
        label="严重程度", choices=Severity.choices, initial=Severity.ORDINARY
    )
    responsible_unit = forms.CharField(label="责任单位", max_length=100, required=False)
    responsible_cadre = forms.ModelChoiceField(
        label="责任人", queryset=Cadre.objects.none(), required=False, empty_label="（暂不指定）"
    )
    household = forms.CharField(
        label="关联农户", max_length=50, required=False, help_text="户编号，可不填"
    )
    case = forms.ModelChoiceField(
        label="关联监测对象", queryset=Case.objects.none(), required=False, widget=forms.HiddenInput
    )
    visit = forms.ModelChoiceField(
        label="关联走访记录",
        queryset=Visit.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )
    project = forms.ModelChoiceField(
        label="关联项目",
        queryset=Project.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].widget.root_code = user.scope_code
        names = class_names(user.scope_code) if user.scope_code else every_class_name()
        form_field(self, "category", forms.ChoiceField).choices = [(n, n) for n in names]
        form_field(self, "responsible_cadre", forms.ModelChoiceField).queryset = _cadres(user)
        form_field(self, "case", forms.ModelChoiceField).queryset = Case.objects.visible_to(user)
        form_field(self, "visit", forms.ModelChoiceField).queryset = Visit.objects.visible_to(user)
        projects = Project.objects.visible_to(user)
        form_field(self, "project", forms.ModelChoiceField).queryset = projects

    def clean_region(self) -> Region:
        region = Region.objects.filter(code=self.cleaned_data["region"].strip()).first()
        if region is None:
            raise forms.ValidationError("请选择问题所在的县、乡镇或村")
        return region

    def clean_household(self) -> Household | None:
        code = self.cleaned_data["household"].strip()
        if not code:
            return None
        household = Household.objects.visible_to(self.user).filter(code=code).first()
        if household is None:
            raise forms.ValidationError("在您的管辖范围内没有找到该户，请核对户编号")
        return household

    def take(self, actor: User) -> Problem:
        data = self.cleaned_data
        return services.register(
            actor,
            data["region"],
            category=data["category"],
            source=data["source"],
            description=data["description"],
            severity=data["severity"],
            links=services.Links(
                household=data["household"],
                case=data["case"],
                visit=data["visit"],
                project=data["project"],
            ),
            responsible_unit=data["responsible_unit"],
            responsible_cadre=data["responsible_cadre"],
        )


def register_initial(user: User, query: Any) -> dict[str, Any]:
    """What the register page is opened with (``?household=<户编号>``, ``?case=<id>``,
    ``?visit=<id>``, ``?project=<id>``): the links the user may see, and the region of the
    household or the project they name."""
    initial: dict[str, Any] = {}
    pk = query.get("project", "")
    project = Project.objects.visible_to(user).filter(pk=pk).first() if pk.isdigit() else None
    if project is not None:
        initial.update(project=project.pk, region=project.region_id, category=ProblemClass.FUNDS)
    household: Household | None = None
    for name, rows in (("case", Case.objects), ("visit", Visit.objects)):
        pk = query.get(name, "")
        found = rows.visible_to(user).filter(pk=pk).first() if pk.isdigit() else None
        if found is not None:
            initial[name] = found.pk
            household = found.household
    code = query.get("household", "")
    household = Household.objects.visible_to(user).filter(code=code).first() or household
    if household is not None:
        initial.update(household=household.code, region=household.village_id)
    return initial


# --- Steps of a problem ---------------------------------------------------------------------------


class StepForm(VersionedForm):
    """A step's inputs, with the version of the problem the page showed. ``take`` calls the
    step's service, which may still refuse (a problem changed since the page was read among
    others)."""

    def __init__(self, *args: Any, problem: Problem, user: User, **kwargs: Any) -> None:
        super().__init__(*args, record=problem, **kwargs)
        self.problem = problem
        self.user = user

    def take(self, actor: User) -> ProblemStep | Problem:
        raise NotImplementedError


class SetMeasureForm(StepForm):
    measure = forms.CharField(label="整改措施", widget=TEXT)
    deadline = forms.DateField(label="整改时限", widget=DATE)
    responsible_unit = forms.CharField(label="责任单位", max_length=100, required=False)
    responsible_cadre = forms.ModelChoiceField(
        label="责任人", queryset=Cadre.objects.none(), required=False, empty_label="（不变）"
    )

    def __init__(self, *args: Any, problem: Problem, user: User, **kwargs: Any) -> None:
        super().__init__(*args, problem=problem, user=user, **kwargs)
        form_field(self, "responsible_cadre", forms.ModelChoiceField).queryset = _cadres(user)
        self.fields["responsible_unit"].initial = problem.responsible_unit
        self.fields["responsible_cadre"].initial = problem.responsible_cadre_id

    def take(self, actor: User) -> ProblemStep:
        data = self.cleaned_data
        return services.set_measure(
            actor,
            self.problem,
            measure=data["measure"],
            deadline=data["deadline"],
            responsible_unit=data["responsible_unit"],
            responsible_cadre=data["responsible_cadre"],
        )


class ExtendDeadlineForm(StepForm):
    deadline = forms.DateField(label="新的整改时限", widget=DATE)
    reason = forms.CharField(label="延期理由", widget=TEXT)

    def take(self, actor: User) -> ProblemStep:
        return services.extend_deadline(
            actor,
            self.problem,
            deadline=self.cleaned_data["deadline"],
            reason=self.cleaned_data["reason"],
        )


class RectifyForm(StepForm):
    done = forms.CharField(label="整改情况", widget=TEXT)
    evidence = EvidenceField(label="佐证材料（必传）")

    def take(self, actor: User) -> ProblemStep:
        return services.record_rectification(
            actor,
            self.problem,
            done=self.cleaned_data["done"],
            uploads=evidence(self.cleaned_data["evidence"]),
        )


class VerifyForm(StepForm):
    finding = forms.CharField(label="核验情况", widget=TEXT)
    evidence = EvidenceField(label="佐证材料（可不传）")

    def take(self, actor: User) -> ProblemStep:
        return services.verify(
            actor,
            self.problem,
            finding=self.cleaned_data["finding"],
            uploads=evidence(self.cleaned_data["evidence"]),
        )


class SendBackForm(StepForm):
    reason = forms.CharField(label="退回理由", widget=TEXT)

    def take(self, actor: User) -> ProblemStep:
        return services.send_back(actor, self.problem, reason=self.cleaned_data["reason"])


class CloseForm(StepForm):
    opinion = forms.CharField(label="销号意见", widget=TEXT, required=False)

    def take(self, actor: User) -> ProblemStep:
        return services.close(actor, self.problem, opinion=self.cleaned_data["opinion"])


class ReopenForm(StepForm):
    reason = forms.CharField(label="重新整改的理由", widget=TEXT)
    measure = forms.CharField(label="整改措施", widget=TEXT)
    deadline = forms.DateField(label="整改时限", widget=DATE)

    def take(self, actor: User) -> Problem:
        data = self.cleaned_data
        return services.reopen(
            actor,
            self.problem,
            reason=data["reason"],
            measure=data["measure"],
            deadline=data["deadline"],
        )


# Step code (workflow.STEPS) → its form; 登记问题 has its own page.
STEP_FORMS: dict[str, type[StepForm]] = {
    "set_measure": SetMeasureForm,
    "extend_deadline": ExtendDeadlineForm,
    "rectify": RectifyForm,
    "verify": VerifyForm,
    "send_back": SendBackForm,
    "close": CloseForm,
    "reopen": ReopenForm,
}


# --- 省级问题类别 ---------------------------------------------------------------------------------


class ClassForm(forms.Form):
    province = forms.ModelChoiceField(label="省份", queryset=Region.objects.none())
    name = forms.CharField(label="问题类别", max_length=20)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The provinces the user's scope holds (not the ancestors a city's scope also shows).
        provinces = Region.objects.filter(level=Level.PROVINCE)
        if user.scope_code is not None:
            provinces = provinces.within(user.scope_code)
            self.fields["province"].initial = user.scope_code
        form_field(self, "province", forms.ModelChoiceField).queryset = provinces

    def take(self, actor: User) -> ExtraProblemClass:
        return add_class(actor, self.cleaned_data["province"], name=self.cleaned_data["name"])
