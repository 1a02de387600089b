"""Forms of the registry pages: the import upload, and forms built from the
import template for editing households and members."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms

from fupin.core.cleaning import clean_bool, clean_date
from fupin.core.importing.columns import Column, Sheet
from fupin.core.versions import VERSION, VersionField

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
UPLOAD_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".zip")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="数据文件",
        help_text="按导入模板填写的 .xlsx 工作簿，或 .csv 文件，或装有各表 .csv 的 .zip 压缩包",
    )
    update = forms.BooleanField(
        label="更新已有记录",
        required=False,
        help_text="勾选后，按户编号、证件号码更新系统中已有的记录（原值保留在修改记录中）；不勾选时，已有的记录会报错",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(
                "只能上传 .xlsx、.csv 或 .zip 文件（旧版 .xls 请先另存为 .xlsx）"
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"文件过大：不能超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB")
        return upload


class MemberExitForm(forms.Form):
    version = VersionField()
    status = forms.ChoiceField(label="变更为", choices=[("死亡", "死亡"), ("迁出", "迁出")])
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明", required=False, max_length=200)


BOOLEAN_CHOICES = [("是", "是"), ("否", "否")]


def template_form(
    sheet: Sheet, *, exclude: tuple[str, ...] = (), versioned: bool = False
) -> type[forms.Form]:
    """A form with one field per template column, so that a page accepts exactly what an import
    row accepts: the values go to the services as text and are cleaned by the same cleaners. The
    form of an edit (``versioned``) also carries the version of the row it was read at."""
    fields: dict[str, forms.Field] = {VERSION: VersionField()} if versioned else {}
    for column in sheet.columns:
        if column.key in exclude:
            continue
        fields[column.key] = _field(column)
    return type(f"{sheet.name}Form", (forms.Form,), fields)


def _field(column: Column) -> forms.Field:
    label, required = column.header, column.required
    blank = [] if required else [("", "—")]
    if column.multiple:
        return forms.MultipleChoiceField(
            choices=[(code, code) for code in column.options],
            widget=forms.CheckboxSelectMultiple,
            label=label,
            required=required,
        )
    if column.options:
        choices = blank + [(code, code) for code in column.options]
        return forms.ChoiceField(choices=choices, label=label, required=required)
    if column.clean is clean_bool:
        return forms.ChoiceField(choices=blank + BOOLEAN_CHOICES, label=label, required=required)
    if column.clean is clean_date:
        date_input = forms.DateInput(attrs={"type": "date"})
        return forms.CharField(widget=date_input, label=label, required=required)
    return forms.CharField(label=label, required=required)


def raw_values(form: forms.Form) -> dict[str, Any]:
    """A bound, valid form's values as the cleaners take them (several codes joined by 、)."""
    return {
        key: "、".join(value) if isinstance(value, list) else value
        for key, value in form.cleaned_data.items()
        if key != VERSION
    }


def initial_values(sheet: Sheet, values: dict[str, Any]) -> dict[str, Any]:
    """Stored values as a template form shows them."""
    initial: dict[str, str | list[str]] = {}
    for column in sheet.columns:
        value = values.get(column.key)
        if column.multiple:
            initial[column.key] = [code for code in (value or "").split("、") if code]
        elif isinstance(value, bool):
            initial[column.key] = "是" if value else "否"
        elif value is None:
            initial[column.key] = ""
        else:
            initial[column.key] = str(value)
    return initial


class HouseholdCloseForm(forms.Form):
    version = VersionField()
    date = forms.DateField(label="注销日期", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label="注销原因", max_length=200, help_text="如：全户死亡、全户迁出、重复建档"
    )
