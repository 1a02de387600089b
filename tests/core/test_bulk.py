"""Raw inserts with history (``fupin.core.bulk``): every row written gets a creation record that
holds exactly the row's values, the user, the reason and the time, as a model's own save would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DataError, connection, transaction
from django.utils import timezone

from fupin.core.bulk import insert_history, insert_with_history, update_rows
from fupin.ledger.models import Problem
from fupin.registry.importing import import_file
from fupin.registry.models import Event, Grant, Household, Income, Member, VillageInfo
from tests.conftest import VILLAGE_A
from tests.ledger.builders import problem
from tests.registry.workbooks import county_sheets, write_csv_folder

pytestmark = pytest.mark.django_db

WHEN = dt.datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)
HOUSEHOLD_COLUMNS = [
    "code",
    "village_id",
    "head_id_number",
    "is_registered",
    "identified_year",
    "food_secure",
    "clothing_secure",
    "housing_grade",
    "water_quantity_ok",
    "water_quality_ok",
    "water_access_ok",
    "water_supply_ok",
]


def household_row(code: str, year: int | None = 2016) -> tuple:
    return (code, VILLAGE_A, "220802199001010011", True, year, True, False, "B级", *[True] * 4)


def assert_history_mirrors_rows(model, *, user_id, reason, when=None) -> int:  # type: ignore[no-untyped-def]
    """Each row has exactly one "+" record carrying each of its fields; returns how many."""
    fields = [field.attname for field in model._meta.concrete_fields]
    rows = {row[model._meta.pk.attname]: row for row in model.objects.values(*fields)}
    records = list(
        model.history.values(
            *fields, "history_type", "history_change_reason", "history_user_id", "history_date"
        )
    )
    assert len(records) == len(rows)
    for record in records:
        key = record[model._meta.pk.attname]
        assert {name: record[name] for name in fields} == rows[key]
        assert record["history_type"] == "+"
        assert record["history_change_reason"] == reason
        assert record["history_user_id"] == user_id
        if when is not None:
            assert record["history_date"] == when
    return len(records)


def test_rows_with_automatic_ids_get_a_creation_record_each(county_admin):
    with transaction.atomic():
        ids = insert_with_history(
            Household,
            HOUSEHOLD_COLUMNS,
            [household_row("H1"), household_row("H2", None), household_row("H3")],
            user_id=county_admin.pk,
            reason="导入 户.csv",
            when=WHEN,
        )
    assert ids == sorted(Household.objects.values_list("pk", flat=True))
    assert (
        assert_history_mirrors_rows(
            Household, user_id=county_admin.pk, reason="导入 户.csv", when=WHEN
        )
        == 3
    )
    # Fields not given took their defaults, in the row and in its record.
    record = Household.history.get(code="H2")
    assert record.identified_year is None and record.closed_reason == "" and not record.relocated
    # The records come in the rows' order, as the model's own history lists them.
    assert list(Household.history.order_by("history_id").values_list("id", flat=True)) == ids


def test_rows_keyed_by_code_get_a_creation_record_each():
    """A village's key is its code, not an automatic id."""
    with transaction.atomic():
        codes = insert_with_history(
            VillageInfo,
            ["village_id", "households_registered", "population", "is_poor_village", "exit_year"],
            [(VILLAGE_A, 120, 410, True, 2019), ("220802100002", 80, 250, False, None)],
            user_id=None,
            reason="导入 村.csv",
            when=WHEN,
        )
    assert codes == [VILLAGE_A, "220802100002"]
    assert assert_history_mirrors_rows(VillageInfo, user_id=None, reason="导入 村.csv") == 2


def test_only_the_rows_named_get_a_record_when_their_ids_are_not_a_range(county_admin):
    with transaction.atomic():
        ids = [
            Household.objects.create(
                **dict(zip(HOUSEHOLD_COLUMNS, household_row(f"H{n}"), strict=True))
            ).pk
            for n in range(5)
        ]
    Household.history.all().delete()
    chosen = [ids[0], ids[2], ids[3]]
    with transaction.atomic():
        insert_history(Household, chosen, user_id=county_admin.pk, reason="补记", when=WHEN)
    records = Household.history.order_by("history_id")
    assert [record.id for record in records] == chosen
    assert {(r.history_type, r.history_user_id, r.history_change_reason) for r in records} == {
        ("+", county_admin.pk, "补记")
    }
    assert {record.history_date for record in records} == {WHEN}


def test_an_import_writes_a_record_mirroring_every_row_of_every_table(tmp_path, county_admin):
    before = timezone.now()
    outcome = import_file(county_admin, write_csv_folder(tmp_path / "县", county_sheets()))
    assert outcome.written, [e.line() for e in outcome.errors]
    reason = "导入 县"
    for model in (VillageInfo, Household, Member, Income, Grant, Event):
        assert assert_history_mirrors_rows(model, user_id=county_admin.pk, reason=reason) > 0
    dates = {
        record.history_date
        for model in (VillageInfo, Household, Member, Income, Grant, Event)
        for record in model.history.all()
    }
    assert len(dates) == 1 and before <= dates.pop() <= timezone.now()
    # Money keeps its cents in the record, as in the row.
    assert Income.history.get(year=2019, household__code="H001").business_income == Decimal(
        "3500.50"
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite does not hold text to a column's length"
)
def test_a_reason_longer_than_its_column_is_refused_not_cut(county_admin):
    """Nothing is shortened silently: the history's reason column holds 100 characters."""
    with transaction.atomic():
        (household_id,) = insert_with_history(
            Household, HOUSEHOLD_COLUMNS, [household_row("H1")], user_id=None, reason="导入"
        )
    Household.history.all().delete()
    with pytest.raises(DataError), transaction.atomic():
        insert_history(Household, [household_id], user_id=None, reason="导" * 101)
    assert not Household.history.exists()


def test_update_rows_writes_the_named_fields_of_each_row_and_nothing_else(county_admin):
    first, second = (problem(VILLAGE_A, by=county_admin) for _ in range(2))
    first.registered_at, second.registered_at = WHEN, WHEN - dt.timedelta(days=3)
    first.description = second.description = "不写入"
    update_rows(Problem, ["registered_at"], [first, second])
    stored = {p.pk: p for p in Problem.objects.all()}
    assert stored[first.pk].registered_at == WHEN
    assert stored[second.pk].registered_at == WHEN - dt.timedelta(days=3)
    assert {p.description for p in stored.values()} == {"测试问题"}
