"""A name or note that a spreadsheet would run as a formula (spec/interchange.md §3.1): old data
holding one is exported as text, in CSV and in .xlsx; notes that begin with a trigger character
survive an export and an import unchanged; a new name that begins like a formula is refused by
the page, the services and the import, and the import then writes nothing."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from fupin.cli import main
from fupin.core.spreadsheet_safety import FORMULA_NAME_REASON
from fupin.jobs.models import Job, JobStatus
from fupin.registry.exporting import export_registry
from fupin.registry.importing import import_file
from fupin.registry.models import Event, Household, Member
from fupin.registry.services import RegistryError, add_member
from tests.conftest import client_for

from .test_editing import member_form
from .test_export import assert_export_reimports_identically, wipe
from .workbooks import CHILD_1, county_sheets, write_csv_folder, write_xlsx

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://x","点我")'


@pytest.fixture
def county(tmp_path):
    assert import_file(None, write_xlsx(tmp_path / "县.xlsx", county_sheets())).written


@pytest.fixture
def hostile_member(county) -> Member:  # type: ignore[no-untyped-def]
    """A member stored before names were checked: written straight to the table."""
    Member.objects.filter(id_number=CHILD_1).update(name=HOSTILE)
    return Member.objects.get(id_number=CHILD_1)


def test_the_export_command_writes_an_old_formula_name_as_text_in_the_members_csv(
    hostile_member, tmp_path
):
    with pytest.raises(SystemExit) as exit_:
        main(["export", str(tmp_path / "导出")])
    assert exit_.value.code == 0
    text = (tmp_path / "导出" / "家庭成员.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    child = next(row for row in rows if CHILD_1 in row)
    assert child[1] == "'" + HOSTILE
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_export_page_writes_an_old_formula_name_as_a_text_cell_in_the_workbook(
    hostile_member, township_a_admin, django_capture_on_commit_callbacks
):
    client = client_for(township_a_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:export"), {"region": ""})
    job = Job.objects.get(created_by=township_a_admin)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    download = client.get(reverse("jobs:download", args=[job.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    members = workbook["家庭成员"]
    child = next(row for row in members.iter_rows(min_row=2) if row[2].value == CHILD_1)
    assert (child[1].data_type, child[1].value) == ("s", "'" + HOSTILE)
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)


NOTES = ["-3 天未归", "=1+1", "@外出", "+1 人", "'=已有撇号"]


@pytest.mark.parametrize("name", ["导出.xlsx", "导出.zip", "导出目录"])
def test_notes_beginning_with_a_trigger_survive_an_export_and_an_import(tmp_path, name):
    assert import_file(None, write_xlsx(tmp_path / "县.xlsx", county_sheets())).written
    event = Event.objects.get()
    for note in NOTES:  # stored as typed on a page, where a note may begin with anything
        event.pk, event.note = None, note
        event.save()
    assert_export_reimports_identically(tmp_path / name)
    assert set(NOTES) <= set(Event.objects.values_list("note", flat=True))


def test_an_exported_formula_name_is_refused_on_import_and_nothing_is_written(
    hostile_member, tmp_path
):
    export_registry(tmp_path / "导出")
    wipe()
    outcome = import_file(None, tmp_path / "导出")
    assert not outcome.written
    [error] = outcome.errors
    assert (error.sheet, error.column, error.value) == ("家庭成员", "姓名", "'" + HOSTILE)
    assert error.reason == FORMULA_NAME_REASON
    assert Household.objects.count() == Member.objects.count() == 0


@pytest.mark.parametrize("name", [HOSTILE, "-张三", "+86", "@某人", "＝SUM(A1)"])
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_import_with_one_formula_name_is_refused_whole(tmp_path, name, kind):
    sheets = county_sheets()
    sheets["家庭成员"][2][1] = name
    if kind == "csv":
        path = write_csv_folder(tmp_path / "县", sheets)
    else:
        path = write_xlsx(tmp_path / "县.xlsx", sheets)
        workbook = openpyxl.load_workbook(path)
        workbook["家庭成员"]["B3"].data_type = "s"  # typed as text, not a formula to compute
        workbook.save(path)
    outcome = import_file(None, path)
    assert not outcome.written
    assert [(e.sheet, e.row, e.column, e.reason) for e in outcome.errors] == [
        ("家庭成员", 3, "姓名", FORMULA_NAME_REASON)
    ]
    assert Household.objects.count() == Member.objects.count() == Event.objects.count() == 0


def test_the_member_page_refuses_a_formula_name(county, township_a_admin):
    client = client_for(township_a_admin)
    response = client.post(reverse("registry:member_add", args=["H001"]), member_form(name=HOSTILE))
    assert response.status_code == 200
    assert FORMULA_NAME_REASON in response.content.decode()
    assert Member.objects.filter(household__code="H001").count() == 3


def test_the_service_refuses_a_formula_name_for_a_new_member(county, county_admin):
    with pytest.raises(RegistryError) as refusal:
        add_member(county_admin, Household.objects.get(code="H001"), raw=member_form(name="-张三"))
    assert refusal.value.errors == {"姓名": [FORMULA_NAME_REASON]}
    assert not Member.objects.filter(name="-张三").exists()
