"""How the API answers a refusal, for every app's router alike.

A domain service refuses with a :class:`fupin.core.errors.DomainError`; the API answers with its
Chinese message in ``detail`` and the status its kind calls for: 400 for wrong or missing values,
403 for a role that may not act, 404 for anything outside the caller's region, 409 for what the
state of things does not allow yet.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from ninja import Schema
from ninja.errors import HttpError

from fupin.core.errors import DomainError, Refusal
from fupin.core.filters import ListFilter
from fupin.core.scope import RegionScopedQuerySet

Rows = TypeVar("Rows", bound=RegionScopedQuerySet)
Filter = TypeVar("Filter", bound=ListFilter[Any])

STATUS = {Refusal.INPUT: 400, Refusal.ROLE: 403, Refusal.NOT_FOUND: 404, Refusal.STATE: 409}


class ErrorOut(Schema):
    detail: str


def refusals_as_http(view: Callable[..., Any]) -> Callable[..., Any]:
    """A service's refusal becomes the HTTP answer its kind calls for, with its message."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except DomainError as error:
            raise HttpError(STATUS[error.refusal], error.message) from error

    # ninja resolves string annotations (``from __future__ import annotations``) in the globals
    # of the function it is given, which would be this module's: hand it the view's own.
    wrapper.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]  # typeshed's functions declare no __signature__
    return wrapper


def in_region(rows: Rows, code: str | None) -> Rows:
    """``rows`` under the region ``code`` when one is given. The range filter itself refuses
    what is not a division code; that is the caller's input, so 400."""
    if not code:
        return rows
    try:
        return rows.within(code)
    except ValueError as error:
        raise HttpError(400, str(error)) from error


def checked(list_filter: Filter) -> Filter:
    """A list's filter on the API: a refused parameter answers 400 with the message its page
    shows; otherwise ``list_filter.filtered`` gives the rows the page lists."""
    if list_filter.refused:
        raise HttpError(400, list_filter.refusal())
    return list_filter
