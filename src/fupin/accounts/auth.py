"""API authentication: the browser's session (with CSRF) for pages, bearer tokens for machines."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from .models import ApiToken, User
from .requests import ApiRequest


class SessionAuth(APIKeyCookie):
    """The signed-in page user. CSRF is checked for unsafe methods, as for any page form.
    行业部门 accounts cannot sign in to pages, so they never arrive here."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


class TokenAuth(HttpBearer):
    """``Authorization: Bearer fp_…``: an active token of an active user."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = (
            ApiToken.objects.active()
            .select_related("user", "user__region")
            .filter(key_hash=ApiToken.hash_key(token))
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user  # scope checks read request.user on every path
        return found.user


def api_user(request: ApiRequest) -> User:
    """The authenticated user of an API request, whichever way they authenticated."""
    return request.auth
