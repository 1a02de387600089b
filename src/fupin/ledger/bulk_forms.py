"""Forms of the ledger's bulk pages: the inspection list's upload and the quality run's button."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms

from .inspection_import import MAX_FILE_BYTES

UPLOAD_SUFFIXES = (".xlsx", ".xlsm", ".csv")


class InspectionImportForm(forms.Form):
    file = forms.FileField(
        label="问题清单",
        help_text="按模板填写的 .xlsx 工作簿（一张工作表）或 .csv 文件",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise forms.ValidationError("只能上传 .xlsx 或 .csv 文件（旧版 .xls 请先另存为 .xlsx）")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(f"文件过大：不能超过 {MAX_FILE_BYTES // 1024 // 1024} MB")
        return upload


class FromQualityForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)
    region = forms.CharField(required=False, max_length=12)

    def clean_region(self) -> str:
        region: str = self.cleaned_data["region"].strip()
        if region and not (region.isascii() and region.isdigit()):
            raise forms.ValidationError("区划代码应为数字")
        return region
