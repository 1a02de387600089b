"""Key figures of a user's region for the home page. Counts go through the scoped managers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from fupin.accounts.models import User
from fupin.regions.choices import Level
from fupin.regions.models import Region


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: int | None
    unit: str
    note: str = ""


def key_figures(user: Any) -> list[KeyFigure]:
    """The figures of the home page, all within the user's scope. Household figures arrive with
    the registry; until then they are shown as not yet available."""
    regions = Region.objects.visible_to(user)
    if user.scope_code:
        regions = regions.within(user.scope_code)
    counts = regions.aggregate(
        counties=Count("code", filter=Q(level=Level.COUNTY)),
        townships=Count("code", filter=Q(level=Level.TOWNSHIP)),
        villages=Count("code", filter=Q(level=Level.VILLAGE)),
    )
    return [
        KeyFigure("县（市、区）", counts["counties"], "个"),
        KeyFigure("乡镇（街道）", counts["townships"], "个"),
        KeyFigure("村（社区）", counts["villages"], "个"),
        KeyFigure("在用账号", User.objects.visible_to(user).filter(is_active=True).count(), "个"),
    ]
