"""The problem list's filter, for the 问题台账 page and ``GET /api/ledger/problems`` alike."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.filters import RegionListFilter, with_blank
from fupin.core.forms import form_field
from fupin.grid.models import Cadre

from .choices import ProblemState, Severity, Source
from .classes import class_names, every_class_name
from .models import ProblemQuerySet


class ProblemFilter(RegionListFilter[ProblemQuerySet]):
    """区域, 问题类别, 问题来源, 状态, 严重程度, 责任人 and 只看逾期; the classes offered are
    those of the user's province (all national ones for a nationwide user)."""

    category = forms.ChoiceField(label="问题类别", required=False)
    source = forms.ChoiceField(label="问题来源", required=False, choices=with_blank(Source.choices))
    state = forms.ChoiceField(
        label="状态", required=False, choices=with_blank(ProblemState.choices)
    )
    severity = forms.ChoiceField(
        label="严重程度", required=False, choices=with_blank(Severity.choices)
    )
    owner = forms.ModelChoiceField(
        label="责任人", required=False, queryset=Cadre.objects.none(), empty_label="全部"
    )
    overdue = forms.BooleanField(label="只看逾期未整改", required=False)

    def __init__(self, data: Any = None, *, user: User, **kwargs: Any) -> None:
        super().__init__(data, root_code=user.scope_code, **kwargs)
        names = class_names(user.scope_code) if user.scope_code else every_class_name()
        form_field(self, "category", forms.ChoiceField).choices = with_blank(
            (name, name) for name in names
        )
        form_field(self, "owner", forms.ModelChoiceField).queryset = Cadre.objects.visible_to(user)

    def apply(self, rows: ProblemQuerySet) -> ProblemQuerySet:
        problems = self.within(rows)
        filters = self.cleaned_data
        for field in ("category", "source", "state", "severity"):
            if filters[field]:
                problems = problems.filter(**{field: filters[field]})
        if filters["owner"] is not None:
            problems = problems.filter(responsible_cadre=filters["owner"])
        if filters["overdue"]:
            problems = problems.overdue(timezone.localdate())
        return problems
