"""A county administrator opens an account for a township through the region picker."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from tests.conftest import COUNTY, PASSWORD, TOWNSHIP_A, make_user

from .conftest import log_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Pingan-2026-kaihu"


def fill_account(page: Page, username: str) -> None:
    page.get_by_label("用户名").fill(username)
    page.get_by_label("姓名").fill("王平安")
    page.get_by_label("角色").select_option(label=Role.TOWNSHIP_ADMIN.label)


def fill_passwords_and_save(page: Page) -> None:
    page.get_by_label("初始密码").fill(NEW_PASSWORD)
    page.get_by_label("再次输入密码").fill(NEW_PASSWORD)
    page.get_by_role("button", name="保存").click()


def test_county_admin_creates_a_township_admin_with_the_cascading_selects(page: Page) -> None:
    make_user("county_admin", Role.COUNTY_ADMIN, COUNTY)
    log_in(page, "county_admin", PASSWORD)

    page.get_by_role("link", name="用户管理").first.click()
    expect(page.get_by_role("heading", name="用户管理")).to_be_visible()
    page.get_by_role("link", name="新建账号").first.click()
    expect(page.get_by_role("heading", name="新建账号")).to_be_visible()

    fill_account(page, "pingan_admin")
    # The county administrator's picker starts at 洮北区 and offers its townships next.
    picker = page.locator(".region-picker")
    township = picker.get_by_role("combobox", name="选择乡级")
    expect(township).to_be_visible()
    township.select_option(label="平安镇")
    expect(picker.locator(".rp-current-name")).to_contain_text("平安镇")
    expect(page.locator("input[name=region_code]")).to_have_value(TOWNSHIP_A)
    fill_passwords_and_save(page)

    expect(page.get_by_role("status")).to_contain_text("已创建账号 pingan_admin")
    expect(page.get_by_role("heading", name="王平安")).to_be_visible()
    account = User.objects.get(username="pingan_admin")
    assert (account.role, account.region_id) == (Role.TOWNSHIP_ADMIN, TOWNSHIP_A)

    page.get_by_role("link", name="用户管理").first.click()
    row = page.get_by_role("row").filter(has_text="pingan_admin")
    expect(row).to_contain_text("乡镇管理员")
    expect(row).to_contain_text("平安镇")

    row.get_by_role("link", name="pingan_admin").click()
    page.get_by_role("link", name="修改记录").click()
    expect(page.get_by_role("heading", name=re.compile("修改记录"))).to_be_visible()
    created = page.locator(".timeline-item").filter(has_text="创建")
    expect(created).to_have_count(1)
    expect(created).to_contain_text("county_admin")


def test_the_region_picker_finds_a_township_by_name(page: Page) -> None:
    make_user("county_admin", Role.COUNTY_ADMIN, COUNTY)
    log_in(page, "county_admin", PASSWORD)
    page.goto("/accounts/users/new/")

    fill_account(page, "pingan_search")
    page.get_by_role("searchbox", name="按名称搜索区划").fill("平安")
    result = page.locator(f".rp-results button[data-code='{TOWNSHIP_A}']")
    expect(result).to_contain_text("平安镇")
    result.click()
    expect(page.locator("input[name=region_code]")).to_have_value(TOWNSHIP_A)
    expect(page.locator(".rp-current-name")).to_contain_text("洮北区 / 平安镇")
    fill_passwords_and_save(page)

    expect(page.get_by_role("status")).to_contain_text("已创建账号 pingan_search")
    assert User.objects.get(username="pingan_search").region_id == TOWNSHIP_A
