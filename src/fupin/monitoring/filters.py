"""The case list's filter, for the 监测对象 page and ``GET /api/monitoring/cases`` alike."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from fupin.core.filters import RegionListFilter, with_blank

from .choices import CaseState, Channel
from .models import CaseQuerySet

# 期限: undecided cases past their 15 days, or with at most 3 left.
DEADLINE_FILTERS = {"overdue": "已逾期", "due_soon": "即将到期"}
OPEN_FILTERS = {"open": "未关闭", "closed": "已关闭"}


class CaseFilter(RegionListFilter[CaseQuerySet]):
    state = forms.ChoiceField(label="状态", required=False, choices=with_blank(CaseState.choices))
    channel = forms.ChoiceField(
        label="线索来源", required=False, choices=with_blank(Channel.choices)
    )
    status = forms.ChoiceField(
        label="是否关闭", required=False, choices=with_blank(OPEN_FILTERS.items())
    )
    deadline = forms.ChoiceField(
        label="期限", required=False, choices=with_blank(DEADLINE_FILTERS.items())
    )

    def apply(self, rows: CaseQuerySet) -> CaseQuerySet:
        cases = self.within(rows)
        filters = self.cleaned_data
        for field in ("state", "channel"):
            if filters[field]:
                cases = cases.filter(**{field: filters[field]})
        if filters["status"] == "open":
            cases = cases.open()
        elif filters["status"] == "closed":
            cases = cases.closed()
        if filters["deadline"] == "overdue":
            cases = cases.overdue(timezone.now())
        elif filters["deadline"] == "due_soon":
            cases = cases.due_soon(timezone.now())
        return cases
