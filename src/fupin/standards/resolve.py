"""Which value of a standard is in force (rules.md §2).

For a year Y and a province P, each parameter is P's value for the latest year ≤ Y that P has set
(a non-empty value), if any; otherwise the national value for the latest year ≤ Y; otherwise the
built-in default. The result says where it came from, so every stored result can record it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fupin.core.errors import DomainError

from .models import Standard
from .parameters import PARAMETERS as DEFINITIONS
from .parameters import Value

# Each parameter's label, and the built-in defaults (rules.md §2 "Other defaults"; the lines
# themselves have none: they come from the table), as ``parameters`` defines them.
PARAMETERS: dict[str, str] = {parameter.name: parameter.label for parameter in DEFINITIONS}
DEFAULTS: dict[str, Value] = {
    parameter.name: parameter.default for parameter in DEFINITIONS if parameter.default is not None
}


class StandardMissing(DomainError):
    """No value for a line in force for that year (before 2014, or no monitoring line before 2020)."""


@dataclass(frozen=True)
class InForce:
    parameter: str
    value: Any
    year: int | None  # the standard year the value comes from; None for a built-in default
    province: str | None  # the province that set it; None for national or default

    @property
    def source(self) -> str:
        if self.year is None:
            return "默认值"
        return f"{'省级' if self.province else '全国'}{self.year}年"

    def describe(self) -> str:
        return f"{PARAMETERS[self.parameter]} {self.value}（{self.source}）"


def in_force(
    parameter: str, year: int, province: str | None, rows: list[Standard] | None = None
) -> InForce:
    """The value of ``parameter`` for ``year`` in ``province`` (a 2-digit code, or None)."""
    if parameter not in PARAMETERS:
        raise KeyError(parameter)
    rows = rows if rows is not None else list(Standard.objects.filter(year__lte=year))
    for owner in ([province] if province else []) + [None]:
        candidates = [
            row
            for row in rows
            if row.province_id == owner and row.year <= year and getattr(row, parameter) is not None
        ]
        if candidates:
            best = max(candidates, key=lambda row: row.year)
            return InForce(parameter, getattr(best, parameter), best.year, owner)
    if parameter in DEFAULTS:
        return InForce(parameter, DEFAULTS[parameter], None, None)
    raise StandardMissing(
        f"{year}年没有可用的{PARAMETERS[parameter]}（国家标准自 2014 年起，监测范围自 2020 年起）"
    )


def standards_for(year: int, provinces: list[str]) -> dict[str, dict[str, InForce]]:
    """Every parameter in force for ``year`` in each province: province → parameter → value.
    Parameters that have no value at all for that year are left out."""
    rows = list(Standard.objects.filter(year__lte=year))
    result: dict[str, dict[str, InForce]] = {}
    for province in provinces:
        values = {}
        for parameter in PARAMETERS:
            try:
                values[parameter] = in_force(parameter, year, province, rows)
            except StandardMissing:
                continue
        result[province] = values
    return result
