"""Export writes the import template: exporting and importing again gives identical data."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from fupin.cli import main
from fupin.registry.exporting import export_registry
from fupin.registry.importing import import_file
from fupin.registry.models import Event, Grant, Household, Income, Member, VillageInfo

from .workbooks import HEAD_1, county_sheets, write_xlsx

pytestmark = pytest.mark.django_db
MODELS = (VillageInfo, Household, Member, Income, Grant, Event)


def snapshot() -> dict[str, list[tuple]]:
    """Every stored column of every registry table, without surrogate ids."""
    data = {}
    for model in MODELS:
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            # a row's version counts its saves, which a file does not carry
            if f.attname not in ("id", "household_id", "version")
        ]
        if any(f.attname == "household_id" for f in model._meta.concrete_fields):
            fields.append("household__code")
        data[model.__name__] = sorted(model.objects.values_list(*fields), key=repr)
    return data


def wipe() -> None:
    with connection.cursor():
        for model in reversed(MODELS):
            model.history.all().delete()
            model.objects.all().delete()


def assert_export_reimports_identically(path: Path) -> None:
    """Export everything to ``path``, empty the registry, import ``path``: the same data."""
    before = snapshot()
    export_registry(path)
    wipe()
    outcome = import_file(None, path)
    assert outcome.written, [e.line() for e in outcome.errors]
    assert snapshot() == before


@pytest.mark.parametrize("name", ["导出.xlsx", "导出.zip", "导出目录"])
def test_export_then_import_into_an_empty_database_gives_identical_data(tmp_path, name):
    assert import_file(None, write_xlsx(tmp_path / "县.xlsx", county_sheets())).written
    assert_export_reimports_identically(tmp_path / name)


def test_a_masked_export_hides_id_numbers_and_phones(tmp_path):
    import_file(None, write_xlsx(tmp_path / "县.xlsx", county_sheets()))
    export_registry(tmp_path / "out", mask=True)
    members = (tmp_path / "out" / "家庭成员.csv").read_text(encoding="utf-8-sig")
    households = (tmp_path / "out" / "户信息.csv").read_text(encoding="utf-8-sig")
    assert HEAD_1 not in members and HEAD_1 not in households
    assert f"{HEAD_1[:4]}**********{HEAD_1[-4:]}" in members
    assert "138****5678" in households and "13812345678" not in households


def test_export_of_a_region_holds_only_that_region(tmp_path):
    import_file(None, write_xlsx(tmp_path / "县.xlsx", county_sheets()))
    counts = export_registry(tmp_path / "one", region="220802100001")
    assert counts["户信息"] == 1 and counts["村信息"] == 1 and counts["家庭成员"] == 3


def test_csv_exports_have_a_bom_and_crlf_line_ends(tmp_path):
    import_file(None, write_xlsx(tmp_path / "县.xlsx", county_sheets()))
    export_registry(tmp_path / "out")
    raw = (tmp_path / "out" / "收入.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert "H001,2019,9000.00,3500.50,0.00,2400.00,1200.00" in raw.decode("utf-8-sig")


def test_the_export_command_refuses_an_unknown_suffix_and_region(tmp_path, capsys):
    for argv in (
        ["export", str(tmp_path / "a.pdf")],
        ["export", str(tmp_path / "a.xlsx"), "--region", "99"],
    ):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 1
    assert "错误" in capsys.readouterr().err
