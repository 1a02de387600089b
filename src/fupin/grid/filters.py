"""The cadre list's filter, for the 帮扶干部 page and ``GET /api/grid/cadres`` alike."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from fupin.core.filters import ListFilter

from .choices import CadreKind
from .models import CadreQuerySet


class CadreFilter(ListFilter[CadreQuerySet]):
    q = forms.CharField(label="姓名或单位", required=False, max_length=50)
    kind = forms.ChoiceField(
        label="干部类别", required=False, choices=[("", "全部"), *CadreKind.choices]
    )

    def apply(self, rows: CadreQuerySet) -> CadreQuerySet:
        text, kind = self.cleaned_data["q"].strip(), self.cleaned_data["kind"]
        if text:
            rows = rows.filter(Q(name__contains=text) | Q(unit__contains=text))
        return rows.filter(kind=kind) if kind else rows
