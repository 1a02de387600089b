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
