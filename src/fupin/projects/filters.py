"""The filters of the project library, the funds, the household works and the assets, for their
pages and the API alike."""

from __future__ import annotations

from typing import Any

from django import forms

from fupin.accounts.models import User
from fupin.core.filters import ListFilter, RegionListFilter, with_blank

from .choices import AssetClass, FundSource, ProjectKind, ProjectState, WorksKind, WorksState
from .models import AssetQuerySet, FundQuerySet, ProjectQuerySet
from .models.works import HouseholdWorkQuerySet


class ProjectFilter(RegionListFilter[ProjectQuerySet]):
    """区域, 年度, 项目类型, 状态 and a part of the name."""

    name = forms.CharField(label="项目名称", required=False, max_length=50)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label="项目类型", required=False, choices=with_blank(ProjectKind.choices)
    )
    state = forms.ChoiceField(
        label="状态", required=False, choices=with_blank(ProjectState.choices)
    )

    def __init__(self, data: Any = None, *, user: User, **kwargs: Any) -> None:
        super().__init__(data, root_code=user.scope_code, **kwargs)

    def apply(self, rows: ProjectQuerySet) -> ProjectQuerySet:
        projects = self.within(rows)
        filters = self.cleaned_data
        if filters["name"].strip():
            projects = projects.filter(name__contains=filters["name"].strip())
        for field in ("year", "kind", "state"):
            if filters[field]:
                projects = projects.filter(**{field: filters[field]})
        return projects


class FundFilter(ListFilter[FundQuerySet]):
    """年度 and 资金来源."""

    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    source = forms.ChoiceField(
        label="资金来源", required=False, choices=with_blank(FundSource.choices)
    )

    def apply(self, rows: FundQuerySet) -> FundQuerySet:
        for field in ("year", "source"):
            if self.cleaned_data[field]:
                rows = rows.filter(**{field: self.cleaned_data[field]})
        return rows


class WorksFilter(RegionListFilter[HouseholdWorkQuerySet]):
    """到户工程: 区域, 年度, 工程类型, 状态."""

    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label="工程类型", required=False, choices=with_blank(WorksKind.choices)
    )
    state = forms.ChoiceField(label="状态", required=False, choices=with_blank(WorksState.choices))

    def __init__(self, data: Any = None, *, user: User, **kwargs: Any) -> None:
        super().__init__(data, root_code=user.scope_code, **kwargs)

    def apply(self, rows: HouseholdWorkQuerySet) -> HouseholdWorkQuerySet:
        works = self.within(rows)
        for field in ("year", "kind", "state"):
            if self.cleaned_data[field]:
                works = works.filter(**{field: self.cleaned_data[field]})
        return works


class AssetFilter(RegionListFilter[AssetQuerySet]):
    """区域, 资产类别 and a part of the name."""

    name = forms.CharField(label="资产名称", required=False, max_length=50)
    asset_class = forms.ChoiceField(
        label="资产类别", required=False, choices=with_blank(AssetClass.choices)
    )

    def __init__(self, data: Any = None, *, user: User, **kwargs: Any) -> None:
        super().__init__(data, root_code=user.scope_code, **kwargs)

    def apply(self, rows: AssetQuerySet) -> AssetQuerySet:
        found = self.within(rows)
        if self.cleaned_data["name"].strip():
            found = found.filter(name__contains=self.cleaned_data["name"].strip())
        if self.cleaned_data["asset_class"]:
            found = found.filter(asset_class=self.cleaned_data["asset_class"])
        return found
