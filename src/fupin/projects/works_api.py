"""API: household works (到户工程) and audits (审计) within the caller's region, through the same
services as the pages. Mounted under the projects router (``/api/projects/works``,
``/api/projects/audits``). A refusal answers with its Chinese message in ``detail``: 400 for
wrong values (an amount that is not quantity × unit price, a checklist item missing), 403 for a
role that may not act (督导检查 never may; 验收 by the builder), 409 for what the state does not
allow, 404 for anything outside the caller's region. 验收's photos and an audit line's evidence
come as multipart form data; 验收's item results as a JSON list in ``results``
(``[{"passed": true}, {"passed": false, "note": "屋面漏雨"}]``, in the checklist's order).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Annotated, Any

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from fupin.accounts.auth import api_user
from fupin.accounts.requests import ApiRequest
from fupin.core.refusals import STATUS, ErrorOut, checked, refusals_as_http
from fupin.regions.models import Region
from fupin.registry.models import Household

from . import audits, works
from .filters import WorksFilter
from .models import (
    Allocation,
    Audit,
    AuditLine,
    Expense,
    Fund,
    HouseholdWork,
    Project,
)

router = Router(tags=["到户工程与审计"])
ERRORS: dict[int, Any] = dict.fromkeys(STATUS.values(), ErrorOut)
Files = Annotated[
    list[UploadedFile] | None, File(description="照片或文件：JPG、PNG 或 PDF，可多个")
]


# --- 到户工程 -------------------------------------------------------------------------------------


class WorkOut(Schema):
    id: int
    household_code: str = ""
    kind: str
    year: int
    budget: Decimal
    content: str
    state: str
    finished_on: dt.date | None

    @staticmethod
    def resolve_household_code(work: HouseholdWork) -> str:
        return work.household.code


class WorkExpenseOut(Schema):
    category: str
    item: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    amount: Decimal


class ItemOut(Schema):
    item: str
    passed: bool
    note: str


class InspectionOut(Schema):
    inspected_on: dt.date
    passed: bool
    note: str
    items: list[ItemOut]


class WorkDetailOut(WorkOut):
    checklist: list[str]
    expenses: list[WorkExpenseOut]
    inspections: list[InspectionOut]


def _works(request: ApiRequest) -> Any:
    return HouseholdWork.objects.visible_to(api_user(request)).select_related("household")


def _work_detail(request: ApiRequest, work_id: int) -> WorkDetailOut:
    work = get_object_or_404(_works(request), pk=work_id)
    return WorkDetailOut(
        **WorkOut.from_orm(work).dict(),
        checklist=list(work.checklist),
        expenses=[WorkExpenseOut.from_orm(row) for row in work.expenses.order_by("pk")],
        inspections=[
            InspectionOut(
                inspected_on=i.inspected_on,
                passed=i.passed,
                note=i.note,
                items=[ItemOut.from_orm(item) for item in i.items.all()],
            )
            for i in work.inspections.prefetch_related("items")
        ],
    )


@router.get(
    "/works",
    response={200: list[WorkOut], **ERRORS},
    summary="到户工程（限管辖范围）",
    description="参数与到户工程页的筛选相同：region 区划代码，year 年度，kind 工程类型，state 状态。",
)
@paginate
def list_works(
    request: ApiRequest, region: str = "", year: str = "", kind: str = "", state: str = ""
) -> Any:
    params = {"region": region, "year": year, "kind": kind, "state": state}
    form = checked(WorksFilter(params, user=api_user(request)))
    return form.filtered(_works(request)).order_by("-pk")


@router.get("/works/{int:work_id}", response=WorkDetailOut, summary="到户工程详情、费用和验收")
def get_work(request: ApiRequest, work_id: int) -> WorkDetailOut:
    return _work_detail(request, work_id)


class WorkIn(Schema):
    household_code: str
    kind: str
    year: int
    budget: Decimal
    content: str


@router.post("/works", response={201: WorkDetailOut, **ERRORS}, summary="登记到户工程")
@refusals_as_http
def register_work(request: ApiRequest, payload: WorkIn):
    user = api_user(request)
    household = get_object_or_404(Household.objects.visible_to(user), code=payload.household_code)
    data = payload.dict()
    data.pop("household_code")
    work = works.register_work(user, household, **data)
    return Status(201, _work_detail(request, work.pk))


class WorkExpenseIn(Schema):
    category: str
    item: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    amount: Decimal


@router.post(
    "/works/{int:work_id}/expenses",
    response={201: WorkDetailOut, **ERRORS},
    summary="登记费用（金额 = 数量 × 单价，精确到分）",
)
@refusals_as_http
def add_expense(request: ApiRequest, work_id: int, payload: WorkExpenseIn):
    work = get_object_or_404(_works(request), pk=work_id)
    works.add_expense(api_user(request), work, **payload.dict())
    return Status(201, _work_detail(request, work_id))


class DoneIn(Schema):
    finished_on: dt.date
    note: str = ""


@router.post(
    "/works/{int:work_id}/done", response={200: WorkDetailOut, **ERRORS}, summary="登记完工"
)
@refusals_as_http
def record_done(request: ApiRequest, work_id: int, payload: DoneIn):
    work = get_object_or_404(_works(request), pk=work_id)
    works.record_done(api_user(request), work, **payload.dict())
    return _work_detail(request, work_id)


class InspectIn(Schema):
    inspected_on: dt.date
    results: str
    note: str = ""


def _results(text: str) -> list[works.ItemResult]:
    try:
        rows = json.loads(text)
        return [
            works.ItemResult(passed=bool(r["passed"]), note=str(r.get("note", ""))) for r in rows
        ]
    except (ValueError, TypeError, KeyError, AttributeError):
        raise HttpError(400, 'results 应为 JSON 列表，如 [{"passed": true}]') from None


@router.post(
    "/works/{int:work_id}/inspect",
    response={200: WorkDetailOut, **ERRORS},
    summary="现场验收（由施工登记人以外的人员，逐项，附照片）",
)
@refusals_as_http
def inspect(request: ApiRequest, work_id: int, payload: Form[InspectIn], files: Files = None):
    work = get_object_or_404(_works(request), pk=work_id)
    works.inspect(
        api_user(request),
        work,
        inspected_on=payload.inspected_on,
        results=_results(payload.results),
        files=files or [],
        note=payload.note,
    )
    return _work_detail(request, work_id)


# --- 审计 -----------------------------------------------------------------------------------------


class AuditOut(Schema):
    id: int
    region_code: str = ""
    name: str
    auditor_unit: str
    started_on: dt.date
    ended_on: dt.date

    @staticmethod
    def resolve_region_code(audit: Audit) -> str:
        return audit.region_id


class AuditLineOut(Schema):
    id: int
    target: str
    region_code: str = ""
    fund_id: int | None
    project_id: int | None
    allocation_id: int | None
    expense_id: int | None
    amount: Decimal
    result: str
    note: str

    @staticmethod
    def resolve_region_code(line: AuditLine) -> str:
        return line.region_id


class TotalOut(Schema):
    result: str
    lines: int
    amount: Decimal


class AuditDetailOut(AuditOut):
    lines: list[AuditLineOut]
    totals: list[TotalOut]


def _audits(request: ApiRequest) -> Any:
    return Audit.objects.visible_to(api_user(request))


def _audit_detail(request: ApiRequest, audit_id: int) -> AuditDetailOut:
    audit = get_object_or_404(_audits(request), pk=audit_id)
    lines = audit.lines.visible_to(api_user(request))
    return AuditDetailOut(
        **AuditOut.from_orm(audit).dict(),
        lines=[AuditLineOut.from_orm(line) for line in lines],
        totals=[TotalOut(**vars(row)) for row in audits.report_totals(lines)],
    )


@router.get("/audits", response=list[AuditOut], summary="审计（限管辖范围）")
@paginate
def list_audits(request: ApiRequest) -> Any:
    return _audits(request)


@router.get("/audits/{int:audit_id}", response=AuditDetailOut, summary="审计事项及按结果汇总")
def get_audit(request: ApiRequest, audit_id: int) -> AuditDetailOut:
    return _audit_detail(request, audit_id)


class AuditIn(Schema):
    region_code: str
    name: str
    auditor_unit: str
    started_on: dt.date
    ended_on: dt.date


@router.post("/audits", response={201: AuditDetailOut, **ERRORS}, summary="登记审计")
@refusals_as_http
def open_audit(request: ApiRequest, payload: AuditIn):
    data = payload.dict()
    region = get_object_or_404(Region, code=data.pop("region_code"))
    audit = audits.open_audit(api_user(request), region=region, **data)
    return Status(201, _audit_detail(request, audit.pk))


class CoverIn(Schema):
    fund_ids: list[int] = []
    project_ids: list[int] = []
    allocation_ids: list[int] = []
    expense_ids: list[int] = []


def _visible(model: Any, user: Any, ids: list[int]) -> list[Any]:
    rows = model.objects.visible_to(user).in_bulk(ids)
    if len(rows) != len(set(ids)):
        raise HttpError(404, "未找到所选对象")
    return [rows[pk] for pk in ids]


@router.post(
    "/audits/{int:audit_id}/lines",
    response={201: AuditDetailOut, **ERRORS},
    summary="纳入审计（资金、项目、资金安排、支出）",
)
@refusals_as_http
def add_lines(request: ApiRequest, audit_id: int, payload: CoverIn):
    user = api_user(request)
    audit = get_object_or_404(_audits(request), pk=audit_id)
    audits.add_lines(
        user,
        audit,
        funds=_visible(Fund, user, payload.fund_ids),
        projects=_visible(Project, user, payload.project_ids),
        allocations=_visible(Allocation, user, payload.allocation_ids),
        expenses=_visible(Expense, user, payload.expense_ids),
    )
    return Status(201, _audit_detail(request, audit_id))


class MarkIn(Schema):
    result: str
    note: str = ""


@router.post(
    "/audits/lines/{int:line_id}/mark",
    response={200: AuditDetailOut, **ERRORS},
    summary="登记审计结果（存疑、违规登记到问题台账）",
)
@refusals_as_http
def mark_line(request: ApiRequest, line_id: int, payload: Form[MarkIn], files: Files = None):
    user = api_user(request)
    line = get_object_or_404(AuditLine.objects.visible_to(user), pk=line_id)
    audits.mark_line(user, line, result=payload.result, note=payload.note, files=files or [])
    return _audit_detail(request, line.audit_id)
