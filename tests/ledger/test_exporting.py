"""The ledger workbook: the offices' nine columns in their order, the user's problems only, ID
numbers and phones typed into the text masked for those who do not see them."""

from __future__ import annotations

import io

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from fupin.grid.models import Cadre
from fupin.ledger.exporting import HEADERS, export_ledger
from fupin.ledger.models import Problem
from tests.conftest import client_for

from .walk import People, register, walk_to

pytestmark = pytest.mark.django_db
OFFICE_COLUMNS = [
    "序号",
    "问题来源",
    "问题描述",
    "整改措施",
    "责任单位",
    "责任人",
    "整改时限",
    "整改进展",
    "销号情况",
]


def read(path_or_bytes, tmp_path) -> list[list]:  # type: ignore[no-untyped-def]
    if isinstance(path_or_bytes, bytes):
        path = tmp_path / "下载.xlsx"
        path.write_bytes(path_or_bytes)
    else:
        path = path_or_bytes
    workbook = CalamineWorkbook.from_path(str(path))
    return workbook.get_sheet_by_index(0).to_python()


def test_the_nine_columns_come_first_in_the_offices_order():
    assert list(HEADERS[:9]) == OFFICE_COLUMNS


def test_a_closed_and_an_open_problem_as_the_offices_keep_them(people: People, tmp_path):
    closed = walk_to("已销号", people)
    register(people.village, description="道路未硬化")
    path = tmp_path / "台账.xlsx"
    assert export_ledger(path, Problem.objects.all(), mask=False) == 2
    header, first, second = read(path, tmp_path)
    assert header == list(HEADERS)
    row = dict(zip(header, first, strict=True))
    assert row["序号"] == 1 and row["问题来源"] == "督导检查"
    assert row["整改措施"] == "更换屋面防水层" and row["责任人"] == "李整改"
    assert row["整改时限"] == "2026-03-31"
    assert row["整改进展"] == "已销号：同意销号"
    assert row["销号情况"] == f"已销号（2026-03-02，{people.township}）"
    assert row["区划代码"] == closed.region_id and row["问题类别"] == "住房安全"
    other = dict(zip(header, second, strict=True))
    assert other["整改进展"] == "已登记：道路未硬化" and other["销号情况"] == "未销号"


def test_id_numbers_and_phones_in_the_text_are_masked_when_asked(people: People, tmp_path):
    register(people.village, description="户主220802199001011237反映，电话13912345678")
    path = tmp_path / "台账.xlsx"
    export_ledger(path, Problem.objects.all(), mask=True)
    row = dict(zip(*read(path, tmp_path), strict=True))
    assert row["问题描述"] == "户主2208**********1237反映，电话139****5678"
    export_ledger(path, Problem.objects.all(), mask=False)
    assert "220802199001011237" in dict(zip(*read(path, tmp_path), strict=True))["问题描述"]


def test_the_download_holds_only_the_users_problems(people: People, township_b_admin, tmp_path):
    register(people.village)
    mine = client_for(people.township).get("/ledger/bulk/export.xlsx")
    assert mine.status_code == 200
    assert len(read(b"".join(mine.streaming_content), tmp_path)) == 2
    theirs = client_for(township_b_admin).get("/ledger/bulk/export.xlsx")
    assert read(b"".join(theirs.streaming_content), tmp_path) == [list(HEADERS)]


def test_the_download_masks_for_an_inspector_and_not_for_the_office(
    people: People, inspector, tmp_path
):
    register(people.village, description="户主220802199001011237反映")
    for user, shown in (
        (inspector, "户主2208**********1237反映"),
        (people.village, "户主220802199001011237反映"),
    ):
        response = client_for(user).get("/ledger/bulk/export.xlsx")
        body = read(b"".join(response.streaming_content), tmp_path)
        assert body[1][2] == shown


def test_the_download_takes_the_lists_filter(people: People, tmp_path):
    register(people.village, category="住房安全", description="屋顶漏雨")
    register(people.village, category="安全饮水", description="管道冻裂")
    response = client_for(people.township).get("/ledger/bulk/export.xlsx?category=安全饮水")
    header, *rows = read(b"".join(response.streaming_content), tmp_path)
    assert [row[header.index("问题描述")] for row in rows] == ["管道冻裂"]


def test_a_refused_filter_downloads_nothing_and_says_why(people: People):
    register(people.village)
    response = client_for(people.township).get("/ledger/bulk/export.xlsx?state=不存在")
    assert response.status_code == 400
    assert "状态" in response.content.decode()


def test_text_that_begins_like_a_formula_is_written_as_a_text_cell(people: People):
    hostile = '=HYPERLINK("http://x","点我")'
    register(people.village, description=hostile, responsible_cadre=people.cadre)
    Cadre.objects.filter(pk=people.cadre.pk).update(
        name="-张三"
    )  # stored before names were checked
    response = client_for(people.township).get("/ledger/bulk/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet is not None
    row = {header.value: cell for header, cell in zip(sheet[1], sheet[2], strict=True)}
    assert (row["问题描述"].data_type, row["问题描述"].value) == ("s", "'" + hostile)
    assert (row["责任人"].data_type, row["责任人"].value) == ("s", "'-张三")
    assert (row["序号"].data_type, row["序号"].value) == ("n", 1)
