"""Recording a visit (走访) and reviewing the registry changes it proposes.

A visit is recorded in one transaction: who went (a cadre the actor may see; a helping cadre only
as themself, and only to the households they answer for), when and how, the checklist, what was
found, the photos, optionally a 干部排查 lead, and proposed registry changes. Nothing in the
registry changes when a visit is recorded. An office accepts a proposal, and the change is then
made through the registry's own services, so the household's or member's history names the
reviewer and the reason (走访核实：…); or it rejects the proposal with a reason.

Every refusal is a :class:`VisitError` with a Chinese message; a household, cadre or proposal
outside the actor's scope is refused as not found. All values are checked before any row or file
is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.core.cleaning import CellError, is_blank
from fupin.core.errors import DomainError, Refusal
from fupin.core.history import record_change
from fupin.core.scope import is_visible
from fupin.core.uploads import IMAGES, UploadRefused, checked_content_type, display_name
from fupin.grid.models import Cadre
from fupin.monitoring import services as monitoring
from fupin.monitoring.choices import Channel
from fupin.monitoring.models import Case
from fupin.registry import services as registry
from fupin.registry.choices import MemberStatus
from fupin.registry.exporting import template_values
from fupin.registry.importing.sheets import HOUSEHOLDS, MEMBERS
from fupin.registry.models import Household, Member

from .choices import (
    CHECKLIST,
    PROBLEM_ANSWERS,
    Awareness,
    Check,
    ProposalState,
    Satisfaction,
    VisitKind,
)
from .models import ChangeProposal, Visit, VisitPhoto

# 建档立卡 began in 2014: an earlier date is a typing mistake, not a visit.
EARLIEST_VISIT = dt.date(2014, 1, 1)
MAX_PHOTOS = 9
# The offices that decide on a proposed change; a 系统管理员 may act for any of them in scope.
REVIEWERS = frozenset(
    {Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.VILLAGE_ADMIN}
)
# The registry facts a cadre can see for themself on a visit, with the import template's columns
# (their headers are the labels, their cleaners check the values against the code lists).
MEMBER_FIELDS = {
    key: MEMBERS.column(key) for key in ("school_status", "health", "employment", "member_status")
}
HOUSEHOLD_FIELDS = {
    key: HOUSEHOLDS.column(key)
    for key in (
        "phone",
        "housing_grade",
        "water_quantity_ok",
        "water_quality_ok",
        "water_access_ok",
        "water_supply_ok",
    )
}
FIELD_LABELS = {key: column.header for key, column in {**MEMBER_FIELDS, **HOUSEHOLD_FIELDS}.items()}
EXITS = (MemberStatus.DECEASED, MemberStatus.MOVED_OUT)
# A proposed 死亡 or 迁出 keeps its date in the proposed value: "死亡（2026-02-01）".
_EXIT_VALUE = re.compile(r"(?P<status>\S+)（(?P<date>\d{4}-\d{2}-\d{2})）")
ANSWER_LISTS = {"awareness": Awareness, "satisfaction": Satisfaction}
_HISTORY_REASON_LENGTH = 100  # the history table's change-reason column


class VisitError(DomainError):
    """A refused visit record or review."""


def _invalid(message: str) -> VisitError:
    return VisitError(message, refusal=Refusal.INPUT)


def _not_found(what: str) -> VisitError:
    return VisitError(f"未找到该{what}", refusal=Refusal.NOT_FOUND)


class Proposed(NamedTuple):
    """A fact found different from the registry: a member's (or the household's, member None)
    field and the value the cadre saw; a 死亡 or 迁出 also needs its date."""

    member: Member | None
    field: str
    value: str
    date: dt.date | None = None


@dataclass(frozen=True)
class Recorded:
    visit: Visit
    # False when the household already had an open case: the visit is linked to it instead.
    lead_opened: bool


def registry_value(target: Household | Member, field: str) -> str:
    """A registry fact as a proposal stores it, so that a stored value and today's compare."""
    return _text(getattr(target, field))


def _text(value: Any) -> str:
    """A stored or cleaned value as the import template writes it (是/否, codes joined by 、)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value)
    return "" if value is None else str(value)


def may_record(user: User) -> bool:
    return bool(user.is_authenticated and user.can_edit)


def may_review(user: User) -> bool:
    return bool(user.is_authenticated and user.role in REVIEWERS)


# --- Recording -----------------------------------------------------------------------------------


def record_visit(
    actor: User,
    household: Household,
    *,
    cadre: Cadre,
    visited_on: dt.date,
    kind: str,
    answers: Mapping[str, str],
    findings: str = "",
    photos: Sequence[Any] = (),
    open_lead: bool = False,
    proposals: Sequence[Proposed | tuple[Any, ...]] = (),
) -> Recorded:
    """A visit with its checklist answers (field of ``CHECKLIST`` → answer), findings, photos
    (JPEG or PNG files), an optional 干部排查 lead and the registry changes it proposes."""
    _check_recorder(actor, household, cadre)
    visited_on = _visit_date(visited_on, household)
    if kind not in VisitKind.values:
        raise _invalid(f"走访方式应为{'、'.join(VisitKind.labels)}之一")
    checklist = _checklist(answers)
    findings = findings.strip()
    problems = [
        f"“{CHECKLIST[field]}”为“{answer}”"
        for field, answer in checklist.items()
        if answer in PROBLEM_ANSWERS
    ]
    if problems and not findings:
        raise _invalid(f"{'、'.join(problems)}：请在“发现的问题和情况”中写明")
    if open_lead and not findings:
        raise _invalid("转为监测线索须写明发现的问题和情况（作为线索说明）")
    photo_types = _photo_types(photos)
    changes = _proposals(household, visited_on, proposals)
    now = timezone.now()
    with transaction.atomic():
        visit = Visit.objects.create(
            household=household,
            cadre=cadre,
            visited_on=visited_on,
            kind=kind,
            findings=findings,
            recorded_by=actor,
            recorded_at=now,
            **checklist,
        )
        lead_opened = False
        if open_lead:
            visit.lead, lead_opened = _lead(actor, household, findings)
            visit.save(update_fields=["lead"])
        for change in changes:
            change.visit = visit
        ChangeProposal.objects.bulk_create(changes)
        # Files last: a refusal above leaves none behind.
        for photo, content_type in zip(photos, photo_types, strict=True):
            _store_photo(visit, photo, content_type)
    return Recorded(visit, lead_opened)


def _check_recorder(actor: User, household: Household, cadre: Cadre) -> None:
    if not is_visible(actor, household):
        raise _not_found("户")
    if not may_record(actor):
        raise VisitError(
            f"您的角色（{actor.get_role_display()}）不能登记走访", refusal=Refusal.ROLE
        )
    if actor.role == Role.HELPER and cadre.user_id != actor.pk:
        raise VisitError("帮扶责任人只能登记本人的走访", refusal=Refusal.ROLE)
    if not is_visible(actor, cadre):
        raise _not_found("帮扶干部")


def _visit_date(visited_on: Any, household: Household) -> dt.date:
    if not isinstance(visited_on, dt.date):
        raise _invalid("请填写走访日期")
    today = timezone.localdate()
    if visited_on > today:
        raise _invalid(f"走访日期 {visited_on:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}）")
    if visited_on < EARLIEST_VISIT:
        raise _invalid(f"走访日期 {visited_on:%Y-%m-%d} 早于 {EARLIEST_VISIT:%Y-%m-%d}")
    if household.closed_on is not None and visited_on >= household.closed_on:
        raise VisitError(f"该户已于 {household.closed_on:%Y-%m-%d} 注销，不能登记此后的走访")
    return visited_on


def _checklist(answers: Mapping[str, str]) -> dict[str, str]:
    """Every item of the checklist answered from its own list; a check not answered was not
    checked, but 政策知晓 and 满意度 are always asked."""
    unknown = sorted(set(answers) - set(CHECKLIST))
    if unknown:
        raise _invalid(f"未知的走访项目：{'、'.join(unknown)}")
    checklist = {}
    for field, label in CHECKLIST.items():
        allowed = ANSWER_LISTS.get(field, Check)
        answer = answers.get(field) or ("" if field in ANSWER_LISTS else Check.UNCHECKED)
        if not answer:
            raise _invalid(f"请选择“{label}”")
        if answer not in allowed.values:
            raise _invalid(f"“{label}”应为{'、'.join(allowed.values)}之一")
        checklist[field] = answer
    return checklist


def _photo_types(photos: Sequence[Any]) -> list[str]:
    if len(photos) > MAX_PHOTOS:
        raise _invalid(f"每次走访最多上传 {MAX_PHOTOS} 张照片（选择了 {len(photos)} 张）")
    try:
        return [checked_content_type(photo, allowed=IMAGES) for photo in photos]
    except UploadRefused as refused:
        raise _invalid(str(refused)) from None


def _store_photo(visit: Visit, photo: Any, content_type: str) -> None:
    stored = VisitPhoto(
        visit=visit,
        original_name=display_name(photo),
        size=photo.size,
        content_type=content_type,
    )
    stored.file.save(display_name(photo), photo, save=False)
    stored.save()


def _lead(actor: User, household: Household, findings: str) -> tuple[Case, bool]:
    """The household's open case if it has one (a second would be refused), else a new 干部排查
    lead with the findings as its note."""
    current = Case.objects.open().filter(household=household).first()
    if current is not None:
        return current, False
    case = monitoring.open_lead(actor, household, channel=Channel.CADRE_SCREENING, note=findings)
    return case, True


def _proposals(
    household: Household, visited_on: dt.date, proposals: Sequence[Proposed | tuple[Any, ...]]
) -> list[ChangeProposal]:
    changes = [_proposal(household, visited_on, Proposed(*item)) for item in proposals]
    keys = [(change.member_id, change.field) for change in changes]
    if len(set(keys)) != len(keys):
        raise _invalid("同一人的同一项信息只能提出一条变更建议")
    return changes


def _proposal(household: Household, visited_on: dt.date, proposed: Proposed) -> ChangeProposal:
    member, field = proposed.member, proposed.field
    target: Household | Member
    if member is None:
        target, columns, whose = household, HOUSEHOLD_FIELDS, "户"
    else:
        if member.household_id != household.pk:
            raise _invalid(f"{member.name}不是户 {household.code} 的成员")
        if member.member_status != MemberStatus.NORMAL:
            raise _invalid(f"{member.name}已标记为{member.member_status}，不能再提出变更建议")
        target, columns, whose = member, MEMBER_FIELDS, member.name
    if field not in columns:
        allowed = "、".join(column.header for column in columns.values())
        raise _invalid(f"走访只能建议变更{whose}的{allowed}（不能建议变更“{field}”）")
    label = f"{whose}的{columns[field].header}"
    if is_blank(proposed.value):
        raise _invalid(f"{label}：请填写走访核实的情况")
    try:
        cleaned = columns[field].clean(proposed.value)
    except CellError as error:
        raise _invalid(f"{label}：{error}") from None
    if field == "member_status":
        value = _exit_value(label, member, cleaned, proposed.date, visited_on)
    else:
        value = _text(cleaned)
    current = registry_value(target, field)
    if value == current:
        raise _invalid(f"{label}：与登记的“{current}”相同，无需提出变更建议")
    return ChangeProposal(
        household=household,
        member=member,
        field=field,
        current_value=current,
        proposed_value=value,
    )


def _exit_value(
    label: str, member: Any, status: str, day: dt.date | None, visited_on: dt.date
) -> str:
    if status not in EXITS:
        raise _invalid(f"{label}：只能建议变更为{'或'.join(EXITS)}")
    if day is None:
        raise _invalid(f"{label}：请填写{status}日期")
    if day > visited_on:
        raise _invalid(f"{label}：{status}日期 {day:%Y-%m-%d} 晚于走访日期")
    if member.birth_date and day < member.birth_date:
        raise _invalid(f"{label}：{status}日期 {day:%Y-%m-%d} 早于出生日期")
    return f"{status}（{day:%Y-%m-%d}）"


# --- Review --------------------------------------------------------------------------------------


def accept_proposal(actor: User, proposal: ChangeProposal, note: str = "") -> ChangeProposal:
    """Make the proposed change in the registry, through its services, with the reviewer and
    the reason in the history. Refused when the registry no longer holds the value the visit
    saw (someone changed it since): the proposal is then out of date."""
    note = _note(note, required=False)
    with transaction.atomic():
        proposal = _for_review(actor, proposal)
        target = proposal.member or proposal.household
        current = registry_value(target, proposal.field)
        if current != proposal.current_value:
            raise VisitError(
                f"登记的{FIELD_LABELS[proposal.field]}已由“{proposal.current_value}”变为"
                f"“{current}”，该建议已过时：请驳回，需要时重新走访核实"
            )
        try:
            _apply(actor, proposal, target, _history_reason(proposal, note))
        except registry.RegistryError as error:
            raise _invalid(f"登记信息未能按建议修改：{error}") from None
        return _decide(actor, proposal, ProposalState.ACCEPTED, note)


def reject_proposal(actor: User, proposal: ChangeProposal, note: str) -> ChangeProposal:
    """Keep the registry as it is; the reason is kept with the proposal."""
    note = _note(note, required=True)
    with transaction.atomic():
        proposal = _for_review(actor, proposal)
        return _decide(actor, proposal, ProposalState.REJECTED, note)


def _note(note: str, *, required: bool) -> str:
    note = (note or "").strip()
    if required and not note:
        raise _invalid("请填写驳回理由")
    if len(note) > 200:
        raise _invalid(f"审核意见不超过 200 字（现有 {len(note)} 字）")
    return note


def _for_review(actor: User, proposal: ChangeProposal) -> ChangeProposal:
    """The proposal read again under a lock (two reviewers may click at once)."""
    locked = (
        ChangeProposal.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("household", "member__household", "visit__cadre")
        .filter(pk=proposal.pk)
        .first()
    )
    if locked is None:
        raise _not_found("变更建议")
    if not may_review(actor):
        raise VisitError(
            f"您的角色（{actor.get_role_display()}）不能审核走访提出的变更建议",
            refusal=Refusal.ROLE,
        )
    if locked.state != ProposalState.PENDING:
        raise VisitError(f"该建议{locked.get_state_display()}，不能再次审核")
    return locked


def _history_reason(proposal: ChangeProposal, note: str) -> str:
    visit = proposal.visit
    reason = (
        f"走访核实：{FIELD_LABELS[proposal.field]}“{proposal.current_value}”→"
        f"“{proposal.proposed_value}”（{visit.visited_on:%Y-%m-%d} {visit.cadre.name}）"
    )
    return (f"{reason}；{note}" if note else reason)[:_HISTORY_REASON_LENGTH]


def _apply(actor: User, proposal: ChangeProposal, target: Household | Member, reason: str) -> None:
    if proposal.field == "member_status":
        found = _EXIT_VALUE.fullmatch(proposal.proposed_value)
        assert found is not None, proposal.proposed_value  # written by _exit_value
        assert isinstance(target, Member), "only a member leaves"  # MEMBER_FIELDS alone has it
        registry.record_member_exit(
            actor,
            target,
            status=found["status"],
            date=dt.date.fromisoformat(found["date"]),
            note=reason,
        )
        return
    # The registry's services take a whole record, as a page or an import row gives it: today's
    # values with the one proposed change.
    record_change(target, actor, reason)
    if isinstance(target, Member):
        raw = {**template_values(MEMBERS, target), proposal.field: proposal.proposed_value}
        registry.update_member(actor, target, raw=raw)
    else:
        raw = {**template_values(HOUSEHOLDS, target), proposal.field: proposal.proposed_value}
        registry.update_household(actor, target, raw=raw)


def _decide(actor: User, proposal: ChangeProposal, state: str, note: str) -> ChangeProposal:
    proposal.state = state
    proposal.reviewed_by = actor
    proposal.reviewed_at = timezone.now()
    proposal.review_note = note
    proposal.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
    return proposal
