"""The household list's filter, for the 建档立卡户 page and its export alike."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from fupin.core.filters import RegionListFilter

from .choices import Attribute, Cause, HousingGrade
from .models import Household
from .queries import SORTS, STATUS_CHOICES, filter_by_status, search_households

# The conditions on the households themselves (the region also narrows the villages' sheet).
HOUSEHOLD_CONDITIONS = ("q", "status", "attribute", "main_cause", "housing_grade")


def _with_blank(choices: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "全部"), *choices]


class HouseholdFilter(RegionListFilter[QuerySet[Household]]):
    q = forms.CharField(label="搜索", required=False, max_length=50)
    status = forms.ChoiceField(label="类别", required=False, choices=STATUS_CHOICES)
    attribute = forms.ChoiceField(
        label="贫困户属性", required=False, choices=_with_blank(Attribute.choices)
    )
    main_cause = forms.ChoiceField(
        label="主要致贫原因", required=False, choices=_with_blank(Cause.choices)
    )
    housing_grade = forms.ChoiceField(
        label="住房安全等级", required=False, choices=_with_blank(HousingGrade.choices)
    )
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[
            ("village", "村、户编号"),
            ("code", "户编号"),
            ("identified", "识别年度"),
            ("-identified", "识别年度（新→旧）"),
            ("exit", "脱贫年度"),
        ],
    )

    def apply(self, rows: QuerySet[Household]) -> QuerySet[Household]:
        filters = self.cleaned_data
        households = filter_by_status(
            self.within(rows), filters["status"], timezone.localdate().year
        )
        for field in ("attribute", "main_cause", "housing_grade"):
            if filters[field]:
                households = households.filter(**{field: filters[field]})
        return search_households(households, filters["q"])

    def ordering(self) -> tuple[str, ...]:
        # By village first: the (village, code) index then serves both the region filter and the
        # order, so a page of a million people's county is read without sorting it all.
        return SORTS[self.value("sort", "village")]

    @property
    def narrows_households(self) -> bool:
        """Whether a condition beyond the region is given (the export then lists only the
        households that meet it, with their members, incomes, grants and events)."""
        return any(self.value(name) for name in HOUSEHOLD_CONDITIONS)
