"""Cadres' names and pairings' contacts that a spreadsheet would run as a formula (spec/
interchange.md §3.1): an old one is exported as text; a new one is refused by the pages, the
services and the import, which then writes nothing."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from fupin.cli import main
from fupin.core.spreadsheet_safety import FORMULA_NAME_REASON
from fupin.grid.exchange import import_grid
from fupin.grid.models import Assignment, Cadre, Pairing
from fupin.grid.services import GridError, cleaned_cadre
from fupin.regions.models import Region
from tests.conftest import TOWNSHIP_A, VILLAGE_A, client_for
from tests.registry.workbooks import write_csv_folder, write_xlsx
from tests.rules.builders import household

from .builders import cadre
from .test_exchange import good_sheets
from .test_pages_forms import cadre_values

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://x","点我")'


def test_the_export_page_writes_an_old_formula_name_as_a_text_cell(township_a_admin):
    cadre(HOSTILE)  # stored before names were checked
    response = client_for(township_a_admin).get("/grid/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["帮扶干部"]
    name = sheet["A2"]
    assert (name.data_type, name.value) == ("s", "'" + HOSTILE)


def test_the_export_command_writes_an_old_formula_name_as_text_in_csv(tmp_path):
    cadre("-张三")
    with pytest.raises(SystemExit) as exit_:
        main(["grid", "export", "--out", str(tmp_path / "网格")])
    assert exit_.value.code == 0
    text = (tmp_path / "网格" / "帮扶干部.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1][0] == "'-张三"


def test_the_cadre_page_refuses_a_formula_name(township_a_admin):
    response = client_for(township_a_admin).post("/grid/cadres/new/", cadre_values(name=HOSTILE))
    assert response.status_code == 400
    assert f"姓名：{FORMULA_NAME_REASON}" in response.content.decode()
    assert not Cadre.objects.exists()


@pytest.mark.parametrize("name", ["@张三", "+张三", "-张三"])
def test_the_service_refuses_a_formula_name(name):
    values = cadre_values(name=name) | {"region": Region.objects.get(code=TOWNSHIP_A)}
    with pytest.raises(GridError) as refusal:
        cleaned_cadre(values)
    assert str(refusal.value) == f"姓名：{FORMULA_NAME_REASON}"


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_import_with_one_formula_name_is_refused_whole(tmp_path, sysadmin, kind):
    household("H1"), household("H2")
    sheets = good_sheets()
    sheets["帮扶干部"][3][0] = "@王帮扶"
    path = (
        write_xlsx(tmp_path / "网格.xlsx", sheets)
        if kind == "xlsx"
        else write_csv_folder(tmp_path / "网格", sheets)
    )
    outcome = import_grid(sysadmin, path)
    assert not outcome.written
    assert [(e.sheet, e.row, e.column, e.reason) for e in outcome.errors] == [
        ("帮扶干部", 4, "姓名", FORMULA_NAME_REASON)
    ]
    assert Cadre.objects.count() == Assignment.objects.count() == 0


def test_the_pairing_page_refuses_a_formula_contact(township_a_admin):
    values = {"target": VILLAGE_A, "unit": "白城市财政局", "started_on": "2025-01-01"}
    response = client_for(township_a_admin).post(
        f"/grid/villages/{VILLAGE_A}/pairings/new/", values | {"contact": "=1+1"}
    )
    assert response.status_code == 400
    assert f"联系人：{FORMULA_NAME_REASON}" in response.content.decode()
    assert not Pairing.objects.exists()
