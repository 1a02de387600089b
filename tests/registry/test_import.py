"""Importing the registry template: what real county workbooks look like, and what is refused."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal

import pytest

from fupin.registry.importing import import_file
from fupin.registry.models import Event, Grant, Household, Income, Member, VillageInfo

from .workbooks import (
    CHILD_1,
    HEAD_1,
    HEAD_2,
    HOUSEHOLD_HEADERS,
    county_sheets,
    write_csv_folder,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


def table_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (VillageInfo, Household, Member, Income, Grant, Event)
    }


EXPECTED = {"VillageInfo": 2, "Household": 2, "Member": 4, "Income": 3, "Grant": 3, "Event": 1}


def test_a_valid_workbook_imports_every_sheet(tmp_path):
    outcome = import_file(None, write_xlsx(tmp_path / "县.xlsx", county_sheets()))
    assert outcome.written, [e.line() for e in outcome.errors]
    assert table_counts() == EXPECTED
    child = Member.objects.get(id_number=CHILD_1)
    assert child.birth_date == dt.date(2010, 9, 1) and child.school_status == "初中"
    household = Household.objects.get(code="H001")
    assert household.other_causes == "缺技术" and household.housing_grade == "B级"
    assert Income.objects.get(household=household, year=2019).net_income == Decimal("13700.50")


def test_a_workbook_as_offices_keep_it_imports(tmp_path):
    """Title rows above the header, shuffled columns, full-width digits, √/×, mixed date forms,
    national labels (一般脱贫户, 男性, grade values), English aliases mixed in."""
    sheets = county_sheets()
    households = sheets["户信息"]
    order = list(reversed(range(len(HOUSEHOLD_HEADERS))))
    sheets["户信息"] = [
        ["洮北区平安镇建档立卡户信息表"],
        ["填表单位：平安镇人民政府", None, "2021年1月"],
    ] + [[row[i] for i in order] for row in households]
    first = sheets["户信息"][3]
    first[order.index(1)] = "２２０８０２１００００１"  # full-width village code
    first[order.index(7)] = "一般脱贫户"
    first[order.index(10)] = "√"
    first[order.index(11)] = "√"
    members = sheets["家庭成员"]
    members[0][0] = "household_code"
    members[1][4] = "男性"
    members[3][7] = "八年级"
    members[4][8] = "残疾 "
    events = sheets["风险事件"]
    events.append(["H001", "自然灾害", "2020年7月3日", "1,200", ""])
    events.append(["H002", "意外事故", 44100, 300, ""])
    events.append(["H002", "务工失业", "2020.9.1", None, "返乡"])
    outcome = import_file(None, write_xlsx(tmp_path / "实际.xlsx", sheets))
    assert outcome.written, [e.line() for e in outcome.errors]
    household = Household.objects.get(code="H001")
    assert household.village_id == "220802100001" and household.attribute == "一般贫困户"
    assert Member.objects.get(id_number=HEAD_1).sex == "男"
    assert Member.objects.get(id_number=CHILD_1).school_status == "初中"
    assert sorted(Event.objects.values_list("date", flat=True)) == [
        dt.date(2020, 6, 1),
        dt.date(2020, 7, 3),
        dt.date(2020, 9, 1),
        dt.date(2020, 9, 26),
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_a_folder_of_csv_files_imports_in_any_accepted_encoding(tmp_path, encoding):
    outcome = import_file(
        None, write_csv_folder(tmp_path / "csv", county_sheets(), encoding=encoding)
    )
    assert outcome.written, [e.line() for e in outcome.errors]
    assert table_counts() == EXPECTED


def test_a_zip_of_csv_files_with_english_headers_imports(tmp_path):
    sheets = county_sheets()
    english = {
        "户编号": "household_code",
        "行政区划代码": "village_code",
        "证件号码": "id_number",
        "姓名": "name",
        "年度": "year",
        "政策代码": "policy_code",
        "事件类型": "event_type",
    }
    for rows in sheets.values():
        rows[0] = [english.get(header, header) for header in rows[0]]
    folder = write_csv_folder(tmp_path / "csv", sheets)
    archive = tmp_path / "county.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for item in folder.iterdir():
            handle.write(item, item.name)
    outcome = import_file(None, archive)
    assert outcome.written, [e.line() for e in outcome.errors]
    assert table_counts() == EXPECTED


def test_five_planted_errors_refuse_the_whole_workbook_and_are_all_reported(tmp_path):
    sheets = county_sheets()
    sheets["家庭成员"][2][2] = "2208021967070100"  # short ID, row 3
    sheets["户信息"][1][8] = "因懒"  # unknown code, row 2
    sheets["户信息"][2][1] = "220802999999"  # unknown village, row 3
    sheets["收入"][2][2] = -100  # negative money, row 3
    sheets["家庭成员"][4][3] = "之邻居"  # unknown relation, row 5
    outcome = import_file(None, write_xlsx(tmp_path / "错.xlsx", sheets))
    assert not outcome.written
    found = {(e.sheet, e.row, e.column) for e in outcome.errors}
    assert {
        ("家庭成员", 3, "证件号码"),
        ("户信息", 2, "主要致贫原因"),
        ("户信息", 3, "行政区划代码"),
        ("收入", 3, "工资性收入"),
        ("家庭成员", 5, "与户主关系"),
    } <= found
    assert table_counts() == dict.fromkeys(EXPECTED, 0)


def test_each_error_names_the_value_and_the_allowed_values(tmp_path):
    sheets = county_sheets()
    sheets["家庭成员"][4][3] = "之邻居"
    outcome = import_file(None, write_xlsx(tmp_path / "错.xlsx", sheets))
    line = next(e.line() for e in outcome.errors if e.column == "与户主关系")
    assert line.startswith("家庭成员 第5行 与户主关系「之邻居」：应为以下之一：户主、配偶、之子")


def test_an_id_that_excel_turned_into_a_number_is_refused_with_the_contract_message(tmp_path):
    sheets = county_sheets()
    sheets["家庭成员"][1][2] = float(HEAD_1[:15] + "000")
    outcome = import_file(None, write_xlsx(tmp_path / "数字.xlsx", sheets))
    assert any("证件号码被Excel转为数字，后几位已丢失" in e.reason for e in outcome.errors)


def test_an_id_stored_as_an_exact_18_digit_number_is_recovered(tmp_path):
    """Some programs write an ID number into the file as a number with all 18 digits; Excel
    would keep only 15. The exact number is recovered; the rounded one is refused (above)."""
    sheets = county_sheets()
    sheets["家庭成员"][1][2] = float(HEAD_1)
    path = write_xlsx(tmp_path / "整数.xlsx", sheets)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    # The writer stored the float in exponent form; put the 18 exact digits in its place.
    rounded = re.compile(rb"<v>[0-9.]+e\+17</v>")
    for name, data in parts.items():
        if name.startswith("xl/worksheets/"):
            parts[name] = rounded.sub(b"<v>" + HEAD_1.encode() + b"</v>", data)
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    outcome = import_file(None, path)
    assert outcome.written, [e.line() for e in outcome.errors]
    assert Member.objects.filter(id_number=HEAD_1).exists()


def test_an_existing_key_without_update_is_an_error(tmp_path):
    path = write_xlsx(tmp_path / "县.xlsx", county_sheets())
    import_file(None, path)
    outcome = import_file(None, path)
    assert not outcome.written
    assert any(e.column == "户编号" and "已存在" in e.reason for e in outcome.errors)
    assert table_counts() == EXPECTED


def test_reimporting_with_update_changes_nothing(tmp_path):
    path = write_xlsx(tmp_path / "县.xlsx", county_sheets())
    import_file(None, path)
    history_before = Household.history.count() + Member.history.count() + Event.history.count()
    outcome = import_file(None, path, update=True)
    assert outcome.written
    assert all(c.inserted == 0 and c.updated == 0 for c in outcome.counts)
    assert table_counts() == EXPECTED
    assert (
        Household.history.count() + Member.history.count() + Event.history.count() == history_before
    )


def test_update_changes_only_what_differs_and_keeps_the_old_value_in_history(tmp_path):
    import_file(None, write_xlsx(tmp_path / "a.xlsx", county_sheets()))
    sheets = county_sheets()
    sheets["户信息"][1][12] = "C级"
    outcome = import_file(None, write_xlsx(tmp_path / "b.xlsx", sheets), update=True)
    counts = {c.sheet: (c.inserted, c.updated, c.unchanged) for c in outcome.counts}
    assert counts["户信息"] == (0, 1, 1)
    household = Household.objects.get(code="H001")
    assert household.housing_grade == "C级"
    assert [h.housing_grade for h in household.history.order_by("history_date")] == ["B级", "C级"]


def test_a_member_of_an_unknown_household_is_an_error(tmp_path):
    sheets = {"家庭成员": county_sheets()["家庭成员"]}
    outcome = import_file(None, write_xlsx(tmp_path / "成员.xlsx", sheets))
    assert {e.reason for e in outcome.errors} == {
        "户编号不存在（既不在本次导入的户信息中，也不在系统中）"
    }


def test_a_registered_household_needs_its_year_attribute_and_cause(tmp_path):
    sheets = county_sheets()
    sheets["户信息"][1][5] = None
    outcome = import_file(None, write_xlsx(tmp_path / "缺.xlsx", sheets))
    assert [e.line() for e in outcome.errors] == [
        "户信息 第2行 识别年度：建档立卡户必须填写识别年度"
    ]


def test_a_member_who_left_needs_the_date(tmp_path):
    sheets = county_sheets()
    sheets["家庭成员"][4][18] = "死亡"
    outcome = import_file(None, write_xlsx(tmp_path / "死亡.xlsx", sheets))
    assert [e.column for e in outcome.errors] == ["状态变更日期"]


def test_duplicate_keys_in_one_file_name_the_first_row(tmp_path):
    sheets = county_sheets()
    sheets["收入"].append(["H001", 2020, 1, 1, 1, 1, 1])
    outcome = import_file(None, write_xlsx(tmp_path / "重.xlsx", sheets))
    assert [e.line() for e in outcome.errors] == ["收入 第5行 年度「2020」：与第3行重复"]


def test_an_id_active_in_another_household_is_stored_with_a_warning_naming_the_township(tmp_path):
    import_file(None, write_xlsx(tmp_path / "a.xlsx", county_sheets()))
    sheets = county_sheets()
    moved = sheets["家庭成员"][4]
    moved[0] = "H003"
    moved[3] = "户主"
    sheets["户信息"] = [sheets["户信息"][0], sheets["户信息"][2][:]]
    sheets["户信息"][1][0] = "H003"
    sheets = {"户信息": sheets["户信息"], "家庭成员": [sheets["家庭成员"][0], moved]}
    outcome = import_file(None, write_xlsx(tmp_path / "b.xlsx", sheets))
    assert outcome.written
    warning = next(w for w in outcome.warnings if w.sheet == "家庭成员")
    assert "平安镇" in warning.reason and "Q04" in warning.reason
    assert Member.objects.filter(id_number=HEAD_2).count() == 2


def test_unknown_sheets_and_columns_are_warnings(tmp_path):
    sheets = county_sheets()
    sheets["说明"] = [["本表由乡镇填报"]]
    sheets["收入"][0].append("备注")
    outcome = import_file(None, write_xlsx(tmp_path / "多.xlsx", sheets))
    assert outcome.written
    assert {(w.sheet, w.column) for w in outcome.warnings} >= {("说明", ""), ("收入", "备注")}


def test_a_missing_required_column_is_reported_once_at_the_header(tmp_path):
    sheets = county_sheets()
    sheets["收入"] = [[cell for i, cell in enumerate(row) if i != 2] for row in sheets["收入"]]
    outcome = import_file(None, write_xlsx(tmp_path / "列.xlsx", sheets))
    assert [e.line() for e in outcome.errors] == ["收入 第1行 工资性收入：缺少必填列"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.xlsx", b"not a workbook", "无法读取工作簿"),
        ("a.zip", b"PK\x03\x04broken", "无法读取压缩包"),
        ("a.xls", b"\xd0\xcf\x11\xe0", "另存为 .xlsx"),
        ("a.txt", b"hello", "不支持的文件类型"),
        ("户信息.csv", "户编号\n".encode("utf-16"), "编码无法识别"),
    ],
)
def test_unreadable_files_get_one_clear_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    outcome = import_file(None, path)
    assert not outcome.written and reason in outcome.errors[0].reason


def test_hostile_strings_are_stored_as_plain_text(tmp_path):
    sheets = county_sheets()
    sheets["家庭成员"][1][1] = "<script>alert(1)</script>"
    sheets["风险事件"][1][4] = "'); DROP TABLE registry_household; --"
    outcome = import_file(None, write_xlsx(tmp_path / "恶意.xlsx", sheets))
    assert outcome.written
    assert Member.objects.get(id_number=HEAD_1).name == "<script>alert(1)</script>"
    assert Household.objects.count() == 2


def test_the_head_must_be_a_head_member_or_the_office_is_warned(tmp_path):
    sheets = county_sheets()
    sheets["户信息"][2][2] = HEAD_1
    outcome = import_file(None, write_xlsx(tmp_path / "户主.xlsx", sheets))
    assert outcome.written
    assert any(w.column == "户主证件号码" and "Q06" in w.reason for w in outcome.warnings)


def test_the_annotated_copy_of_csv_files_is_one_workbook(tmp_path):
    import openpyxl

    from fupin.core.importing.annotate import annotate

    sheets = county_sheets()
    sheets["收入"][2][2] = -100
    folder = write_csv_folder(tmp_path / "csv", sheets)
    archive = tmp_path / "county.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for item in folder.iterdir():
            handle.write(item, item.name)
    outcome = import_file(None, archive)
    target = annotate(archive, outcome.columns, outcome.issues, tmp_path / "标注.xlsx")
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames[0] == "导入问题清单"
    assert "不能为负数" in workbook["收入"]["C3"].comment.text
