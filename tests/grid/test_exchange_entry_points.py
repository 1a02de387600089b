"""The grid workbook from the command line (exit codes, errors on standard error) and from the
upload page (editors only, errors on screen, the download)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from fupin.grid.models import Assignment, Cadre
from tests.conftest import client_for
from tests.registry.workbooks import write_xlsx
from tests.test_cli import run

from .test_exchange import ID_HELPER, good_sheets, homes  # noqa: F401 (the fixture, used below)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("homes")]


def bad_sheets() -> dict:
    sheets = good_sheets()
    sheets["帮扶关系"].append([ID_HELPER, "包户", "220802100001", "NOSUCH", None, "2025-01-01"])
    return sheets


def test_cli_import_exits_0_and_a_refused_file_exits_1_with_every_error(
    tmp_path,
    capsys,
):
    bad = write_xlsx(tmp_path / "bad.xlsx", bad_sheets())
    code, _, err = run(capsys, "grid", "import", str(bad))
    assert code == 1
    assert "错误：帮扶关系 第7行 户编号「NOSUCH」：系统中没有这个户编号" in err
    assert "未导入：发现 1 处错误" in err and Cadre.objects.count() == 0
    good = write_xlsx(tmp_path / "good.xlsx", good_sheets())
    code, out, _ = run(capsys, "grid", "import", str(good))
    assert code == 0 and "帮扶关系 新增 5" in out


def test_cli_import_as_a_user_keeps_to_their_region_and_role(
    tmp_path,
    township_b_admin,
    inspector,
    capsys,
):
    good = write_xlsx(tmp_path / "good.xlsx", good_sheets())
    code, _, err = run(capsys, "grid", "import", str(good), "--user", "township_b_admin")
    assert code == 1 and "所属区划代码「220802100」：不在您的管辖范围内" in err
    code, _, err = run(capsys, "grid", "import", str(good), "--user", "inspector")
    assert code == 1 and "当前角色无权维护帮扶网格" in err
    code, _, err = run(capsys, "grid", "import", str(good), "--user", "nobody")
    assert code == 1 and "没有启用的账号“nobody”" in err
    assert Assignment.objects.count() == 0


def test_cli_export_writes_the_region_and_refuses_an_unknown_one(
    tmp_path,
    capsys,
):
    run(capsys, "grid", "import", str(write_xlsx(tmp_path / "in.xlsx", good_sheets())))
    out = tmp_path / "out"
    code, printed, _ = run(capsys, "grid", "export", "--region", "220802100", "--out", str(out))
    assert code == 0 and printed.strip() == "已导出：帮扶干部 3 行，帮扶关系 5 行，片区农户 2 行"
    assert sorted(p.name for p in out.iterdir()) == ["帮扶关系.csv", "帮扶干部.csv", "片区农户.csv"]
    code, _, err = run(capsys, "grid", "export", "--region", "229999", "--out", str(out))
    assert code == 1 and "没有区划代码 229999" in err
    code, _, err = run(capsys, "grid", "export", "--out", str(tmp_path / "grid.txt"))
    assert code == 1 and "导出文件应为 .xlsx、.zip 或文件夹" in err


def test_the_upload_page_is_for_grid_editors_and_shows_every_error(
    tmp_path,
    township_a_admin,
    inspector,
):
    assert client_for(inspector).get("/grid/import/").status_code == 403
    client = client_for(township_a_admin)
    assert client.get("/grid/import/").status_code == 200
    with open(write_xlsx(tmp_path / "bad.xlsx", bad_sheets()), "rb") as upload:
        page = client.post("/grid/import/", {"file": upload})
    assert page.status_code == 200
    text = page.content.decode()
    assert "未导入：发现 1 处错误" in text and "NOSUCH" in text and "系统中没有这个户编号" in text
    assert Cadre.objects.count() == 0
    with open(write_xlsx(tmp_path / "good.xlsx", good_sheets()), "rb") as upload:
        page = client.post("/grid/import/", {"file": upload}, follow=True)
    assert "导入完成" in page.content.decode() and Assignment.objects.count() == 5


def test_the_download_holds_the_users_grid_masked_for_roles_without_identity(
    tmp_path,
    township_a_admin,
    inspector,
):
    with open(write_xlsx(tmp_path / "good.xlsx", good_sheets()), "rb") as upload:
        client_for(township_a_admin).post("/grid/import/", {"file": upload})
    for user, shown in ((township_a_admin, ID_HELPER), (inspector, ID_HELPER[:4] + "*" * 10)):
        response = client_for(user).get("/grid/export/")
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames == ["帮扶干部", "帮扶关系", "片区农户"]
        numbers = [row[1] for row in workbook["帮扶干部"].iter_rows(min_row=2, values_only=True)]
        assert any(number.startswith(shown) for number in numbers)
