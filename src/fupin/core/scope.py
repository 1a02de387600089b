"""Region scope: the one mechanism that decides which rows a user may see.

Division codes are hierarchical by prefix (2 province, 4 city, 6 county, 9 township, 12 village
digits), so "everything under a region" is the half-open range ``[code, next(code))`` on a code
column. A B-tree index answers that range at any depth, on SQLite and PostgreSQL alike, with no
recursion and no LIKE (whose index use depends on collation settings).

Every scoped model's manager is built from :class:`RegionScopedQuerySet`; pages, API, exports,
search, counts and background jobs all call ``visible_to(user)``. Services that write check the
same scope with :func:`require_in_scope` (a region code) or :func:`require_visible` (an object,
with the narrowing some roles have, e.g. a helping cadre's own households).
"""

from __future__ import annotations

from typing import Protocol, Self

from django.db import models

from .errors import DomainError, Refusal


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


def scoped_rows(model: type[models.Model]) -> RegionScopedQuerySet:
    """Every row of ``model``, whose manager is built from a :class:`RegionScopedQuerySet`."""
    rows = model._default_manager.all()
    if not isinstance(rows, RegionScopedQuerySet):
        raise TypeError(f"{model.__name__} is not scoped to regions")
    return rows


def in_scope(user: ScopedUser | None, code: str) -> bool:
    """Whether the user's region holds ``code`` (a nationwide user's holds every code)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    scope = user.scope_code
    if scope is None:
        return True
    low, high = code_range(scope)
    return low <= code < high


def require_in_scope(
    actor: ScopedUser | None,
    region_code: str,
    *,
    error: type[DomainError] = DomainError,
    message: str = "未找到该区域",
) -> None:
    """Refuse a write outside the actor's region as if the region did not exist (404)."""
    if not in_scope(actor, region_code):
        raise error(message, refusal=Refusal.NOT_FOUND)


def is_visible(user: ScopedUser | None, obj: models.Model) -> bool:
    """Whether ``obj`` is among the rows ``visible_to(user)`` of its model: the region scope and
    the narrowing of the role (a helping cadre sees only the households assigned to them)."""
    return scoped_rows(type(obj)).visible_to(user).filter(pk=obj.pk).exists()


def require_visible(
    actor: ScopedUser | None,
    obj: models.Model,
    *,
    error: type[DomainError] = DomainError,
    message: str = "未找到该记录",
) -> None:
    """Refuse a write to an object the actor cannot see, as if it did not exist (404)."""
    if not is_visible(actor, obj):
        raise error(message, refusal=Refusal.NOT_FOUND)
