"""The filter of the benefits owed (应享未享), for its page and its export alike."""

from __future__ import annotations

from django import forms

from fupin.core.filters import ListFilter

from .gaps import POLICIES_OWED
from .rows import GapRow


class GapFilter(ListFilter[list[GapRow]]):
    policy = forms.ChoiceField(
        label="政策",
        required=False,
        choices=[("", "全部政策"), *((p.code, p.code) for p in POLICIES_OWED)],
    )

    def apply(self, rows: list[GapRow]) -> list[GapRow]:
        policy = self.cleaned_data["policy"]
        return [row for row in rows if row.policy_code == policy] if policy else rows

    def nothing(self, rows: list[GapRow]) -> list[GapRow]:
        return []
