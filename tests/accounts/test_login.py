"""Signing in: throttling, locked names, roles that may not use pages."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

LOGIN = reverse("accounts:login")


def attempt(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_the_login_page_is_in_chinese(db):
    response = Client().get(LOGIN)
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_the_right_password_signs_in_and_lands_on_home(county_admin):
    response = attempt(Client(), "county_admin", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")


def test_five_failures_lock_the_name_even_for_the_right_password(county_admin):
    client = Client()
    for _ in range(4):
        assert "用户名或密码错误" in attempt(client, "county_admin", "wrong").content.decode()
    assert "锁定" in attempt(client, "county_admin", "wrong").content.decode()
    response = attempt(client, "county_admin", PASSWORD)
    assert response.status_code == 200 and "锁定" in response.content.decode()


def test_the_lock_ends_after_fifteen_minutes(county_admin):
    client = Client()
    for _ in range(5):
        attempt(client, "county_admin", "wrong")
    later = timezone.now() + timedelta(minutes=15, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert attempt(client, "county_admin", PASSWORD).status_code == 302


def test_a_success_resets_the_count(county_admin):
    client = Client()
    for _ in range(4):
        attempt(client, "county_admin", "wrong")
    assert attempt(client, "county_admin", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "county_admin", "wrong")
    assert attempt(client, "county_admin", PASSWORD).status_code == 302


def test_unknown_names_are_locked_alike(db):
    client = Client()
    for _ in range(5):
        attempt(client, "nobody", "wrong")
    assert "锁定" in attempt(client, "nobody", "wrong").content.decode()


def test_a_department_account_cannot_use_pages(department):
    response = attempt(Client(), "department", PASSWORD)
    assert response.status_code == 200
    assert "只能通过数据接口访问" in response.content.decode()


def test_a_disabled_account_cannot_sign_in(county_admin):
    county_admin.is_active = False
    county_admin.save()
    assert attempt(Client(), "county_admin", PASSWORD).status_code == 200


def test_sessions_expire_when_idle_and_at_browser_close(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE <= 2 * 60 * 60


def test_an_admin_password_reset_lifts_the_lock(county_admin, township_a_admin):
    from fupin.accounts.services import set_password

    client = Client()
    for _ in range(5):
        attempt(client, "township_a_admin", "wrong")
    set_password(county_admin, township_a_admin, password="NewPassw0rd2026")
    assert attempt(client, "township_a_admin", "NewPassw0rd2026").status_code == 302
