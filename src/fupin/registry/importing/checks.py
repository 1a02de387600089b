"""Checks across rows and against the database, and the plan of what to write.

What cannot be stored is an error (unknown village, a member of no household, a key that exists
without ``--update``, a duplicate key in the file, a registered household without its year).
What is well-formed but wrong is stored and left to the quality checks (rules.md §8), with a
warning where the import can already see it (an ID number active in another household).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import Model
from django.db.models.expressions import RawSQL

from fupin.accounts.models import User
from fupin.core.importing.columns import Sheet
from fupin.core.importing.issues import OUT_OF_SCOPE, ImportIssue, Severity
from fupin.core.importing.parse import ParseResult
from fupin.regions.choices import Level
from fupin.regions.models import Region

from ..choices import MemberStatus
from ..models import Event, Grant, Household, Income, Member, VillageInfo
from .sheets import EVENTS, GRANTS, HOUSEHOLDS, INCOMES, MEMBERS, VILLAGES

CHUNK = 5_000
CODE_TAKEN_ELSEWHERE = "该户编号已被您管辖范围以外的户使用"


@dataclass
class SheetPlan:
    """Rows to insert and rows to update for one sheet (records keep their cleaned values)."""

    new: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[Model, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class ImportPlan:
    sheets: dict[str, SheetPlan] = field(default_factory=dict)
    issues: list[ImportIssue] = field(default_factory=list)
    households: dict[str, Household] = field(default_factory=dict)  # stored, by code
    scope: str | None = None  # the importing user's region code; None for the operator

    def in_scope(self, code: str) -> bool:
        return self.scope is None or code.startswith(self.scope)

    @property
    def errors(self) -> list[ImportIssue]:
        return [issue for issue in self.issues if issue.is_error]


def plan_import(parsed: ParseResult, *, update: bool, actor: User | None = None) -> ImportPlan:
    """``actor`` None is the operator (no scope); a user may only write inside their region."""
    plan = ImportPlan(issues=list(parsed.issues), scope=getattr(actor, "scope_code", None))
    records = {name: sheet.records for name, sheet in parsed.sheets.items()}
    _plan_villages(plan, records.get(VILLAGES.name, []), update)
    # Every stored household the file names, in any sheet, loaded once.
    _load_households(
        plan,
        {r["household_code"] for rows in records.values() for r in rows if "household_code" in r},
    )
    _plan_households(plan, records.get(HOUSEHOLDS.name, []), update)
    households_sheet = parsed.sheets.get(HOUSEHOLDS.name)
    file_households: set[str] = {
        r["household_code"]
        for r in (households_sheet.records + households_sheet.rejected if households_sheet else [])
        if r.get("household_code")
    }
    known = file_households | plan.households.keys()
    _plan_members(plan, records.get(MEMBERS.name, []), known, update)
    _plan_keyed(plan, INCOMES, records.get(INCOMES.name, []), known, update, Income, ("year",))
    _plan_keyed(
        plan,
        GRANTS,
        records.get(GRANTS.name, []),
        known,
        update,
        Grant,
        ("id_number", "policy_code", "year"),
    )
    _plan_events(plan, records.get(EVENTS.name, []), known, update)
    _check_heads(plan, records.get(HOUSEHOLDS.name, []), records.get(MEMBERS.name, []))
    return plan


def _among(values: Collection[str] | Collection[int]) -> RawSQL:
    """The values (all text, or all integers) as a subquery, for ``field__in=``: one query with one
    parameter, where the ORM would build IN lists of a few thousand one value at a time (a
    county's 190,000 ID numbers cost 2.7 s that way, most of the check against the database)."""
    listed = list(values)
    payload = json.dumps(listed, ensure_ascii=False)
    if connection.vendor == "postgresql":
        kind = "bigint" if listed and isinstance(listed[0], int) else "text"
        return RawSQL(f"SELECT jsonb_array_elements_text(%s::jsonb)::{kind}", [payload])
    return RawSQL("SELECT value FROM json_each(%s)", [payload])  # JSON numbers come out integers


def _chunks(items: Iterable[Any]) -> Iterator[list[Any]]:
    items = list(items)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _error(plan: ImportPlan, sheet: Sheet, record: dict[str, Any], key: str, reason: str) -> None:
    column = sheet.column(key)
    value = record.get(key)
    plan.issues.append(
        ImportIssue(
            sheet.name, record["_row"], column.header, "" if value is None else str(value), reason
        )
    )


def _duplicates(
    plan: ImportPlan, sheet: Sheet, records: list[dict[str, Any]], key_fields: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Records whose key appears earlier in the file are errors; the rest are returned."""
    first_row: dict[Any, int] = {}
    unique = []
    key_of = itemgetter(*key_fields)  # a tuple of the fields' values, or the one field's value
    for record in records:
        key = key_of(record)
        if key in first_row:
            _error(plan, sheet, record, key_fields[-1], f"与第{first_row[key]}行重复")
            continue
        first_row[key] = record["_row"]
        unique.append(record)
    return unique


def _villages_known(codes: set[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(codes):
        found.update(
            Region.objects.filter(code__in=chunk, level=Level.VILLAGE).values_list(
                "code", flat=True
            )
        )
    return found


def _diff(instance: Model, record: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    return {name: record[name] for name in fields if getattr(instance, name) != record[name]}


VILLAGE_FIELDS = ("households_registered", "population", "is_poor_village", "exit_year")


def _plan_villages(plan: ImportPlan, records: list[dict[str, Any]], update: bool) -> None:
    sheet_plan = plan.sheets.setdefault(VILLAGES.name, SheetPlan())
    records = _duplicates(plan, VILLAGES, records, ("village_code",))
    known = _villages_known({r["village_code"] for r in records})
    stored = {}
    for chunk in _chunks(r["village_code"] for r in records):
        stored.update(VillageInfo.objects.in_bulk(chunk))
    for record in records:
        code = record["village_code"]
        if code not in known:
            _error(plan, VILLAGES, record, "village_code", "不是已知的村级行政区划代码")
            continue
        if not plan.in_scope(code):
            _error(plan, VILLAGES, record, "village_code", OUT_OF_SCOPE)
            continue
        if record["exit_year"] is not None and not record["is_poor_village"]:
            _error(plan, VILLAGES, record, "exit_year", "只有贫困村才填写出列年度")
            continue
        _place(
            plan,
            VILLAGES,
            sheet_plan,
            record,
            stored.get(code),
            VILLAGE_FIELDS,
            update,
            "village_code",
        )


HOUSEHOLD_FIELDS = (
    "village_code",
    "head_id_number",
    "phone",
    "is_registered",
    "identified_year",
    "exit_year",
    "attribute",
    "main_cause",
    "other_causes",
    "food_secure",
    "clothing_secure",
    "housing_grade",
    "housing_renovated",
    "relocated",
    "water_quantity_ok",
    "water_quality_ok",
    "water_access_ok",
    "water_supply_ok",
)


# A household record as stored: its fields as cleaned, the village code as the village's key, and
# the list of other causes joined by 、.
_HOUSEHOLD_PLAIN = tuple(
    name for name in HOUSEHOLD_FIELDS if name not in ("village_code", "other_causes")
)
HOUSEHOLD_COLUMNS = ("village_id", *_HOUSEHOLD_PLAIN, "other_causes")
_household_plain = itemgetter("village_code", *_HOUSEHOLD_PLAIN)


def household_row(record: dict[str, Any]) -> tuple[Any, ...]:
    """A household record as the values of ``HOUSEHOLD_COLUMNS``: a tuple, as an import writes
    one for each of a county's households."""
    return (*_household_plain(record), "、".join(record["other_causes"]))


def household_values(record: dict[str, Any]) -> dict[str, Any]:
    """A household record as model field values."""
    return dict(zip(HOUSEHOLD_COLUMNS, household_row(record), strict=True))


def _plan_households(plan: ImportPlan, records: list[dict[str, Any]], update: bool) -> None:
    sheet_plan = plan.sheets.setdefault(HOUSEHOLDS.name, SheetPlan())
    records = _duplicates(plan, HOUSEHOLDS, records, ("household_code",))
    known = _villages_known({r["village_code"] for r in records})
    stored = plan.households  # loaded for every code of the file
    for record in records:
        problems = household_rule_problems(record)
        if record["village_code"] not in known:
            problems.append(("village_code", "不是已知的村级行政区划代码"))
        if not plan.in_scope(record["village_code"]):
            problems.append(("village_code", OUT_OF_SCOPE))
        stored_household = stored.get(record["household_code"])
        if stored_household is not None and not plan.in_scope(stored_household.village_id):
            problems.append(("household_code", CODE_TAKEN_ELSEWHERE))
        for key, reason in problems:
            _error(plan, HOUSEHOLDS, record, key, reason)
        if problems:
            continue
        existing = stored.get(record["household_code"])
        if existing is not None and not update:
            _error(
                plan,
                HOUSEHOLDS,
                record,
                "household_code",
                "户编号已存在（要更新已有数据请选择“更新已有记录”/--update）",
            )
            continue
        values = household_values(record)
        if existing is None:
            sheet_plan.new.append(record)
            continue
        changes = {
            name: value for name, value in values.items() if getattr(existing, name) != value
        }
        if changes:
            sheet_plan.changed.append((existing, changes))
        else:
            sheet_plan.unchanged += 1


def household_rule_problems(record: dict[str, Any]) -> list[tuple[str, str]]:
    """What a cleaned household row must satisfy beyond its single cells: (column key, reason)."""
    problems = []
    if record["is_registered"]:
        for key in ("identified_year", "attribute", "main_cause"):
            if record[key] in (None, ""):
                problems.append((key, f"建档立卡户必须填写{HOUSEHOLDS.column(key).header}"))
    others = record["other_causes"]
    if len(others) > 2:
        problems.append(("other_causes", "其他致贫原因至多两个"))
    if record["main_cause"] and record["main_cause"] in others:
        problems.append(("other_causes", "其他致贫原因不能与主要致贫原因相同"))
    return problems


def member_rule_problems(record: dict[str, Any]) -> list[tuple[str, str]]:
    """What a cleaned member row must satisfy beyond its single cells: (column key, reason)."""
    problems = []
    if record["member_status"] != MemberStatus.NORMAL and record["status_date"] is None:
        problems.append(
            ("status_date", f"人员状态为“{record['member_status']}”时必须填写状态变更日期")
        )
    if "健康" in record["health"] and len(record["health"]) > 1:
        problems.append(("health", "“健康”只能单独填写"))
    return problems


def _load_households(plan: ImportPlan, codes: set[str]) -> None:
    if codes:
        plan.households.update(
            {h.code: h for h in Household.objects.filter(code__in=_among(codes))}
        )


def _place(
    plan: ImportPlan,
    sheet: Sheet,
    sheet_plan: SheetPlan,
    record: dict[str, Any],
    existing: Model | None,
    fields: Iterable[str],
    update: bool,
    key_name: str,
) -> None:
    if existing is None:
        sheet_plan.new.append(record)
        return
    if not update:
        _error(
            plan,
            sheet,
            record,
            key_name,
            "该记录已存在（要更新已有数据请选择“更新已有记录”/--update）",
        )
        return
    changes = _diff(existing, record, fields)
    if changes:
        sheet_plan.changed.append((existing, changes))
    else:
        sheet_plan.unchanged += 1


def _unknown_household(
    plan: ImportPlan, sheet: Sheet, record: dict[str, Any], known: set[str]
) -> bool:
    if record["household_code"] in known:
        return False
    _error(
        plan,
        sheet,
        record,
        "household_code",
        "户编号不存在（既不在本次导入的户信息中，也不在系统中）",
    )
    return True


MEMBER_FIELDS = tuple(
    column.key
    for column in MEMBERS.columns
    if column.key not in ("household_code", "id_number", "health")
)


MEMBER_COLUMNS = (*MEMBER_FIELDS, "health")
_member_plain = itemgetter(*MEMBER_FIELDS)


def member_row(record: dict[str, Any]) -> tuple[Any, ...]:
    """A member record as the values of ``MEMBER_COLUMNS`` (health's list joined by 、)."""
    return (*_member_plain(record), "、".join(record["health"]))


def member_values(record: dict[str, Any]) -> dict[str, Any]:
    """A member record as model field values (without the household and the ID number)."""
    return dict(zip(MEMBER_COLUMNS, member_row(record), strict=True))


def _plan_members(
    plan: ImportPlan, records: list[dict[str, Any]], known: set[str], update: bool
) -> None:
    sheet_plan = plan.sheets.setdefault(MEMBERS.name, SheetPlan())
    records = _duplicates(plan, MEMBERS, records, ("household_code", "id_number"))
    stored = _stored_by_key(Member, plan, ("id_number",))
    for record in records:
        if _unknown_household(plan, MEMBERS, record, known):
            continue
        problems = member_rule_problems(record)
        for key, reason in problems:
            _error(plan, MEMBERS, record, key, reason)
        if problems:
            continue
        existing = stored.get((record["household_code"], record["id_number"]))
        if existing is None:
            sheet_plan.new.append(record)
        elif not update:
            _error(
                plan,
                MEMBERS,
                record,
                "id_number",
                "该成员已在此户中（要更新已有数据请选择“更新已有记录”/--update）",
            )
        else:
            changes = {k: v for k, v in member_values(record).items() if getattr(existing, k) != v}
            if changes:
                sheet_plan.changed.append((existing, changes))
            else:
                sheet_plan.unchanged += 1
    _warn_active_elsewhere(plan, records)


def _stored_by_key(
    model: type[Member | Income | Grant], plan: ImportPlan, key_fields: tuple[str, ...]
) -> dict[tuple[Any, ...], Member | Income | Grant]:
    """Stored rows of the households this import touches, keyed by (household code, *key)."""
    codes_by_id = {household.pk: code for code, household in plan.households.items()}
    stored = {}
    if codes_by_id:
        rows = model.objects.filter(household_id__in=_among(codes_by_id))
        for row in rows.iterator(chunk_size=CHUNK):
            key = (codes_by_id[row.household_id], *(_key_value(row, name) for name in key_fields))
            stored[key] = row
    return stored


def _key_value(row: Member | Income | Grant, name: str) -> Any:
    """A grant's policy is keyed by its code, which the row holds as ``policy_id``."""
    if name == "policy_code" and isinstance(row, Grant):
        return row.policy_id
    return getattr(row, name)


def _warn_active_elsewhere(plan: ImportPlan, records: list[dict[str, Any]]) -> None:
    """An ID number active in another household is stored and reported as Q04; the office is
    told now, by township name only, even when that township is outside its scope."""
    active = [r for r in records if r["member_status"] == MemberStatus.NORMAL]
    in_file: dict[str, set[str]] = defaultdict(set)
    for record in active:
        in_file[record["id_number"]].add(record["household_code"])
    elsewhere: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if in_file:
        rows = Member.objects.filter(
            id_number__in=_among(in_file), member_status=MemberStatus.NORMAL
        ).values_list("id_number", "household__code", "household__village_id")
        for id_number, code, village in rows.iterator(chunk_size=CHUNK):
            elsewhere[id_number].append((code, village[:9]))
    township_names = dict(
        Region.objects.filter(
            code__in={t for places in elsewhere.values() for _, t in places}
        ).values_list("code", "name")
    )
    for record in active:
        places = elsewhere.get(record["id_number"])
        others = [t for code, t in places if code != record["household_code"]] if places else []
        if others:
            names = "、".join(sorted({township_names.get(t, t) for t in others}))
            reason = f"该证件号码已在{names}的另一户中为正常人员（将计入质量检查 Q04）"
        elif len(in_file[record["id_number"]]) > 1:  # its own household and another
            reason = "该证件号码在本次导入的另一户中也为正常人员（将计入质量检查 Q04）"
        else:
            continue
        plan.issues.append(
            ImportIssue(
                MEMBERS.name,
                record["_row"],
                "证件号码",
                record["id_number"],
                reason,
                Severity.WARNING,
            )
        )


def _plan_keyed(
    plan: ImportPlan,
    sheet: Sheet,
    records: list[dict[str, Any]],
    known: set[str],
    update: bool,
    model: type[Income | Grant],
    key_fields: tuple[str, ...],
) -> None:
    sheet_plan = plan.sheets.setdefault(sheet.name, SheetPlan())
    records = _duplicates(plan, sheet, records, ("household_code", *key_fields))
    stored = _stored_by_key(model, plan, key_fields)
    value_fields = [c.key for c in sheet.columns if c.key not in ("household_code", *key_fields)]
    for record in records:
        if _unknown_household(plan, sheet, record, known):
            continue
        existing = stored.get((record["household_code"], *(record[name] for name in key_fields)))
        _place(plan, sheet, sheet_plan, record, existing, value_fields, update, key_fields[-1])


EVENT_FIELDS = ("event_type", "date", "amount", "note")


def _plan_events(
    plan: ImportPlan, records: list[dict[str, Any]], known: set[str], update: bool
) -> None:
    """Events have no key: identical rows are the same facts. A re-import adds only the rows the
    database does not hold yet (counting repeats), so importing twice with --update adds nothing."""
    sheet_plan = plan.sheets.setdefault(EVENTS.name, SheetPlan())
    stored = Counter(
        (key[0], *(getattr(row, name) for name in EVENT_FIELDS))
        for key, row in _stored_events(plan).items()
    )
    for record in records:
        if _unknown_household(plan, EVENTS, record, known):
            continue
        key = (record["household_code"], *(record[name] for name in EVENT_FIELDS))
        if stored[key] > 0:
            stored[key] -= 1
            if not update:
                _error(
                    plan,
                    EVENTS,
                    record,
                    "event_type",
                    "相同的风险事件已存在（要更新已有数据请选择“更新已有记录”/--update）",
                )
            else:
                sheet_plan.unchanged += 1
            continue
        sheet_plan.new.append(record)


def _stored_events(plan: ImportPlan) -> dict[tuple[str, int], Event]:
    codes_by_id = {household.pk: code for code, household in plan.households.items()}
    stored = {}
    if codes_by_id:
        rows = Event.objects.filter(household_id__in=_among(codes_by_id))
        for row in rows.iterator(chunk_size=CHUNK):
            stored[(codes_by_id[row.household_id], row.pk)] = row
    return stored


def _check_heads(
    plan: ImportPlan, households: list[dict[str, Any]], members: list[dict[str, Any]]
) -> None:
    """户主证件号码 should name a member with 与户主关系 = 户主. Where the file holds the
    household's members and it does not, the office is told (stored; quality check Q06)."""
    heads: dict[str, set[str]] = defaultdict(set)
    has_members: set[str] = set()
    for member in members:
        has_members.add(member["household_code"])
        if member["relation"] == "户主":
            heads[member["household_code"]].add(member["id_number"])
    for record in households:
        code = record["household_code"]
        if code in has_members and record["head_id_number"] not in heads[code]:
            plan.issues.append(
                ImportIssue(
                    HOUSEHOLDS.name,
                    record["_row"],
                    "户主证件号码",
                    record["head_id_number"],
                    "不是本户与户主关系为“户主”的成员（将计入质量检查 Q06）",
                    Severity.WARNING,
                )
            )
