"""Levels of China's five-level administrative division tree."""

from __future__ import annotations

from django.db import models


class Level(models.IntegerChoices):
    PROVINCE = 1, "省级"
    CITY = 2, "地级"
    COUNTY = 3, "县级"
    TOWNSHIP = 4, "乡级"
    VILLAGE = 5, "村级"


# Length of a division code at each level: 2 province, 2 city, 2 county, 3 township, 3 village.
CODE_LENGTH: dict[int, int] = {
    Level.PROVINCE: 2,
    Level.CITY: 4,
    Level.COUNTY: 6,
    Level.TOWNSHIP: 9,
    Level.VILLAGE: 12,
}
LEVEL_BY_LENGTH: dict[int, int] = {length: level for level, length in CODE_LENGTH.items()}


def level_of(code: str) -> int | None:
    """The level a code of this shape denotes, or None if no level has that length."""
    return LEVEL_BY_LENGTH.get(len(code)) if code.isascii() and code.isdigit() else None


def parent_code(code: str) -> str | None:
    """The code of the parent region (by shape alone), or None for a province."""
    level = level_of(code)
    if level is None or level == Level.PROVINCE:
        return None
    return code[: CODE_LENGTH[level - 1]]


def ancestor_codes(code: str) -> list[str]:
    """The codes of a region's ancestors, province first, by shape alone."""
    level = level_of(code)
    if level is None:
        return []
    return [code[: CODE_LENGTH[lvl]] for lvl in range(Level.PROVINCE, level)]
