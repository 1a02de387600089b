"""The permission test generated from the table in ``fupin/accounts/permissions.py``.

Every URL name the resolver knows must be in the table, and every entry of the table must be a URL
name. For every page, each role gets what the table says: anonymous users are sent to sign in, a
role the table does not name gets 403 on GET and POST (before the view runs, so any object in the
address will do), and a role it names is not refused. 行业部门 is refused on every page.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.accounts.permissions import NAMESPACES, NO_PAGES, PAGES, access_for
from tests.conftest import COUNTY, TOWNSHIP_A, VILLAGE_A, client_for, make_user

# One user of every role, each inside the demo county of the personas.
ROLE_SCOPES: dict[str, str | None] = {
    Role.SYSTEM_ADMIN: None,
    Role.COUNTY_ADMIN: COUNTY,
    Role.TOWNSHIP_ADMIN: TOWNSHIP_A,
    Role.VILLAGE_ADMIN: VILLAGE_A,
    Role.HELPER: VILLAGE_A,
    Role.INSPECTOR: COUNTY,
    Role.DEPARTMENT: COUNTY,
}

# Pages whose view may refuse a role the table lets in, for a reason of its own account: 我的走访
# is for a user whose account is linked to a cadre of the grid.
REFUSED_BY_THE_VIEW = {"visits:mine"}

# A value for each kind of path converter; the object need not exist (403 comes before the view).
SAMPLE_VALUES = {
    "IntConverter": 1,
    "StringConverter": VILLAGE_A,
    "UUIDConverter": uuid.UUID(int=1),
    "SlugConverter": "x",
    "PathConverter": "x",
}


def url_patterns(
    patterns: list[URLPattern | URLResolver] | None = None, prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    """Every named URL pattern as ``(namespace:name, pattern)``, including nested namespaces."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from url_patterns(pattern.url_patterns, namespace)
        elif pattern.name:
            yield prefix + pattern.name, pattern


def sample_url(name: str, pattern: URLPattern) -> str:
    kwargs = {
        key: SAMPLE_VALUES[type(converter).__name__]
        for key, converter in pattern.pattern.converters.items()
    }
    return reverse(name, kwargs={**kwargs, **pattern.default_args} or None)


PAGE_PATTERNS = sorted(
    (name, pattern) for name, pattern in url_patterns() if name.split(":")[0] not in NAMESPACES
)


def test_every_url_name_is_in_the_table():
    missing = [name for name, _ in url_patterns() if access_for(name) is None]
    assert missing == []


def test_every_entry_of_the_table_is_a_url_name():
    names = {name for name, _ in url_patterns()}
    assert sorted(set(PAGES) - names) == []


@pytest.fixture
def users_by_role(db) -> dict[str, User]:
    return {role: make_user(f"user_{role}", role, code) for role, code in ROLE_SCOPES.items()}


@pytest.mark.parametrize(("name", "pattern"), PAGE_PATTERNS, ids=[n for n, _ in PAGE_PATTERNS])
def test_each_role_gets_what_the_table_says(users_by_role, name, pattern):
    url = sample_url(name, pattern)
    access = PAGES[name]
    anonymous = Client().get(url)
    if access.signed_in:
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for role, user in users_by_role.items():
        client = client_for(user)
        refusal = access.refusal_for(user)
        response = client.get(url)
        if refusal is not None:
            assert response.status_code == 403, (role, url)
            assert refusal in response.content.decode(), (role, url)
            assert client.post(url, {}).status_code == 403, (role, url)
        elif name not in REFUSED_BY_THE_VIEW:
            assert response.status_code != 403, (role, url)


def test_the_department_role_is_refused_every_page_but_its_own_account(users_by_role):
    department = users_by_role[Role.DEPARTMENT]
    open_to_it = sorted(
        name for name, _ in PAGE_PATTERNS if PAGES[name].refusal_for(department) is None
    )
    assert open_to_it == ["accounts:login", "accounts:logout", "accounts:own_password"]
    response = client_for(department).get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 403 and NO_PAGES in page
    # It is offered the pages it has, not a way back to the home page it may not open.
    assert reverse("accounts:own_password") in page and "返回首页" not in page


def test_the_department_role_still_uses_the_api(users_by_role):
    response = client_for(users_by_role[Role.DEPARTMENT]).get("/api/me")
    assert response.status_code == 200 and response.json()["role"] == Role.DEPARTMENT
