"""The signed-in user of a request, for the apps below accounts (core imports no domain app, so
they cannot name fupin's ``User``): typed as the site's user model all the same."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

UserT = TypeVar("UserT")


def signed_in(user: UserT | AnonymousUser) -> UserT:
    """``request.user`` past the permission middleware (which sends anonymous visitors to sign in)
    or the API's authentication: never anonymous, and refused as such should it ever be."""
    if isinstance(user, AnonymousUser):
        raise PermissionDenied("请先登录。")
    return user
