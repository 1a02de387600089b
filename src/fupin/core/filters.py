"""One filter per listed model, for its page, its export and its API alike.

A list's filter is a form: it parses the query parameters once, and ``apply`` narrows rows the
caller has already limited to the user's scope (``visible_to``), so a filter can only narrow. A
refused parameter lists nothing, with one Chinese line saying why (``refusal``): the page shows
it above the list (``widgets/filter_refusal.html``), an export and the API answer it as 400.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Generic, TypeVar

from django import forms
from django.db.models import QuerySet

from .forms import RegionFilterForm

Rows = TypeVar("Rows")


def with_blank(choices: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """A filter's choices with the blank one first: 全部, no narrowing."""
    return [("", "全部"), *choices]


class ListFilter(forms.Form, Generic[Rows]):
    """Subclasses declare the fields (all optional) and narrow the rows from ``cleaned_data`` in
    ``apply``. The filter is always bound: no parameters is the blank filter, which keeps every
    row its ``apply`` keeps."""

    def __init__(self, data: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__({} if data is None else data, **kwargs)

    def apply(self, rows: Rows) -> Rows:
        raise NotImplementedError

    def nothing(self, rows: Rows) -> Rows:
        """What a refused filter lists: no row (a queryset's ``none()``). A filter of other rows
        says what that is."""
        if not isinstance(rows, QuerySet):
            raise NotImplementedError(f"{type(self).__name__} lists no rows of {type(rows)}")
        return rows.none()

    @property
    def refused(self) -> bool:
        return not self.is_valid()

    @property
    def given(self) -> bool:
        """Whether any parameter is given (the page then offers to clear them)."""
        return any(self.data.get(name) for name in self.fields)

    def refusal(self) -> str:
        """Every problem of the parameters in one line: ``区域：区划代码应为数字；状态：…``."""
        return "；".join(
            f"{self.fields[name].label}：{message}" if name in self.fields else str(message)
            for name, messages in self.errors.items()
            for message in messages
        )

    def filtered(self, rows: Rows) -> Rows:
        """``rows`` narrowed by the parameters; nothing when one is refused."""
        return self.apply(rows) if self.is_valid() else self.nothing(rows)

    def value(self, name: str, default: Any = "") -> Any:
        """One cleaned parameter; ``default`` when it is empty, not given or refused."""
        if not self.is_valid():
            return default
        return self.cleaned_data.get(name) or default


class RegionListFilter(RegionFilterForm, ListFilter[Rows]):
    """A list filter with the region picker: ``within`` narrows to the chosen region."""

    def within(self, rows: Any) -> Any:
        code = self.cleaned_data.get("region")
        return rows.within(code) if code else rows
