"""The ``fupin`` command line as spec/interchange.md §4 describes it."""

from __future__ import annotations

import pytest

from fupin.alerts.models import RuleRun
from fupin.cli import main
from fupin.monitoring.models import Case
from fupin.regions.models import Region


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    captured = capsys.readouterr()
    return exit_.value.code, captured.out, captured.err


def test_regions_show_prints_the_region_and_its_ancestors(db, capsys):
    code, out, _ = run(capsys, "regions", "show", "220802100001")
    assert code == 0
    assert out.strip() == "吉林省 / 白城市 / 洮北区 / 平安镇 / 新和居委会"


def test_regions_show_of_an_unknown_code_exits_1_with_a_chinese_reason(db, capsys):
    code, _, err = run(capsys, "regions", "show", "220802999999")
    assert code == 1 and "没有区划代码 220802999999" in err


def test_init_twice_changes_nothing(db, capsys):
    before = Region.objects.count()
    code, out, _ = run(capsys, "init", "--province", "22")
    assert code == 0 and "新增 0 条，更新 0 条" in out
    assert Region.objects.count() == before


def test_regions_load_of_an_unknown_province_exits_1(db, capsys):
    code, _, err = run(capsys, "regions", "load", "--province", "99")
    assert code == 1 and "未知的省级区划代码：99" in err


def test_demo_creates_the_county_and_an_account_per_role_and_prints_the_login(db, capsys):
    code, out, _ = run(capsys, "demo", "--county", "220802", "--scale", "0.02")
    assert code == 0 and "admin" in out and "fupin2026demo" in out and "演示县：190 户" in out
    # The first rule run is made: every alerted household is a lead.
    alerted = RuleRun.objects.get(region_id="220802").households_alerted
    assert f"{alerted} 户预警" in out and Case.objects.open().count() == alerted
    code, out, _ = run(capsys, "demo", "--county", "220802", "--scale", "0.02")
    assert code == 0 and "不重复生成" in out


def test_demo_refuses_an_absurd_scale(db, capsys):
    code, _, err = run(capsys, "demo", "--scale", "0")
    assert code == 1 and "--scale" in err


def test_every_command_has_help(capsys):
    for argv in (
        ["--help"],
        ["init", "--help"],
        ["regions", "show", "--help"],
        ["serve", "--help"],
    ):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and out
