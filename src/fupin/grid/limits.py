"""The grid's parameters as they apply to one province: the province's own value where it set
one, else the national row's, else the built-in default."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.db.models import Q

from fupin.regions.choices import CODE_LENGTH, Level

from .models import GridSettings


@dataclass(frozen=True)
class Limits:
    helper_limit: int  # households one helping cadre may answer for
    monitored_interval: int  # days between visits to a monitored household
    poor_interval: int  # days between visits to a poor or recently exited household
    exited_years: int  # how long after exit a household is still visited on schedule


# The defaults of the issue that introduced the grid: 10 households per helper; monitored
# households every 30 days; poor and exited households every 90 days; exited households for the
# five years of the transition period (过渡期) that followed 2020.
DEFAULTS = Limits(helper_limit=10, monitored_interval=30, poor_interval=90, exited_years=5)
NAMES = tuple(field.name for field in fields(Limits))


def province_of(code: str) -> str:
    return code[: CODE_LENGTH[Level.PROVINCE]]


def limits_for(province: str | None) -> Limits:
    """The parameters in force in ``province`` (a province code; None: the national ones)."""
    rows = {
        row.province_id: row
        for row in GridSettings.objects.filter(Q(province__isnull=True) | Q(province_id=province))
    }
    values = {}
    for name in NAMES:
        candidates = (getattr(rows.get(key), name, None) for key in (province, None))
        values[name] = next((v for v in candidates if v is not None), getattr(DEFAULTS, name))
    return Limits(**values)


def limits_by_province(codes: list[str]) -> dict[str, Limits]:
    """The parameters of each province among ``codes`` (any division codes)."""
    return {province: limits_for(province) for province in {province_of(c) for c in codes}}


LABELS = {
    "helper_limit": "每名帮扶责任人最多帮扶户数",
    "monitored_interval": "监测对象走访间隔（天）",
    "poor_interval": "脱贫户和未脱贫户走访间隔（天）",
    "exited_years": "脱贫后按期走访年数",
}
RANGES = {
    "helper_limit": (1, 100),
    "monitored_interval": (1, 366),
    "poor_interval": (1, 366),
    "exited_years": (0, 30),
}


def set_limits(province: str | None, values: dict[str, int | None]) -> GridSettings:
    """Set some parameters of ``province`` (None: the national row); a None value clears that
    parameter so that it falls back again. Kept in history like the standards."""
    for name, value in values.items():
        low, high = RANGES[name]
        if value is not None and not low <= value <= high:
            raise ValueError(f"{LABELS[name]}应在 {low} 到 {high} 之间，收到 {value}")
    if province is not None and (len(province) != CODE_LENGTH[Level.PROVINCE]):
        raise ValueError(f"省份应为 2 位区划代码，收到 {province}")
    row = GridSettings.objects.filter(province_id=province).first() or GridSettings(
        province_id=province
    )
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    return row
