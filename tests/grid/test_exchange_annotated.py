"""The annotated copy of a refused grid upload: offered beside the errors, kept for the uploading
session alone, replaced by the next upload and swept after a day."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from django.conf import settings

from tests.conftest import client_for
from tests.registry.workbooks import write_csv_folder, write_xlsx

from .test_exchange import good_sheets, homes  # noqa: F401 (the fixture, used below)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("homes")]

BUTTON = "下载标注了错误的工作簿"
DOWNLOAD = "/grid/import/?annotated"


def bad_sheets() -> dict:
    """王帮扶's 干部类别 (G4: a title row, the header, then 李包村) is not a kind of cadre."""
    sheets = good_sheets()
    sheets["帮扶干部"][3][6] = "包村干部"
    return sheets


def post(client, path: Path):  # type: ignore[no-untyped-def]
    with open(path, "rb") as upload:
        return client.post("/grid/import/", {"file": upload})


def kept_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "grid-import"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def downloaded_workbook(response) -> openpyxl.Workbook:  # type: ignore[no-untyped-def]
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def assert_marked(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames[0] == "导入问题清单"
    cell = workbook["帮扶干部"]["G4"]
    assert cell.fill.start_color.rgb.endswith("FFC7CE")
    assert cell.comment is not None and "错误" in cell.comment.text


def test_a_refused_workbook_offers_its_own_copy_with_the_bad_cell_marked(
    tmp_path, township_a_admin
):
    client = client_for(township_a_admin)
    page = post(client, write_xlsx(tmp_path / "网格.xlsx", bad_sheets()))
    assert page.status_code == 200 and BUTTON in page.content.decode()
    response = client.get(DOWNLOAD)
    assert quote("网格-问题标注.xlsx") in response["Content-Disposition"]
    workbook = downloaded_workbook(response)
    assert_marked(workbook)
    # The user's own file: its title row is still there above the header.
    assert workbook["帮扶干部"]["A1"].value == "洮北区帮扶干部花名册"


def test_another_users_session_cannot_download_it(tmp_path, township_a_admin, sysadmin):
    post(client_for(township_a_admin), write_xlsx(tmp_path / "网格.xlsx", bad_sheets()))
    assert len(kept_files()) == 1
    assert client_for(sysadmin).get(DOWNLOAD).status_code == 404
    # Nor the same user signed in elsewhere: the copy belongs to the session that uploaded it.
    assert client_for(township_a_admin).get(DOWNLOAD).status_code == 404


def test_a_csv_upload_gets_one_annotated_workbook_as_the_registry_gives(tmp_path, township_a_admin):
    csv = write_csv_folder(tmp_path / "csv", bad_sheets()) / "帮扶干部.csv"
    client = client_for(township_a_admin)
    assert BUTTON in post(client, csv).content.decode()
    assert_marked(downloaded_workbook(client.get(DOWNLOAD)))


def test_the_next_upload_replaces_the_copy_and_a_day_old_one_is_swept(
    tmp_path, township_a_admin, sysadmin
):
    bad = write_xlsx(tmp_path / "网格.xlsx", bad_sheets())
    other = client_for(sysadmin)
    post(other, bad)
    [stale] = kept_files()
    day_ago = time.time() - 24 * 60 * 60 - 1
    os.utime(stale, (day_ago, day_ago))
    client = client_for(township_a_admin)
    post(client, bad)
    [first] = kept_files()
    assert first != stale and other.get(DOWNLOAD).status_code == 404
    page = post(client, write_xlsx(tmp_path / "好.xlsx", good_sheets()))
    assert page.status_code == 302 and kept_files() == []
    assert client.get(DOWNLOAD).status_code == 404


def test_an_unreadable_file_is_reported_without_a_copy(tmp_path, township_a_admin):
    damaged = tmp_path / "网格.xlsx"
    damaged.write_bytes(b"not a workbook")
    client = client_for(township_a_admin)
    page = post(client, damaged).content.decode()
    assert "无法读取工作簿" in page and BUTTON not in page
    assert client.get(DOWNLOAD).status_code == 404
