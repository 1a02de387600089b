"""Changes to the grid, as verb-named services that pages, the API and the import call.

Each takes the acting user first, checks their role and region, and refuses with a
:class:`GridError` whose Chinese message is shown as is. A target outside the actor's region is
refused as not found. Reassigning never edits the old assignment's target: it ends the old one on
the day the new one starts, links them, and keeps the handover note on the new one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.core.errors import DomainError, Refusal
from fupin.core.history import record_change
from fupin.core.idnumber import MalformedIdNumber, parse_id_number
from fupin.core.scope import require_in_scope, require_visible
from fupin.core.spreadsheet_safety import FORMULA_NAME_REASON, begins_like_formula
from fupin.core.versions import check_unchanged, check_version
from fupin.regions.choices import Level as RegionLevel
from fupin.regions.models import Region
from fupin.registry.models import Household

from .choices import TARGET_FIELD, CadreKind, Level
from .models import Area, AreaHousehold, Assignment, Cadre, Pairing

# Offices that keep the grid; a leader's village (包村) is decided at township level or above.
GRID_EDITORS = frozenset(
    {Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.VILLAGE_ADMIN}
)
LEADER_EDITORS = frozenset({Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN})
PHONE = re.compile(r"1\d{10}|0\d{2,3}-?\d{7,8}")
# Only one cadre at a time answers for a household or an area; a village may have several leaders.
SINGLE_OWNER_LEVELS = frozenset({Level.HOUSEHOLD, Level.AREA})


class GridError(DomainError):
    """A refused change to the grid."""


def _invalid(message: str) -> GridError:
    return GridError(message, refusal=Refusal.INPUT)


def may_edit_grid(actor: User) -> bool:
    return actor.is_authenticated and actor.role in GRID_EDITORS


def _check_editor(actor: User, code: str, *, level: str | None = None) -> None:
    require_in_scope(actor, code, error=GridError, message="未找到该区域")
    editors = LEADER_EDITORS if level == Level.VILLAGE else GRID_EDITORS
    if actor.role not in editors:
        raise GridError("当前角色无权维护此项帮扶安排", refusal=Refusal.ROLE)


# --- Cadres -----------------------------------------------------------------------------------

CADRE_FIELDS = ("name", "id_number", "region", "unit", "post", "phone", "kind")


def cleaned_cadre(values: dict[str, Any]) -> dict[str, Any]:
    """The values of a cadre checked one by one: every field named in a message that says what
    is allowed. ``region`` is a Region; the rest are text."""
    name = str(values.get("name") or "").strip()
    if not name or len(name) > 50:
        raise _invalid("姓名：必填，不超过 50 个字")
    if begins_like_formula(name):
        raise _invalid(f"姓名：{FORMULA_NAME_REASON}")
    try:
        id_number = parse_id_number(str(values.get("id_number") or "")).value
    except MalformedIdNumber as error:
        raise _invalid(f"证件号码：{error}") from None
    if not parse_id_number(id_number).check_digit_ok:
        raise _invalid(f"证件号码：{id_number} 的校验位不正确")
    region = values.get("region")
    if not isinstance(region, Region) or region.level < RegionLevel.COUNTY:
        raise _invalid("所属区划：须为县、乡镇或村的区划代码")
    phone = str(values.get("phone") or "").strip()
    if not PHONE.fullmatch(phone):
        raise _invalid(f"联系电话：“{phone}”不是 11 位手机号或带区号的固定电话")
    kind = str(values.get("kind") or "").strip()
    if kind not in CadreKind.values:
        raise _invalid(f"干部类别：“{kind}”不在 {'、'.join(CadreKind.values)} 之中")
    texts = {}
    for field, label, limit in (("unit", "工作单位", 100), ("post", "职务", 50)):
        text = str(values.get(field) or "").strip()
        if not text or len(text) > limit:
            raise _invalid(f"{label}：必填，不超过 {limit} 个字")
        texts[field] = text
    return {
        "name": name,
        "id_number": id_number,
        "region": region,
        "phone": phone,
        "kind": kind,
        **texts,
    }


@transaction.atomic
def save_cadre(actor: User, values: dict[str, Any], *, cadre: Cadre | None = None) -> Cadre:
    """Register a cadre or change one; the ID number is the key and may not be taken twice. A
    change to a cadre read at an older version than the stored one is refused (StaleEdit)."""
    if cadre is not None:  # outside the actor's region the cadre is not found, whatever the values
        _check_editor(actor, cadre.region_id)
    cleaned = cleaned_cadre(values)
    _check_editor(actor, cleaned["region"].code)
    taken = Cadre.objects.filter(id_number=cleaned["id_number"])
    if cadre is not None:
        taken = taken.exclude(pk=cadre.pk)
    if taken.exists():
        raise _invalid(f"证件号码：{cleaned['id_number']} 已登记为帮扶干部")
    if cadre is not None:
        check_version(cadre)
    cadre = cadre or Cadre()
    for field, value in cleaned.items():
        setattr(cadre, field, value)
    record_change(cadre, actor, "维护帮扶干部")
    cadre.save()
    return cadre


# --- Assignments ------------------------------------------------------------------------------


def _target_village(level: str, target: Any) -> str:
    if level == Level.VILLAGE:
        if not isinstance(target, Region) or target.level != RegionLevel.VILLAGE:
            raise _invalid("包村的对象须为村")
        return target.code
    expected = Household if level == Level.HOUSEHOLD else Area
    if not isinstance(target, expected):
        raise _invalid(f"{level}的对象须为{'农户' if level == Level.HOUSEHOLD else '片区'}")
    return target.village_id


def _check_dates(started_on: dt.date, letter_signed_on: dt.date | None) -> None:
    if not isinstance(started_on, dt.date):
        raise _invalid("开始日期：必填")
    if letter_signed_on is not None and letter_signed_on > started_on + dt.timedelta(days=366):
        raise _invalid("责任书签订日期：不能晚于开始日期一年以上")


def _active_owner(level: str, target: Any, day: dt.date) -> Assignment | None:
    if level not in SINGLE_OWNER_LEVELS:
        return None
    found = Assignment.objects.of_level(level).filter(**{TARGET_FIELD[level]: target})
    return found.active_on(day).select_related("cadre", "household", "area").first()


@transaction.atomic
def assign(
    actor: User,
    cadre: Cadre,
    *,
    level: str,
    target: Any,
    started_on: dt.date,
    letter_signed_on: dt.date | None = None,
) -> Assignment:
    """Make ``cadre`` answer for ``target`` (a village Region, a Household or an Area) from
    ``started_on``. A household or area that already has its cadre is refused: reassign instead."""
    if level not in Level.values:
        raise _invalid(f"层级：“{level}”不在 {'、'.join(Level.values)} 之中")
    village = _target_village(level, target)
    _check_editor(actor, village, level=level)
    require_visible(actor, cadre, error=GridError, message="未找到该帮扶干部")
    _check_dates(started_on, letter_signed_on)
    owner = _active_owner(level, target, started_on)
    if owner is not None:
        raise GridError(
            f"{owner.target_label} 已由 {owner.cadre.name} 负责（{owner.started_on:%Y-%m-%d} 起），"
            "请使用“调整帮扶人”办理交接"
        )
    if level == Level.VILLAGE:
        duplicate = Assignment.objects.of_level(level).filter(cadre=cadre, village_id=village)
        if duplicate.active_on(started_on).exists():
            raise GridError(f"{cadre.name} 已在包此村")
    assignment = Assignment(
        cadre=cadre,
        level=level,
        village_id=village,
        started_on=started_on,
        letter_signed_on=letter_signed_on,
        **({TARGET_FIELD[level]: target} if level != Level.VILLAGE else {}),
    )
    record_change(assignment, actor, "新增帮扶安排")
    assignment.save()
    return assignment


@transaction.atomic
def reassign(
    actor: User,
    assignment: Assignment,
    *,
    cadre: Cadre,
    on: dt.date,
    handover_note: str,
    letter_signed_on: dt.date | None = None,
) -> Assignment:
    """End ``assignment`` on ``on`` and start the same target's assignment with ``cadre``."""
    assignment = _locked(actor, assignment)
    if not assignment.is_active_on(on):
        raise GridError("该帮扶安排在交接日期已不在有效期内")
    if cadre.pk == assignment.cadre_id:
        raise _invalid("接替人与原帮扶人是同一人")
    if not handover_note.strip():
        raise _invalid("交接说明：必填（写明已交接的户情、在办事项和资料）")
    if assignment.started_on == on:
        raise _invalid("交接日期须晚于原安排的开始日期")
    _end(actor, assignment, on=on, reason=f"调整为 {cadre.name}")
    successor = Assignment(
        cadre=cadre,
        level=assignment.level,
        village_id=assignment.village_id,
        household_id=assignment.household_id,
        area_id=assignment.area_id,
        started_on=on,
        letter_signed_on=letter_signed_on,
        handover_note=handover_note.strip(),
    )
    record_change(successor, actor, "调整帮扶人")
    successor.save()
    assignment.replaced_by = successor
    record_change(assignment, actor, "调整帮扶人")
    assignment.save(update_fields=["replaced_by"])
    return successor


@transaction.atomic
def end_assignment(actor: User, assignment: Assignment, *, on: dt.date, reason: str) -> Assignment:
    """End ``assignment`` from ``on`` without a successor (the household exited the grid, the
    cadre left)."""
    assignment = _locked(actor, assignment)
    if assignment.ended_on is not None:
        raise GridError("该帮扶安排已结束")
    if on <= assignment.started_on:
        raise _invalid("结束日期须晚于开始日期")
    if not reason.strip():
        raise _invalid("结束原因：必填")
    _end(actor, assignment, on=on, reason=reason.strip())
    return assignment


def _locked(actor: User, read: Assignment) -> Assignment:
    """The assignment as stored now, locked, once the actor may change it and only if it is still
    as the page (or the caller) read it."""
    assignment = Assignment.objects.select_for_update().get(pk=read.pk)
    _check_editor(actor, assignment.village_id, level=assignment.level)
    check_unchanged(read, assignment)
    return assignment


def _end(actor: User, assignment: Assignment, *, on: dt.date, reason: str) -> None:
    assignment.ended_on = on
    assignment.end_reason = reason[:200]
    record_change(assignment, actor, "结束帮扶安排")
    assignment.save()


# --- Areas and pairings -----------------------------------------------------------------------


@transaction.atomic
def save_area(actor: User, village: Region, name: str, households: Iterable[Household]) -> Area:
    """Create the village's area ``name`` or set its households; a household leaves any other
    area it was in."""
    _check_editor(actor, village.code)
    name = name.strip()
    if not name or len(name) > 50:
        raise _invalid("片区名称：必填，不超过 50 个字")
    households = list(households)
    strangers = [h.code for h in households if h.village_id != village.code]
    if strangers:
        raise _invalid(f"这些户不在{village.name}：{'、'.join(strangers[:10])}")
    area, _ = Area.objects.get_or_create(village=village, name=name)
    AreaHousehold.objects.filter(household__in=households).exclude(area=area).delete()
    AreaHousehold.objects.filter(area=area).exclude(household__in=households).delete()
    kept = set(AreaHousehold.objects.filter(area=area).values_list("household_id", flat=True))
    AreaHousehold.objects.bulk_create(
        AreaHousehold(area=area, household=h) for h in households if h.pk not in kept
    )
    return area


@transaction.atomic
def add_pairing(
    actor: User, region: Region, *, unit: str, started_on: dt.date, **details: str
) -> Pairing:
    """Pair an outside unit with a township or village (结对帮扶)."""
    _check_editor(actor, region.code)
    if region.level not in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
        raise _invalid("结对对象须为乡镇或村")
    unit = unit.strip()
    if not unit or len(unit) > 100:
        raise _invalid("帮扶单位：必填，不超过 100 个字")
    if begins_like_formula(details.get("contact", "").strip()):
        raise _invalid(f"联系人：{FORMULA_NAME_REASON}")
    pairing = Pairing(region=region, unit=unit, started_on=started_on, **details)
    pairing.full_clean(exclude=["region"])
    pairing.save()
    return pairing
