"""Money to a household and back, in the browser: the county registers a fund as it arrives, a
village declares a 光伏 station, the county appraises, approves and enters it into the library and
allocates the fund to it, the township records the start of the works and the county accepts them
with a photo; the station becomes an asset that earns a year's income, a dividend plan drawn by
the county and approved by the township pays its 50 households, one household's page shows the
dividend, and an audit marks the station's fund line 存疑, which lands in the problem ledger."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from fupin.accounts.choices import Role
from fupin.ledger.models import Problem
from fupin.projects import funds
from fupin.projects.choices import ProjectState
from fupin.projects.models import Project
from tests.conftest import COUNTY, TOWNSHIP_A, VILLAGE_A, make_user
from tests.projects.builders import JPEG
from tests.rules.builders import household

from .ledger_steps import sign_in_as

pytestmark = pytest.mark.browser

TODAY = dt.datetime(2026, 6, 15, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
STATION = "新和村 100 千瓦村级光伏电站"


def take(page: Page, code: str, label: str, fields: dict[str, str]) -> None:
    form = page.locator(f"#step-{code}")
    for name, value in fields.items():
        form.get_by_label(name).fill(value)
    form.get_by_role("button", name=f"办理{label}").click()
    expect(page.locator(".alert-success")).to_contain_text(f"已办理“{label}”")


def test_a_fund_pays_for_a_photovoltaic_station_whose_income_reaches_its_households(
    page: Page, time_machine, tmp_path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(TODAY, tick=True)
    county = make_user("xian", Role.COUNTY_ADMIN, COUNTY)
    make_user("zhen", Role.TOWNSHIP_ADMIN, TOWNSHIP_A)
    make_user("cun", Role.VILLAGE_ADMIN, VILLAGE_A)
    photo = tmp_path / "验收现场.jpg"
    photo.write_bytes(JPEG)

    sign_in_as(page, "xian")
    page.goto("/projects/funds/")
    page.get_by_role("link", name="登记资金").click()
    page.get_by_label("资金来源").select_option("中央财政衔接资金")
    page.get_by_label("文件文号").fill("吉财农〔2026〕12号")
    page.get_by_label("资金名称").fill("2026年中央财政衔接推进乡村振兴补助资金")
    page.get_by_label("到位金额（元）").fill("1000000")
    page.get_by_label("到位日期").fill("2026-03-01")
    page.get_by_role("button", name="登记资金").click()
    expect(page.locator(".alert-success")).to_contain_text("资金已登记")
    fund_url = page.url

    sign_in_as(page, "cun")
    page.goto("/projects/")
    page.get_by_role("link", name="申报项目").click()
    page.get_by_label("项目名称").fill(STATION)
    page.get_by_label("项目类型").select_option("产业")
    page.get_by_label("项目子类").fill("光伏")
    page.get_by_label("装机容量（千瓦）").fill("100")
    page.get_by_label("建设内容").fill("在村委会屋顶建设 100 千瓦光伏电站")
    page.get_by_label("实施单位").fill("平安镇人民政府")
    page.get_by_label("投资规模（元）").fill("400000")
    page.get_by_label("计划开工日期").fill("2026-04-01")
    page.get_by_label("计划完工日期").fill("2026-09-30")
    page.get_by_label("产出目标").fill("建成 100 千瓦光伏电站 1 座")
    page.get_by_label("效益目标").fill("年发电收益 8 万元，带动 50 户分红")
    page.get_by_role("button", name="申报项目").click()
    expect(page.locator(".alert-success")).to_contain_text("项目已申报")
    project_url = page.url

    sign_in_as(page, "xian")
    page.goto(project_url)
    take(page, "appraise", "部门论证", {"论证意见": "经发改、财政部门论证，项目可行"})
    take(page, "approve", "县审定", {"审定意见": "同意实施"})
    take(page, "enter", "入库", {})
    page.goto(fund_url)
    page.locator("#id_project").select_option(label=f"{STATION}（新和居委会，已入库）")
    page.get_by_label("安排金额（元）").fill("400000")
    page.get_by_role("button", name="安排资金").click()
    expect(page.locator(".alert-success")).to_contain_text("资金已安排到项目")
    expect(page.locator("[data-figure='left']")).to_contain_text("600,000.00")

    sign_in_as(page, "zhen")
    page.goto(project_url)
    take(page, "start", "实施", {"实际开工日期": "2026-04-02"})

    sign_in_as(page, "xian")
    page.goto(project_url)
    form = page.locator("#step-accept")
    form.get_by_label("实际完工日期").fill("2026-06-10")
    form.get_by_label("验收意见").fill("并网发电正常，质量合格")
    form.get_by_label("验收照片或文件（必传）").set_input_files(str(photo))
    form.get_by_role("button", name="办理验收").click()
    expect(page.locator(".alert-success")).to_contain_text("已办理“验收”")
    expect(page.locator(".page-sub [data-state]")).to_have_text(ProjectState.ACCEPTED)
    expect(page.get_by_role("link", name="照片：验收现场.jpg")).to_be_visible()
    project = Project.objects.get()
    assert project.steps.count() == 6

    # The station's 50 beneficiary households, registered as an office would before paying them.
    for number in range(1, 51):
        home = household(f"H{number:03d}")
        funds.add_beneficiary(county, project, household=home, way="收益分红")

    page.get_by_role("link", name="登记资产").click()
    page.get_by_label("资产名称").fill("新和村光伏电站")
    page.get_by_label("资产类别").select_option("经营性")
    page.get_by_label("资产价值（元）").fill("400000")
    page.get_by_label("管护主体").fill("新和村股份经济合作社")
    page.get_by_label("产权归属").select_option("单位")
    page.get_by_label("所有单位").fill("新和村股份经济合作社")
    page.get_by_role("button", name="登记资产").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.get_by_text("登记收益", exact=True).first.click()
    income = page.locator("form").filter(has=page.get_by_role("button", name="登记收益"))
    income.get_by_label("收益年度").fill("2026")
    income.get_by_label("收益金额（元）").fill("52000")
    page.get_by_role("button", name="登记收益").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.get_by_text("制定分配方案（平均分配或按人口）").click()
    plan = page.locator("form").filter(has=page.get_by_role("button", name="制定方案"))
    plan.get_by_label("收益年度").fill("2026")
    plan.get_by_label("分配金额（元）").fill("52000")
    plan.get_by_label("公益岗位（元）").fill("2000")
    plan.get_by_label("到户分配方式").select_option("平均分配")
    plan.get_by_role("button", name="制定方案").click()
    expect(page.locator(".alert-success")).to_be_visible()
    plan_url = page.url

    sign_in_as(page, "zhen")
    page.goto(plan_url)
    page.get_by_role("button", name="审批通过").click()
    expect(page.locator(".alert-success")).to_be_visible()

    sign_in_as(page, "xian")
    page.goto(plan_url)
    page.get_by_label("发放日期").fill("2026-06-15")
    page.get_by_role("button", name="登记发放").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto("/registry/households/H007/")
    expect(page.locator("#dividends")).to_contain_text("2026 年 1,000.00 元")

    page.goto("/projects/audits/")
    page.get_by_role("link", name="登记审计").click()
    page.get_by_label("审计名称").fill("2026年衔接资金专项审计")
    page.get_by_label("审计单位").fill("洮北区审计局")
    page.get_by_label("开始日期").fill("2026-06-01")
    page.get_by_label("结束日期").fill("2026-06-30")
    page.get_by_role("button", name="登记审计").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.get_by_label("资金安排").select_option(index=0)
    page.get_by_role("button", name="纳入审计").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.get_by_text("登记核查结果").click()
    page.get_by_label("存疑", exact=True).check()
    page.get_by_label("审计意见").fill("验收前已支付全部工程款，缺少监理签字")
    page.get_by_role("button", name="登记结果").click()
    expect(page.locator(".alert-success")).to_be_visible()

    page.goto("/ledger/")
    found = page.get_by_role("row", name=re.compile("审计认定存疑"))
    expect(found).to_contain_text("项目资金")
    problem = Problem.objects.get(source="审计")
    assert (problem.project, problem.allocation) == (project, project.allocations.get())
