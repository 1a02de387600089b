"""A township clerk's registry journey: upload a workbook with an error, download the annotated
copy, fix it, upload again, find a household and edit one of its members."""

from __future__ import annotations

import re

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from fupin.accounts.choices import Role
from fupin.registry.models import Member
from tests.conftest import PASSWORD, TOWNSHIP_A, make_user
from tests.registry.workbooks import CHILD_1, county_sheets, write_xlsx

from .conftest import log_in

pytestmark = pytest.mark.browser


def upload(page: Page, path) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name="导入数据").first.click()
    page.get_by_label("数据文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并导入").click()


def test_clerk_fixes_a_refused_workbook_and_edits_a_member(page: Page, tmp_path) -> None:
    make_user("pingan", Role.TOWNSHIP_ADMIN, TOWNSHIP_A)
    log_in(page, "pingan", PASSWORD)

    broken = county_sheets()
    broken["家庭成员"][4][3] = "之邻居"
    upload(page, write_xlsx(tmp_path / "平安镇.xlsx", broken))

    result = page.locator(".job-progress")
    expect(result).to_contain_text("未导入：发现 1 处错误")
    expect(page.locator(".job-issues")).to_contain_text("之邻居")
    expect(page.locator(".job-issues")).to_contain_text("第5行")
    assert Member.objects.count() == 0

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("下载标注了问题的工作簿")).click()
    annotated = tmp_path / "annotated.xlsx"
    download_info.value.save_as(annotated)
    comment = openpyxl.load_workbook(annotated)["家庭成员"]["D5"].comment
    assert comment is not None and "应为以下之一" in comment.text

    upload(page, write_xlsx(tmp_path / "平安镇-改.xlsx", county_sheets()))
    expect(page.locator(".job-progress")).to_contain_text("导入完成")

    page.get_by_role("link", name="建档立卡户").first.click()
    page.get_by_label("搜索", exact=True).fill("张小明")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name="H001").click()
    expect(page.get_by_role("heading", name="户 H001")).to_be_visible()

    child = Member.objects.get(id_number=CHILD_1)
    page.locator(f"a[href$='/members/{child.pk}/edit/']").click()
    page.get_by_label("在校生状况").select_option("辍学")
    page.get_by_role("button", name="保存").click()

    expect(page.locator(".alert-success")).to_contain_text("已保存成员 张小明")
    expect(page.get_by_role("row", name=re.compile("张小明"))).to_contain_text("辍学")
