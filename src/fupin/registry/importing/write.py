"""Writing an import plan in one transaction, with a history record for every row written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from fupin.core.idnumber import parse_id_number

from ..models import Event, Grant, Household, Income, Member, VillageInfo
from .checks import VILLAGE_FIELDS, ImportPlan, SheetPlan, household_values, member_values
from .sheets import EVENTS, GRANTS, HOUSEHOLDS, INCOMES, MEMBERS, VILLAGES

BATCH = 2_000


@dataclass(frozen=True)
class SheetCounts:
    sheet: str
    inserted: int
    updated: int
    unchanged: int


def write_plan(plan: ImportPlan, *, actor: Any, reason: str) -> list[SheetCounts]:
    """Insert and update as planned; all or nothing."""
    history = {
        "default_user": actor if getattr(actor, "pk", None) else None,
        "default_change_reason": reason,
    }
    with transaction.atomic():
        _write(
            plan,
            VILLAGES.name,
            VillageInfo,
            lambda r: VillageInfo(
                village_id=r["village_code"], **{k: r[k] for k in VILLAGE_FIELDS}
            ),
            history,
        )
        _write(
            plan,
            HOUSEHOLDS.name,
            Household,
            lambda r: Household(code=r["household_code"], **household_values(r)),
            history,
        )
        ids = _household_ids(plan)
        _write(plan, MEMBERS.name, Member, lambda r: _member(r, ids), history)
        _write(
            plan,
            INCOMES.name,
            Income,
            lambda r: Income(household_id=ids[r["household_code"]], **_values(r, INCOMES)),
            history,
        )
        _write(plan, GRANTS.name, Grant, lambda r: _grant(r, ids), history)
        _write(
            plan,
            EVENTS.name,
            Event,
            lambda r: Event(household_id=ids[r["household_code"]], **_values(r, EVENTS)),
            history,
        )
    return [
        SheetCounts(name, len(sheet.new), len(sheet.changed), sheet.unchanged)
        for name, sheet in plan.sheets.items()
    ]


def _write(plan: ImportPlan, sheet_name: str, model: type, build, history: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    sheet: SheetPlan | None = plan.sheets.get(sheet_name)
    if sheet is None:
        return
    if sheet.new:
        bulk_create_with_history(
            [build(record) for record in sheet.new], model, batch_size=BATCH, **history
        )
    if sheet.changed:
        fields = sorted({name for _, changes in sheet.changed for name in changes})
        rows = []
        for row, changes in sheet.changed:
            for name, value in changes.items():
                setattr(row, name, value)
            if isinstance(row, Member) and "id_number" in changes:
                row.birth_date = parse_id_number(row.id_number).birth_date
            rows.append(row)
        bulk_update_with_history(rows, model, fields, batch_size=BATCH, **history)


def _household_ids(plan: ImportPlan) -> dict[str, int]:
    ids = {code: household.pk for code, household in plan.households.items()}
    new_codes = (
        [record["household_code"] for record in plan.sheets[HOUSEHOLDS.name].new]
        if HOUSEHOLDS.name in plan.sheets
        else []
    )
    for start in range(0, len(new_codes), 5_000):
        ids.update(
            Household.objects.filter(code__in=new_codes[start : start + 5_000]).values_list(
                "code", "pk"
            )
        )
    return ids


def _values(record: dict[str, Any], sheet) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        column.key: record[column.key] for column in sheet.columns if column.key != "household_code"
    }


def _member(record: dict[str, Any], ids: dict[str, int]) -> Member:
    return Member(
        household_id=ids[record["household_code"]],
        id_number=record["id_number"],
        birth_date=parse_id_number(record["id_number"]).birth_date,
        **member_values(record),
    )


def _grant(record: dict[str, Any], ids: dict[str, int]) -> Grant:
    return Grant(
        household_id=ids[record["household_code"]],
        id_number=record["id_number"],
        policy_id=record["policy_code"],
        year=record["year"],
        amount=record["amount"],
    )
