"""Importing and exporting the grid workbook: all or nothing, every error at once, re-import
changes nothing, export re-imports to the same data, scope and masking."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from fupin.core.importing.sources import read_source
from fupin.grid.exchange import export_grid, import_grid
from fupin.grid.models import Area, AreaHousehold, Assignment, Cadre
from tests.registry.workbooks import person_id, write_csv_folder, write_xlsx
from tests.rules.builders import household

pytestmark = pytest.mark.django_db

VILLAGE = "220802100001"
ID_LEADER = person_id(dt.date(1975, 5, 1), 11, male=True)
ID_HELPER = person_id(dt.date(1982, 6, 2), 12, male=False)
ID_VILLAGE = person_id(dt.date(1979, 7, 3), 13, male=True)

CADRE_HEADERS = ["姓名", "证件号码", "所属区划代码", "工作单位", "职务", "联系电话", "干部类别"]
ASSIGNMENT_HEADERS = [
    "干部证件号码",
    "帮扶层级",
    "行政区划代码",
    "户编号",
    "片区名称",
    "开始日期",
    "结束日期",
    "结束原因",
    "责任书签订日期",
    "交接说明",
]


def good_sheets() -> dict[str, list[list[Any]]]:
    """Three cadres; a leader for the village, a handover of H2, an area with two households."""
    return {
        "帮扶干部": [
            ["洮北区帮扶干部花名册"],  # a title row above the header, as offices send them
            CADRE_HEADERS,
            [
                "李包村",
                ID_LEADER,
                "220802100",
                "平安镇人民政府",
                "副镇长",
                "13900000001",
                "乡镇领导",
            ],
            ["王帮扶", ID_HELPER, "220802100", "平安镇农业站", "站长", "13900000002", "帮扶责任人"],
            ["赵片长", ID_VILLAGE, VILLAGE, "新和居委会", "委员", "13900000003", "村干部"],
        ],
        "帮扶关系": [
            ASSIGNMENT_HEADERS,
            [ID_LEADER, "包村", VILLAGE, None, None, "2025-01-01", None, None, "2024-12-20"],
            [ID_HELPER, "包户", VILLAGE, "H1", None, "2025/3/1"],
            [ID_HELPER, "包户", VILLAGE, "H2", None, "2025-03-01", *[None] * 3, "户情档案已交接"],
            [ID_VILLAGE, "包户", VILLAGE, "H2", None, "2024-01-01", "2025-03-01", "调整为 王帮扶"],
            [ID_VILLAGE, "包片", VILLAGE, None, "东片", "2025年3月1日"],
        ],
        "片区农户": [
            ["行政区划代码", "片区名称", "户编号"],
            [VILLAGE, "东片", "H1"],
            [VILLAGE, "东片", "H2"],
        ],
    }


@pytest.fixture
def homes(db) -> None:  # type: ignore[no-untyped-def]
    household("H1")
    household("H2")


def snapshot() -> dict[str, Any]:
    """The grid's stored data, keyed so that two databases can be compared."""
    cadres = Cadre.objects.values_list(
        "name", "id_number", "region_id", "unit", "post", "phone", "kind", "user_id"
    )
    assignments = Assignment.objects.values_list(
        "cadre__id_number",
        "level",
        "village_id",
        "household__code",
        "area__name",
        "started_on",
        "ended_on",
        "end_reason",
        "letter_signed_on",
        "handover_note",
        "replaced_by__cadre__id_number",
    )
    members = AreaHousehold.objects.values_list("area__village_id", "area__name", "household__code")
    return {
        "cadres": sorted(cadres),
        "assignments": sorted(assignments, key=str),
        "areas": sorted(Area.objects.values_list("village_id", "name")),
        "members": sorted(members),
    }


def wipe_grid() -> None:
    Assignment.objects.update(replaced_by=None)
    Assignment.objects.all().delete()
    AreaHousehold.objects.all().delete()
    Area.objects.all().delete()
    Cadre.objects.all().delete()


def test_a_good_workbook_imports_every_sheet(tmp_path, homes, township_a_admin):
    outcome = import_grid(township_a_admin, write_xlsx(tmp_path / "grid.xlsx", good_sheets()))
    assert outcome.written, [e.line() for e in outcome.errors]
    assert outcome.summary() == (
        "导入完成：帮扶干部 新增 3、更新 0、未变 0；帮扶关系 新增 5、更新 0、未变 0；"
        "片区农户 新增 2、更新 0、未变 0。"
    )
    helper = Cadre.objects.get(id_number=ID_HELPER)
    assert (helper.name, helper.region_id, helper.kind) == ("王帮扶", "220802100", "帮扶责任人")
    old, new = (
        Assignment.objects.get(household__code="H2", cadre__id_number=number)
        for number in (ID_VILLAGE, ID_HELPER)
    )
    assert (old.ended_on, old.end_reason, old.replaced_by) == (
        dt.date(2025, 3, 1),
        "调整为 王帮扶",
        new,
    )
    assert new.handover_note == "户情档案已交接" and new.ended_on is None
    area = Area.objects.get(village_id=VILLAGE, name="东片")
    assert sorted(h.code for h in area.households.all()) == ["H1", "H2"]
    assert Assignment.objects.get(level="包片").area == area
    leader = Assignment.objects.get(level="包村")
    assert leader.letter_signed_on == dt.date(2024, 12, 20)


def test_english_headers_and_a_csv_folder_are_read_as_well(tmp_path, homes, sysadmin):
    sheets = good_sheets()
    sheets["帮扶干部"][1] = ["name", "id_number", "region_code", "unit", "post", "phone", "kind"]
    outcome = import_grid(sysadmin, write_csv_folder(tmp_path / "grid", sheets))
    assert outcome.written, [e.line() for e in outcome.errors]
    assert Cadre.objects.count() == 3 and Assignment.objects.count() == 5


def test_a_workbook_with_bad_rows_is_refused_whole_with_every_error(
    tmp_path, homes, township_a_admin, township_b_code
):
    sheets = good_sheets()
    sheets["帮扶干部"] += [
        ["坏证件", "22080219800101001", "220802100", "单位", "职务", "13900000004", "村干部"],
        ["坏类别", person_id(dt.date(1990, 1, 1), 5, male=True), "220802100", "单位", "职务",
         "13900000005", "包村干部"],
        ["外乡镇", person_id(dt.date(1990, 1, 2), 6, male=True), township_b_code, "单位", "职务",
         "13900000006", "村干部"],
    ]  # fmt: skip
    sheets["帮扶关系"] += [
        [ID_HELPER, "包村", "220802100999", None, None, "2025-01-01"],
        [ID_HELPER, "包户", VILLAGE, "NOSUCH", None, "2025-01-01"],
        [ID_LEADER, "包户", VILLAGE, "H1", None, "2025-06-01"],
        [ID_HELPER, "包村", VILLAGE, None, None, "2025-02-30"],
    ]
    outcome = import_grid(township_a_admin, write_xlsx(tmp_path / "bad.xlsx", sheets))
    assert not outcome.written
    found = [(e.sheet, e.row, e.column, e.value) for e in outcome.errors]
    assert found == [
        ("帮扶干部", 6, "证件号码", "22080219800101001"),
        ("帮扶干部", 7, "干部类别", "包村干部"),
        ("帮扶干部", 8, "所属区划代码", township_b_code),
        ("帮扶关系", 7, "行政区划代码", "220802100999"),
        ("帮扶关系", 8, "户编号", "NOSUCH"),
        ("帮扶关系", 9, "户编号", "H1"),
        ("帮扶关系", 10, "开始日期", "2025-02-30"),
    ]
    reasons = {(e.row, e.sheet): e.reason for e in outcome.errors}
    assert "包村干部" not in reasons[(7, "帮扶干部")] and "村干部" in reasons[(7, "帮扶干部")]
    assert reasons[(8, "帮扶干部")] == "不在您的管辖范围内"
    assert reasons[(7, "帮扶关系")] == "系统中没有这个村级区划代码"
    assert reasons[(8, "帮扶关系")] == "系统中没有这个户编号"
    assert "H1 已由 王帮扶 负责" in reasons[(9, "帮扶关系")]
    assert reasons[(10, "帮扶关系")] == "日期不存在"
    assert outcome.summary().startswith("未导入：发现 7 处错误")
    assert (Cadre.objects.count(), Assignment.objects.count(), Area.objects.count()) == (0, 0, 0)


def test_reimporting_the_same_file_changes_nothing(tmp_path, homes, township_a_admin):
    path = write_xlsx(tmp_path / "grid.xlsx", good_sheets())
    assert import_grid(township_a_admin, path).written
    before = snapshot()
    history = Assignment.history.count() + Cadre.history.count()
    again = import_grid(township_a_admin, path)
    assert again.written, [e.line() for e in again.errors]
    assert [(c.inserted, c.updated) for c in again.counts] == [(0, 0)] * 3
    assert [c.unchanged for c in again.counts] == [3, 5, 2]
    assert snapshot() == before
    assert Assignment.history.count() + Cadre.history.count() == history


def test_a_row_ending_a_stored_assignment_updates_it_and_a_conflicting_one_is_refused(
    tmp_path, homes, township_a_admin
):
    assert import_grid(township_a_admin, write_xlsx(tmp_path / "a.xlsx", good_sheets())).written
    sheets = good_sheets()
    sheets["帮扶关系"][2][6:8] = ["2025-09-01", "调离"]  # H1 ends
    sheets["帮扶关系"][1][8] = "2024-12-21"  # the leader's letter, already stored otherwise
    outcome = import_grid(township_a_admin, write_xlsx(tmp_path / "b.xlsx", sheets))
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "责任书签订日期")]
    sheets["帮扶关系"][1][8] = "2024-12-20"
    outcome = import_grid(township_a_admin, write_xlsx(tmp_path / "c.xlsx", sheets))
    assert outcome.written and outcome.counts[1].updated == 1
    ended = Assignment.objects.get(household__code="H1")
    assert (ended.ended_on, ended.end_reason) == (dt.date(2025, 9, 1), "调离")


@pytest.mark.parametrize("suffix", [".xlsx", ""])
def test_export_then_import_into_an_empty_grid_gives_the_same_data(
    tmp_path, homes, sysadmin, suffix
):
    assert import_grid(sysadmin, write_xlsx(tmp_path / "in.xlsx", good_sheets())).written
    before = snapshot()
    out = tmp_path / f"out{suffix}"
    counts = export_grid(out)
    assert counts == {"帮扶干部": 3, "帮扶关系": 5, "片区农户": 2}
    wipe_grid()
    outcome = import_grid(sysadmin, out)
    assert outcome.written, [e.line() for e in outcome.errors]
    assert snapshot() == before


def exported(path: Path) -> dict[str, list[list[Any]]]:
    return {sheet.name: sheet.rows[1:] for sheet in read_source(path)}


def test_export_keeps_to_the_users_region_and_masks_for_roles_without_identity(
    tmp_path, homes, sysadmin, township_b_admin, inspector
):
    assert import_grid(sysadmin, write_xlsx(tmp_path / "in.xlsx", good_sheets())).written
    export_grid(tmp_path / "b.xlsx", user=township_b_admin)
    assert exported(tmp_path / "b.xlsx") == {"帮扶干部": [], "帮扶关系": [], "片区农户": []}
    export_grid(tmp_path / "i.xlsx", user=inspector, region=VILLAGE, mask=True)
    rows = exported(tmp_path / "i.xlsx")
    assert len(rows["帮扶干部"]) == 3 and len(rows["帮扶关系"]) == 5
    helper = next(row for row in rows["帮扶干部"] if row[0] == "王帮扶")
    assert (helper[1], helper[5]) == (ID_HELPER[:4] + "*" * 10 + ID_HELPER[-4:], "139****0002")
    assert all("*" in row[0] for row in rows["帮扶关系"])


def test_a_large_import_refreshes_the_planners_statistics_and_a_refused_one_does_not(
    tmp_path, homes, township_a_admin, monkeypatch
):
    analysed: list[list[type]] = []
    monkeypatch.setattr("fupin.grid.exchange.ANALYZE_AFTER_ROWS", 3)
    monkeypatch.setattr("fupin.grid.exchange.analyze", analysed.append)
    bad = good_sheets()
    bad["帮扶干部"][2][1] = "12345"  # row 0 is a title, row 1 the header
    assert not import_grid(township_a_admin, write_xlsx(tmp_path / "bad.xlsx", bad)).written
    assert analysed == []
    assert import_grid(township_a_admin, write_xlsx(tmp_path / "ok.xlsx", good_sheets())).written
    assert analysed == [[Cadre, Area, AreaHousehold, Assignment]]
