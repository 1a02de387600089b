"""The filter of the alerts of a run (返贫预警), for its page and its export alike."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django import forms
from django.db.models import QuerySet

from fupin.core.filters import ListFilter

from .models import Alert, RuleRun
from .rules import RULES


class AlertFilter(ListFilter[QuerySet[Alert]]):
    """A run among the user's (the latest when none is asked for) and a rule."""

    run = forms.IntegerField(
        label="运行",
        required=False,
        min_value=1,
        error_messages=dict.fromkeys(("invalid", "min_value"), "应为运行记录的编号（数字）"),
    )
    rule = forms.ChoiceField(
        label="规则", required=False, choices=[("", "全部"), *((r.code, r.code) for r in RULES)]
    )

    def __init__(self, *args: Any, runs: QuerySet[RuleRun], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.runs = runs

    @cached_property
    def chosen_run(self) -> RuleRun | None:
        """The run asked for, if the user sees it; else the latest they see."""
        pk = self.value("run", None)
        return self.runs.filter(pk=pk).first() if pk else self.runs.first()

    @property
    def asked_for_missing_run(self) -> bool:
        """A run was named that the user does not see (or that does not exist)."""
        return bool(self.value("run", None)) and self.chosen_run is None

    def apply(self, rows: QuerySet[Alert]) -> QuerySet[Alert]:
        if self.chosen_run is None:
            return rows.none()
        rows = rows.filter(run=self.chosen_run)
        rule = self.cleaned_data["rule"]
        if rule:
            rows = rows.filter(rule_code=rule)
        return rows.order_by("household__code", "rule_code")
