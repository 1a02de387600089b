"""The steps of a problem, as verb-named services that pages, imports and the API all call.

Every service takes the acting user first and keyword-only values, runs in one transaction with
the problem row locked, and checks in this order: the region (outside it the problem is "not
found"), the role and office, the state, then the values given. It then saves the problem with a
history record naming the actor and writes one :class:`ProblemStep` with its attachments. A
refusal is a :class:`LedgerError` with a Chinese message.

The current time is ``django.utils.timezone.now()``, read once per step; deadlines are compared
with today's date in the project's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from fupin.accounts.models import User
from fupin.core.history import record_change
from fupin.core.scope import is_visible, require_in_scope
from fupin.core.versions import check_unchanged
from fupin.grid.models import Cadre
from fupin.monitoring.models import Case
from fupin.projects.models import Allocation, Project
from fupin.regions.choices import Level, level_of
from fupin.regions.models import Region
from fupin.registry.models import Household, Member
from fupin.visits.models import Visit

from .attachments import Upload, check_uploads, store_uploads
from .choices import Severity, Source
from .classes import check_class
from .errors import LedgerError, invalid
from .models import Problem, ProblemStep
from .workflow import (
    CLOSE,
    EXTEND_DEADLINE,
    RECTIFY,
    REGISTER,
    REOPEN,
    SEND_BACK,
    SET_MEASURE,
    VERIFY,
    Step,
    check_actor,
    check_role,
    check_state,
)

PROBLEM_LEVELS = frozenset({Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE})
BULK_BATCH = 2_000


@dataclass(frozen=True)
class Links:
    """The objects a problem was found on, any of them. A member, case or visit names its
    household, so the household may be left out; a fund line (资金安排) names its project."""

    household: Household | None = None
    member: Member | None = None
    case: Case | None = None
    visit: Visit | None = None
    project: Project | None = None
    allocation: Allocation | None = None


def register(
    actor: User,
    region: Region,
    *,
    category: str,
    source: str,
    description: str,
    severity: str = Severity.ORDINARY,
    links: Links = Links(),
    responsible_unit: str = "",
    responsible_cadre: Cadre | None = None,
    origin_key: str = "",
) -> Problem:
    """登记问题: a problem found in a village, township or county, with what it was found on.
    ``origin_key`` names the bulk source it came from (see ``Problem.origin_key``)."""
    check_registering(actor, region, category=category, source=source, severity=severity)
    if level_of(region.code) not in PROBLEM_LEVELS:
        raise invalid("问题应登记到县、乡镇或村")
    description = _required(description, "问题描述")
    household = _linked_household(actor, region, links)
    project = _linked_project(actor, region, links)
    _check_cadre(actor, responsible_cadre)
    problem = Problem(
        region=region,
        category=category,
        source=source,
        description=description,
        severity=severity,
        household=household,
        member=links.member,
        case=links.case,
        visit=links.visit,
        project=project,
        allocation=links.allocation,
        responsible_unit=responsible_unit.strip(),
        responsible_cadre=responsible_cadre,
        origin_key=origin_key,
    )
    with transaction.atomic():
        write_registrations([problem], by=actor)
    return problem


def check_registering(
    actor: User, region: Region, *, category: str, source: str, severity: str
) -> None:
    """What every problem registered in ``region`` must pass, whatever it was found on: the
    region lies in the actor's scope, their role registers problems, and the class, source and
    severity are known. Bulk registration checks it once for all the problems it shares."""
    require_in_scope(actor, region.code, error=LedgerError)
    check_role(actor, REGISTER, region.code)
    check_class(category, region.code)
    _choice(source, Source.values, "问题来源")
    _choice(severity, Severity.values, "严重程度")


def write_registrations(problems: Sequence[Problem], *, by: User) -> None:
    """What registering writes, for one problem or ten thousand checked ones: each problem in
    已登记, a history record naming who registered it and why, and its 登记问题 step holding the
    description. The caller runs it in its transaction, after its checks."""
    now = timezone.now()
    for problem in problems:
        problem.state = REGISTER.target
        problem.registered_at = now
        problem.found_on = timezone.localdate(now)
        problem.registered_by = by
    try:
        with transaction.atomic():
            created = bulk_create_with_history(
                list(problems),
                Problem,
                batch_size=BULK_BATCH,
                default_user=by,
                default_change_reason=_reason(REGISTER),
                default_date=now,
            )
    except IntegrityError:
        # Another registration of the same origin committed first (one open problem a key).
        raise LedgerError("该来源的问题已在台账中，请刷新后重试") from None
    ProblemStep.objects.bulk_create(
        [
            _step_row(by, problem, REGISTER, "", now=now, note=problem.description)
            for problem in created
        ],
        batch_size=BULK_BATCH,
    )
    for original, stored in zip(problems, created, strict=True):
        original.pk = stored.pk


def set_measure(
    actor: User,
    problem: Problem,
    *,
    measure: str,
    deadline: dt.date,
    responsible_unit: str | None = None,
    responsible_cadre: Cadre | None = None,
) -> ProblemStep:
    """核定措施: the measure, the deadline and who answers for it; the problem is 整改中."""
    with transaction.atomic():
        problem, now = _begin(actor, problem, SET_MEASURE)
        problem.measure = _required(measure, "整改措施")
        problem.deadline = _future_deadline(deadline, now)
        if responsible_unit is not None:
            problem.responsible_unit = responsible_unit.strip()
        if responsible_cadre is not None:
            _check_cadre(actor, responsible_cadre)
            problem.responsible_cadre = responsible_cadre
        if not (problem.responsible_unit or problem.responsible_cadre_id):
            raise invalid("请填写责任单位或责任人")
        return _advance(
            actor, problem, SET_MEASURE, now=now, note=problem.measure, deadline_before=None
        )


def extend_deadline(
    actor: User, problem: Problem, *, deadline: dt.date, reason: str
) -> ProblemStep:
    """延长整改时限, only with a reason, kept as a step with the deadline before and after."""
    with transaction.atomic():
        problem, now = _begin(actor, problem, EXTEND_DEADLINE)
        reason = _required(reason, "延期理由")
        before = problem.deadline
        if before is not None and deadline <= before:
            raise invalid(f"新的整改时限应晚于原时限（{before:%Y-%m-%d}）")
        problem.deadline = _future_deadline(deadline, now)
        return _advance(
            actor, problem, EXTEND_DEADLINE, now=now, note=reason, deadline_before=before
        )


def record_rectification(
    actor: User, problem: Problem, *, done: str, uploads: Sequence[Upload]
) -> ProblemStep:
    """整改: the owner (the responsible cadre's account, or an office) records what was done,
    with at least one photo or document as evidence."""
    with transaction.atomic():
        problem, now = _begin(actor, problem, RECTIFY)
        done = _required(done, "整改情况")
        check_uploads(uploads, required=True, step_label=RECTIFY.label)
        problem.rectified_by = actor
        step = _advance(actor, problem, RECTIFY, now=now, note=done)
        store_uploads(step, uploads, now=now)
        return step


def verify(
    actor: User, problem: Problem, *, finding: str, uploads: Sequence[Upload] = ()
) -> ProblemStep:
    """核验 (确定效果): someone other than the rectifier checks the result on site."""
    with transaction.atomic():
        problem, now = _begin(actor, problem, VERIFY)
        finding = _required(finding, "核验情况")
        check_uploads(uploads, required=False, step_label=VERIFY.label)
        problem.verified_by = actor
        step = _advance(actor, problem, VERIFY, now=now, note=finding)
        store_uploads(step, uploads, now=now)
        return step


def send_back(actor: User, problem: Problem, *, reason: str) -> ProblemStep:
    """退回整改: the result does not hold; back to 整改中, with the reason."""
    with transaction.atomic():
        problem, now = _begin(actor, problem, SEND_BACK)
        reason = _required(reason, "退回理由")
        problem.verified_by = None
        return _advance(actor, problem, SEND_BACK, now=now, note=reason)


def close(actor: User, problem: Problem, *, opinion: str = "") -> ProblemStep:
    """销号 (审定结果/认定销号), by an office one level up: a village's problem by its township or
    county, a township's by the county; a 系统管理员 anywhere."""
    with transaction.atomic():
        problem, now = _begin(actor, problem, CLOSE)
        problem.closed_by = actor
        problem.closed_at = now
        return _advance(actor, problem, CLOSE, now=now, note=opinion.strip())


def reopen(
    actor: User, problem: Problem, *, reason: str, measure: str, deadline: dt.date
) -> Problem:
    """重新整改: a closed problem came back. The closed one stays as it was closed; a new problem
    with the same facts starts in 整改中 with the new measure and deadline, pointing back to it."""
    with transaction.atomic():
        problem, now = _begin(actor, problem, REOPEN)
        later = problem.reopenings.order_by("id").first()
        if later is not None:
            raise LedgerError(f"该问题已重新整改（问题 {later.pk}），请在新问题上办理")
        reason = _required(reason, "重新整改的理由")
        again = Problem(
            region_id=problem.region_id,
            category=problem.category,
            source=problem.source,
            description=problem.description,
            severity=problem.severity,
            household_id=problem.household_id,
            member_id=problem.member_id,
            case_id=problem.case_id,
            visit_id=problem.visit_id,
            project_id=problem.project_id,
            allocation_id=problem.allocation_id,
            responsible_unit=problem.responsible_unit,
            responsible_cadre_id=problem.responsible_cadre_id,
            measure=_required(measure, "整改措施"),
            deadline=_future_deadline(deadline, now),
            state=REOPEN.target,
            registered_at=now,
            found_on=problem.found_on,
            registered_by=actor,
            reopened_from=problem,
            origin_key=problem.origin_key,
        )
        _save(again, actor, REOPEN)
        _write_step(
            actor, again, REOPEN, problem.state, now=now, note=reason, deadline_after=again.deadline
        )
        return again


# --- The common path of every step -------------------------------------------------------------


def _begin(actor: User, problem: Problem, step: Step) -> tuple[Problem, dt.datetime]:
    """Lock the problem as stored now (PostgreSQL; SQLite's transactions serialise writers) and
    check region, role, office, four eyes, that the problem is still as the page (or the API
    client) read it, and state."""
    fresh = Problem.objects.select_for_update().get(pk=problem.pk)
    check_actor(actor, step, fresh)
    check_unchanged(problem, fresh)
    check_state(fresh, step)
    return fresh, timezone.now()


def _advance(
    actor: User,
    problem: Problem,
    step: Step,
    *,
    now: dt.datetime,
    note: str,
    deadline_before: dt.date | None = None,
) -> ProblemStep:
    from_state = problem.state
    problem.state = step.target
    _save(problem, actor, step)
    return _write_step(
        actor,
        problem,
        step,
        from_state,
        now=now,
        note=note,
        deadline_before=deadline_before,
        deadline_after=problem.deadline if step in (SET_MEASURE, EXTEND_DEADLINE) else None,
    )


def _save(problem: Problem, actor: User, step: Step) -> None:
    record_change(problem, actor, _reason(step))
    problem.save()


def _reason(step: Step) -> str:
    """The change reason of a step's history record: its audit code and label."""
    return f"{step.audit_code} {step.label}"


def _write_step(
    actor: User,
    problem: Problem,
    step: Step,
    from_state: str,
    *,
    now: dt.datetime,
    note: str,
    deadline_before: dt.date | None = None,
    deadline_after: dt.date | None = None,
) -> ProblemStep:
    row = _step_row(
        actor,
        problem,
        step,
        from_state,
        now=now,
        note=note,
        deadline_before=deadline_before,
        deadline_after=deadline_after,
    )
    row.save()
    return row


def _step_row(
    actor: User,
    problem: Problem,
    step: Step,
    from_state: str,
    *,
    now: dt.datetime,
    note: str,
    deadline_before: dt.date | None = None,
    deadline_after: dt.date | None = None,
) -> ProblemStep:
    """The step taken, from ``from_state`` to the problem's state now, not yet saved."""
    return ProblemStep(
        problem=problem,
        step=step.code,
        from_state=from_state,
        to_state=problem.state,
        actor=actor,
        at=now,
        note=note,
        deadline_before=deadline_before,
        deadline_after=deadline_after,
    )


# --- Values ---------------------------------------------------------------------------------------


def _required(text: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise invalid(f"请填写{label}")
    return text


def _choice(value: str, allowed: list[str], label: str) -> None:
    if value not in allowed:
        raise invalid(f"{label}应为{'、'.join(allowed)}之一")


def _future_deadline(deadline: dt.date, now: dt.datetime) -> dt.date:
    if not isinstance(deadline, dt.date):
        raise invalid("请填写整改时限")
    today = timezone.localdate(now)
    if deadline < today:
        raise invalid(f"整改时限不能早于今天（{today:%Y-%m-%d}）")
    return deadline


def _check_cadre(actor: User, cadre: Cadre | None) -> None:
    if cadre is not None and not is_visible(actor, cadre):
        raise invalid("责任人不在您的管辖范围内")


def _linked_project(actor: User, region: Region, links: Links) -> Project | None:
    """The project the links name: the one given, or the fund line's; visible to the actor, and
    built within the problem's region or in a region above it (a county's road, found in a
    village)."""
    named = {links.project.pk} if links.project is not None else set()
    if links.allocation is not None:
        named.add(links.allocation.project_id)
    if not named:
        return None
    if len(named) > 1:
        raise invalid("关联的资金安排应属于关联的项目")
    project = Project.objects.get(pk=named.pop())
    if not is_visible(actor, project):
        raise invalid("关联的项目不在您的管辖范围内")
    if not (project.region_id.startswith(region.code) or region.code.startswith(project.region_id)):
        raise invalid(f"关联的项目不在问题所在区划（{region.name}）内")
    return project


def _linked_household(actor: User, region: Region, links: Links) -> Household | None:
    """The household the links name, which must be one: within the problem's region and visible
    to the actor, and the same for the member, the case and the visit."""
    named = {
        link.household_id for link in (links.member, links.case, links.visit) if link is not None
    }
    if links.household is not None:
        named.add(links.household.pk)
    if not named:
        return None
    if len(named) > 1:
        raise invalid("关联的家庭成员、监测对象、走访记录应属于同一户")
    household = Household.objects.get(pk=named.pop())
    if not is_visible(actor, household):
        raise invalid("关联的农户不在您的管辖范围内")
    if not household.village_id.startswith(region.code):
        raise invalid(f"关联的农户不在问题所在区划（{region.name}）内")
    return household
