"""分红名单: exported from a plan, imported as a 按名单 plan; a bad list reports every error at
once and writes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fupin.core.tables import write_table
from fupin.projects import dividends
from fupin.projects.choices import DividendRule
from fupin.projects.dividend_list import HEADERS, PlanTerms, import_dividend_list, list_rows
from fupin.projects.models import DividendPayment, DividendPlan
from tests.rules.builders import household

from .assets_builders import earning, homes, station
from .test_assets import everything_in_projects

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(village_admin, county_admin, township_a_admin):  # type: ignore[no-untyped-def]
    return {"village": village_admin, "county": county_admin, "township": township_a_admin}


@pytest.fixture
def asset(offices):  # type: ignore[no-untyped-def]
    made = station(offices)
    earning(made, offices["county"])
    return made


def workbook(tmp_path, rows):  # type: ignore[no-untyped-def]
    path = tmp_path / "分红名单.xlsx"
    write_table(path, HEADERS, rows, sheet="分红名单")
    return path


def test_a_plans_list_exported_and_imported_again_is_the_same_plan_by_list(
    offices, asset, tmp_path
):
    homes(asset, [1, 2, 3], offices["county"])
    drawn = dividends.draw_plan(
        offices["county"], asset, year=2025, amount="1000.00", rule=DividendRule.EQUAL
    )
    rows = list_rows(drawn)
    assert [row[1:] for row in rows] == [
        ["成员", 1, Decimal("333.34")],
        ["成员", 2, Decimal("333.33")],
        ["成员", 3, Decimal("333.33")],
    ]
    outcome = import_dividend_list(
        offices["township"],
        asset,
        workbook(tmp_path, rows),
        PlanTerms(year=2025, amount=Decimal("1200.00"), village_part=Decimal("200.00")),
    )
    assert outcome.written, [issue.line() for issue in outcome.issues]
    plan = outcome.plan  # type: ignore[attr-defined]
    assert plan.rule == DividendRule.BY_LIST and plan.village_part == Decimal("200.00")
    assert list(plan.payments.order_by("household__code").values_list("amount", flat=True)) == [
        Decimal("333.34"),
        Decimal("333.33"),
        Decimal("333.33"),
    ]


def test_a_bad_list_reports_every_error_at_once_and_writes_nothing(
    offices, asset, tmp_path, township_b_code
):
    first, second = homes(asset, [1, 2], offices["county"])
    elsewhere = household("220802200001000001", village=f"{township_b_code}001")
    before = everything_in_projects()
    rows = [
        [first.code, "成员", 1, "300.00"],
        ["NO-SUCH-HOUSE", "", None, "100.00"],
        [second.code, "张三", 2, "100.00"],
        [first.code, "成员", 1, "1.00"],
        [elsewhere.code, "", None, "5.00"],
        [second.code, "成员", "两人", "十元"],
    ]
    outcome = import_dividend_list(
        offices["township"],
        asset,
        workbook(tmp_path, rows),
        PlanTerms(year=2025, amount=Decimal("500.00")),
    )
    assert not outcome.written
    found = {(issue.row, issue.column) for issue in outcome.errors}
    assert {
        (3, "户编号"),  # unknown
        (4, "户主姓名"),  # not the head's name
        (5, "户编号"),  # listed twice
        (6, "户编号"),  # another township's household: not seen
        (7, "人口"),
        (7, "分红金额"),
    } <= found, found
    assert everything_in_projects() == before
    assert not DividendPlan.objects.exists() and not DividendPayment.objects.exists()


def test_amounts_that_do_not_add_up_are_refused_with_their_sum(offices, asset, tmp_path):
    first, second = homes(asset, [1, 2], offices["county"])
    outcome = import_dividend_list(
        offices["county"],
        asset,
        workbook(tmp_path, [[first.code, "", 1, "300.00"], [second.code, "", 2, "100.00"]]),
        PlanTerms(year=2025, amount=Decimal("500.00"), posts_part=Decimal("50.00")),
    )
    assert not outcome.written
    assert [issue.reason for issue in outcome.errors] == [
        "分红金额合计 400.00 元，与应分到户的 450.00 元（分配金额 500.00 元减村集体留存和公益岗位）不符"
    ]
    assert not DividendPlan.objects.exists()


def test_a_list_beyond_the_years_income_or_by_a_village_officer_writes_nothing(
    offices, asset, tmp_path
):
    (home,) = homes(asset, [1], offices["county"])
    path = workbook(tmp_path, [[home.code, "", 1, "90000.00"]])
    outcome = import_dividend_list(
        offices["county"], asset, path, PlanTerms(year=2025, amount=Decimal("90000.00"))
    )
    assert not outcome.written and "可分配余额为 80,000.00 元" in outcome.errors[0].reason
    outcome = import_dividend_list(
        offices["village"], asset, path, PlanTerms(year=2025, amount=Decimal("90000.00"))
    )
    assert not outcome.written and "只有县、乡镇的管理员" in outcome.errors[0].reason
    assert not DividendPlan.objects.exists()
