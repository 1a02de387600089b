"""Who may open the pages at all: a signed-in user whose role uses pages. 行业部门 exchanges data
through the API only, so every page refuses it the same way."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

NO_PAGES = "您的角色通过数据接口交换数据，不使用网页。"

Request = TypeVar("Request", bound=HttpRequest)
Params = ParamSpec("Params")
Response = TypeVar("Response", bound=HttpResponseBase)


def page_view(
    view: Callable[Concatenate[Request, Params], Response],
) -> Callable[Concatenate[Request, Params], Response]:
    """Signed in, and a role that uses pages (not 行业部门)."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: Request, /, *args: Params.args, **kwargs: Params.kwargs) -> Response:
        user = request.user
        if not (user.is_authenticated and user.uses_pages):
            raise PermissionDenied(NO_PAGES)
        return view(request, *args, **kwargs)

    return wrapper
