"""The upload page of 项目库 and 支出明细 with its template and error table, the export buttons of
the project list and the fund list (taking the list's filter), and the commands."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from fupin.projects import funds
from fupin.projects.choices import ProjectState
from fupin.projects.exchange import EXPENSES, LIBRARY
from fupin.projects.models import Expense, Project
from tests.conftest import client_for
from tests.test_cli import run

from .builders import county_fund, walk_to
from .sheets import expense_row, library_row, workbook

pytestmark = pytest.mark.django_db
IMPORT = "/projects/bulk/import/"


@pytest.fixture
def offices(village_admin, county_admin, township_a_admin):  # type: ignore[no-untyped-def]
    return {"village": village_admin, "county": county_admin, "township": township_a_admin}


@pytest.fixture
def paid(offices):  # type: ignore[no-untyped-def]
    project = walk_to(ProjectState.IMPLEMENTING, **offices)
    line = funds.allocate(
        offices["county"],
        fund=county_fund(offices["county"]),
        project=project,
        amount="100000.00",
        allocated_on=dt.date(2026, 4, 1),
    )
    funds.spend(
        offices["county"],
        allocation=line,
        amount="800.00",
        paid_on=dt.date(2026, 5, 2),
        payee="白城光伏公司",
        purpose="支架",
    )
    return project


def sheets_of(content: bytes) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def upload(path):  # type: ignore[no-untyped-def]
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_the_template_has_both_sheets_with_an_example_row(offices):
    response = client_for(offices["village"]).get("/projects/bulk/import/template.xlsx")
    sheets = sheets_of(b"".join(response.streaming_content))
    assert list(sheets) == [LIBRARY, EXPENSES]
    assert sheets[LIBRARY][0][:3] == ["区划代码", "项目名称", "年度"] and len(sheets[LIBRARY]) == 2


def test_a_good_upload_declares_and_says_how_many(offices, tmp_path):
    path = workbook(tmp_path / "项目库.xlsx", [library_row()])
    response = client_for(offices["village"]).post(IMPORT, {"file": upload(path)}, follow=True)
    assert "项目库 新增 1" in response.content.decode()
    assert Project.objects.get().declared_by == offices["village"]


def test_a_bad_upload_shows_every_error_and_writes_nothing(offices, tmp_path):
    path = workbook(
        tmp_path / "项目库.xlsx", [library_row(项目类型="养殖"), library_row(投资规模="0")]
    )
    page = client_for(offices["village"]).post(IMPORT, {"file": upload(path)}).content.decode()
    assert "未导入：发现 2 处错误" in page and "养殖" in page and "应大于 0" in page
    assert not Project.objects.exists()


def test_an_old_xls_is_refused_on_the_form(offices):
    file = SimpleUploadedFile("项目库.xls", b"old")
    page = client_for(offices["village"]).post(IMPORT, {"file": file}).content.decode()
    assert "另存为 .xlsx" in page


def test_the_project_list_s_export_takes_its_filter_and_the_user_s_scope(
    paid, offices, township_b_admin
):
    url = "/projects/bulk/projects.xlsx"
    rows = sheets_of(b"".join(client_for(offices["township"]).get(url).streaming_content))
    assert [row[1] for row in rows[LIBRARY][1:]] == [paid.name]
    assert rows[LIBRARY][1][14:] == ["实施中", 100000.0, 800.0]
    narrowed = client_for(offices["township"]).get(url, {"state": "已申报"})
    assert len(sheets_of(b"".join(narrowed.streaming_content))[LIBRARY]) == 1
    outsider = sheets_of(b"".join(client_for(township_b_admin).get(url).streaming_content))
    assert len(outsider[LIBRARY]) == 1  # the header only
    assert client_for(offices["township"]).get(url, {"year": "x"}).status_code == 400


def test_the_fund_list_s_export_holds_the_expense_lines_of_the_listed_funds(
    paid, offices, township_b_admin
):
    url = "/projects/bulk/expenses.xlsx"
    rows = sheets_of(b"".join(client_for(offices["county"]).get(url).streaming_content))
    assert rows[EXPENSES][1][:7] == [
        paid.pk,
        paid.name,
        "吉财农〔2026〕12号",
        800.0,
        "2026-05-02",
        "白城光伏公司",
        "支架",
    ]
    other_year = client_for(offices["county"]).get(url, {"year": 2025})
    assert len(sheets_of(b"".join(other_year.streaming_content))[EXPENSES]) == 1
    outsider = sheets_of(b"".join(client_for(township_b_admin).get(url).streaming_content))
    assert len(outsider[EXPENSES]) == 1


def test_the_lists_offer_their_exports_with_the_filter(paid, offices):
    page = client_for(offices["county"]).get("/projects/", {"year": 2026}).content.decode()
    assert "/projects/bulk/projects.xlsx?year=2026" in page and IMPORT in page
    page = client_for(offices["county"]).get("/projects/funds/").content.decode()
    assert "/projects/bulk/expenses.xlsx" in page


def test_an_inspector_exports_but_may_not_import(paid, inspector):
    assert client_for(inspector).get(IMPORT).status_code == 403
    assert client_for(inspector).get("/projects/bulk/projects.xlsx").status_code == 200


# --- Commands --------------------------------------------------------------------------------


def test_the_import_command_writes_the_file_as_the_named_user(offices, capsys, tmp_path):
    path = workbook(tmp_path / "项目库.xlsx", [library_row()])
    code, out, _ = run(capsys, "projects", "import", str(path), "--user", "village_admin")
    assert code == 0 and "项目库 新增 1" in out
    assert Project.objects.get().declared_by == offices["village"]


def test_the_import_command_lists_every_error_and_exits_1(offices, capsys, tmp_path):
    path = workbook(
        tmp_path / "项目库.xlsx", [library_row(项目类型="养殖"), library_row(年度="明年")]
    )
    code, _, err = run(capsys, "projects", "import", str(path), "--user", "village_admin")
    assert code == 1 and "第2行 项目类型「养殖」" in err and "第3行 年度" in err
    assert "数据库未作任何修改" in err and not Project.objects.exists()


def test_the_import_command_needs_a_user(db, capsys, tmp_path):
    path = workbook(tmp_path / "项目库.xlsx", [library_row()])
    code, _, err = run(capsys, "projects", "import", str(path))
    assert code == 1 and "--user" in err


def test_the_export_command_writes_both_sheets_scoped_to_the_user(
    paid, capsys, tmp_path, township_b_admin
):
    out_path = tmp_path / "项目.xlsx"
    code, out, _ = run(capsys, "projects", "export", "--out", str(out_path))
    assert code == 0 and "项目库 1 行" in out and "支出明细 1 行" in out
    sheets = sheets_of(out_path.read_bytes())
    assert sheets[EXPENSES][1][0] == paid.pk
    code, out, _ = run(
        capsys, "projects", "export", "--out", str(out_path), "--user", "township_b_admin"
    )
    assert code == 0 and "项目库 0 行" in out and "支出明细 0 行" in out


def test_the_exported_expenses_import_again_through_the_command(paid, capsys, tmp_path):
    out_path = tmp_path / "导出"
    assert run(capsys, "projects", "export", "--out", str(out_path))[0] == 0
    Expense.objects.all().delete()
    expenses = out_path / f"{EXPENSES}.csv"
    code, out, _ = run(capsys, "projects", "import", str(expenses), "--user", "county_admin")
    assert code == 0 and "支出明细 新增 1" in out
    assert Expense.objects.get().payee == "白城光伏公司"


def test_the_export_command_refuses_an_unknown_region_or_suffix(db, capsys, tmp_path):
    assert (
        run(capsys, "projects", "export", "--out", str(tmp_path / "x.xlsx"), "--region", "99")[0]
        == 1
    )
    assert run(capsys, "projects", "export", "--out", str(tmp_path / "x.txt"))[0] == 1


def test_the_template_command_writes_the_template(db, capsys, tmp_path):
    path = tmp_path / "模板.xlsx"
    assert run(capsys, "projects", "template", "--out", str(path))[0] == 0
    assert list(sheets_of(path.read_bytes())) == [LIBRARY, EXPENSES]


def test_an_expense_row_of_the_page_pays_from_the_line(paid, offices, tmp_path):
    path = workbook(tmp_path / "支出.xlsx", expenses=[expense_row(paid, 金额="200.00")])
    client_for(offices["county"]).post(IMPORT, {"file": upload(path)})
    assert Expense.objects.count() == 2
