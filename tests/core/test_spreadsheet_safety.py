"""The formula guard (spec/interchange.md §3.1): every text cell fupin writes is neutralised, in
every writer of ``core.tables`` and in the annotated workbook; numbers stay numbers; the import
reads the neutralised text back to the value that was written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fupin.core.cleaning import CellError, clean_name
from fupin.core.downloads import xlsx_response
from fupin.core.importing.annotate import SUMMARY_SHEET, annotate
from fupin.core.importing.columns import Column, Sheet
from fupin.core.importing.issues import ImportIssue
from fupin.core.importing.parse import parse_sheets
from fupin.core.importing.sources import read_source
from fupin.core.spreadsheet_safety import (
    FORMULA_NAME_REASON,
    FORMULA_TRIGGERS,
    begins_like_formula,
    neutralise,
    restore,
)
from fupin.core.tables import cell_text, write_csv_bundle, write_sheets, write_table

HOSTILE = '=HYPERLINK("http://x","点我")'
TRIGGERED = [HOSTILE, "+86 138", "-3 天未归", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@given(st.text())
@example("'=abc")
@example("''-")
@example("'")
def test_a_neutralised_text_never_begins_like_a_formula_and_reads_back_equal(text):
    written = neutralise(text)
    assert not begins_like_formula(written)
    assert restore(written) == text


@pytest.mark.parametrize("text", TRIGGERED)
def test_each_trigger_character_gets_one_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["张三", "", "户主'", "12", "a=b", "'abc", "'"])
def test_text_that_cannot_run_is_written_and_read_unchanged(text):
    assert neutralise(text) == text and restore(text) == text


def test_only_an_apostrophe_before_a_trigger_is_taken_away_on_reading():
    assert restore("'=abc") == "=abc" and restore("''-1") == "'-1"
    assert restore("'abc") == "'abc"
    for value in (-5, -1.5, Decimal("-5.00"), dt.date(2020, 4, 16), None, True):
        assert restore(value) is value


def test_numbers_amounts_and_dates_are_never_neutralised():
    assert cell_text(Decimal("-1200.5")) == "-1200.50"
    assert cell_text(-3) == "-3" and cell_text(-0.5) == "-0.5"
    assert cell_text(dt.date(2020, 4, 16)) == "2020-04-16"
    assert cell_text("-3") == "'-3"  # a text that looks like a number is still text


HEADERS = ["姓名", "金额", "人数", "比例", "日期", "说明"]
ROW = [HOSTILE, Decimal("-1200.50"), -3, -0.25, dt.date(2020, 4, 16), "-3 天未归"]


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_a_csv_table_neutralises_text_and_leaves_numbers(tmp_path):
    path = tmp_path / "表.csv"
    assert write_table(path, HEADERS, [ROW]) == 1
    _, row = csv_rows(path.read_bytes())
    assert row == ["'" + HOSTILE, "-1200.50", "-3", "-0.25", "2020-04-16", "'-3 天未归"]


@pytest.mark.parametrize("write", ["table", "sheets", "download"])
def test_an_xlsx_holds_text_cells_not_formulas_and_numbers_as_numbers(tmp_path, write):
    path = tmp_path / "表.xlsx"
    if write == "table":
        write_table(path, HEADERS, [ROW], sheet="表")
    elif write == "sheets":
        write_sheets(path, {"表": (HEADERS, [ROW])})
    else:  # the pages' downloads (应享未享, 返贫预警, the ledger)
        path.write_bytes(b"".join(xlsx_response("表", HEADERS, [ROW]).streaming_content))
    sheet = openpyxl.load_workbook(path)["表"]
    name, amount, count, share, day, note = sheet[2]
    assert (name.data_type, name.value) == ("s", "'" + HOSTILE)
    assert (note.data_type, note.value) == ("s", "'-3 天未归")
    assert (amount.data_type, amount.value) == ("n", -1200.5)
    assert (count.data_type, count.value) == ("n", -3)
    assert (share.data_type, share.value) == ("n", -0.25)
    assert day.value == "2020-04-16"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("name", ["包.zip", "目录"])
def test_a_bundle_of_csv_files_neutralises_every_file(tmp_path, name):
    path = tmp_path / name
    write_csv_bundle(path, {"甲": (HEADERS, [ROW]), "乙": (["说明"], [["@cmd"]])})
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            files = {Path(n).stem: archive.read(n) for n in archive.namelist()}
    else:
        files = {item.stem: item.read_bytes() for item in path.iterdir()}
    assert csv_rows(files["甲"])[1][0] == "'" + HOSTILE
    assert csv_rows(files["乙"])[1] == ["'@cmd"]


NOTES = Sheet("说明", ("说明",), (Column("说明", "note", str, required=True),))
READ_BACK = [*TRIGGERED[:4], "'=已转义", "张三", "a=b"]


@pytest.mark.parametrize("name", ["表.csv", "表.xlsx", "包.zip"])
def test_an_import_reads_back_exactly_the_texts_that_were_written(tmp_path, name):
    path = tmp_path / name
    rows = [[text] for text in READ_BACK]
    if name == "包.zip":
        write_csv_bundle(path, {"说明": (["说明"], rows)})
    else:
        write_table(path, ["说明"], rows, sheet="说明")
    raw = read_source(path)
    raw[0].name = "说明"
    parsed = parse_sheets(raw, {"说明": NOTES})
    assert [record["note"] for record in parsed.sheets["说明"].records] == READ_BACK


def test_the_annotated_copy_of_a_csv_holds_no_formula_and_reimports_the_same(tmp_path):
    source = tmp_path / "说明.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["说明"], [HOSTILE], ["'-1"]])  # as an office wrote it
    issue = ImportIssue("说明", 2, "说明", HOSTILE, "不对")
    target = annotate(source, {"说明": {"说明": 0}}, [issue], tmp_path / "标注.xlsx")
    workbook = openpyxl.load_workbook(target)
    cells = [cell for row in workbook["说明"].iter_rows() for cell in row]
    assert [(c.data_type, c.value) for c in cells] == [
        ("s", "说明"),
        ("s", "'" + HOSTILE),
        ("s", "'-1"),
    ]
    summary = workbook[SUMMARY_SHEET]
    assert (summary["E2"].data_type, summary["E2"].value) == ("s", "'" + HOSTILE)
    assert summary["C2"].value == 2
    original = parse_sheets(read_source(source), {"说明": NOTES}).sheets["说明"].records
    again = [r for r in read_source(target) if r.name == "说明"]
    corrected = parse_sheets(again, {"说明": NOTES}).sheets["说明"].records
    assert [r["note"] for r in corrected] == [r["note"] for r in original] == [HOSTILE, "-1"]


@pytest.mark.parametrize("name", [*TRIGGERED[:4], "＝SUM(A1)", " -张三"])
def test_a_name_may_not_begin_like_a_formula(name):
    with pytest.raises(CellError, match="不能以 = \\+ - @ 开头"):
        clean_name(name)
    assert FORMULA_NAME_REASON.startswith("不能以")


@pytest.mark.parametrize("name", ["张三", "阿卜杜·热合曼", "李-四", "O'Neil"])
def test_real_names_are_accepted(name):
    assert clean_name(name) == name


def test_every_trigger_is_listed_once():
    assert sorted(FORMULA_TRIGGERS) == sorted({"=", "+", "-", "@", "\t", "\r"})
