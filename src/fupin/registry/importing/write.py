"""Writing an import plan in one transaction, with a history record for every row written.

New rows go in with one ``executemany`` per table (and one for their history), which keeps a
county-sized import close to the database's own insert rate; changed rows are few and go through
``bulk_update_with_history``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from fupin.accounts.models import User
from fupin.core.bulk import insert_with_history
from fupin.core.idnumber import IdNumber, parse_id_number
from fupin.core.importing.columns import Sheet
from fupin.core.importing.outcome import SheetCounts
from fupin.core.versions import VERSION, next_versions

from ..models import Event, Grant, Household, Income, Member, VillageInfo
from .checks import (
    HOUSEHOLD_COLUMNS,
    MEMBER_COLUMNS,
    VILLAGE_FIELDS,
    ImportPlan,
    SheetPlan,
    household_row,
    member_row,
)
from .sheets import EVENTS, GRANTS, HOUSEHOLDS, INCOMES, MEMBERS, VILLAGES

BATCH = 2_000


def write_plan(plan: ImportPlan, *, actor: User | None, reason: str) -> list[SheetCounts]:
    """Insert and update as planned; all or nothing.

    New rows go in as tuples built straight from the cleaned records (``household_row``,
    ``member_row`` and the sheets' columns), without a dict per row between them: a county has
    close to a million rows."""
    user = actor if actor is not None and actor.pk else None
    writer = _Writer(plan, user, reason)
    with transaction.atomic():
        village = itemgetter("village_code", *VILLAGE_FIELDS)
        writer.write(VILLAGES, VillageInfo, ["village_id", *VILLAGE_FIELDS], village)
        ids = writer.write(
            HOUSEHOLDS,
            Household,
            ["code", *HOUSEHOLD_COLUMNS],
            lambda r: (r["household_code"], *household_row(r)),
        )
        household_ids = {code: household.pk for code, household in plan.households.items()}
        household_ids.update(
            zip(
                (r["household_code"] for r in plan.sheets.get(HOUSEHOLDS.name, SheetPlan()).new),
                ids,
                strict=True,
            )
        )
        writer.write(
            MEMBERS,
            Member,
            ["household_id", "id_number", *MEMBER_COLUMNS, "birth_date"],
            lambda r: (
                household_ids[r["household_code"]],
                r["id_number"],
                *member_row(r),
                # the cleaned number is already in its stored form, so only its date is read
                IdNumber(r["id_number"]).birth_date,
            ),
        )
        incomes = _keys(INCOMES)
        writer.write(
            INCOMES, Income, ["household_id", *incomes], _with_household(household_ids, incomes)
        )
        writer.write(
            GRANTS,
            Grant,
            ["household_id", "id_number", "policy_id", "year", "amount"],
            _with_household(household_ids, ["id_number", "policy_code", "year", "amount"]),
        )
        events = _keys(EVENTS)
        writer.write(
            EVENTS, Event, ["household_id", *events], _with_household(household_ids, events)
        )
    return [
        SheetCounts(name, len(sheet.new), len(sheet.changed), sheet.unchanged)
        for name, sheet in plan.sheets.items()
    ]


def _keys(sheet: Sheet) -> list[str]:
    return [column.key for column in sheet.columns if column.key != "household_code"]


def _with_household(
    household_ids: dict[str, int], keys: list[str]
) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A record's row: its household's id, then its values of ``keys`` (two or more)."""
    values = itemgetter(*keys)
    return lambda r: (household_ids[r["household_code"]], *values(r))


class _Writer:
    def __init__(self, plan: ImportPlan, user: User | None, reason: str) -> None:
        self.plan = plan
        self.user = user
        self.reason = reason
        self.when = timezone.now()

    def write(
        self,
        sheet: Sheet,
        model: type,
        columns: Sequence[str],
        values: Callable[[dict[str, Any]], tuple[Any, ...]],
    ) -> list[int]:
        """Insert the sheet's new rows (``values`` of a record: its row, in the order of
        ``columns``) and update its changed ones; returns the new rows' ids."""
        plan = self.plan.sheets.get(sheet.name)
        if plan is None:
            return []
        ids = []
        if plan.new:
            ids = insert_with_history(
                model,
                columns,
                [values(record) for record in plan.new],
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
        if hasattr(model, VERSION):  # a changed row is a new version: a page open on it is stale
            fields = next_versions(rows, fields)
        bulk_update_with_history(
            rows,
            model,
            fields,
            batch_size=BATCH,
            default_user=self.user,
            default_change_reason=self.reason,
            default_date=self.when,
        )
