"""The 应走访 list's filter, for its page and ``GET /api/visits/due`` alike."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django import forms
from django.db.models import QuerySet

from fupin.core.filters import RegionListFilter
from fupin.registry.models import Household

from .due import Category, due_households

if TYPE_CHECKING:
    from .due import ScheduledHousehold


class DueFilter(RegionListFilter[QuerySet[Household]]):
    """``filtered`` narrows the households whose visits are counted (the region); ``due`` lists
    those of them due a visit, of the chosen category."""

    category = forms.ChoiceField(
        label="走访类别", required=False, choices=[("", "全部"), *Category.choices]
    )

    def apply(self, rows: QuerySet[Household]) -> QuerySet[Household]:
        return self.within(rows)

    def due(self, households: QuerySet[Household], day: dt.date) -> QuerySet[ScheduledHousehold]:
        due = due_households(households, day)
        category = self.value("category")
        return due.filter(category=category) if category else due
