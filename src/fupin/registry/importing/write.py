"""Writing an import plan in one transaction, with a history record for every row written.

New rows go in with one ``executemany`` per table (and one for their history), which keeps a
county-sized import close to the database's own insert rate; changed rows are few and go through
``bulk_update_with_history``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from fupin.core.bulk import insert_with_history
from fupin.core.idnumber import parse_id_number

from ..models import Event, Grant, Household, Income, Member, VillageInfo
from .checks import VILLAGE_FIELDS, ImportPlan, SheetPlan, household_values, member_values
from .sheets import EVENTS, GRANTS, HOUSEHOLDS, INCOMES, MEMBERS, VILLAGES, Sheet

BATCH = 2_000


@dataclass(frozen=True)
class SheetCounts:
    sheet: str
    inserted: int
    updated: int
    unchanged: int


def write_plan(plan: ImportPlan, *, actor: Any, reason: str) -> list[SheetCounts]:
    """Insert and update as planned; all or nothing."""
    user = actor if getattr(actor, "pk", None) else None
    writer = _Writer(plan, user, reason)
    with transaction.atomic():
        writer.write(
            VILLAGES,
            VillageInfo,
            lambda r: {"village_id": r["village_code"], **{k: r[k] for k in VILLAGE_FIELDS}},
        )
        ids = writer.write(
            HOUSEHOLDS, Household, lambda r: {"code": r["household_code"], **household_values(r)}
        )
        household_ids = {code: household.pk for code, household in plan.households.items()}
        household_ids.update(
            zip(
                (r["household_code"] for r in plan.sheets.get(HOUSEHOLDS.name, SheetPlan()).new),
                ids,
                strict=True,
            )
        )
        writer.write(MEMBERS, Member, lambda r: _member(r, household_ids))
        writer.write(
            INCOMES,
            Income,
            lambda r: {"household_id": household_ids[r["household_code"]], **_values(r, INCOMES)},
        )
        writer.write(GRANTS, Grant, lambda r: _grant(r, household_ids))
        writer.write(
            EVENTS,
            Event,
            lambda r: {"household_id": household_ids[r["household_code"]], **_values(r, EVENTS)},
        )
    return [
        SheetCounts(name, len(sheet.new), len(sheet.changed), sheet.unchanged)
        for name, sheet in plan.sheets.items()
    ]


class _Writer:
    def __init__(self, plan: ImportPlan, user: Any, reason: str) -> None:
        self.plan = plan
        self.user = user
        self.reason = reason
        self.when = timezone.now()

    def write(
        self, sheet: Sheet, model: type, values: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> list[int]:
        """Insert the sheet's new rows and update its changed ones; returns the new rows' ids."""
        plan = self.plan.sheets.get(sheet.name)
        if plan is None:
            return []
        ids = []
        if plan.new:
            rows = [values(record) for record in plan.new]
            columns = list(rows[0])  # every row's dict has the same keys in the same order
            ids = insert_with_history(
                model,
                columns,
                [tuple(row.values()) for row in rows],
                user_id=self.user.pk if self.user else None,
                reason=self.reason,
                when=self.when,
            )
        if plan.changed:
            self._update(model, plan)
        return ids

    def _update(self, model: type, plan: SheetPlan) -> None:
        fields = sorted({name for _, changes in plan.changed for name in changes})
        rows = []
        for row, changes in plan.changed:
            for name, value in changes.items():
                setattr(row, name, value)
            if isinstance(row, Member) and "id_number" in changes:
                row.birth_date = parse_id_number(row.id_number).birth_date
            rows.append(row)
        bulk_update_with_history(
            rows,
            model,
            fields,
            batch_size=BATCH,
            default_user=self.user,
            default_change_reason=self.reason,
            default_date=self.when,
        )


def _values(record: dict[str, Any], sheet: Sheet) -> dict[str, Any]:
    return {
        column.key: record[column.key] for column in sheet.columns if column.key != "household_code"
    }


def _member(record: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    return {
        "household_id": ids[record["household_code"]],
        "id_number": record["id_number"],
        "birth_date": parse_id_number(record["id_number"]).birth_date,
        **member_values(record),
    }


def _grant(record: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    return {
        "household_id": ids[record["household_code"]],
        "id_number": record["id_number"],
        "policy_id": record["policy_code"],
        "year": record["year"],
        "amount": record["amount"],
    }
