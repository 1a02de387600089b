"""The responsibility grid as a workbook (docs/grid-interchange.md): import and export.

The sheets are read like the registry template (same reader, header aliases, cell cleaners and
error report). Import writes through the grid services, row by row in one transaction, so that
every rule of the grid applies unchanged; any error rolls the whole file back, and every error is
reported at once. Assignments are applied in order of their start date: the services check a new
assignment against those already active on its first day, which then also catches overlaps
between rows of the same file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from fupin.accounts.models import User
from fupin.core import cleaning as c
from fupin.core.bulk import analyze
from fupin.core.errors import DomainError, Refusal
from fupin.core.history import record_change
from fupin.core.idnumber import mask_id_number, mask_phone
from fupin.core.importing.columns import Column, Sheet
from fupin.core.importing.issues import OUT_OF_SCOPE, ImportIssue
from fupin.core.importing.outcome import ANALYZE_AFTER_ROWS, ImportOutcome, SheetCounts
from fupin.core.importing.parse import ParseResult, parse_sheets
from fupin.core.importing.sources import SourceError, read_source
from fupin.core.scope import RegionScopedQuerySet, in_scope, scoped_rows, within
from fupin.core.tables import write_sheets
from fupin.regions.choices import Level as RegionLevel
from fupin.regions.models import Region
from fupin.registry.importing.sheets import clean_household_code, clean_village_code
from fupin.registry.models import Household

from .choices import TARGET_FIELD, CadreKind, Level
from .models import Area, AreaHousehold, Assignment, Cadre
from .services import (
    SINGLE_OWNER_LEVELS,
    GridError,
    assign,
    cleaned_cadre,
    end_assignment,
    may_edit_grid,
    save_area,
    save_cadre,
)

_text = c.clean_text


def _region_code(value: Any) -> str:
    return _text(
        value,
        max_length=12,
        pattern=r"\d{6}|\d{9}|\d{12}",
        hint="所属区划代码应为6位（县）、9位（乡镇）或12位（村）数字",
    )


def _choice(header: str, key: str, allowed: list[str], **options: Any) -> Column:
    return Column(
        header, key, partial(c.clean_choice, allowed=allowed), options=tuple(allowed), **options
    )


CADRES = Sheet(
    "帮扶干部",
    ("姓名", "证件号码"),
    (
        Column("姓名", "name", partial(c.clean_name, max_length=50), required=True),
        Column("证件号码", "id_number", c.clean_id_number, required=True),
        Column("所属区划代码", "region_code", _region_code, required=True),
        Column("工作单位", "unit", partial(_text, max_length=100), required=True),
        Column("职务", "post", partial(_text, max_length=50), required=True),
        Column("联系电话", "phone", partial(_text, max_length=20), required=True),
        _choice("干部类别", "kind", CadreKind.values, required=True),
        Column("登录账号", "username", partial(_text, max_length=150), default=""),
    ),
)

ASSIGNMENTS = Sheet(
    "帮扶关系",
    ("干部证件号码", "帮扶层级"),
    (
        Column("干部证件号码", "cadre_id_number", c.clean_id_number, required=True),
        _choice("帮扶层级", "level", Level.values, required=True),
        Column("行政区划代码", "village_code", clean_village_code, required=True),
        Column("户编号", "household_code", clean_household_code, default=""),
        Column("片区名称", "area_name", partial(_text, max_length=50), default=""),
        Column("开始日期", "started_on", c.clean_date, required=True),
        Column("结束日期", "ended_on", c.clean_date),
        Column("结束原因", "end_reason", partial(_text, max_length=200), default=""),
        Column("责任书签订日期", "letter_signed_on", c.clean_date),
        Column("交接说明", "handover_note", partial(_text, max_length=2000), default=""),
    ),
)

AREA_HOUSEHOLDS = Sheet(
    "片区农户",
    ("片区名称", "户编号"),
    (
        Column("行政区划代码", "village_code", clean_village_code, required=True),
        Column("片区名称", "area_name", partial(_text, max_length=50), required=True),
        Column("户编号", "household_code", clean_household_code, required=True),
    ),
)

# The sheets as the template lists them, the export writes them and errors are reported.
SHEETS = (CADRES, ASSIGNMENTS, AREA_HOUSEHOLDS)
SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
# The column naming an assignment's target, for the levels whose target is not the village.
TARGET_KEY = {Level.HOUSEHOLD: "household_code", Level.AREA: "area_name"}
# What makes two rows the same assignment (as an existing one is matched: cadre, level, target
# and start).
ASSIGNMENT_KEY = (
    "cadre_id_number",
    "level",
    "village_code",
    "household_code",
    "area_name",
    "started_on",
)
IMPORT_REASON = "导入帮扶网格"


# --- Import -----------------------------------------------------------------------------------


def import_grid(actor: User, path: Path) -> ImportOutcome:
    """Import the grid workbook at ``path`` as ``actor``: every row or none."""
    if not may_edit_grid(actor):
        return ImportOutcome(False, [ImportIssue("", None, "", "", "当前角色无权维护帮扶网格")])
    try:
        raw_sheets = read_source(Path(path))
    except SourceError as error:
        return ImportOutcome(False, [ImportIssue("", None, "", "", str(error))])
    parsed = parse_sheets(raw_sheets, SHEETS_BY_NAME)
    with transaction.atomic():
        run = _Import(actor, parsed)
        # Cadres first, then the areas' households, then assignments, which name both.
        cadres, areas = run.cadres(), run.area_households()
        counts = [cadres, run.assignments(), areas]
        order = {sheet.name: index for index, sheet in enumerate(SHEETS)}
        issues = sorted(
            parsed.issues + run.issues, key=lambda i: (order.get(i.sheet, -1), i.row or 0)
        )
        written = not any(issue.is_error for issue in issues)
        if not written:
            transaction.set_rollback(True)
    if written and sum(c.inserted + c.updated for c in counts) >= ANALYZE_AFTER_ROWS:
        # As after a registry import: a county's first grid is most of these tables.
        analyze([Cadre, Area, AreaHousehold, Assignment])
    return ImportOutcome(written, issues, counts if written else [], parsed.columns())


class _RowError(DomainError):
    """One row refused: the column it concerns (a header, or "" for the whole row) and why."""

    default_refusal = Refusal.INPUT

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


@dataclass
class _Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def of(self, sheet: Sheet) -> SheetCounts:
        return SheetCounts(sheet.name, self.inserted, self.updated, self.unchanged)


@dataclass
class _Import:
    actor: User
    parsed: ParseResult
    issues: list[ImportIssue] = field(default_factory=list)
    # Cadres, found by ID number: those of the file's rows that were saved, then the stored ones.
    cadres_by_id: dict[str, Cadre] = field(default_factory=dict)
    # ID numbers of the cadre rows refused: their assignments are not reported again.
    refused_cadres: set[str] = field(default_factory=set)

    def _records(self, sheet: Sheet) -> list[dict[str, Any]]:
        found = self.parsed.sheets.get(sheet.name)
        return found.records if found else []

    def _apply(
        self, sheet: Sheet, record: dict[str, Any], change: Any, *, column: str = ""
    ) -> str | None:
        """Run one row's change in a savepoint, so that a refused row leaves nothing behind;
        return what it did ("inserted", "updated", "unchanged"), or None when refused. A
        service's refusal is put on the column its message names, else on ``column``."""
        try:
            with transaction.atomic():
                return change()
        except _RowError as error:
            self._refuse(sheet, record, error.column, error.reason)
        except GridError as error:
            self._refuse(sheet, record, _column_of(sheet, error.message) or column, error.message)
        return None

    def _count(self, counts: _Counts, outcome: str | None) -> None:
        if outcome is not None:
            setattr(counts, outcome, getattr(counts, outcome) + 1)

    # Regions and households, each read once for the whole file.

    def _villages(self, records: list[dict[str, Any]]) -> dict[str, Region]:
        codes = {r["village_code"] for r in records}
        return Region.objects.filter(code__in=codes, level=RegionLevel.VILLAGE).in_bulk()

    def _village(self, villages: dict[str, Region], code: str) -> Region:
        village = villages.get(code)
        if village is None:
            raise _RowError("行政区划代码", "系统中没有这个村级区划代码")
        if not in_scope(self.actor, code):
            raise _RowError("行政区划代码", OUT_OF_SCOPE)
        return village

    def _households(self, records: list[dict[str, Any]]) -> dict[str, Household]:
        codes = {r["household_code"] for r in records if r["household_code"]}
        visible = Household.objects.visible_to(self.actor).filter(code__in=codes)
        return {household.code: household for household in visible}

    def _household(self, households: dict[str, Household], village: Region, code: str) -> Household:
        household = households.get(code)
        if household is None:
            raise _RowError("户编号", "系统中没有这个户编号")
        if household.village_id != village.code:
            raise _RowError("户编号", f"该户不在此村（在 {household.village_id}）")
        return household

    # 帮扶干部

    def cadres(self) -> SheetCounts:
        records = self._records(CADRES)
        ids = [r["id_number"] for r in records]
        regions = Region.objects.in_bulk({r["region_code"] for r in records})
        stored = {x.id_number: x for x in Cadre.objects.filter(id_number__in=ids)}
        visible = set(
            Cadre.objects.visible_to(self.actor)
            .filter(id_number__in=ids)
            .values_list("pk", flat=True)
        )
        names = {r["username"] for r in records if r["username"]}
        users = (
            User.objects.visible_to(self.actor)
            .filter(username__in=names)
            .in_bulk(field_name="username")
        )
        sheet = self.parsed.sheets.get(CADRES.name)
        self.refused_cadres = (
            {r["id_number"] for r in sheet.rejected if r.get("id_number")} if sheet else set()
        )
        first_row: dict[str, int] = {}
        counts = _Counts()
        for record in records:
            id_number = record["id_number"]
            if id_number in first_row:
                self._duplicate(CADRES, record, "证件号码", first_row[id_number])
                continue
            first_row[id_number] = record["_row"]
            cadre = stored.get(id_number)
            if cadre is not None and cadre.pk not in visible:
                reason = "该证件号码已登记为您管辖范围以外的帮扶干部"
                self._refuse(CADRES, record, "证件号码", reason)
                self.refused_cadres.add(id_number)
                continue
            change = partial(self._save_cadre, record, cadre, regions, users)
            outcome = self._apply(CADRES, record, change)
            if outcome is None:
                self.refused_cadres.add(id_number)
            self._count(counts, outcome)
        wanted = {r["cadre_id_number"] for r in self._records(ASSIGNMENTS)} - self.refused_cadres
        others = Cadre.objects.filter(id_number__in=wanted - self.cadres_by_id.keys())
        self.cadres_by_id.update((cadre.id_number, cadre) for cadre in others)
        return counts.of(CADRES)

    def _save_cadre(
        self,
        record: dict[str, Any],
        cadre: Cadre | None,
        regions: dict[str, Region],
        users: dict[str, User],
    ) -> str:
        region = regions.get(record["region_code"])
        if region is None:
            raise _RowError("所属区划代码", "系统中没有这个区划代码")
        values = {
            key: record[key] for key in ("name", "id_number", "unit", "post", "phone", "kind")
        }
        cleaned = cleaned_cadre(values | {"region": region})
        user = users.get(record["username"]) if record["username"] else None
        if record["username"] and user is None:
            raise _RowError("登录账号", "系统中没有这个账号，或不在您的管辖范围内")
        stored = {"region": cadre.region_id} if cadre else {}
        same = cadre is not None and all(
            stored.get(name, getattr(cadre, name)) == value
            for name, value in (cleaned | {"region": region.code}).items()
        )
        # A blank 登录账号 leaves the link as it is: the sheet need not know every account.
        linked = user is None or (cadre is not None and cadre.user_id == user.pk)
        if cadre is not None and same and linked:
            self.cadres_by_id[cadre.id_number] = cadre
            return "unchanged"
        if not in_scope(self.actor, region.code):
            raise _RowError("所属区划代码", OUT_OF_SCOPE)
        outcome = "updated" if cadre is not None else "inserted"
        if cadre is None or not same:
            cadre = save_cadre(self.actor, values | {"region": region}, cadre=cadre)
        if not linked:
            holder = Cadre.objects.filter(user=user).exclude(pk=cadre.pk).first()
            if holder is not None:
                raise _RowError("登录账号", f"该账号已关联帮扶干部 {holder.name}")
            cadre.user = user
            record_change(cadre, self.actor, IMPORT_REASON)
            cadre.save(update_fields=["user"])
        self.cadres_by_id[cadre.id_number] = cadre
        return outcome

    # 片区农户

    def area_households(self) -> SheetCounts:
        records = self._records(AREA_HOUSEHOLDS)
        villages, households = self._villages(records), self._households(records)
        first_row: dict[str, dict[str, Any]] = {}
        groups: dict[tuple[Region, str], list[tuple[dict[str, Any], Household]]] = {}
        for record in records:
            code = record["household_code"]
            if code in first_row:
                earlier = first_row[code]
                if earlier["area_name"] == record["area_name"]:
                    self._duplicate(AREA_HOUSEHOLDS, record, "户编号", earlier["_row"])
                else:
                    reason = f"已在第{earlier['_row']}行列入片区“{earlier['area_name']}”"
                    self._refuse(AREA_HOUSEHOLDS, record, "户编号", reason)
                continue
            first_row[code] = record
            try:
                village = self._village(villages, record["village_code"])
                household = self._household(households, village, code)
            except _RowError as error:
                self._refuse(AREA_HOUSEHOLDS, record, error.column, error.reason)
                continue
            groups.setdefault((village, record["area_name"]), []).append((record, household))
        counts = _Counts()
        for (village, name), rows in groups.items():
            change = partial(self._save_area_households, village, name, rows, counts)
            self._apply(AREA_HOUSEHOLDS, rows[0][0], change)
        return counts.of(AREA_HOUSEHOLDS)

    def _save_area_households(
        self,
        village: Region,
        name: str,
        rows: list[tuple[dict[str, Any], Household]],
        counts: _Counts,
    ) -> None:
        """Add the rows' households to the area. The sheet adds and moves households; it never
        takes one out of an area, so that a file listing part of a village is safe to import."""
        area = Area.objects.filter(village=village, name=name).first()
        members = set(area.households.all()) if area else set()
        new = [household for _, household in rows if household not in members]
        if new or area is None:
            save_area(self.actor, village, name, [*members, *new])
        counts.inserted += len(new)
        counts.unchanged += len(rows) - len(new)

    # 帮扶关系

    def assignments(self) -> SheetCounts:
        records = self._records(ASSIGNMENTS)
        villages, households = self._villages(records), self._households(records)
        first_row: dict[tuple[Any, ...], int] = {}
        counts = _Counts()
        for record in sorted(records, key=lambda r: (r["started_on"], r["_row"])):
            key = tuple(record[k] for k in ASSIGNMENT_KEY)
            if key in first_row:
                self._duplicate(ASSIGNMENTS, record, "", first_row[key])
                continue
            first_row[key] = record["_row"]
            cadre = self.cadres_by_id.get(record["cadre_id_number"])
            if cadre is None:
                # A cadre whose own row was refused is reported there, not again here.
                if record["cadre_id_number"] not in self.refused_cadres:
                    reason = "系统和本文件的“帮扶干部”表中都没有这名干部"
                    self._refuse(ASSIGNMENTS, record, "干部证件号码", reason)
                continue
            change = partial(self._save_assignment, record, cadre, villages, households)
            target = ASSIGNMENTS.column(TARGET_KEY.get(record["level"], "village_code")).header
            self._count(counts, self._apply(ASSIGNMENTS, record, change, column=target))
        return counts.of(ASSIGNMENTS)

    def _target(
        self, record: dict[str, Any], village: Region, households: dict[str, Household]
    ) -> Region | Household | Area:
        level = record["level"]
        for level_with_target, key in TARGET_KEY.items():
            header = ASSIGNMENTS.column(key).header
            if level == level_with_target and not record[key]:
                raise _RowError(header, f"帮扶层级为{level}时必填")
            if level != level_with_target and record[key]:
                raise _RowError(header, f"帮扶层级为{level}时应为空")
        if level == Level.HOUSEHOLD:
            return self._household(households, village, record["household_code"])
        if level == Level.AREA:
            area = Area.objects.filter(village=village, name=record["area_name"]).first()
            return area or save_area(self.actor, village, record["area_name"], [])
        return village

    def _save_assignment(
        self,
        record: dict[str, Any],
        cadre: Cadre,
        villages: dict[str, Region],
        households: dict[str, Household],
    ) -> str:
        village = self._village(villages, record["village_code"])
        level, target = record["level"], self._target(record, village, households)
        started_on, ended_on = record["started_on"], record["ended_on"]
        if ended_on is not None and not record["end_reason"]:
            raise _RowError("结束原因", "填写了结束日期时必填")
        if ended_on is None and record["end_reason"]:
            raise _RowError("结束日期", "填写了结束原因时必填")
        existing = Assignment.objects.filter(
            cadre=cadre, level=level, started_on=started_on, **{TARGET_FIELD[level]: target}
        ).first()
        if existing is not None:
            return self._match(record, existing)
        assignment = assign(
            self.actor,
            cadre,
            level=level,
            target=target,
            started_on=started_on,
            letter_signed_on=record["letter_signed_on"],
        )
        if record["handover_note"]:
            assignment.handover_note = record["handover_note"]
            record_change(assignment, self.actor, IMPORT_REASON)
            assignment.save(update_fields=["handover_note"])
        _link_predecessor(self.actor, assignment)
        if ended_on is not None:
            end_assignment(self.actor, assignment, on=ended_on, reason=record["end_reason"])
        return "inserted"

    def _match(self, record: dict[str, Any], existing: Assignment) -> str:
        """The row names an assignment already stored (same cadre, level, target and start): it
        may end it; anything else it says must agree, since imports do not rewrite history."""
        if existing.ended_on is None and record["ended_on"] is not None:
            end_assignment(self.actor, existing, on=record["ended_on"], reason=record["end_reason"])
            return "updated"
        for key in ("ended_on", "end_reason", "letter_signed_on", "handover_note"):
            stored, given = getattr(existing, key), record[key]
            if (stored or None) != (given or None):
                shown = c.as_text(stored) if stored else "空"
                raise _RowError(
                    ASSIGNMENTS.column(key).header,
                    f"系统中已有这项帮扶安排，其值为“{shown}”；导入不修改已有的安排，"
                    "请在帮扶网格页面办理调整或结束",
                )
        return "unchanged"

    def _refuse(self, sheet: Sheet, record: dict[str, Any], column: str, reason: str) -> None:
        key = next((col.key for col in sheet.columns if col.header == column), None)
        value = record.get(key) if key else None
        shown = "" if value in (None, "") else c.as_text(value)
        self.issues.append(ImportIssue(sheet.name, record["_row"], column, shown, reason))

    def _duplicate(self, sheet: Sheet, record: dict[str, Any], column: str, row: int) -> None:
        self._refuse(sheet, record, column, f"与第{row}行重复")


def _link_predecessor(actor: User, assignment: Assignment) -> None:
    """Link the assignment this one took over, as a reassignment does: the same target's
    assignment that ended the day this one starts. For a village, whose leaders may be several,
    only the one whose end reason names this cadre (“调整为 …”, as a reassignment writes it)."""
    before = Assignment.objects.filter(
        level=assignment.level,
        village_id=assignment.village_id,
        household=assignment.household_id,
        area=assignment.area_id,
        ended_on=assignment.started_on,
        replaced_by__isnull=True,
    )
    if assignment.level not in SINGLE_OWNER_LEVELS:
        before = before.filter(end_reason=f"调整为 {assignment.cadre.name}")
    predecessor = before.first()
    if predecessor is not None:
        predecessor.replaced_by = assignment
        record_change(predecessor, actor, IMPORT_REASON)
        predecessor.save(update_fields=["replaced_by"])


def _column_of(sheet: Sheet, message: str) -> str:
    """The column a service's message is about: the services start a message with the field's
    name (“证件号码：…”, “所属区划：…”, “结束日期须晚于…”), which is a column's header, or its
    header without 代码. Messages about the row as a whole name no column."""
    for column in sorted(sheet.columns, key=lambda col: -len(col.header)):
        if message.startswith((column.header, column.header.removesuffix("代码"))):
            return column.header
    return ""


# --- Export -----------------------------------------------------------------------------------

# Each sheet's rows: the queryset's field path for every column, in the sheet's column order.
EXPORT_PATHS = {
    CADRES.name: (
        "name",
        "id_number",
        "region_id",
        "unit",
        "post",
        "phone",
        "kind",
        "user__username",
    ),
    ASSIGNMENTS.name: (
        "cadre__id_number",
        "level",
        "village_id",
        "household__code",
        "area__name",
        "started_on",
        "ended_on",
        "end_reason",
        "letter_signed_on",
        "handover_note",
    ),
    AREA_HOUSEHOLDS.name: ("area__village_id", "area__name", "household__code"),
}
MASKED = {"id_number": mask_id_number, "cadre_id_number": mask_id_number, "phone": mask_phone}


def export_grid(
    path: Path, *, user: User | None = None, region: str | None = None, mask: bool = False
) -> dict[str, int]:
    """Write the grid to ``path`` (.xlsx, .zip of CSVs, or a folder) in the import's sheets.
    ``user`` limits the rows to what that user may see (None: the operator, everything); the
    cadres are those of the region and every cadre its assignments name, so that the file
    re-imports whole."""
    assignments = _scoped(Assignment, user, region).order_by(
        "village_id", "level", "started_on", "id"
    )
    cadres = Cadre.objects.all() if user is None else Cadre.objects.visible_to(user)
    if region:
        cadres = cadres.filter(
            within("region_id", region) | Q(pk__in=assignments.values("cadre_id"))
        )
    areas = _scoped(Area, user, region)
    memberships = AreaHousehold.objects.filter(area__in=areas).order_by(
        "area__village_id", "area__name", "household__code"
    )
    querysets = {
        CADRES.name: cadres.order_by("region_id", "id_number"),
        ASSIGNMENTS.name: assignments,
        AREA_HOUSEHOLDS.name: memberships,
    }
    sheets = {
        sheet.name: (
            [column.header for column in sheet.columns],
            _rows(sheet, querysets[sheet.name], mask),
        )
        for sheet in SHEETS
    }
    return write_sheets(path, sheets)


def _scoped(
    model: type[Assignment | Area], user: User | None, region: str | None
) -> RegionScopedQuerySet:
    rows = scoped_rows(model)
    queryset = rows if user is None else rows.visible_to(user)
    return queryset.within(region) if region else queryset


def _rows(sheet: Sheet, queryset: Any, mask: bool) -> Iterator[list[Any]]:
    maskers = [MASKED.get(column.key) if mask else None for column in sheet.columns]
    for values in queryset.values_list(*EXPORT_PATHS[sheet.name]).iterator(chunk_size=2_000):
        yield [
            masker(value) if masker and value else value
            for masker, value in zip(maskers, values, strict=True)
        ]
