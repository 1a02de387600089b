"""The ledger's bulk pages: the inspection list's upload, its template, and the data-quality
page's 转为问题台账 button."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from fupin.ledger.inspection_import import SHEET
from fupin.ledger.models import Problem
from tests.conftest import client_for
from tests.rules.builders import household

from .inspections import row, workbook
from .walk import People

pytestmark = pytest.mark.django_db
IMPORT = "/ledger/bulk/import/"


def upload(path):  # type: ignore[no-untyped-def]
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_the_upload_page_offers_the_template(people: People):
    page = client_for(people.township).get(IMPORT)
    assert page.status_code == 200
    assert "/ledger/bulk/import/template.xlsx" in page.content.decode()


def test_a_good_list_is_imported_and_the_page_says_so(people: People, tmp_path):
    path = workbook(tmp_path / "清单.xlsx", row())
    response = client_for(people.township).post(IMPORT, {"file": upload(path)}, follow=True)
    assert "导入完成：督导组交办问题清单 新增 1" in response.content.decode()
    assert Problem.objects.count() == 1


def test_a_bad_list_shows_every_error_and_writes_nothing(people: People, tmp_path):
    path = workbook(tmp_path / "清单.xlsx", row(区划代码="220802999999"), row(责任单位=""))
    page = client_for(people.township).post(IMPORT, {"file": upload(path)})
    text = page.content.decode()
    assert "系统中没有这个区划代码" in text and "请填写责任单位或责任人" in text
    assert "未导入：发现 2 处错误" in text and not Problem.objects.exists()


def test_a_file_of_another_kind_is_refused_by_the_form(people: People):
    bad = SimpleUploadedFile("清单.pdf", b"%PDF-1.4")
    page = client_for(people.township).post(IMPORT, {"file": bad})
    assert "只能上传 .xlsx 或 .csv 文件" in page.content.decode()


def test_an_inspector_may_not_open_the_upload(people: People, inspector):
    assert client_for(inspector).get(IMPORT).status_code == 403


def test_the_template_download_is_the_sheet(people: People, tmp_path):
    response = client_for(people.village).get("/ledger/bulk/import/template.xlsx")
    path = tmp_path / "模板.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows[0] == [column.header for column in SHEET.columns]


def test_the_quality_page_offers_the_button_and_it_registers(people: People):
    household("H1", phone="12345")
    client = client_for(people.township)
    page = client.get("/registry/quality/?year=2025")
    assert "转为问题台账" in page.content.decode()
    response = client.post(
        "/ledger/bulk/from-quality/", {"year": 2025, "region": "220802100"}, follow=True
    )
    assert "新登记问题 1 个" in response.content.decode()
    assert Problem.objects.get().origin_key == "quality:H1"


def test_an_inspector_sees_no_button_and_may_not_post(people: People, inspector):
    household("H1", phone="12345")
    client = client_for(inspector)
    assert "转为问题台账" not in client.get("/registry/quality/?year=2025").content.decode()
    response = client.post("/ledger/bulk/from-quality/", {"year": 2025, "region": "220802100"})
    assert response.status_code == 403 and not Problem.objects.exists()


def test_the_other_township_registers_nothing_of_ours(people: People, township_b_admin):
    household("H1", phone="12345")
    response = client_for(township_b_admin).post(
        "/ledger/bulk/from-quality/", {"year": 2025, "region": "220802100"}, follow=True
    )
    assert "请先选择管辖范围内的区划" in response.content.decode()
    assert not Problem.objects.exists()
