"""A problem from the household page to 销号, in the browser: the village office registers it from
the household's page (the household and its village filled in) and sets the measure, the helping
cadre who answers for it rectifies with a photo from 我的问题, the village office verifies and the
township closes it from its 待我销号."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fupin.accounts.choices import Role
from fupin.ledger.choices import ProblemState
from fupin.ledger.models import Problem
from tests.conftest import TOWNSHIP_A, VILLAGE_A, make_user
from tests.grid.builders import cadre
from tests.ledger.walk import JPEG, START
from tests.monitoring import walk

from .ledger_steps import sign_in_as, state_is, take_step

pytestmark = pytest.mark.browser


def test_a_problem_found_on_a_household_is_rectified_checked_and_closed(
    page: Page, time_machine, tmp_path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(START, tick=True)
    make_user("cun", Role.VILLAGE_ADMIN, VILLAGE_A)
    make_user("zhen", Role.TOWNSHIP_ADMIN, TOWNSHIP_A)
    helper = make_user("bangfu", Role.HELPER, VILLAGE_A)
    owner = cadre("李整改", region=VILLAGE_A, user=helper)
    home = walk.stable_household("H1")
    photo = tmp_path / "整改后.jpg"
    photo.write_bytes(JPEG)

    sign_in_as(page, "cun")
    page.goto(f"/registry/households/{home.code}/")
    page.get_by_role("link", name="登记问题").click()
    expect(page.get_by_label("关联农户")).to_have_value("H1")
    page.get_by_label("问题类别").select_option("住房安全")
    page.get_by_label("问题来源").select_option("走访")
    page.get_by_label("问题描述").fill("危房改造后屋顶漏雨")
    page.get_by_label("责任人").select_option(str(owner.pk))
    page.get_by_role("button", name="登记问题").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记问题")
    state_is(page, ProblemState.REGISTERED)

    form = page.locator("#step-set_measure")
    form.get_by_label("整改措施").fill("更换屋面防水层")
    form.get_by_label("整改时限").fill("2026-03-31")
    take_step(page, "set_measure", "核定措施")
    state_is(page, ProblemState.RECTIFYING)
    problem_url = page.url

    sign_in_as(page, "bangfu")
    page.goto("/ledger/mine/")
    page.get_by_role("link", name="危房改造后屋顶漏雨").click()
    form = page.locator("#step-rectify")
    form.get_by_label("整改情况").fill("已更换防水层")
    form.get_by_label("佐证材料").set_input_files(str(photo))
    take_step(page, "rectify", "登记整改情况")
    state_is(page, ProblemState.RECTIFIED)
    expect(page.get_by_role("link", name="照片：整改后.jpg")).to_be_visible()

    sign_in_as(page, "cun")
    page.goto(problem_url)
    page.locator("#step-verify").get_by_label("核验情况").fill("入户查看，屋顶无渗漏")
    take_step(page, "verify", "核验整改效果")

    sign_in_as(page, "zhen")
    page.goto("/ledger/mine/")
    page.get_by_role("link", name="危房改造后屋顶漏雨").click()
    take_step(page, "close", "销号")
    state_is(page, ProblemState.CLOSED)
    expect(page.locator(".timeline-item")).to_have_count(5)
    assert Problem.objects.get().closed_by.username == "zhen"
    page.goto("/ledger/")
    expect(page.get_by_role("row", name=re.compile("危房改造后屋顶漏雨"))).to_contain_text("已销号")
