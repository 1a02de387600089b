"""Importing the 项目库 and 支出明细 sheets (every row or none, every error at once), exporting
them scoped to the user, and the round trip from an export back to an import."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from python_calamine import CalamineWorkbook

from fupin.core.cleaning import fold
from fupin.core.tables import write_sheets, write_table
from fupin.projects import funds
from fupin.projects.choices import ProjectState
from fupin.projects.exchange import (
    EXAMPLES,
    EXPENSES,
    LIBRARY,
    MAX_FILE_BYTES,
    import_projects,
)
from fupin.projects.exporting import export_projects, export_tables
from fupin.projects.models import Allocation, Expense, Project, ProjectAttachment, ProjectStep
from fupin.regions.models import Region
from tests.conftest import TOWNSHIP_A

from .builders import county_fund, walk_to
from .sheets import LIBRARY_HEADERS, expense_row, library_row, workbook

pytestmark = pytest.mark.django_db


def other_village(township: str) -> str:
    return Region.objects.filter(parent_id=township).order_by("code").first().code


def everything() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def offices(village_admin, county_admin, township_a_admin):  # type: ignore[no-untyped-def]
    return {"village": village_admin, "county": county_admin, "township": township_a_admin}


@pytest.fixture
def building(offices):  # type: ignore[no-untyped-def]
    """A station in 实施中 with one fund line of 100,000 yuan."""
    project = walk_to(ProjectState.IMPLEMENTING, **offices)
    fund = county_fund(offices["county"])
    line = funds.allocate(
        offices["county"],
        fund=fund,
        project=project,
        amount="100000.00",
        allocated_on=dt.date(2026, 4, 1),
    )
    return project, line


def test_a_library_sheet_declares_each_project_through_the_village_s_declaration(offices, tmp_path):
    path = workbook(
        tmp_path / "项目库.xlsx",
        [
            library_row(),
            library_row(
                项目名称="新和村道路硬化",
                项目类型="基础设施",
                项目子类="道路",
                装机容量="",
                投资规模="1,250,000.50",
            ),
        ],
    )
    outcome = import_projects(offices["village"], path)
    assert outcome.written, [issue.line() for issue in outcome.issues]
    assert outcome.counts[0].inserted == 2
    road = Project.objects.get(name="新和村道路硬化")
    assert road.state == ProjectState.DECLARED and road.budget == Decimal("1250000.50")
    assert road.declared_by == offices["village"] and road.capacity_kw is None
    assert ProjectStep.objects.filter(project=road, step="declare").count() == 1
    assert Project.objects.get(name=EXAMPLES[LIBRARY][1]).capacity_kw == Decimal("100")


def test_every_bad_row_of_the_library_is_reported_at_once_and_nothing_is_written(
    offices, township_b_code, tmp_path
):
    path = workbook(
        tmp_path / "项目库.xlsx",
        [
            library_row(),  # good, yet not written
            library_row(区划代码="229999100001"),  # no such region
            library_row(区划代码="22080210000"),  # eleven digits
            library_row(区划代码=other_village(township_b_code)),  # outside the village's scope
            library_row(项目类型="养殖"),  # unknown kind
            library_row(投资规模="400000.005"),  # a fraction of a fen
            library_row(投资规模="0"),  # a budget of zero
            library_row(年度="二〇二六"),  # wrong type
            library_row(计划开工="明年春天"),  # wrong type
            library_row(项目名称="新和村道路", 项目子类="道路"),  # a capacity on a road
            library_row(),  # the first row again
        ],
    )
    before = everything()
    outcome = import_projects(offices["village"], path)
    assert not outcome.written and everything() == before
    by_row = {issue.row: issue for issue in outcome.errors}
    assert sorted(by_row) == list(range(3, 13))
    assert by_row[3].reason == "系统中没有这个区划代码"
    assert "12位" in by_row[4].reason
    assert "管辖范围" in by_row[5].reason
    assert by_row[6].column == "项目类型" and "基础设施" in by_row[6].reason
    assert by_row[7].column == "投资规模" and "两位小数" in by_row[7].reason
    assert by_row[8].column == "投资规模" and "大于 0" in by_row[8].reason
    assert by_row[9].column == "年度" and by_row[10].column == "计划开工"
    assert "装机容量" in by_row[11].reason
    assert by_row[12].reason == "与第2行重复"
    assert "未导入" in outcome.summary()


def test_a_project_already_in_the_library_is_not_declared_twice(offices, tmp_path):
    path = workbook(tmp_path / "项目库.xlsx", [library_row()])
    assert import_projects(offices["village"], path).written
    again = import_projects(offices["village"], path)
    assert not again.written and "已有" in again.errors[0].reason
    assert Project.objects.count() == 1


def test_the_expense_sheet_pays_from_the_fund_line_checking_its_balance_row_by_row(
    offices, building, tmp_path
):
    project, line = building
    path = workbook(
        tmp_path / "支出.xlsx",
        expenses=[
            expense_row(project, 金额="60000.00", 凭证号="记-1"),
            expense_row(project, 金额="30000.00", 凭证号="记-2"),
        ],
    )
    outcome = import_projects(offices["county"], path)
    assert outcome.written, [issue.line() for issue in outcome.issues]
    assert funds.spent(line) == Decimal("90000.00")
    assert set(Expense.objects.values_list("voucher_number", flat=True)) == {"记-1", "记-2"}


def test_an_expense_sheet_that_overdraws_a_line_writes_no_expense_at_all(
    offices, building, tmp_path
):
    project, line = building
    path = workbook(
        tmp_path / "支出.xlsx",
        expenses=[
            expense_row(project, 金额="60000.00", 凭证号="记-1"),
            expense_row(project, 金额="50000.00", 凭证号="记-2"),  # 40,000 left
            expense_row(project, 金额="10.001", 凭证号="记-3"),
            expense_row(project, 金额="1.00", 项目编号=99999, 凭证号="记-4"),
            expense_row(project, 金额="1.00", 项目名称="别的项目", 凭证号="记-5"),
            expense_row(project, 金额="1.00", 资金文号="没有的文号", 凭证号="记-6"),
            expense_row(project, 金额="1.00", 支付日期="2026-12-31", 凭证号="记-7"),  # after today
            expense_row(project, 金额="1.00", 凭证号="记-1"),  # the voucher twice
        ],
    )
    before = everything()
    outcome = import_projects(offices["county"], path)
    assert not outcome.written and everything() == before
    reasons = {issue.row: issue.reason for issue in outcome.errors}
    assert sorted(reasons) == list(range(3, 10))
    assert "余额为 40,000.00 元" in reasons[3]
    assert "两位小数" in reasons[4]
    assert "没有这个项目" in reasons[5] and "不符" in reasons[6]
    assert "资金文号" in reasons[7] and "晚于今天" in reasons[8]
    assert reasons[9] == "与第2行重复"
    assert funds.spent(line) == 0


def test_an_oversized_file_is_refused_before_any_row_is_read(offices, tmp_path):
    path = tmp_path / "项目库.csv"
    path.write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    outcome = import_projects(offices["county"], path)
    assert not outcome.written and "文件过大" in outcome.errors[0].reason


def test_a_csv_of_the_library_is_imported_like_the_workbook(offices, tmp_path):
    path = tmp_path / "申报.csv"
    write_table(path, LIBRARY_HEADERS, [library_row()])
    assert import_projects(offices["township"], path).written
    assert Project.objects.get().declared_by == offices["township"]


def test_an_import_of_rows_outside_the_actors_scope_is_refused(
    building, township_b_admin, tmp_path
):
    project, _ = building
    path = workbook(
        tmp_path / "支出.xlsx", [library_row()], expenses=[expense_row(project, 凭证号="记-1")]
    )
    before = everything()
    outcome = import_projects(township_b_admin, path)
    assert not outcome.written and everything() == before
    assert [issue.sheet for issue in outcome.errors] == [LIBRARY, EXPENSES]
    assert all("管辖范围" in issue.reason for issue in outcome.errors)


def test_the_export_of_another_township_holds_none_of_ours(building, township_b_admin, tmp_path):
    path = tmp_path / "导出.xlsx"
    counts = export_projects(
        path,
        Project.objects.visible_to(township_b_admin),
        Expense.objects.visible_to(township_b_admin),
    )
    assert counts == {LIBRARY: 0, EXPENSES: 0}


def read(path: Path, sheet: str) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


LIBRARY_FIELDS = (
    "region_id",
    "name",
    "year",
    "kind",
    "subkind",
    "capacity_kw",
    "content",
    "implementing_unit",
    "budget",
    "planned_start",
    "planned_end",
    "output_target",
    "benefit_target",
)


def test_an_exported_library_imports_again_as_the_same_projects(offices, building, tmp_path):
    project, line = building
    funds.spend(
        offices["county"],
        allocation=line,
        amount="2500.50",
        paid_on=dt.date(2026, 5, 1),
        payee='=HYPERLINK("http://x")',
        purpose="组件",
        voucher_number="记-9",
    )
    Project.objects.filter(pk=project.pk).update(content="=1+1 以公式开头的建设内容")
    path = tmp_path / "导出.xlsx"
    counts = export_projects(path, Project.objects.within(TOWNSHIP_A), Expense.objects.all())
    assert counts == {LIBRARY: 1, EXPENSES: 1}
    exported = read(path, LIBRARY)
    assert exported[1][13:] == [project.pk, "实施中", 100000.0, 2500.5]
    assert read(path, EXPENSES)[1][5].startswith("'=")  # neutralised, never a formula
    only_expenses, only_library = tmp_path / "支出.xlsx", tmp_path / "项目库.xlsx"
    write_sheets(only_expenses, export_tables(None, Expense.objects.all()))
    write_sheets(only_library, export_tables(Project.objects.all(), None))
    # Text comes back as every import reads it: full-width punctuation folded (interchange §1).
    before = [tuple(map(fold, row)) for row in Project.objects.values_list(*LIBRARY_FIELDS)]
    expenses_before = list(Expense.objects.values_list("amount", "paid_on", "payee", "purpose"))

    # The expense lines go back onto the same fund line.
    Expense.objects.all().delete()
    outcome = import_projects(offices["county"], path)
    # The library's project is already there: the sheet is refused whole, expenses included.
    assert not outcome.written and Expense.objects.count() == 0
    assert all(issue.sheet == LIBRARY for issue in outcome.errors)

    assert import_projects(offices["county"], only_expenses).written
    after = list(Expense.objects.values_list("amount", "paid_on", "payee", "purpose"))
    assert after == expenses_before

    # The library goes back as the same declared projects.
    Expense.objects.all().delete()
    Allocation.objects.all().delete()
    ProjectAttachment.objects.all().delete()
    ProjectStep.objects.all().delete()
    Project.objects.all().delete()
    outcome = import_projects(offices["county"], only_library)
    assert outcome.written, [issue.line() for issue in outcome.issues]
    assert list(Project.objects.values_list(*LIBRARY_FIELDS)) == before
    assert Project.objects.get().state == ProjectState.DECLARED
