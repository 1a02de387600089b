"""Which value of a standard is in force (rules.md §2).

For a year Y and a province P, each parameter is P's value for the latest year ≤ Y that P has set
(a non-empty value), if any; otherwise the national value for the latest year ≤ Y; otherwise the
built-in default. The result says where it came from, so every stored result can record it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fupin.core.errors import DomainError

from .models import Standard

PARAMETERS: dict[str, str] = {
    "poverty_line": "扶贫标准",
    "monitoring_line": "防返贫监测范围",
    "medical_amount": "医疗支出预警金额",
    "loss_amount": "灾害意外损失预警金额",
    "income_share": "支出占家庭纯收入比例",
    "drop_share": "收入下降预警比例",
    "old_age": "高龄津贴年龄",
    "lookback_days": "事件回溯天数",
}

# rules.md §2 "Other defaults"; the lines themselves have no default: they come from the table.
DEFAULTS: dict[str, Any] = {
    "medical_amount": Decimal("10000"),
    "loss_amount": Decimal("10000"),
    "income_share": Decimal("0.5"),
    "drop_share": Decimal("0.3"),
    "old_age": 80,
    "lookback_days": 365,
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
