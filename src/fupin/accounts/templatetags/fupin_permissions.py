"""``may_open`` for templates: show a link or a button only to a user the permission table lets
open its address (``{% if user|may_open:"ledger:problem_new" %}``). Templates of a lower app may
link to a page of a higher one by its URL name this way without importing it."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AnonymousUser

from fupin.accounts.models import User
from fupin.accounts.permissions import may_open as table_allows

register = template.Library()


@register.filter
def may_open(user: User | AnonymousUser, view_name: str) -> bool:
    return table_allows(user, view_name)
