"""督导组交办问题清单: the list of problems an inspection hands over, imported as one sheet
(docs/ledger-interchange.md).

The sheet is read by the shared machinery (``core.importing``: reader, header search, aliases,
cell cleaners, the problem report), then every row is checked against the database before
anything is written: region and scope, class, household and member, who answers for it, the
measure and its deadline. Rows are written through the ledger's services (``register``, then
``set_measure`` when the row gives a measure and a deadline), in one transaction; any error rolls
the whole file back and every error is reported at once.

A row's origin key is a hash of its region, class, source, description and household, so that
importing the same list again adds nothing while its problems are open.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core import cleaning as c
from fupin.core.importing.columns import Column, Sheet
from fupin.core.importing.issues import OUT_OF_SCOPE, ImportIssue, RowError
from fupin.core.importing.outcome import ImportOutcome, SheetCounts
from fupin.core.importing.parse import ParseResult, parse_sheets
from fupin.core.importing.sources import SourceError, read_source
from fupin.core.scope import in_scope
from fupin.core.tables import write_sheets
from fupin.grid.models import Cadre
from fupin.regions.choices import level_of
from fupin.regions.models import Region
from fupin.registry.importing.sheets import clean_household_code
from fupin.registry.models import Household, Member

from .choices import Severity, Source
from .classes import class_names
from .errors import LedgerError
from .models import Problem
from .services import PROBLEM_LEVELS, Links, register, set_measure
from .workflow import REGISTER, may_take

ORIGIN_PREFIX = "inspection:"
# An inspection's list runs to hundreds of rows; a file far beyond is a mistake, refused before
# any row is checked (the page imports while the user waits).
MAX_ROWS = 5_000
MAX_FILE_BYTES = 10 * 1024 * 1024
# Characters no typed cell holds: control characters (tab and line breaks excepted) break the
# workbooks the ledger is exported to, and hide text from whoever reads the list.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plain_text(value: Any, *, max_length: int) -> str:
    text = value.strip() if isinstance(value, str) else c.as_text(value)
    if _CONTROL.search(text):
        raise c.CellError("含有不可见的控制字符")
    return c.clean_text(text, max_length=max_length)


def _region_code(value: Any) -> str:
    return c.clean_text(
        value,
        max_length=12,
        pattern=r"\d{6}|\d{9}|\d{12}",
        hint="区划代码应为6位（县）、9位（乡镇）或12位（村）数字",
    )


def _choice(header: str, key: str, allowed: list[str], **options: Any) -> Column:
    return Column(
        header, key, partial(c.clean_choice, allowed=allowed), options=tuple(allowed), **options
    )


def _text(header: str, key: str, max_length: int, **options: Any) -> Column:
    return Column(header, key, partial(_plain_text, max_length=max_length), **options)


SHEET = Sheet(
    "督导组交办问题清单",
    ("问题类别", "问题描述"),
    (
        Column("序号", "number", partial(c.clean_int, minimum=1)),
        Column("区划代码", "region_code", _region_code, required=True),
        _text("问题类别", "category", 20, required=True),
        _choice("问题来源", "source", Source.values, required=True),
        _text("问题描述", "description", 2000, required=True),
        _choice("严重程度", "severity", Severity.values, default=Severity.ORDINARY),
        Column("户编号", "household_code", clean_household_code, default=""),
        Column("证件号码", "id_number", c.clean_id_number, default=""),
        _text("责任单位", "responsible_unit", 100, default=""),
        _text("责任人", "responsible_cadre", 50, default=""),
        _text("整改措施", "measure", 2000, default=""),
        Column("整改时限", "deadline", c.clean_date),
    ),
)
# A row as the template's example shows it, in the sheet's column order.
EXAMPLE = (
    1,
    "220802100001",
    "住房安全",
    "督导检查",
    "危房改造后屋顶漏雨",
    "一般",
    "",
    "",
    "平安镇人民政府",
    "",
    "",
    "",
)


def template_table() -> tuple[list[str], list[list[Any]]]:
    """The template's headers and its example row, made from the sheet itself so that the
    template offered for download never drifts from what the import reads."""
    return [column.header for column in SHEET.columns], [list(EXAMPLE)]


def write_template(path: Path) -> dict[str, int]:
    """The template as a workbook (.xlsx), for the command line."""
    return write_sheets(path, {SHEET.name: template_table()})


def origin_key(record: dict[str, Any]) -> str:
    """The same problem handed over again (same region, class, source, description and
    household) has the same key."""
    parts = [record[key] for key in ("region_code", "category", "source", "description")]
    parts.append(record["household_code"] or "")
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"{ORIGIN_PREFIX}{digest}"


# --- Import -----------------------------------------------------------------------------------


def import_problems(actor: User, path: Path) -> ImportOutcome:
    """Import the inspection's list at ``path`` as ``actor``: every row or none."""
    if not may_take(actor, REGISTER, ""):
        return _refused(f"您的角色（{actor.get_role_display()}）不能登记问题")
    path = Path(path)
    if path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
        return _refused(f"文件过大（超过 {MAX_FILE_BYTES // 1024 // 1024} MB）")
    try:
        raw_sheets = read_source(path)
    except SourceError as error:
        return _refused(str(error))
    if len(raw_sheets) == 1:
        # One sheet (or one CSV) is the list, whatever the office named it.
        raw_sheets[0].name = SHEET.name
    too_many = [raw for raw in raw_sheets if raw.name == SHEET.name and len(raw.rows) > MAX_ROWS]
    if too_many:
        return _refused(f"行数过多（{len(too_many[0].rows)} 行，上限 {MAX_ROWS} 行）")
    parsed = parse_sheets(raw_sheets, {SHEET.name: SHEET})
    run = _Import(actor, parsed)
    checked = run.check()
    counts = SheetCounts(SHEET.name, 0, 0, 0)
    written = False
    if not any(issue.is_error for issue in parsed.issues + run.issues):
        with transaction.atomic():
            counts = run.write(checked)
            written = not run.issues
            if not written:
                transaction.set_rollback(True)
    issues = sorted(parsed.issues + run.issues, key=lambda issue: issue.row or 0)
    return ImportOutcome(written, issues, [counts] if written else [], parsed.columns())


def _refused(reason: str) -> ImportOutcome:
    return ImportOutcome(False, [ImportIssue("", None, "", "", reason)])


@dataclass(frozen=True)
class _Row:
    """A checked row: what ``register`` and ``set_measure`` are called with."""

    record: dict[str, Any]
    region: Region
    links: Links
    cadre: Cadre | None
    key: str


@dataclass
class _Import:
    actor: User
    parsed: ParseResult
    issues: list[ImportIssue] = field(default_factory=list)

    @property
    def records(self) -> list[dict[str, Any]]:
        found = self.parsed.sheets.get(SHEET.name)
        return found.records if found else []

    # Check every row, reading each kind of stored row once for the whole file.

    def check(self) -> list[_Row]:
        records = self.records
        self.regions = Region.objects.in_bulk({r["region_code"] for r in records})
        self.classes: dict[str, list[str]] = {}
        households = Household.objects.visible_to(self.actor)
        self.households = households.filter(
            code__in={r["household_code"] for r in records if r["household_code"]}
        ).in_bulk(field_name="code")
        members: dict[str, list[Member]] = defaultdict(list)
        for member in (
            Member.objects.filter(household__in=households)
            .filter(id_number__in={r["id_number"] for r in records if r["id_number"]})
            .select_related("household")
        ):
            members[member.id_number].append(member)
        self.members = members
        cadres: dict[str, list[Cadre]] = defaultdict(list)
        names = {r["responsible_cadre"] for r in records if r["responsible_cadre"]}
        for cadre in Cadre.objects.visible_to(self.actor).filter(name__in=names):
            cadres[cadre.name].append(cadre)
        self.cadres = cadres
        self.today = timezone.localdate()
        first_row: dict[str, int] = {}
        rows = []
        for record in records:
            try:
                row = self._check(record)
            except RowError as error:
                self._refuse(record, error.column, error.reason)
                continue
            if row.key in first_row:
                self._refuse(record, "", f"与第{first_row[row.key]}行重复")
                continue
            first_row[row.key] = record["_row"]
            rows.append(row)
        return rows

    def _check(self, record: dict[str, Any]) -> _Row:
        region = self._region(record["region_code"])
        names = self._class_names(region.code)
        if record["category"] not in names:
            raise RowError("问题类别", "应为以下之一：" + "、".join(names))
        household, member = self._linked(record, region)
        cadre = self._cadre(record, region)
        if not (record["responsible_unit"] or cadre):
            raise RowError("责任单位", "请填写责任单位或责任人")
        self._measure(record)
        return _Row(
            record, region, Links(household=household, member=member), cadre, origin_key(record)
        )

    def _region(self, code: str) -> Region:
        region = self.regions.get(code)
        if region is None:
            raise RowError("区划代码", "系统中没有这个区划代码")
        if level_of(code) not in PROBLEM_LEVELS:
            raise RowError("区划代码", "问题应登记到县、乡镇或村")
        if not in_scope(self.actor, code):
            raise RowError("区划代码", OUT_OF_SCOPE)
        return region

    def _class_names(self, code: str) -> list[str]:
        province = code[:2]
        if province not in self.classes:
            self.classes[province] = class_names(code)
        return self.classes[province]

    def _linked(
        self, record: dict[str, Any], region: Region
    ) -> tuple[Household | None, Member | None]:
        household = None
        if record["household_code"]:
            household = self.households.get(record["household_code"])
            if household is None:
                raise RowError("户编号", "系统中没有这个户编号，或不在您的管辖范围内")
            if not household.village_id.startswith(region.code):
                raise RowError("户编号", f"该户不在此区划内（在 {household.village_id}）")
        if not record["id_number"]:
            return household, None
        found = [
            member
            for member in self.members.get(record["id_number"], [])
            if member.household.village_id.startswith(region.code)
            and (household is None or member.household_id == household.pk)
        ]
        if not found:
            where = "该户" if household else "此区划"
            raise RowError("证件号码", f"{where}没有这名成员，或不在您的管辖范围内")
        if len(found) > 1:
            raise RowError("证件号码", "这名成员在多户中，请填写户编号")
        return found[0].household, found[0]

    def _cadre(self, record: dict[str, Any], region: Region) -> Cadre | None:
        name = record["responsible_cadre"]
        if not name:
            return None
        # A cadre of the problem's region, of an office above it, or of a village below it.
        found = [
            cadre
            for cadre in self.cadres.get(name, [])
            if region.code.startswith(cadre.region_id) or cadre.region_id.startswith(region.code)
        ]
        if not found:
            raise RowError("责任人", "此区划没有这名帮扶干部，或不在您的管辖范围内")
        if len(found) > 1:
            raise RowError("责任人", "此区划有多名同名帮扶干部，请改填责任单位")
        return found[0]

    def _measure(self, record: dict[str, Any]) -> None:
        measure, deadline = record["measure"], record["deadline"]
        if measure and deadline is None:
            raise RowError("整改时限", "填写了整改措施时必填")
        if deadline is not None and not measure:
            raise RowError("整改措施", "填写了整改时限时必填")
        if deadline is not None and deadline < self.today:
            raise RowError("整改时限", f"整改时限不能早于今天（{self.today:%Y-%m-%d}）")

    # Write the checked rows through the services.

    def write(self, rows: list[_Row]) -> SheetCounts:
        listed = set(
            Problem.objects.open()
            .filter(origin_key__in=[row.key for row in rows])
            .values_list("origin_key", flat=True)
        )
        inserted = 0
        for row in rows:
            if row.key in listed:
                continue
            if self._apply(row.record, partial(self._write_row, row)):
                inserted += 1
        return SheetCounts(SHEET.name, inserted, 0, len(listed))

    def _write_row(self, row: _Row) -> None:
        record = row.record
        problem = register(
            self.actor,
            row.region,
            category=record["category"],
            source=record["source"],
            description=record["description"],
            severity=record["severity"],
            links=row.links,
            responsible_unit=record["responsible_unit"],
            responsible_cadre=row.cadre,
            origin_key=row.key,
        )
        if record["measure"]:
            deadline: dt.date = record["deadline"]
            set_measure(self.actor, problem, measure=record["measure"], deadline=deadline)

    def _apply(self, record: dict[str, Any], change: Callable[[], None]) -> bool:
        """One row in a savepoint: a service's refusal is reported on the row, not raised."""
        try:
            with transaction.atomic():
                change()
        except LedgerError as error:
            self._refuse(record, "", error.message)
            return False
        return True

    def _refuse(self, record: dict[str, Any], column: str, reason: str) -> None:
        key = next((col.key for col in SHEET.columns if col.header == column), None)
        value = record.get(key) if key else None
        shown = "" if value in (None, "") else c.as_text(value)
        self.issues.append(ImportIssue(SHEET.name, record["_row"], column, shown, reason))
