"""``fupin ledger …`` end to end: exit codes and what the commands print."""

from __future__ import annotations

import pytest
from python_calamine import CalamineWorkbook

from fupin.ledger.exporting import HEADERS
from fupin.ledger.models import Problem
from tests.rules.builders import household
from tests.test_cli import run

from .inspections import row, workbook
from .walk import People, register

pytestmark = pytest.mark.django_db


def test_import_writes_the_list_and_a_second_run_adds_nothing(people: People, capsys, tmp_path):
    path = workbook(tmp_path / "清单.xlsx", row())
    code, out, _ = run(capsys, "ledger", "import", str(path), "--user", "township_a_admin")
    assert code == 0 and "新增 1" in out
    code, out, _ = run(capsys, "ledger", "import", str(path), "--user", "township_a_admin")
    assert code == 0 and "新增 0" in out and "未变 1" in out
    assert Problem.objects.count() == 1


def test_import_of_a_bad_list_exits_1_with_every_error_in_chinese(people: People, capsys, tmp_path):
    path = workbook(tmp_path / "清单.xlsx", row(区划代码="220802999999"), row(责任单位=""))
    code, _, err = run(capsys, "ledger", "import", str(path), "--user", "township_a_admin")
    assert code == 1
    assert "错误：督导组交办问题清单 第2行 区划代码「220802999999」：系统中没有这个区划代码" in err
    assert "第3行 责任单位：请填写责任单位或责任人" in err
    assert "未导入：发现 2 处错误" in err and not Problem.objects.exists()


def test_import_without_a_user_exits_1(db, capsys, tmp_path):
    path = workbook(tmp_path / "清单.xlsx", row())
    code, _, err = run(capsys, "ledger", "import", str(path))
    assert code == 1 and "请用 --user 指定账号" in err


def test_export_writes_the_ledger_of_a_region(people: People, capsys, tmp_path):
    register(people.village)
    out_path = tmp_path / "台账.xlsx"
    code, out, _ = run(capsys, "ledger", "export", "--out", str(out_path), "--region", "220802100")
    assert code == 0 and out.strip() == "已导出：问题台账 1 行"
    rows = CalamineWorkbook.from_path(str(out_path)).get_sheet_by_index(0).to_python()
    assert rows[0] == list(HEADERS) and len(rows) == 2


def test_export_as_the_other_township_writes_no_problem(
    people: People, township_b_admin, capsys, tmp_path
):
    register(people.village)
    out_path = tmp_path / "台账.xlsx"
    code, out, _ = run(
        capsys, "ledger", "export", "--out", str(out_path), "--user", "township_b_admin"
    )
    assert code == 0 and "0 行" in out


def test_export_to_a_csv_or_an_unknown_region_exits_1(db, capsys, tmp_path):
    code, _, err = run(capsys, "ledger", "export", "--out", str(tmp_path / "台账.csv"))
    assert code == 1 and "应以 .xlsx 结尾" in err
    code, _, err = run(
        capsys, "ledger", "export", "--out", str(tmp_path / "a.xlsx"), "--region", "229999"
    )
    assert code == 1 and "没有区划代码 229999" in err


def test_from_quality_registers_once(people: People, capsys):
    household("H1", phone="12345")
    argv = ("ledger", "from-quality", "--region", "220802100", "--year", "2025")
    code, out, _ = run(capsys, *argv, "--user", "township_a_admin")
    assert code == 0 and out.strip() == "新登记问题 1 个，已在台账中 0 户。"
    code, out, _ = run(capsys, *argv, "--user", "township_a_admin")
    assert code == 0 and out.strip() == "新登记问题 0 个，已在台账中 1 户。"


def test_from_quality_outside_the_users_region_exits_1(people: People, township_b_admin, capsys):
    household("H1", phone="12345")
    argv = ("ledger", "from-quality", "--region", "220802100", "--year", "2025")
    code, _, err = run(capsys, *argv, "--user", "township_b_admin")
    assert code == 1 and err.startswith("错误：") and not Problem.objects.exists()


def test_template_writes_the_sheet(db, capsys, tmp_path):
    out_path = tmp_path / "模板.xlsx"
    code, _, _ = run(capsys, "ledger", "template", "--out", str(out_path))
    assert code == 0
    rows = CalamineWorkbook.from_path(str(out_path)).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["序号", "区划代码", "问题类别"]
