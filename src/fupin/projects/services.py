"""Declaring a project and taking it through the library's procedure (``workflow``), each step
recorded with who, when, why and its evidence, and the project's history naming the step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.history import record_change
from fupin.core.scope import require_in_scope
from fupin.core.versions import check_unchanged
from fupin.regions.choices import Level, level_of
from fupin.regions.models import Region

from . import attachments, values
from .choices import PHOTOVOLTAIC, ProjectKind
from .errors import ProjectError, invalid
from .models import Project, ProjectStep
from .workflow import (
    ACCEPT,
    APPRAISE,
    APPROVE,
    DECLARE,
    ENTER,
    EVALUATE,
    REJECT,
    START,
    Step,
    check_actor,
    check_role,
    check_state,
)

PROJECT_LEVELS = frozenset({Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE})


@dataclass(frozen=True)
class Declaration:
    """What a village (or township, or county) office declares of a project."""

    region: Region
    name: str
    year: int
    kind: str
    content: str
    implementing_unit: str
    budget: Decimal | str
    planned_start: dt.date
    planned_end: dt.date
    output_target: str
    benefit_target: str
    subkind: str = ""
    capacity_kw: Decimal | None = None


def declare(actor: User, declaration: Declaration, *, files: Sequence[Any] = ()) -> Project:
    """村申报: a project enters the procedure in 已申报."""
    d = declaration
    require_in_scope(actor, d.region.code, error=ProjectError)
    check_role(actor, DECLARE, d.region.code)
    if level_of(d.region.code) not in PROJECT_LEVELS:
        raise invalid("建设地点应为县、乡镇或村")
    project = Project(
        region=d.region,
        name=values.text(d.name, "项目名称", 100),
        year=values.year(d.year),
        kind=values.choice(d.kind, ProjectKind.values, "项目类型"),
        subkind=values.text(d.subkind, "项目子类", 20, required=False),
        content=values.text(d.content, "建设内容", 2000),
        implementing_unit=values.text(d.implementing_unit, "实施单位", 100),
        budget=values.amount(d.budget, "投资规模"),
        planned_start=values.date(d.planned_start, "计划开工日期"),
        planned_end=values.date(d.planned_end, "计划完工日期"),
        output_target=values.text(d.output_target, "产出目标", 2000),
        benefit_target=values.text(d.benefit_target, "效益目标", 2000),
        capacity_kw=_capacity(d),
    )
    if project.planned_end < project.planned_start:
        raise invalid("计划完工日期不能早于计划开工日期")
    attachments.check_files(files, required=False, step_label=DECLARE.label)
    now = timezone.now()
    project.declared_by, project.declared_at = actor, now
    project.state = DECLARE.target
    with transaction.atomic():
        _save(project, actor, DECLARE)
        _write_step(actor, project, DECLARE, "", now=now, note="", files=files)
    return project


def _capacity(d: Declaration) -> Decimal | None:
    """A 光伏 station names its capacity; no other project has one."""
    if d.subkind != PHOTOVOLTAIC:
        if d.capacity_kw is not None:
            raise invalid("只有光伏项目填写装机容量")
        return None
    if d.capacity_kw is None or d.capacity_kw <= 0:
        raise invalid("光伏项目请填写装机容量（千瓦）")
    return Decimal(d.capacity_kw)


def appraise(actor: User, project: Project, *, opinion: str, files: Sequence[Any] = ()) -> None:
    """部门论证: the departments' opinion that the project is sound."""
    _take(actor, project, APPRAISE, note=values.text(opinion, "论证意见", 2000), files=files)


def approve(actor: User, project: Project, *, opinion: str, files: Sequence[Any] = ()) -> None:
    """县审定: the county's leading group approves it."""
    _take(actor, project, APPROVE, note=values.text(opinion, "审定意见", 2000), files=files)


def enter(actor: User, project: Project, *, note: str = "") -> None:
    """入库: the project joins the county's library and may receive funds."""
    _take(actor, project, ENTER, note=values.text(note, "说明", 2000, required=False))


def reject(actor: User, project: Project, *, reason: str) -> None:
    """不予入库, with the reason the declaring office is told."""
    _take(actor, project, REJECT, note=values.text(reason, "不予入库的理由", 2000))


def start(actor: User, project: Project, *, started_on: dt.date, note: str = "") -> None:
    """实施: the works began on ``started_on``."""

    def change(fresh: Project) -> None:
        fresh.actual_start = values.date(started_on, "实际开工日期")
        if fresh.actual_start > timezone.localdate():
            raise invalid("实际开工日期不能晚于今天")

    _take(
        actor, project, START, note=values.text(note, "说明", 2000, required=False), change=change
    )


def accept(
    actor: User, project: Project, *, finished_on: dt.date, finding: str, files: Sequence[Any]
) -> None:
    """验收, on site, by someone other than the one who recorded the start, with evidence."""

    def change(fresh: Project) -> None:
        fresh.actual_end = values.date(finished_on, "实际完工日期")
        if fresh.actual_start and fresh.actual_end < fresh.actual_start:
            raise invalid("实际完工日期不能早于实际开工日期")
        if fresh.actual_end > timezone.localdate():
            raise invalid("实际完工日期不能晚于今天")

    note = values.text(finding, "验收意见", 2000)
    _take(actor, project, ACCEPT, note=note, files=files, change=change)


def evaluate(
    actor: User, project: Project, *, output_result: str, benefit_result: str, note: str = ""
) -> None:
    """绩效评价: what the project produced and what it brought, against its targets."""

    def change(fresh: Project) -> None:
        fresh.output_result = values.text(output_result, "产出完成情况", 2000)
        fresh.benefit_result = values.text(benefit_result, "效益实现情况", 2000)

    _take(
        actor,
        project,
        EVALUATE,
        note=values.text(note, "评价意见", 2000, required=False),
        change=change,
    )


# --- The common path of every step -------------------------------------------------------------


def _take(
    actor: User,
    project: Project,
    step: Step,
    *,
    note: str,
    files: Sequence[Any] = (),
    change: Any = None,
) -> None:
    attachments.check_files(files, required=step.evidence_required, step_label=step.label)
    with transaction.atomic():
        fresh = Project.objects.select_for_update().get(pk=project.pk)
        check_actor(actor, step, fresh)
        check_unchanged(project, fresh)  # a step taken on a page read before others moved it
        check_state(fresh, step)
        if change is not None:
            change(fresh)
        from_state = fresh.state
        fresh.state = step.target
        _save(fresh, actor, step)
        _write_step(actor, fresh, step, from_state, now=timezone.now(), note=note, files=files)
    project.refresh_from_db()


def _save(project: Project, actor: User, step: Step) -> None:
    record_change(project, actor, f"{step.audit_code} {step.label}")
    project.save()


def _write_step(
    actor: User,
    project: Project,
    step: Step,
    from_state: str,
    *,
    now: dt.datetime,
    note: str,
    files: Sequence[Any] = (),
) -> ProjectStep:
    row = ProjectStep.objects.create(
        project=project,
        step=step.code,
        from_state=from_state,
        to_state=project.state,
        actor=actor,
        at=now,
        note=note,
    )
    attachments.store(row, files, now=now)
    return row
