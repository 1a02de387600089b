"""An inspection's list to 清零, in the browser: the township uploads the 督导组's workbook, the
village cadre it names finds the problem in 我的问题 and rectifies it with a photo, is refused when
he tries to verify his own work, a second officer of the village verifies, the township closes it,
and the township's housing campaign shows the village 清零."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from fupin.accounts.choices import Role
from fupin.ledger.campaigns import create_campaign
from fupin.ledger.choices import ProblemClass, ProblemState
from fupin.regions.models import Region
from tests.conftest import TOWNSHIP_A, VILLAGE_A, make_user
from tests.grid.builders import cadre
from tests.ledger.inspections import row, workbook
from tests.ledger.walk import JPEG, START

from .ledger_steps import press_step, sign_in_as, state_is, take_step

pytestmark = pytest.mark.browser

FOUND = "危房改造后屋顶漏雨"


def village_row_says(page: Page, campaign_url: str, status: str) -> None:
    page.goto(campaign_url)
    village = page.get_by_role("row").filter(has_text="新和居委会")
    expect(village.locator("td[data-label='清零']")).to_have_text(status)


def test_an_inspection_list_is_rectified_checked_by_another_and_the_village_clears(
    page: Page, time_machine, tmp_path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(START, tick=True)
    township = make_user("zhen", Role.TOWNSHIP_ADMIN, TOWNSHIP_A)
    village_officer = make_user("cun", Role.VILLAGE_ADMIN, VILLAGE_A)
    make_user("cun2", Role.VILLAGE_ADMIN, VILLAGE_A)
    cadre("王建国", region=VILLAGE_A, user=village_officer)
    campaign = create_campaign(
        township,
        name="2026年住房安全问题清零行动",
        region=Region.objects.get(code=TOWNSHIP_A),
        started_on=dt.date(2026, 3, 1),
        ended_on=dt.date(2026, 4, 30),
        categories=[ProblemClass.HOUSING],
    )
    campaign_url = f"/ledger/campaigns/{campaign.pk}/"
    handed_over = workbook(
        tmp_path / "督导组交办问题清单.xlsx",
        row(问题描述=FOUND, 责任人="王建国", 整改措施="更换屋面防水层", 整改时限="2026-03-31"),
    )
    photo = tmp_path / "整改后.jpg"
    photo.write_bytes(JPEG)

    sign_in_as(page, "zhen")
    page.goto("/ledger/bulk/import/")
    page.get_by_label("问题清单").set_input_files(str(handed_over))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator(".alert-success")).to_contain_text("督导组交办问题清单 新增 1")
    village_row_says(page, campaign_url, "未清零")

    sign_in_as(page, "cun")
    page.goto("/ledger/mine/")
    page.get_by_role("link", name=FOUND).click()
    state_is(page, ProblemState.RECTIFYING)
    problem_url = page.url
    form = page.locator("#step-rectify")
    form.get_by_label("整改情况").fill("已更换防水层")
    form.get_by_label("佐证材料").set_input_files(str(photo))
    take_step(page, "rectify", "登记整改情况")
    expect(page.get_by_role("link", name="照片：整改后.jpg")).to_be_visible()

    page.locator("#step-verify").get_by_label("核验情况").fill("我已修好")
    press_step(page, "verify", "核验整改效果")
    expect(page.locator(".alert-error")).to_contain_text(
        "不能办理“核验整改效果”（须由他人核验和销号）"
    )
    page.goto(problem_url)
    state_is(page, ProblemState.RECTIFIED)

    sign_in_as(page, "cun2")
    page.goto("/ledger/mine/")
    page.get_by_role("link", name=FOUND).click()
    page.locator("#step-verify").get_by_label("核验情况").fill("入户查看，屋顶无渗漏")
    take_step(page, "verify", "核验整改效果")
    state_is(page, ProblemState.VERIFIED)

    sign_in_as(page, "zhen")
    village_row_says(page, campaign_url, "未清零")
    page.goto("/ledger/mine/")
    page.get_by_role("link", name=FOUND).click()
    take_step(page, "close", "销号")
    state_is(page, ProblemState.CLOSED)
    village_row_says(page, campaign_url, "已清零")
    expect(page.get_by_text("专项行动的问题都已销号。")).to_be_visible()
