"""Forms of the grid pages. A form checks that values are well-formed and within the user's
sight, and hands them to its service (``take``); whether the change is allowed is the service's
decision, refused with a :class:`GridError` that the page shows on the form."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.forms import form_field
from fupin.core.scope import in_scope
from fupin.core.versions import VERSION, VersionedForm, VersionField, as_read, read_version
from fupin.core.widgets import RegionPicker
from fupin.regions.models import Region
from fupin.registry.models import Household

from . import services
from .choices import CadreKind, Level
from .models import Area, Assignment, Cadre, Pairing
from .photos import save_cadre_with_photo

# HTML date inputs take ISO dates whatever the locale formats dates as.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def _today() -> Any:
    return timezone.localdate()


class UserForm(forms.Form):
    """A form whose choices depend on what the user may see."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if "cadre" in self.fields:
            form_field(self, "cadre", forms.ModelChoiceField).queryset = Cadre.objects.visible_to(
                user
            )


class CadreForm(UserForm):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="证件号码", max_length=18)
    region = forms.CharField(
        label="所属区划", widget=RegionPicker, help_text="登记该干部的县、乡镇或村"
    )
    unit = forms.CharField(label="工作单位", max_length=100)
    post = forms.CharField(label="职务", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=20)
    kind = forms.ChoiceField(label="干部类别", choices=CadreKind.choices)
    photo = forms.FileField(
        label="照片",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png"}),
        help_text="jpg 或 png，不超过 2 MB",
    )

    def __init__(self, *args: Any, user: User, cadre: Cadre | None = None, **kwargs: Any):
        if cadre is not None:
            kwargs["initial"] = {f: getattr(cadre, f) for f in services.CADRE_FIELDS} | {
                "region": cadre.region_id,
                VERSION: cadre.version,
            }
        super().__init__(*args, user=user, **kwargs)
        self.cadre = cadre
        self.fields["region"].widget.root_code = user.scope_code
        if cadre is not None:  # an edit carries the version it was read at
            self.fields[VERSION] = VersionField()

    def clean_region(self) -> Region:
        code = self.cleaned_data["region"].strip()
        region = Region.objects.visible_to(self.user).filter(code=code).first()
        if region is None:
            raise forms.ValidationError("请选择您管辖范围内的区划")
        return region

    def take(self, actor: User) -> Cadre:
        values = {k: v for k, v in self.cleaned_data.items() if k not in ("photo", VERSION)}
        cadre = as_read(self.cadre, read_version(self)) if self.cadre is not None else None
        return save_cadre_with_photo(
            actor, values, photo=self.cleaned_data["photo"] or None, cadre=cadre
        )


class AssignForm(UserForm):
    """A cadre for the village (包村), one of its households (包户) or one of its areas (包片)."""

    cadre = forms.ModelChoiceField(label="干部", queryset=Cadre.objects.none())
    household = forms.CharField(label="户编号", max_length=50)
    area = forms.ModelChoiceField(label="片区", queryset=Area.objects.none())
    started_on = forms.DateField(label="开始日期", widget=DATE, initial=_today)
    letter_signed_on = forms.DateField(label="责任书签订日期", widget=DATE, required=False)

    def __init__(self, *args: Any, user: User, village: Region, level: str, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        self.village, self.level = village, level
        if level != Level.HOUSEHOLD:
            del self.fields["household"]
        if level == Level.AREA:
            areas = Area.objects.visible_to(user).filter(village=village)
            form_field(self, "area", forms.ModelChoiceField).queryset = areas
        else:
            del self.fields["area"]

    def clean_household(self) -> Household:
        code = self.cleaned_data["household"].strip()
        found = Household.objects.visible_to(self.user).filter(village=self.village, code=code)
        household = found.first()
        if household is None:
            raise forms.ValidationError(f"{self.village.name}没有户编号为 {code} 的农户")
        return household

    def take(self, actor: User) -> Assignment:
        data = self.cleaned_data
        return services.assign(
            actor,
            data["cadre"],
            level=self.level,
            target=data.get("household") or data.get("area") or self.village,
            started_on=data["started_on"],
            letter_signed_on=data["letter_signed_on"],
        )


class AssignmentStepForm(VersionedForm, UserForm):
    """A change to an assignment, made on a page that showed it at some version."""

    def __init__(self, *args: Any, user: User, assignment: Assignment, **kwargs: Any) -> None:
        super().__init__(*args, record=assignment, user=user, **kwargs)
        self.assignment = assignment


class ReassignForm(AssignmentStepForm):
    cadre = forms.ModelChoiceField(label="接替的干部", queryset=Cadre.objects.none())
    on = forms.DateField(
        label="交接日期", widget=DATE, initial=_today, help_text="当日起由接替人负责"
    )
    handover_note = forms.CharField(
        label="交接说明", widget=TEXT, help_text="写明已交接的户情、在办事项和资料"
    )
    letter_signed_on = forms.DateField(label="责任书签订日期", widget=DATE, required=False)

    def take(self, actor: User) -> Assignment:
        data = self.cleaned_data
        return services.reassign(
            actor,
            self.assignment,
            cadre=data["cadre"],
            on=data["on"],
            handover_note=data["handover_note"],
            letter_signed_on=data["letter_signed_on"],
        )


class EndForm(AssignmentStepForm):
    on = forms.DateField(label="结束日期", widget=DATE, initial=_today, help_text="当日起不再负责")
    reason = forms.CharField(label="结束原因", max_length=200)

    def take(self, actor: User) -> Assignment:
        return services.end_assignment(
            actor, self.assignment, on=self.cleaned_data["on"], reason=self.cleaned_data["reason"]
        )


class AreaForm(UserForm):
    """An area's name and its households, given as 户编号 (a village may have hundreds of
    households: a list of codes is quicker to fill than as many check boxes). An area is found by
    its name, so an existing area's name is not editable."""

    name = forms.CharField(label="片区名称", max_length=50)
    households = forms.CharField(
        label="农户",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="户编号，每行一个，或用逗号、空格分隔",
    )

    def __init__(
        self, *args: Any, user: User, village: Region, area: Area | None = None, **kw: Any
    ):
        if area is not None:
            kw.setdefault(
                "initial",
                {
                    "name": area.name,
                    "households": "\n".join(
                        area.memberships.order_by("household__code").values_list(
                            "household__code", flat=True
                        )
                    ),
                },
            )
        super().__init__(*args, user=user, **kw)
        self.village = village
        self.fields["name"].disabled = area is not None

    def clean_households(self) -> list[Household]:
        codes = list(
            dict.fromkeys(re.split(r"[\s,，、;；]+", self.cleaned_data["households"].strip()))
        )
        codes = [code for code in codes if code]
        found = list(
            Household.objects.visible_to(self.user).filter(village=self.village, code__in=codes)
        )
        missing = sorted(set(codes) - {h.code for h in found})
        if missing:
            raise forms.ValidationError(
                f"{self.village.name}没有这些户编号的农户：{'、'.join(missing[:10])}"
            )
        return found

    def take(self, actor: User) -> Area:
        data = self.cleaned_data
        return services.save_area(actor, self.village, data["name"], data["households"])


class PairingForm(UserForm):
    target = forms.ChoiceField(label="结对对象")
    unit = forms.CharField(label="帮扶单位", max_length=100)
    started_on = forms.DateField(label="开始日期", widget=DATE, initial=_today)
    contact = forms.CharField(label="联系人", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    note = forms.CharField(label="帮扶内容", widget=TEXT, required=False)

    def __init__(self, *args: Any, user: User, village: Region, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.regions = {
            r.code: r for r in (village, village.parent) if r is not None and in_scope(user, r.code)
        }
        form_field(self, "target", forms.ChoiceField).choices = [
            (code, region.name) for code, region in self.regions.items()
        ]

    def take(self, actor: User) -> Pairing:
        data = dict(self.cleaned_data)
        region = self.regions[data.pop("target")]
        return services.add_pairing(actor, region, **data)
