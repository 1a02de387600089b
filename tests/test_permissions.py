"""One table of every page and the answer each persona gets.

Outside scope answers 404 (nothing is confirmed to exist); a role without the right answers 403;
anonymous users are sent to the login page.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import COUNTY, TOWNSHIP_A, client_for

ALLOWED, FORBIDDEN, NOT_FOUND, LOGIN = 200, 403, 404, 302


def target(name: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
    return reverse(name, kwargs=kwargs) if kwargs else reverse(name)


# (url name, kwargs builder, {persona: expected status on GET})
PAGES = [
    ("home", {}, {"county_admin": ALLOWED, "inspector": ALLOWED, "township_a_admin": ALLOWED}),
    (
        "regions:detail",
        {"code": COUNTY},
        {"county_admin": ALLOWED, "inspector": ALLOWED, "township_a_admin": ALLOWED},
    ),
    (
        "regions:detail",
        {"code": TOWNSHIP_A},
        {"township_b_admin": NOT_FOUND, "village_admin": ALLOWED},
    ),
    (
        "regions:reload",
        {},
        {"sysadmin": ALLOWED, "county_admin": FORBIDDEN, "inspector": FORBIDDEN},
    ),
    (
        "accounts:user_list",
        {},
        {
            "county_admin": ALLOWED,
            "township_a_admin": ALLOWED,
            "inspector": FORBIDDEN,
            "village_admin": FORBIDDEN,
        },
    ),
    ("accounts:user_create", {}, {"county_admin": ALLOWED, "inspector": FORBIDDEN}),
    ("jobs:list", {}, {"county_admin": ALLOWED, "inspector": ALLOWED}),
    (
        "monitoring:inbox",
        {},
        {"village_admin": ALLOWED, "inspector": ALLOWED, "department": FORBIDDEN},
    ),
    ("monitoring:case_list", {}, {"county_admin": ALLOWED, "department": FORBIDDEN}),
    ("monitoring:statistics", {}, {"inspector": ALLOWED, "department": FORBIDDEN}),
    ("monitoring:lead_create", {}, {"village_admin": ALLOWED, "inspector": FORBIDDEN}),
    (
        "monitoring:bulk_approve",
        {"office": "township"},
        {"township_a_admin": ALLOWED, "village_admin": FORBIDDEN, "inspector": FORBIDDEN},
    ),
    (
        "monitoring:notice",
        {"village": "220802100001"},
        {"village_admin": ALLOWED, "township_b_admin": NOT_FOUND, "department": FORBIDDEN},
    ),
    (
        "grid:cadre_list",
        {},
        {"county_admin": ALLOWED, "inspector": ALLOWED, "department": FORBIDDEN},
    ),
    ("grid:cadre_create", {}, {"township_a_admin": ALLOWED, "inspector": FORBIDDEN}),
    ("grid:coverage", {}, {"county_admin": ALLOWED, "inspector": ALLOWED, "department": FORBIDDEN}),
    (
        "grid:village",
        {"code": "220802100001"},
        {"village_admin": ALLOWED, "township_b_admin": NOT_FOUND, "department": FORBIDDEN},
    ),
    (
        "grid:board",
        {"code": "220802100001"},
        {"inspector": ALLOWED, "township_b_admin": NOT_FOUND, "department": FORBIDDEN},
    ),
    (
        "grid:board_pdf",
        {"code": "220802100001"},
        {"village_admin": ALLOWED, "township_b_admin": NOT_FOUND},
    ),
    ("grid:import", {}, {"township_a_admin": ALLOWED, "inspector": FORBIDDEN}),
    ("visits:proposal_list", {}, {"village_admin": ALLOWED, "department": FORBIDDEN}),
    ("visits:due", {}, {"township_a_admin": ALLOWED, "inspector": ALLOWED}),
    ("visits:mine", {}, {"township_a_admin": FORBIDDEN}),
    ("visits:campaign_list", {}, {"county_admin": ALLOWED, "inspector": ALLOWED}),
    ("visits:campaign_create", {}, {"township_a_admin": ALLOWED, "inspector": FORBIDDEN}),
    (
        "ledger:problem_list",
        {},
        {"village_admin": ALLOWED, "inspector": ALLOWED, "department": FORBIDDEN},
    ),
    ("ledger:my_problems", {}, {"township_a_admin": ALLOWED, "inspector": ALLOWED}),
    (
        "ledger:problem_new",
        {},
        {"village_admin": ALLOWED, "county_admin": ALLOWED, "inspector": FORBIDDEN},
    ),
    ("ledger:class_list", {}, {"sysadmin": ALLOWED, "county_admin": FORBIDDEN}),
]


@pytest.mark.parametrize(("name", "kwargs", "expected"), PAGES)
def test_each_page_answers_each_persona_as_the_table_says(db, request, name, kwargs, expected):
    url = target(name, **kwargs)
    assert Client().get(url).status_code == LOGIN
    for persona, status in expected.items():
        user = request.getfixturevalue(persona)
        assert client_for(user).get(url).status_code == status, (persona, url)


def test_a_township_admin_gets_404_for_an_account_of_the_other_township(
    township_a_admin, township_b_admin
):
    response = client_for(township_a_admin).get(
        reverse("accounts:user_detail", args=[township_b_admin.pk])
    )
    assert response.status_code == NOT_FOUND


def test_the_inspector_cannot_change_anything(inspector, township_a_admin):
    client = client_for(inspector)
    attempts = [
        (reverse("accounts:user_create"), {"username": "x", "role": "helper"}),
        (reverse("accounts:user_edit", args=[township_a_admin.pk]), {"display_name": "改名"}),
        (reverse("accounts:user_active", args=[township_a_admin.pk]), {"active": "0"}),
        (
            reverse("accounts:user_password", args=[township_a_admin.pk]),
            {"password1": "Abcdef12345"},
        ),
        (reverse("accounts:token_create", args=[township_a_admin.pk]), {"name": "x"}),
        (reverse("regions:reload"), {"province": "22"}),
    ]
    for url, data in attempts:
        assert client.post(url, data).status_code == FORBIDDEN, url
    township_a_admin.refresh_from_db()
    assert township_a_admin.is_active and township_a_admin.display_name == "township_a_admin"


def test_pages_send_security_headers(county_admin):
    response = client_for(county_admin).get(reverse("home"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"


def test_forms_refuse_posts_without_csrf_token(county_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_admin)
    response = client.post(reverse("accounts:user_create"), {"username": "x"})
    assert response.status_code == FORBIDDEN


def test_the_500_page_renders_without_a_request_context(rf):
    from fupin.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500 and "系统暂时出错" in response.content.decode()
