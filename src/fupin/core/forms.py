"""Form pieces shared by the list pages."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms

from .widgets import RegionPicker

FieldKind = TypeVar("FieldKind", bound=forms.Field)


class RegionFilterForm(forms.Form):
    """A list's filter form with the region picker, rooted at the user's own region. The code is
    only checked for shape here: the list narrows a queryset already limited to the user's scope."""

    region = forms.CharField(label="区域", required=False, widget=RegionPicker)

    def __init__(self, *args: Any, root_code: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.root_code = root_code

    def clean_region(self) -> str:
        code = self.cleaned_data["region"].strip()
        if code and not (code.isascii() and code.isdigit() and len(code) <= 12):
            raise forms.ValidationError("区划代码应为数字")
        return code


def form_field(form: forms.BaseForm, name: str, kind: type[FieldKind]) -> FieldKind:
    """A form's field as the kind it was declared, to set the choices or rows it offers."""
    field = form.fields[name]
    assert isinstance(field, kind), name
    return field
