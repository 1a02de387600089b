"""审计 (资金督查): an audit of a region covers funds, projects, fund lines (资金安排) and
expenses, one line each; every line is marked 核实无误, 存疑 or 违规 with a note and evidence.

A 存疑 or 违规 line opens one problem in the ledger (class 项目资金, source 审计) in the region of
what it covers, linked to the project and the fund line, with the project's implementing unit as
the responsible unit, through :func:`fupin.core.findings.report_findings` in the marking's
transaction. Its origin key is ``audit:<line id>``: marking the line again (存疑, then 违规) opens
no second problem while the first is open. A line is final once 核实无误 or 违规; a 存疑 line may be
settled later either way, and its problem then follows the ledger's own steps.

Audits are kept by the county (or a system administrator); every object a line covers must be
visible to the actor and lie in the audit's region, or it is "not found".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.core.findings import Finding, report_findings
from fupin.core.history import record_change
from fupin.core.money import yuan
from fupin.core.scope import is_visible, require_in_scope
from fupin.core.uploads import store_files
from fupin.regions.choices import Level, level_of
from fupin.regions.models import Region

from . import values
from .attachments import check_files, kind_of
from .choices import (
    AUDIT_PROBLEM_CLASS,
    AUDIT_PROBLEM_SOURCE,
    QUESTIONED_RESULTS,
    AuditResult,
    AuditTarget,
)
from .errors import ProjectError, Refusal, invalid, not_found
from .models import Allocation, Audit, AuditEvidence, AuditLine, Expense, Fund, Project

AUDIT_OFFICES = frozenset({Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN})
AUDIT_LEVELS = frozenset({Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP})
ORIGIN_PREFIX = "audit:"
# Once settled, a line stays so; a 存疑 line may still be settled.
MARKABLE = frozenset({AuditResult.PENDING, AuditResult.QUESTIONED})
# How a problem's description names a fund line or an expense of a project.
OF_PROJECT: dict[str, str] = {AuditTarget.ALLOCATION: "的资金安排", AuditTarget.EXPENSE: "的支出"}


def may_audit(actor: User) -> bool:
    return actor.is_authenticated and actor.role in AUDIT_OFFICES


def _check_office(actor: User) -> None:
    if not may_audit(actor):
        raise ProjectError("只有县级管理员或系统管理员可以登记审计", refusal=Refusal.ROLE)


def open_audit(
    actor: User,
    *,
    region: Region,
    name: str,
    auditor_unit: str,
    started_on: dt.date,
    ended_on: dt.date,
) -> Audit:
    """登记审计: its name, the auditing unit, the period and the region it covers."""
    require_in_scope(actor, region.code, error=ProjectError)
    _check_office(actor)
    if level_of(region.code) not in AUDIT_LEVELS:
        raise invalid("审计区域应为省、市、县或乡镇")
    audit = Audit(
        region=region,
        name=values.text(name, "审计名称", 100),
        auditor_unit=values.text(auditor_unit, "审计单位", 100),
        started_on=values.date(started_on, "审计开始日期"),
        ended_on=values.date(ended_on, "审计结束日期"),
        created_by=actor,
        created_at=timezone.now(),
    )
    if audit.ended_on < audit.started_on:
        raise invalid("审计结束日期不能早于开始日期")
    record_change(audit, actor, "projects.audit.open 登记审计")
    audit.save()
    return audit


def _line_for(target: str, obj: Any) -> AuditLine:
    """A new line covering ``obj``, with its region and amount."""
    if isinstance(obj, Fund):
        return AuditLine(target=target, fund=obj, region_id=obj.region_id, amount=obj.amount)
    if isinstance(obj, Project):
        return AuditLine(target=target, project=obj, region_id=obj.region_id, amount=obj.budget)
    if isinstance(obj, Allocation):
        return AuditLine(
            target=target,
            allocation=obj,
            project_id=obj.project_id,
            region_id=obj.project.region_id,
            amount=obj.amount,
        )
    return AuditLine(
        target=target,
        expense=obj,
        allocation_id=obj.allocation_id,
        project_id=obj.allocation.project_id,
        region_id=obj.allocation.project.region_id,
        amount=obj.amount,
    )


def add_lines(
    actor: User,
    audit: Audit,
    *,
    funds: Sequence[Fund] = (),
    projects: Sequence[Project] = (),
    allocations: Sequence[Allocation] = (),
    expenses: Sequence[Expense] = (),
) -> list[AuditLine]:
    """纳入审计: one line per object given, each in the audit's region; none twice."""
    if not is_visible(actor, audit):
        raise not_found("审计")
    _check_office(actor)
    wanted: list[tuple[str, Any]] = [
        *((AuditTarget.FUND, obj) for obj in funds),
        *((AuditTarget.PROJECT, obj) for obj in projects),
        *((AuditTarget.ALLOCATION, obj) for obj in allocations),
        *((AuditTarget.EXPENSE, obj) for obj in expenses),
    ]
    if not wanted:
        raise invalid("请选择要纳入审计的资金、项目、资金安排或支出")
    lines = []
    for target, obj in wanted:
        if not is_visible(actor, obj):
            raise not_found(target)
        line = _line_for(target, obj)
        line.covers = f"{target}:{obj.pk}"
        if not line.region_id.startswith(audit.region_id):
            raise invalid(f"所选{target}不在审计区域内")
        line.audit = audit
        lines.append(line)
    if len({line.covers for line in lines}) != len(lines):
        raise invalid("同一对象选择了两次")
    taken = set(
        audit.lines.filter(covers__in=[line.covers for line in lines]).values_list(
            "covers", flat=True
        )
    )
    if taken:
        raise invalid(f"已在本次审计中：{'、'.join(sorted(taken))}")
    try:
        with transaction.atomic():
            for line in lines:
                record_change(line, actor, "projects.audit.add_line 纳入审计")
                line.save()
    except IntegrityError:
        # Another officer added the same object at the same moment.
        raise invalid("所选对象已在本次审计中，请刷新后重试") from None
    return lines


def mark_line(
    actor: User,
    line: AuditLine,
    *,
    result: str,
    note: str = "",
    files: Sequence[Any] = (),
) -> AuditLine:
    """核查结果: 核实无误, 存疑 or 违规, a note (required unless 核实无误) and evidence files; a
    存疑 or 违规 line opens its one problem in the ledger."""
    _check_office(actor)
    result = values.choice(
        result, [r for r in AuditResult.values if r != AuditResult.PENDING], "审计结果"
    )
    with transaction.atomic():
        locked = (
            AuditLine.objects.select_for_update(of=("self",))
            .select_related("audit", "project", "fund__region")
            .filter(pk=line.pk)
            .first()
        )
        if locked is None or not is_visible(actor, locked) or not is_visible(actor, locked.audit):
            raise not_found("审计事项")
        if locked.result not in MARKABLE:
            raise ProjectError(f"该事项已核查为“{locked.result}”，不能再改")
        text = values.text(note, "审计意见", 2000, required=result in QUESTIONED_RESULTS)
        check_files(files, required=False, step_label="核查")
        now = timezone.now()
        locked.result = result
        locked.note = text
        locked.marked_by = actor
        locked.marked_at = now
        record_change(locked, actor, f"projects.audit.mark 审计核查：{result}")
        locked.save()
        store_files(AuditEvidence, [(kind_of(f), f) for f in files], now=now, line=locked)
        if result in QUESTIONED_RESULTS:
            report_findings(actor, [_finding(locked)])
    line.result, line.note, line.marked_by, line.marked_at = result, text, actor, now
    return locked


def origin_key(line: AuditLine) -> str:
    return f"{ORIGIN_PREFIX}{line.pk}"


def _finding(line: AuditLine) -> Finding:
    project, fund = line.project, line.fund
    if project is not None:
        covered = f"项目“{project.name}”" + OF_PROJECT.get(line.target, "")
        responsible = project.implementing_unit
    else:
        assert fund is not None  # a line names its project or its fund (the check constraint)
        covered, responsible = f"资金“{fund.name}”", fund.region.name
    return Finding(
        region_code=line.region_id,
        category=AUDIT_PROBLEM_CLASS,
        source=AUDIT_PROBLEM_SOURCE,
        description=(
            f"{line.audit.auditor_unit}“{line.audit.name}”审计认定{line.result}：{covered}"
            f"（涉及金额 {yuan(line.amount)} 元）。{line.note}"
        ),
        origin_key=origin_key(line),
        project_id=line.project_id,
        allocation_id=line.allocation_id,
        responsible_unit=responsible,
    )


@dataclass(frozen=True)
class ResultTotal:
    result: str
    lines: int
    amount: Decimal


def report_totals(lines: Any) -> list[ResultTotal]:
    """审计报告: lines and amount by result, every result listed (zero where none)."""
    found = {
        row["result"]: row
        for row in lines.order_by().values("result").annotate(n=Count("pk"), total=Sum("amount"))
    }
    return [
        ResultTotal(
            result=result,
            lines=found[result]["n"] if result in found else 0,
            amount=values.to_fen(found[result]["total"] or 0)
            if result in found
            else Decimal("0.00"),
        )
        for result in AuditResult.values
    ]
