"""Exporting the registry in the import template, so that an export re-imports to identical data.

The rows come from the scoped managers: a page user's export holds only their region (narrowed
further to a chosen region), with ID numbers and phones masked for roles that may not see them.
The command line exports as the operator: everything, unmasked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from fupin.accounts.models import User
from fupin.core.idnumber import mask_id_number, mask_phone
from fupin.core.importing.columns import Sheet
from fupin.core.scope import scoped_rows
from fupin.core.tables import write_sheets

from .importing.sheets import EVENTS, GRANTS, HOUSEHOLDS, INCOMES, MEMBERS, VILLAGES
from .models import Event, Grant, Household, Income, Member, VillageInfo

# Template column key → the field path it is read from, where the two differ.
SOURCES: dict[str, dict[str, str]] = {
    VILLAGES.name: {"village_code": "village_id"},
    HOUSEHOLDS.name: {"household_code": "code", "village_code": "village_id"},
    MEMBERS.name: {"household_code": "household__code"},
    INCOMES.name: {"household_code": "household__code"},
    GRANTS.name: {"household_code": "household__code", "policy_code": "policy_id"},
    EVENTS.name: {"household_code": "household__code"},
}
MODELS = {
    VILLAGES.name: (VillageInfo, ["village_id"]),
    HOUSEHOLDS.name: (Household, ["code"]),
    MEMBERS.name: (Member, ["household__code", "id"]),
    INCOMES.name: (Income, ["household__code", "year"]),
    GRANTS.name: (Grant, ["household__code", "year", "policy_id", "id_number"]),
    EVENTS.name: (Event, ["household__code", "date", "id"]),
}
# How each sheet's rows name their household (the villages' sheet has none).
HOUSEHOLD_KEYS = {
    HOUSEHOLDS.name: "pk",
    MEMBERS.name: "household_id",
    INCOMES.name: "household_id",
    GRANTS.name: "household_id",
    EVENTS.name: "household_id",
}
MASKED = {"head_id_number": mask_id_number, "id_number": mask_id_number, "phone": mask_phone}


def export_registry(
    path: Path,
    *,
    user: User | None = None,
    region: str | None = None,
    households: QuerySet[Household] | None = None,
    mask: bool = False,
) -> dict[str, int]:
    """Write every sheet of the template to ``path`` (.xlsx, .zip of CSVs, or a folder of CSVs).
    ``user`` limits the rows to what that user may see (None: the operator, everything);
    ``households`` (the household list's filter) to those households and what belongs to them."""
    sheets = {
        sheet.name: (
            [c.header for c in sheet.columns],
            _rows(sheet, user, region, households, mask),
        )
        for sheet in (VILLAGES, HOUSEHOLDS, MEMBERS, INCOMES, GRANTS, EVENTS)
    }
    return write_sheets(path, sheets)


def _rows(
    sheet: Sheet,
    user: User | None,
    region: str | None,
    households: QuerySet[Household] | None,
    mask: bool,
) -> Iterator[list[Any]]:
    model, order = MODELS[sheet.name]
    rows = scoped_rows(model)
    queryset = rows if user is None else rows.visible_to(user)
    if region:
        queryset = queryset.within(region)
    if households is not None and sheet.name in HOUSEHOLD_KEYS:
        queryset = queryset.filter(**{f"{HOUSEHOLD_KEYS[sheet.name]}__in": households.values("pk")})
    sources = SOURCES[sheet.name]
    paths = [sources.get(column.key, column.key) for column in sheet.columns]
    keys = [column.key for column in sheet.columns]
    for values in queryset.order_by(*order).values_list(*paths).iterator(chunk_size=5_000):
        row = list(values)
        if mask:
            for index, key in enumerate(keys):
                if key in MASKED and row[index]:
                    row[index] = MASKED[key](row[index])
        yield row


def template_values(sheet: Sheet, instance: Any) -> dict[str, Any]:
    """One stored row as template column key → value, read the way the export reads it."""
    sources = SOURCES[sheet.name]
    values = {}
    for column in sheet.columns:
        value = instance
        for part in sources.get(column.key, column.key).split("__"):
            value = getattr(value, part)
        values[column.key] = value
    return values
