"""到户工程 (household works): registering a household's works, its expense lines, the builder's
completion, the acceptance (验收) on site by someone else, and the provinces' checklists.

Path of a works::

    已登记 ─完工（施工登记人）→ 已完工 ─验收（另一人）→ 已验收
                                   ↑                └→ 验收未通过 ─整改后再完工─┘

A failed acceptance opens one problem in the ledger (class ``WORKS_PROBLEM_CLASS`` of the kind,
source 自查: the office checks works it paid for), in the household's village and linked to the
household, through :func:`fupin.core.findings.report_findings` in the inspection's transaction.
Its origin key is ``works:<id>``: failing again while that problem is open opens nothing more, and
passing after repair leaves the problem to the ledger's own steps (整改, 核验, 销号).

Every service checks the region first (outside it: not found), then the role, the state and the
values; a refusal writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.core.findings import Finding, report_findings
from fupin.core.history import record_change
from fupin.core.money import yuan
from fupin.core.scope import is_visible
from fupin.core.uploads import store_files
from fupin.regions.choices import Level, level_of
from fupin.regions.models import Region
from fupin.registry.models import Household

from . import values
from .attachments import check_files, kind_of
from .choices import (
    WORKS_PROBLEM_CLASS,
    WORKS_PROBLEM_SOURCE,
    ExpenseCategory,
    WorksKind,
    WorksState,
)
from .errors import ProjectError, Refusal, invalid, not_found
from .models import (
    HouseholdWork,
    WorkExpense,
    WorkInspection,
    WorkInspectionItem,
    WorkPhoto,
    WorksChecklist,
)

# What must be true when the works are done, per kind, unless the province set its own list.
DEFAULT_CHECKLISTS: dict[str, tuple[str, ...]] = {
    WorksKind.HOUSING: (
        "房屋鉴定等级达到安全（A 级或 B 级）",
        "地基基础牢固，墙体无开裂、倾斜",
        "屋面不漏雨，梁柱结构完好",
        "门窗齐全，能正常开关",
        "用电线路规范，无私拉乱接",
    ),
    WorksKind.TOILET: (
        "厕屋有顶有墙有门，地面硬化",
        "便器、冲水设施齐全可用",
        "粪池（三格式或双瓮）不渗不漏，盖板完好",
        "粪污有清掏或处理去向",
    ),
    WorksKind.COURTYARD: (
        "院内净：无杂物乱堆乱放",
        "室内净：居室整洁",
        "厨房净：灶台餐具干净",
        "厕所净：无异味无粪污外溢",
        "个人卫生净：衣物被褥整洁",
        "院落周边净：房前屋后无垃圾",
        "物品摆放规范",
    ),
    WorksKind.RELOCATION: (
        "安置住房已交付并通过竣工验收",
        "水、电、路、网入户可用",
        "搬迁户已入住",
        "旧房已按协议拆除或复垦",
    ),
}

# Who registers works and records their completion: the offices down to the village.
BUILDING_ROLES = frozenset(
    {Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.VILLAGE_ADMIN}
)
# Who accepts them on site: a township or county office (never the village that built them).
INSPECTING_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN})
# Who edits a province's checklists.
CHECKLIST_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN})
MAX_ITEMS = 30
FEN = Decimal("0.01")
QUANTITY = Decimal("0.001")
ORIGIN_PREFIX = "works:"


# --- Checklists --------------------------------------------------------------------------------


def province_of(code: str) -> str:
    return code[:2]


def checklist_for(region_code: str, kind: str) -> list[str]:
    """The checklist of ``kind`` in the province of ``region_code``: its own, else the default."""
    own = WorksChecklist.objects.filter(province_id=province_of(region_code), kind=kind).first()
    return list(own.items) if own is not None else list(DEFAULT_CHECKLISTS[kind])


def may_edit_checklists(actor: User, province: Region) -> bool:
    """A system administrator whose scope holds the province or lies in it, or a county
    administrator of the province."""
    if not actor.is_authenticated or actor.role not in CHECKLIST_ROLES:
        return False
    scope = actor.scope_code or ""
    return scope.startswith(province.code) or province.code.startswith(scope)


def set_checklist(
    actor: User, province: Region, *, kind: str, items: Sequence[str]
) -> WorksChecklist:
    """修改验收清单: the province's list for ``kind``, one item a line, replacing the default."""
    if level_of(province.code) != Level.PROVINCE:
        raise invalid("验收清单按省设置，请选择省级区划")
    if not may_edit_checklists(actor, province):
        raise ProjectError("只有本省的系统管理员或县级管理员可以修改验收清单", refusal=Refusal.ROLE)
    values.choice(kind, WorksKind.values, "工程类型")
    cleaned = [values.text(item, "验收项目", 200) for item in items if str(item or "").strip()]
    if not cleaned:
        raise invalid("验收清单至少应有一项")
    if len(cleaned) > MAX_ITEMS:
        raise invalid(f"验收清单最多 {MAX_ITEMS} 项")
    if len(set(cleaned)) != len(cleaned):
        raise invalid("验收清单中有重复的项目")
    try:
        with transaction.atomic():
            row = (
                WorksChecklist.objects.select_for_update()
                .filter(province=province, kind=kind)
                .first()
            )
            if row is None:
                row = WorksChecklist(province=province, kind=kind)
            row.items = cleaned
            row.updated_by = actor
            row.updated_at = timezone.now()
            record_change(row, actor, "projects.works.checklist 修改验收清单")
            row.save()
    except IntegrityError:
        # Another administrator set the province's first list of this kind at the same moment.
        raise invalid("该验收清单刚被他人修改，请刷新后重试") from None
    return row


# --- Works ---------------------------------------------------------------------------------------


def _check_role(actor: User, roles: frozenset[str], message: str) -> None:
    if not actor.is_authenticated or actor.role not in roles:
        raise ProjectError(message, refusal=Refusal.ROLE)


def may_build(actor: User) -> bool:
    return actor.is_authenticated and actor.role in BUILDING_ROLES


def may_inspect(actor: User) -> bool:
    return actor.is_authenticated and actor.role in INSPECTING_ROLES


def register_work(
    actor: User,
    household: Household,
    *,
    kind: str,
    year: int,
    budget: Decimal | str,
    content: str,
) -> HouseholdWork:
    """登记到户工程 for a registered household, with its province's checklist of ``kind``."""
    if not is_visible(actor, household):
        raise not_found("农户")
    _check_role(actor, BUILDING_ROLES, "只有县、乡镇、村的管理员可以登记到户工程")
    kind = values.choice(kind, WorksKind.values, "工程类型")
    work = HouseholdWork(
        household=household,
        kind=kind,
        year=values.year(year),
        budget=values.amount(budget, "预算"),
        content=values.text(content, "建设内容", 200),
        checklist=checklist_for(household.village_id, kind),
        state=WorksState.PLANNED,
        created_by=actor,
        created_at=timezone.now(),
    )
    record_change(work, actor, "projects.works.register 登记到户工程")
    work.save()
    return work


def _locked(actor: User, work: HouseholdWork) -> HouseholdWork:
    locked = (
        HouseholdWork.objects.select_for_update(of=("self",))
        .select_related("household")
        .filter(pk=work.pk)
        .first()
    )
    if locked is None or not is_visible(actor, locked):
        raise not_found("到户工程")
    return locked


def _number(value: Any, label: str) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise invalid(f"{label}应为数字") from None
    if not number.is_finite() or number <= 0:
        raise invalid(f"{label}应大于 0")
    if number != number.quantize(QUANTITY) or number >= Decimal("1e9"):
        raise invalid(f"{label}最多三位小数，且小于 10 亿")
    return number.quantize(QUANTITY)


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """数量 × 单价, rounded half up to the fen."""
    return (quantity * unit_price).quantize(FEN, rounding=ROUND_HALF_UP)


def add_expense(
    actor: User,
    work: HouseholdWork,
    *,
    category: str,
    item: str,
    quantity: Decimal | str,
    unit: str,
    unit_price: Decimal | str,
    amount: Decimal | str,
) -> WorkExpense:
    """登记费用: a labour or material line whose amount is its quantity × unit price to the fen,
    and which keeps the works' expenses within its budget."""
    _check_role(actor, BUILDING_ROLES, "只有县、乡镇、村的管理员可以登记到户工程费用")
    with transaction.atomic():
        locked = _locked(actor, work)
        if locked.state == WorksState.ACCEPTED:
            raise ProjectError("工程已验收，不能再登记费用")
        count = _number(quantity, "数量")
        price = values.amount(unit_price, "单价")
        total = values.amount(amount, "金额")
        expected = line_amount(count, price)
        if total != expected:
            raise invalid(
                f"金额应为数量 × 单价 = {count.normalize():f} × {yuan(price)} = {yuan(expected)} 元，"
                f"填写的是 {yuan(total)} 元"
            )
        so_far = locked.expenses.aggregate(total=Sum("amount"))["total"] or Decimal("0")
        if so_far + total > locked.budget:
            raise invalid(
                f"费用合计将达 {yuan(so_far + total)} 元，超过预算 {yuan(locked.budget)} 元"
            )
        row = WorkExpense(
            work=locked,
            category=values.choice(category, ExpenseCategory.values, "费用类别"),
            item=values.text(item, "名称", 100),
            quantity=count,
            unit=values.text(unit, "单位", 10),
            unit_price=price,
            amount=total,
            created_by=actor,
            created_at=timezone.now(),
        )
        record_change(row, actor, "projects.works.expense 登记到户工程费用")
        row.save()
    return row


def record_done(actor: User, work: HouseholdWork, *, finished_on: dt.date, note: str = "") -> None:
    """完工: the builder records the works done (again, after a failed acceptance's repair)."""
    _check_role(actor, BUILDING_ROLES, "只有县、乡镇、村的管理员可以登记完工")
    with transaction.atomic():
        locked = _locked(actor, work)
        if locked.state not in (WorksState.PLANNED, WorksState.FAILED):
            raise ProjectError(f"工程当前为“{locked.state}”，不能登记完工")
        finished = values.date(finished_on, "完工日期")
        if finished > timezone.localdate():
            raise invalid("完工日期不能晚于今天")
        locked.state = WorksState.DONE
        locked.builder = actor
        locked.finished_on = finished
        locked.done_note = values.text(note, "完工说明", 2000, required=False)
        record_change(locked, actor, "projects.works.done 登记完工")
        locked.save()
    _refresh(work, locked)


@dataclass(frozen=True)
class ItemResult:
    """One checklist item as found on site, with the photos taken of it."""

    passed: bool
    note: str = ""
    files: Sequence[Any] = ()


def inspect(
    actor: User,
    work: HouseholdWork,
    *,
    inspected_on: dt.date,
    results: Sequence[ItemResult],
    files: Sequence[Any],
    note: str = "",
) -> WorkInspection:
    """验收: on site, by someone other than the builder, every checklist item passed or failed
    (in the checklist's order) with its photos, and photos of the whole works in ``files``: at
    least one photo in all. Passed when every item passed; a failed item needs a note, and a
    failed acceptance opens a problem in the ledger."""
    _check_role(actor, INSPECTING_ROLES, "只有县、乡镇的管理员可以验收到户工程")
    with transaction.atomic():
        locked = _locked(actor, work)
        if locked.state != WorksState.DONE:
            raise ProjectError(f"工程当前为“{locked.state}”，完工后才能验收")
        if locked.builder_id == actor.pk:
            raise ProjectError("验收人不能是施工登记人（须由另一人验收）", refusal=Refusal.ROLE)
        if len(results) != len(locked.checklist):
            raise invalid(f"请逐项填写验收结果（共 {len(locked.checklist)} 项）")
        for position, (item, result) in enumerate(zip(locked.checklist, results, strict=True), 1):
            if not result.passed and not result.note.strip():
                raise invalid(f"第 {position} 项“{item}”不合格，请说明原因")
            values.text(result.note, "说明", 200, required=False)
        every_file = [*files, *(f for result in results for f in result.files)]
        check_files(every_file, required=True, step_label="验收")
        day = values.date(inspected_on, "验收日期")
        if day > timezone.localdate() or (locked.finished_on and day < locked.finished_on):
            raise invalid("验收日期应在完工日期与今天之间")
        now = timezone.now()
        passed = all(result.passed for result in results)
        inspection = WorkInspection.objects.create(
            work=locked,
            inspector=actor,
            inspected_on=day,
            passed=passed,
            note=values.text(note, "验收意见", 2000, required=False),
            at=now,
        )
        for position, (item, result) in enumerate(zip(locked.checklist, results, strict=True), 1):
            row = WorkInspectionItem.objects.create(
                inspection=inspection,
                position=position,
                item=item,
                passed=result.passed,
                note=result.note.strip(),
            )
            pairs = [(kind_of(f), f) for f in result.files]
            store_files(WorkPhoto, pairs, now=now, inspection=inspection, item=row)
        store_files(WorkPhoto, [(kind_of(f), f) for f in files], now=now, inspection=inspection)
        locked.state = WorksState.ACCEPTED if passed else WorksState.FAILED
        record_change(locked, actor, f"projects.works.inspect 验收{'通过' if passed else '未通过'}")
        locked.save()
        if not passed:
            report_findings(actor, [_finding(locked, inspection, results)])
    _refresh(work, locked)
    return inspection


def origin_key(work: HouseholdWork) -> str:
    return f"{ORIGIN_PREFIX}{work.pk}"


def _finding(
    work: HouseholdWork, inspection: WorkInspection, results: Sequence[ItemResult]
) -> Finding:
    failed = [
        f"{item}：{result.note.strip()}"
        for item, result in zip(work.checklist, results, strict=True)
        if not result.passed
    ]
    lines = [
        f"{work.year}年{work.kind}（农户 {work.household.code}）"
        f"{inspection.inspected_on:%Y-%m-%d}验收未通过：",
        *failed,
    ]
    return Finding(
        region_code=work.household.village_id,
        category=WORKS_PROBLEM_CLASS[work.kind],
        source=WORKS_PROBLEM_SOURCE,
        description="\n".join(lines),
        origin_key=origin_key(work),
        household_id=work.household_id,
    )


def _refresh(work: HouseholdWork, fresh: HouseholdWork) -> None:
    """The caller's object shows what was saved."""
    for field in ("state", "builder_id", "finished_on", "done_note"):
        setattr(work, field, getattr(fresh, field))
