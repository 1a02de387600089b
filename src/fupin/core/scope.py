"""Region scope: the one mechanism that decides which rows a user may see.

Division codes are hierarchical by prefix (2 province, 4 city, 6 county, 9 township, 12 village
digits), so "everything under a region" is the half-open range ``[code, next(code))`` on a code
column. A B-tree index answers that range at any depth, on SQLite and PostgreSQL alike, with no
recursion and no LIKE (whose index use depends on collation settings).

Every scoped model's manager is built from :class:`RegionScopedQuerySet`; pages, API, exports,
search, counts and background jobs all call ``visible_to(user)``.
"""

from __future__ import annotations

from typing import Protocol, Self

from django.db import models


class ScopedUser(Protocol):
    """What scoping needs to know of a user (kept as a protocol: core imports no domain app)."""

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def scope_code(self) -> str | None:
        """The division code the user is limited to; None for nationwide users."""


def code_range(code: str) -> tuple[str, str]:
    """The half-open range of codes under ``code``: ``"220802"`` → ``("220802", "220803")``.

    Codes are digit strings, so the upper bound is the prefix with its last digit raised by one,
    carrying over nines (``"2299"`` → ``"23"``).
    """
    if not (code.isascii() and code.isdigit()):
        raise ValueError(f"区划代码必须是数字：{code!r}")
    digits = code.rstrip("9")
    if not digits:
        return code, "\uffff"
    return code, digits[:-1] + str(int(digits[-1]) + 1)


def within(field: str, code: str) -> models.Q:
    """A filter for rows whose ``field`` holds a code under ``code`` (the region itself included)."""
    low, high = code_range(code)
    return models.Q(**{f"{field}__gte": low, f"{field}__lt": high})


class RegionScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a region through ``region_field`` (a code column)."""

    region_field: str = "region_id"

    def within(self, code: str) -> Self:
        return self.filter(within(self.region_field, code))

    def visible_to(self, user: ScopedUser | None) -> Self:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        code = user.scope_code
        scoped = self if code is None else self.within(code)
        return scoped._narrow_for(user)

    def _narrow_for(self, user: ScopedUser) -> Self:
        """Hook for models whose rows some roles see only in part (a helping cadre sees the
        households assigned to them); the default keeps the whole region."""
        return self
