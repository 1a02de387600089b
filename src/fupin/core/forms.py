"""Form pieces shared by the list pages and the import pages."""

from __future__ import annotations

from pathlib import PurePath
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


class ImportFileForm(forms.Form):
    """An import page's upload: a workbook or a CSV of at most ``max_bytes``, refused on the form
    (before the import reads it) when it is anything else."""

    suffixes = (".xlsx", ".xlsm", ".csv")
    max_bytes = 10 * 1024 * 1024

    file = forms.FileField(label="文件")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in self.suffixes:
            raise forms.ValidationError("只能上传 .xlsx 或 .csv 文件（旧版 .xls 请先另存为 .xlsx）")
        if upload.size > self.max_bytes:
            raise forms.ValidationError(f"文件过大：不能超过 {self.max_bytes // 1024 // 1024} MB")
        return upload
