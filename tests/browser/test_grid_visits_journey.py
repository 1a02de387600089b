"""The grid and visits in the browser: the township imports its cadres and their assignments,
opens a village's notice board, a helping cadre records a visit on a phone-sized screen, and the
township's visit campaign rises from 0 % to 50 %."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from fupin.accounts.choices import Role
from fupin.regions.models import Region
from fupin.visits.campaigns import create_campaign
from tests.conftest import PASSWORD, TOWNSHIP_A, VILLAGE_A, make_user
from tests.registry.workbooks import person_id, write_xlsx
from tests.rules.builders import household, member

from .conftest import log_in

pytestmark = pytest.mark.browser

HELPER_ID = person_id(dt.date(1982, 6, 2), 12, male=False)
LEADER_ID = person_id(dt.date(1975, 5, 1), 11, male=True)


@pytest.fixture
def township() -> dict:
    office = make_user("township", Role.TOWNSHIP_ADMIN, TOWNSHIP_A)
    make_user("helper", Role.HELPER, TOWNSHIP_A)
    for code, head in (("H1", "张大山"), ("H2", "李小河")):
        home = household(code)
        member(home, dt.date(1970, 3, 1), name=head)
    campaign = create_campaign(
        office,
        name="2026年冬季遍访",
        region=Region.objects.get(code=VILLAGE_A),
        started_on=timezone.localdate() - dt.timedelta(days=3),
        ended_on=timezone.localdate() + dt.timedelta(days=27),
        target="registered",
    )
    return {"campaign": campaign}


def grid_workbook(folder) -> str:  # type: ignore[no-untyped-def]
    start = "2026-01-05"
    return str(
        write_xlsx(
            folder / "帮扶网格.xlsx",
            {
                "帮扶干部": [
                    [
                        "姓名",
                        "证件号码",
                        "所属区划代码",
                        "工作单位",
                        "职务",
                        "联系电话",
                        "干部类别",
                        "登录账号",
                    ],
                    [
                        "赵镇长",
                        LEADER_ID,
                        TOWNSHIP_A,
                        "平安镇人民政府",
                        "副镇长",
                        "13900000001",
                        "乡镇领导",
                        "",
                    ],
                    [
                        "钱帮扶",
                        HELPER_ID,
                        TOWNSHIP_A,
                        "洮北区教育局",
                        "科员",
                        "13900000002",
                        "帮扶责任人",
                        "helper",
                    ],
                ],
                "帮扶关系": [
                    [
                        "干部证件号码",
                        "帮扶层级",
                        "行政区划代码",
                        "户编号",
                        "开始日期",
                        "责任书签订日期",
                    ],
                    [LEADER_ID, "包村", VILLAGE_A, "", start, start],
                    [HELPER_ID, "包户", VILLAGE_A, "H1", start, start],
                    [HELPER_ID, "包户", VILLAGE_A, "H2", start, start],
                ],
            },
        )
    )


def phone_page(browser: Browser, live_server) -> Page:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    return context.new_page()


def test_import_notice_board_visit_on_a_phone_and_campaign_progress(
    page: Page, browser: Browser, live_server, township, tmp_path
):
    campaign = township["campaign"]
    log_in(page, "township", PASSWORD)

    # The township imports its cadres and who answers for what.
    page.goto("/grid/import/")
    page.get_by_label("数据文件").set_input_files(grid_workbook(tmp_path))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator(".alert-success")).to_be_visible()

    # The village's grid and its notice board: the helper with the heads they answer for.
    page.goto(f"/grid/villages/{VILLAGE_A}/")
    page.get_by_role("link", name="公示牌").click()
    board = page.locator("main")
    expect(board).to_contain_text("赵镇长")
    expect(board).to_contain_text("钱帮扶")
    expect(board).to_contain_text("张大山")
    expect(board).to_contain_text("李小河")
    assert HELPER_ID not in page.content() and ">H1<" not in page.content()

    # The campaign has not started visiting yet.
    page.goto(campaign.get_absolute_url())
    expect(page.get_by_text("已走访 0 / 2 户")).to_be_visible()

    # The helper, on a phone, finds H1 among their due households and records a visit.
    phone = phone_page(browser, live_server)
    log_in(phone, "helper", PASSWORD)
    phone.goto("/visits/mine/")
    phone.get_by_role("row", name=re.compile("H1")).get_by_role("link", name="记录走访").click()
    expect(phone.get_by_role("heading", name="记录走访")).to_be_visible()
    phone.locator("fieldset", has_text="政策知晓").get_by_text("知晓", exact=True).click()
    phone.locator("fieldset", has_text="满意度").get_by_text("满意", exact=True).click()
    fits = phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the visit form scrolls sideways on a phone"
    phone.get_by_role("button", name="保存走访记录").click()
    expect(phone.locator(".alert-success")).to_be_visible()
    phone.context.close()

    # Back at the township: the campaign is half done, the village and the helper at 50 %.
    page.reload()
    expect(page.get_by_text("已走访 1 / 2 户")).to_be_visible()
    expect(page.locator("main")).to_contain_text("50")
    expect(page.locator("main")).to_contain_text("钱帮扶")
