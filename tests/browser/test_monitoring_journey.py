"""A monitoring case from a rule's alert to the elimination of its risk, in the browser (rules.md
§9): the lead waits in the village's 我的待办, the village verifies it with the signed
authorisation, reviews it and posts the 公示 (printed from its page); after five days the township
and the county approve it, the village records a help measure, an early request for 风险消除 is
refused, and six months later the risk is eliminated through a second verification, notice and
county decision.

The server's clock is moved with time-machine (the live server runs in this process); a session
lapses after two idle hours, so each office signs in again after the clock moves.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from fupin.accounts.choices import Role
from fupin.monitoring.choices import CaseState
from fupin.monitoring.models import Case
from fupin.registry.models import Member
from tests.conftest import COUNTY, PASSWORD, TOWNSHIP_A, VILLAGE_A, make_user
from tests.monitoring import walk
from tests.rules.builders import income

from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def national_lines() -> None:
    """The national lines of rules.md §2, which the flush of the previous journey removed."""
    migration = importlib.import_module("fupin.standards.migrations.0002_national_lines")
    migration.load(apps, None)


def sign_in_as(page: Page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username, PASSWORD)


def open_case_from_inbox(page: Page) -> None:
    page.get_by_role("link", name="我的待办").first.click()
    page.get_by_role("row", name=re.compile("张大山")).get_by_role("link", name="H1").click()
    expect(page.get_by_role("heading", name=re.compile("监测对象 H1"))).to_be_visible()


def take_step(page: Page, code: str, label: str) -> None:
    page.locator(f"#step-{code}").get_by_role("button", name=f"办理{label}").click()
    expect(page.locator(".alert-success")).to_contain_text(f"已办理“{label}”")


def verify(page: Page, authorisation, *, risk: str | None) -> None:  # type: ignore[no-untyped-def]
    form = page.locator("#step-verify")
    form.get_by_label("核实情况").fill("户主住院，务工收入下降")
    form.get_by_label("家庭年纯收入").fill("8000")
    if risk:
        form.get_by_label(risk).check()
    form.get_by_label("农户授权承诺").set_input_files(str(authorisation))
    take_step(page, "verify", "入户核实")


def state_is(page: Page, label: str) -> None:
    expect(page.locator("[data-state]")).to_have_text(label)


def test_an_alert_becomes_a_monitored_case_whose_risk_is_eliminated_after_six_months(
    page: Page, time_machine, national_lines, tmp_path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(walk.START, tick=True)
    make_user("cun", Role.VILLAGE_ADMIN, VILLAGE_A)
    make_user("zhen", Role.TOWNSHIP_ADMIN, TOWNSHIP_A)
    make_user("xian", Role.COUNTY_ADMIN, COUNTY)
    home = walk.alerted_household("H1", phone="13812345678")
    home.refresh_from_db()
    Member.objects.filter(id_number=home.head_id_number).update(name="张大山")
    authorisation = tmp_path / "授权承诺.pdf"
    authorisation.write_bytes(walk.PDF)

    walk.rule_run()  # M01 fires: the lead is opened by the run
    case = Case.objects.get(household=home)

    # The village finds the lead in its inbox, verifies, reviews and posts the notice.
    sign_in_as(page, "cun")
    page.get_by_role("link", name="我的待办").first.click()
    row = page.get_by_role("row", name=re.compile("张大山"))
    expect(row).to_contain_text("系统预警")
    expect(row).to_contain_text("剩 14 天")
    open_case_from_inbox(page)
    expect(page.get_by_role("cell", name=re.compile("M01"))).to_be_visible()
    verify(page, authorisation, risk="因病")
    expect(page.get_by_role("link", name=re.compile("农户授权承诺：授权承诺.pdf"))).to_be_visible()
    review = page.locator("#step-review")
    review.get_by_label("参加人员").fill("张三、李四、王五、赵六")
    review.get_by_label("赞成票").fill("4")
    take_step(page, "review", "民主评议")
    take_step(page, "notice", "公示")
    state_is(page, "公示")

    page.get_by_role("link", name="公示", exact=True).click()
    expect(page.get_by_role("heading", name="新和居委会防止返贫监测对象公示").first).to_be_visible()
    notice = page.locator(".notice-sheet")
    expect(notice).to_contain_text("张大山")
    expect(notice).to_contain_text("2026-03-02 至 2026-03-06")
    expect(notice).not_to_contain_text(home.head_id_number)
    expect(notice).not_to_contain_text("13812345678")
    page.emulate_media(media="print")
    expect(page.locator(".sidebar")).to_be_hidden()
    expect(notice).to_be_visible()
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 PDF").click()
    assert download.value.suggested_filename == f"notice-{VILLAGE_A}.pdf"

    # Five days later the township and the county approve.
    time_machine.move_to(walk.START + dt.timedelta(days=5), tick=True)
    sign_in_as(page, "zhen")
    open_case_from_inbox(page)
    take_step(page, "township_approve", "乡镇初审")

    sign_in_as(page, "xian")
    open_case_from_inbox(page)
    county = page.locator("#step-county_approve")
    expect(county.get_by_label("脱贫不稳定户")).to_be_checked()
    expect(county.get_by_label("因病")).to_be_checked()
    take_step(page, "county_approve", "县级审定")
    state_is(page, "已纳入")

    # The village arranges help; asking for 风险消除 at once is refused with the reason.
    sign_in_as(page, "cun")
    page.goto(f"/monitoring/cases/{case.pk}/")
    measure = page.locator("#step-add_measure")
    measure.get_by_label("措施类型").select_option("公益岗位")
    measure.get_by_label("措施内容").fill("安排村保洁公益岗位")
    measure.get_by_label("帮扶责任人").fill("李某")
    measure.get_by_label("金额").fill("6000")
    take_step(page, "add_measure", "帮扶措施")
    state_is(page, "帮扶中")
    expect(page.get_by_role("cell", name="安排村保洁公益岗位")).to_be_visible()
    page.locator("#step-request_elimination").get_by_role("button").click()
    expect(page.locator(".alert-error")).to_contain_text("帮扶未满6个月")
    state_is(page, "帮扶中")

    # Six months on, income has recovered and the latest rule run raises no alert for the household.
    time_machine.move_to(walk.START + dt.timedelta(days=5 + 184), tick=True)
    income(home, 2026, 30_000)
    walk.rule_run(2026)
    sign_in_as(page, "cun")
    page.goto(f"/monitoring/cases/{case.pk}/")
    expect(page.locator("#step-request_elimination")).to_contain_text("风险消除条件均已满足")
    take_step(page, "request_elimination", "申请风险消除")
    state_is(page, "申请风险消除")
    verify(page, authorisation, risk=None)
    state_is(page, "风险消除·入户核实")
    take_step(page, "notice", "公示")

    time_machine.move_to(walk.START + dt.timedelta(days=5 + 184 + 5), tick=True)
    sign_in_as(page, "xian")
    open_case_from_inbox(page)
    take_step(page, "approve_elimination", "风险消除审定")
    state_is(page, "风险消除")
    case.refresh_from_db()
    assert case.state == CaseState.ELIMINATED and not case.is_open
