"""The rows an import writes hold the cleaned values as the rest of the code reads them
(``household_values``, ``member_values``, the sheets' columns), column for column."""

from __future__ import annotations

import pytest

from fupin.core.idnumber import parse_id_number
from fupin.core.importing.parse import parse_sheets
from fupin.core.importing.sources import read_source
from fupin.registry.importing import import_file
from fupin.registry.importing.checks import VILLAGE_FIELDS, household_values, member_values
from fupin.registry.importing.sheets import (
    EVENTS,
    GRANTS,
    HOUSEHOLDS,
    INCOMES,
    MEMBERS,
    SHEETS_BY_NAME,
    VILLAGES,
)
from fupin.registry.models import Event, Grant, Household, Income, Member, VillageInfo

from .workbooks import county_sheets, write_csv_folder

pytestmark = pytest.mark.django_db


def _order(row: dict) -> str:  # type: ignore[type-arg]
    return repr(sorted(row.items()))


def stored(model, exclude=("id",)) -> list[dict]:  # type: ignore[no-untyped-def]
    # a row's version is not a column of the file (a new row is at version 1)
    names = [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in exclude and f.attname != "version"
    ]
    return sorted(model.objects.values(*names), key=_order)


def test_every_column_holds_the_cleaned_value(tmp_path):
    sheets = county_sheets()
    sheets["户信息"][1][9] = "缺技术、缺资金"  # two other causes, joined by 、 when stored
    folder = write_csv_folder(tmp_path / "县", sheets)
    outcome = import_file(None, folder)
    assert outcome.written, [e.line() for e in outcome.errors]
    records = {
        name: sheet.records
        for name, sheet in parse_sheets(read_source(folder), SHEETS_BY_NAME).sheets.items()
    }
    code_of = dict(Household.objects.values_list("pk", "code"))

    def by_code(rows):  # type: ignore[no-untyped-def]
        return sorted(
            ({**row, "household_id": code_of[row["household_id"]]} for row in rows), key=_order
        )

    assert stored(VillageInfo, ()) == sorted(
        (
            {"village_id": r["village_code"], **{k: r[k] for k in VILLAGE_FIELDS}}
            for r in records[VILLAGES.name]
        ),
        key=_order,
    )
    households = stored(Household)
    assert [h["other_causes"] for h in households if h["code"] == "H001"] == ["缺技术、缺资金"]
    assert households == sorted(
        (
            {
                "code": r["household_code"],
                **household_values(r),
                "closed_on": None,
                "closed_reason": "",
            }
            for r in records[HOUSEHOLDS.name]
        ),
        key=_order,
    )
    assert by_code(stored(Member)) == sorted(
        (
            {
                "household_id": r["household_code"],
                "id_number": r["id_number"],
                "birth_date": parse_id_number(r["id_number"]).birth_date,
                **member_values(r),
            }
            for r in records[MEMBERS.name]
        ),
        key=_order,
    )
    for model, sheet in ((Income, INCOMES), (Event, EVENTS)):
        assert by_code(stored(model)) == sorted(
            (
                {
                    "household_id": r["household_code"],
                    **{c.key: r[c.key] for c in sheet.columns if c.key != "household_code"},
                }
                for r in records[sheet.name]
            ),
            key=_order,
        )
    assert by_code(stored(Grant)) == sorted(
        (
            {
                "household_id": r["household_code"],
                "id_number": r["id_number"],
                "policy_id": r["policy_code"],
                "year": r["year"],
                "amount": r["amount"],
            }
            for r in records[GRANTS.name]
        ),
        key=_order,
    )


def test_an_id_number_active_in_two_households_of_the_file_is_reported_for_each(tmp_path):
    sheets = county_sheets()
    members = sheets["家庭成员"]
    first = next(row for row in members[1:] if row[0] == "H001" and row[3] == "户主")
    members.append(["H002", "张建国", *first[2:]])  # the head of H001, active in H002 too
    outcome = import_file(None, write_csv_folder(tmp_path / "县", sheets))
    assert outcome.written, [e.line() for e in outcome.errors]
    warned = [w for w in outcome.warnings if w.sheet == "家庭成员" and "另一户" in w.reason]
    assert [w.value for w in warned] == [first[2], first[2]]
    assert {w.reason for w in warned} == {
        "该证件号码在本次导入的另一户中也为正常人员（将计入质量检查 Q04）"
    }
