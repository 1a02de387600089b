"""Signing in and out through the login form, and the lock after five wrong passwords."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fupin.accounts.choices import Role
from tests.conftest import COUNTY, PASSWORD, make_user

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_county_admin_signs_in_sees_the_county_and_signs_out(page: Page) -> None:
    make_user("county_admin", Role.COUNTY_ADMIN, COUNTY)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page).to_have_title(re.compile("登录"))
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^zh"))

    log_in(page, "county_admin", PASSWORD)

    expect(page).to_have_url(re.compile(r"/$"))
    scope = page.get_by_role("navigation", name="管辖区域")
    expect(scope).to_contain_text("洮北区")
    expect(scope).to_contain_text("吉林省")

    # Key figures of 洮北区: one county, its townships and villages, and the one account in use.
    def figure(label: str):  # type: ignore[no-untyped-def]
        return page.locator(".figure").filter(has_text=label).locator(".figure-value")

    expect(figure("县（市、区）")).to_have_text(re.compile(r"^1\s*个$"))
    expect(figure("乡镇（街道）")).to_have_text(re.compile(r"^[1-9]\d*\s*个$"))
    expect(figure("村（社区）")).to_have_text(re.compile(r"^[1-9][\d,]*\s*个$"))
    expect(figure("在用账号")).to_have_text(re.compile(r"^1\s*个$"))

    # The logout button is a POST form inside the user menu of the top bar.
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="退出登录").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(page: Page) -> None:
    make_user("county_admin", Role.COUNTY_ADMIN, COUNTY)

    for attempt in range(1, 5):
        log_in(page, "county_admin", f"wrong-password-{attempt}")
        expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")

    log_in(page, "county_admin", "wrong-password-5")
    expect(page.get_by_role("alert")).to_contain_text("锁定")

    log_in(page, "county_admin", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("锁定")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
