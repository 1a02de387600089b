"""Requests whose user is known to be signed in, so views and services see fupin's ``User``
rather than Django's ``User | AnonymousUser``."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthenticatedRequest(HttpRequest):
    """A page request past ``login_required`` (or ``page_view``)."""

    user: User


class ApiRequest(HttpRequest):
    """An API request past SessionAuth or TokenAuth: both set ``auth`` and ``user``."""

    auth: User
    user: User
