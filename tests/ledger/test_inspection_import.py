"""The inspection list's import: every error of the file at once and nothing written, or every
row registered with its steps; the same list twice adds nothing."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from fupin.core.importing.sources import read_source
from fupin.ledger.choices import ProblemState
from fupin.ledger.inspection_import import MAX_ROWS, SHEET, import_problems, write_template
from fupin.ledger.models import Problem, ProblemStep
from tests.conftest import VILLAGE_A
from tests.grid.builders import cadre
from tests.rules.builders import household, member

from .inspections import HEADERS, row, workbook
from .walk import People

pytestmark = pytest.mark.django_db
LATER = dt.date(2026, 6, 30)


def errors_of(outcome) -> list[tuple[int | None, str, str]]:  # type: ignore[no-untyped-def]
    return [(issue.row, issue.column, issue.reason) for issue in outcome.errors]


def test_a_good_list_registers_every_row_with_its_steps(people: People, tmp_path):
    home = household("H1")
    person = member(home, dt.date(1970, 1, 1))
    path = workbook(
        tmp_path / "清单.xlsx",
        row(户编号="H1", 证件号码=person.id_number, 严重程度="较重"),
        row(
            序号=2,
            问题描述="低保金发放不及时",
            问题类别="政策落实",
            责任单位="",
            责任人="李整改",
            整改措施="补发低保金",
            整改时限=LATER,
        ),
    )
    outcome = import_problems(people.township, path)
    assert outcome.written, outcome.errors
    assert outcome.summary() == "导入完成：督导组交办问题清单 新增 2、更新 0、未变 0。"
    first, second = Problem.objects.order_by("id")
    assert (first.household, first.member, first.severity) == (home, person, "较重")
    assert first.state == ProblemState.REGISTERED and first.origin_key.startswith("inspection:")
    assert second.state == ProblemState.RECTIFYING
    assert (second.responsible_cadre, second.measure, second.deadline) == (
        people.cadre,
        "补发低保金",
        LATER,
    )
    steps = list(ProblemStep.objects.filter(problem=second).values_list("step", flat=True))
    assert steps == ["register", "set_measure"]


def test_importing_the_same_list_again_adds_nothing(people: People, tmp_path):
    path = workbook(tmp_path / "清单.xlsx", row(), row(序号=2, 问题描述="道路未硬化"))
    assert import_problems(people.township, path).written
    again = import_problems(people.township, path)
    assert again.written and again.summary().endswith("新增 0、更新 0、未变 2。")
    assert Problem.objects.count() == 2


def test_every_bad_row_is_reported_at_once_and_nothing_is_written(
    people: People, township_b_code, tmp_path
):
    household("H1")
    household("B1", village=township_b_code + "001")
    path = workbook(
        tmp_path / "清单.xlsx",
        row(),  # good, yet not written
        row(区划代码="220802999999"),
        row(区划代码=township_b_code),
        row(问题类别="环境卫生"),
        row(问题来源="上级交办"),
        row(责任单位=""),
        row(责任单位="", 责任人="张无名"),
        row(整改措施="修缮", 整改时限=dt.date(2026, 1, 5)),
        row(整改措施="修缮"),
        row(户编号="B1"),
        row(证件号码="220802199001011237"),
        row(严重程度="特别严重"),
        row(户编号="H1", 问题描述="与下一行相同"),
        row(户编号="H1", 问题描述="与下一行相同"),
        row(整改时限="明天"),
    )
    outcome = import_problems(people.township, path)
    assert not outcome.written
    reasons = errors_of(outcome)
    expected = [
        (3, "区划代码", "系统中没有这个区划代码"),
        (4, "区划代码", "不在您的管辖范围内"),
        (
            6,
            "问题来源",
            "应为以下之一："
            + "、".join(
                [
                    "走访",
                    "督导检查",
                    "巡视巡察",
                    "审计",
                    "数据质量检查",
                    "部门比对",
                    "群众反映/12317",
                    "自查",
                ]
            ),
        ),
        (7, "责任单位", "请填写责任单位或责任人"),
        (8, "责任人", "此区划没有这名帮扶干部，或不在您的管辖范围内"),
        (9, "整改时限", "整改时限不能早于今天（2026-03-02）"),
        (10, "整改时限", "填写了整改措施时必填"),
        (11, "户编号", "系统中没有这个户编号，或不在您的管辖范围内"),
        (12, "证件号码", "此区划没有这名成员，或不在您的管辖范围内"),
        (15, "", "与第14行重复"),
    ]
    for issue in expected:
        assert issue in reasons, (issue, reasons)
    assert any(row_ == 5 and column == "问题类别" for row_, column, _ in reasons)
    assert any(row_ == 13 and column == "严重程度" for row_, column, _ in reasons)
    assert any(row_ == 16 and column == "整改时限" for row_, column, _ in reasons)
    assert not Problem.objects.exists() and not ProblemStep.objects.exists()
    assert outcome.summary().startswith("未导入：发现")


def test_a_file_that_is_not_a_workbook_is_refused(people: People, tmp_path):
    path = tmp_path / "清单.xlsx"
    path.write_bytes(b"not a workbook")
    outcome = import_problems(people.township, path)
    assert not outcome.written
    assert "无法读取工作簿" in outcome.errors[0].reason


def test_too_many_rows_are_refused_before_any_is_checked(people: People, tmp_path):
    path = workbook(tmp_path / "清单.xlsx", *[row(序号=n + 1) for n in range(MAX_ROWS + 1)])
    outcome = import_problems(people.township, path)
    assert not outcome.written and "行数过多" in outcome.errors[0].reason
    assert not Problem.objects.exists()


def test_a_file_too_large_is_refused(people: People, tmp_path, monkeypatch):
    monkeypatch.setattr("fupin.ledger.inspection_import.MAX_FILE_BYTES", 100)
    path = workbook(tmp_path / "清单.xlsx", row())
    outcome = import_problems(people.township, path)
    assert not outcome.written and "文件过大" in outcome.errors[0].reason


def test_a_csv_named_as_the_office_likes_is_read_as_the_list(people: People, tmp_path):
    path = tmp_path / "2026年第一轮督导.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([HEADERS, row()])
    outcome = import_problems(people.township, path)
    assert outcome.written, outcome.errors
    assert Problem.objects.get().description == "危房改造后屋顶漏雨"


def test_control_characters_are_refused_and_a_formula_stays_text(people: People, tmp_path):
    path = tmp_path / "清单.csv"
    rows = [HEADERS, row(问题描述="含控制字符\x07"), row(问题描述='=HYPERLINK("http://x","点我")')]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    outcome = import_problems(people.township, path)
    assert errors_of(outcome) == [(2, "问题描述", "含有不可见的控制字符")]
    del rows[1]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert import_problems(people.township, path).written
    assert Problem.objects.get().description.startswith("=HYPERLINK")


def test_an_inspector_imports_nothing(people: People, inspector, tmp_path):
    outcome = import_problems(inspector, workbook(tmp_path / "清单.xlsx", row()))
    assert not outcome.written and "不能登记问题" in outcome.errors[0].reason
    assert not Problem.objects.exists()


def test_the_template_imports_as_it_is(people: People, tmp_path):
    path = tmp_path / "模板.xlsx"
    write_template(path)
    [sheet] = read_source(path)
    assert sheet.rows[0] == HEADERS
    assert import_problems(people.township, path).written
    assert Problem.objects.get().region_id == VILLAGE_A


def test_a_cadre_of_another_region_is_not_found(people: People, township_b_code, tmp_path):
    cadre("赵外乡", region=township_b_code)
    path = workbook(tmp_path / "清单.xlsx", row(责任单位="", 责任人="赵外乡"))
    outcome = import_problems(people.township, path)
    assert errors_of(outcome) == [(2, "责任人", "此区划没有这名帮扶干部，或不在您的管辖范围内")]


def test_the_document_describes_every_column_of_the_sheet():
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "ledger-interchange.md").read_text()
    for column in SHEET.columns:
        assert f"| {column.header} " in text and f"| {column.key} |" in text, column.header
