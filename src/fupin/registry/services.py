"""Changing the registry one household or member at a time, with the same validation as import.

Every function takes the acting user first, checks that the object and any region it names lie
within the actor's scope, cleans each value with the import template's own cleaners, refuses with a
RegistryError (a Chinese message per field) and otherwise saves in one transaction with a history
record naming the actor. A change to a household or member read at an older version than the
stored one is refused with core's StaleEdit, before anything is written. Nothing is deleted: members leave by a status with a date, households
are closed with a date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from fupin.accounts.models import User
from fupin.core.cleaning import CellError, is_blank
from fupin.core.errors import DomainError, Refusal
from fupin.core.history import record_change
from fupin.core.idnumber import parse_id_number
from fupin.core.importing.columns import Sheet
from fupin.core.scope import in_scope, is_visible
from fupin.core.versions import check_version
from fupin.regions.choices import Level
from fupin.regions.models import Region

from .choices import MemberStatus, PolicyLevel
from .importing.checks import (
    household_rule_problems,
    household_values,
    member_rule_problems,
    member_values,
)
from .importing.sheets import HOUSEHOLDS, MEMBERS
from .models import Grant, Household, Income, Member, Policy


class RegistryError(DomainError):
    """A refusal. ``errors`` maps a template header (or "" for the whole form) to reasons."""

    default_refusal = Refusal.INPUT

    def __init__(self, errors: dict[str, list[str]], *, refusal: Refusal | None = None) -> None:
        self.errors = errors
        super().__init__(
            "；".join(
                f"{field}：{'，'.join(reasons)}" if field else "，".join(reasons)
                for field, reasons in errors.items()
            ),
            refusal=refusal,
        )


def clean_values(
    sheet: Sheet, raw: dict[str, Any], *, skip: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Clean a form's values (keyed by template column key) exactly as an import row would be."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for column in sheet.columns:
        if column.key in skip:
            continue
        value = raw.get(column.key)
        if is_blank(value):
            if column.required:
                errors.setdefault(column.header, []).append("必填，不能为空")
            cleaned[column.key] = column.default
            continue
        try:
            cleaned[column.key] = column.clean(value)
        except CellError as error:
            errors.setdefault(column.header, []).append(str(error))
    if errors:
        raise RegistryError(errors)
    return cleaned


def _check_actor(actor: User, household: Household | None = None) -> None:
    """The actor's role may change the registry, and the household (when there is one yet) is
    one the actor sees: outside their region, or not theirs for a helping cadre, it is not found."""
    if not getattr(actor, "can_edit", False):
        raise RegistryError({"": ["您的角色不能修改数据。"]}, refusal=Refusal.ROLE)
    if household is not None and not is_visible(actor, household):
        raise RegistryError({"户编号": ["未找到该户"]}, refusal=Refusal.NOT_FOUND)


def _check_village(actor: User, code: str) -> None:
    village = Region.objects.filter(code=code, level=Level.VILLAGE).first()
    if village is None:
        raise RegistryError({"行政区划代码": ["不是已知的村级行政区划代码"]})
    if not in_scope(actor, code):
        raise RegistryError({"行政区划代码": ["不在您的管辖范围内"]}, refusal=Refusal.NOT_FOUND)


def _check_given_village(actor: User, raw: dict[str, Any]) -> None:
    """The village of a new household, checked before its other values: outside the actor's
    region nothing else about it is theirs to be told. A missing or malformed code is left to
    the cleaning of all values, which names it with the others."""
    column = HOUSEHOLDS.column("village_code")
    if is_blank(raw.get("village_code")):
        return
    try:
        code = column.clean(raw["village_code"])
    except CellError:
        return
    _check_village(actor, code)


def _refuse(sheet: Sheet, problems: list[tuple[str, str]]) -> None:
    if problems:
        errors: dict[str, list[str]] = {}
        for key, reason in problems:
            errors.setdefault(sheet.column(key).header, []).append(reason)
        raise RegistryError(errors)


def update_household(actor: User, household: Household, *, raw: dict[str, Any]) -> Household:
    """Change a household's facts (not its 户编号); the old values stay in its history."""
    _check_actor(actor, household)
    values = clean_values(HOUSEHOLDS, {**raw, "household_code": household.code})
    _check_village(actor, values["village_code"])
    _refuse(HOUSEHOLDS, household_rule_problems(values))
    if values["head_id_number"] not in _active_head_ids(household):
        raise RegistryError({"户主证件号码": ["应为本户与户主关系为“户主”的正常成员"]})
    for name, value in household_values(values).items():
        setattr(household, name, value)
    with transaction.atomic():
        check_version(household)
        record_change(household, actor)
        household.save()
    return household


def _active_head_ids(household: Household) -> set[str]:
    return set(
        household.members.filter(relation="户主", member_status=MemberStatus.NORMAL).values_list(
            "id_number", flat=True
        )
    )


def create_household(actor: User, *, raw: dict[str, Any], head_raw: dict[str, Any]) -> Household:
    """A new household with its head, in one step (a household cannot exist without its head)."""
    _check_actor(actor)
    _check_given_village(actor, raw)
    values = clean_values(HOUSEHOLDS, {**raw, "head_id_number": head_raw.get("id_number")})
    head = clean_values(
        MEMBERS, {**head_raw, "household_code": values["household_code"], "relation": "户主"}
    )
    _check_village(actor, values["village_code"])
    _refuse(HOUSEHOLDS, household_rule_problems(values))
    if Household.objects.filter(code=values["household_code"]).exists():
        raise RegistryError({"户编号": ["户编号已存在"]})
    _refuse(MEMBERS, member_rule_problems(head))
    _refuse_if_active_elsewhere(head["id_number"], household=None)
    with transaction.atomic():
        household = Household(code=values["household_code"], **household_values(values))
        record_change(household, actor)
        household.save()
        _save_member(actor, Member(household=household, id_number=head["id_number"]), head)
    return household


def add_member(actor: User, household: Household, *, raw: dict[str, Any]) -> Member:
    """Add a person to a household; refused if they are an active member of another household."""
    _check_actor(actor, household)
    values = clean_values(MEMBERS, {**raw, "household_code": household.code})
    _refuse(MEMBERS, member_rule_problems(values))
    if household.members.filter(id_number=values["id_number"]).exists():
        raise RegistryError({"证件号码": ["此人已是本户成员"]})
    if values["relation"] == "户主" and _active_head_ids(household):
        raise RegistryError({"与户主关系": ["本户已有户主：每户只能有一位户主"]})
    _refuse_if_active_elsewhere(values["id_number"], household=household)
    with transaction.atomic():
        return _save_member(
            actor, Member(household=household, id_number=values["id_number"]), values
        )


def update_member(actor: User, member: Member, *, raw: dict[str, Any]) -> Member:
    """Change a member's facts (not their ID number, which is their key)."""
    _check_actor(actor, member.household)
    values = clean_values(
        MEMBERS, {**raw, "household_code": member.household.code, "id_number": member.id_number}
    )
    _refuse(MEMBERS, member_rule_problems(values))
    if (
        values["relation"] == "户主"
        and member.relation != "户主"
        and _active_head_ids(member.household)
    ):
        raise RegistryError({"与户主关系": ["本户已有户主：每户只能有一位户主"]})
    if member.relation == "户主" and values["relation"] != "户主":
        raise RegistryError({"与户主关系": ["户主的关系不能直接改动：请先在户信息中更换户主"]})
    with transaction.atomic():
        check_version(member)
        return _save_member(actor, member, values)


def record_member_exit(
    actor: User, member: Member, *, status: str, date: dt.date, note: str = ""
) -> Member:
    """A member dies or moves out: a status with its date, never a deleted row."""
    _check_actor(actor, member.household)
    if status not in (MemberStatus.DECEASED, MemberStatus.MOVED_OUT):
        raise RegistryError({"人员状态": ["应为“死亡”或“迁出”"]})
    if member.member_status != MemberStatus.NORMAL:
        raise RegistryError(
            {"人员状态": [f"此人已于 {member.status_date} 标记为{member.member_status}"]}
        )
    if member.birth_date and date < member.birth_date:
        raise RegistryError({"状态变更日期": ["早于出生日期"]})
    member.member_status = status
    member.status_date = date
    with transaction.atomic():
        check_version(member)
        record_change(member, actor, note or f"{status}（{date:%Y-%m-%d}）")
        member.save(update_fields=["member_status", "status_date"])
    return member


def close_household(actor: User, household: Household, *, date: dt.date, reason: str) -> Household:
    """注销: the household stays, with the date and reason it was closed."""
    _check_actor(actor, household)
    if not reason.strip():
        raise RegistryError({"注销原因": ["请填写注销原因"]})
    household.closed_on = date
    household.closed_reason = reason.strip()[:200]
    with transaction.atomic():
        check_version(household)
        record_change(household, actor)
        household.save(update_fields=["closed_on", "closed_reason"])
    return household


def _refuse_if_active_elsewhere(id_number: str, *, household: Household | None) -> None:
    """One person is an active member of at most one household. The refusal names the township
    where they are registered, even outside the actor's scope, and nothing else of it."""
    elsewhere = Member.objects.filter(id_number=id_number, member_status=MemberStatus.NORMAL)
    if household is not None:
        elsewhere = elsewhere.exclude(household=household)
    village = elsewhere.values_list("household__village_id", flat=True).first()
    if village:
        township = Region.objects.filter(code=village[:9]).values_list("name", flat=True).first()
        raise RegistryError(
            {"证件号码": [f"此人已是{township or '其他乡镇'}某户的正常成员，不能重复登记"]}
        )


def _save_member(actor: User, member: Member, values: dict[str, Any]) -> Member:
    for name, value in member_values(values).items():
        setattr(member, name, value)
    member.birth_date = parse_id_number(member.id_number).birth_date
    record_change(member, actor)
    member.save()
    return member


def add_household_grant(
    actor: User, household: Household, *, policy_code: str, year: int, amount: Decimal, reason: str
) -> Grant:
    """A payment of a household policy (rules.md §6) for ``year``: added to the household's grant
    of that policy and year when it has one (the grant is unique per household, 证件号码, policy
    and year), otherwise a new grant of the household (no 证件号码)."""
    _check_actor(actor, household)
    policy = Policy.objects.filter(code=policy_code, level=PolicyLevel.HOUSEHOLD).first()
    if policy is None:
        raise RegistryError({"政策代码": [f"{policy_code} 不是按户享受的政策"]})
    if amount < 0:
        raise RegistryError({"金额": ["不能为负数"]})
    grant = (
        Grant.objects.select_for_update()
        .filter(household=household, policy=policy, year=year)
        .order_by("id_number")
        .first()
    )
    if grant is None:
        grant = Grant(household=household, policy=policy, year=year, id_number="")
    grant.amount = (grant.amount or Decimal("0.00")) + amount
    record_change(grant, actor, reason)
    grant.save()
    return grant


def add_property_income(
    actor: User, household: Household, *, year: int, amount: Decimal, reason: str
) -> Income | None:
    """Add ``amount`` to the household's 财产性收入 of ``year``. Only a year the income survey has
    recorded is changed: without a row nothing is written (a row of the other incomes at zero
    would read as a household with no income), and None is returned."""
    _check_actor(actor, household)
    if amount < 0:
        raise RegistryError({"财产性收入": ["不能为负数"]})
    income = Income.objects.select_for_update().filter(household=household, year=year).first()
    if income is None:
        return None
    income.property_income += amount
    record_change(income, actor, reason)
    income.save()
    return income
