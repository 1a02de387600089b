"""API: the project library and the funds within the caller's region, one POST per step of a
project, and the allocation of funds and the recording of expenses and beneficiaries.

Every change goes through the same services as the pages. A refusal answers with its Chinese
message in ``detail``: 400 for wrong or missing values, 403 for a role or office that may not act
(督导检查 never may; 验收 by the one who started the works), 409 for what the state does not allow
(a step out of order, a project not yet in the library); anything outside the caller's region
answers 404. 村申报's and 验收's evidence files come as multipart form data.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from fupin.accounts.auth import api_user
from fupin.accounts.requests import ApiRequest
from fupin.core.api_inputs import ReasonIn
from fupin.core.refusals import STATUS, ErrorOut, checked, refusals_as_http
from fupin.regions.models import Region
from fupin.registry.models import Household

from . import funds, services
from .asset_api import router as assets_router
from .filters import FundFilter, ProjectFilter
from .funds import with_balances
from .models import Allocation, Fund, FundQuerySet, Project, ProjectQuerySet
from .queries import project_page_rows, projects_for
from .values import to_fen
from .workflow import available_steps
from .works_api import router as works_router

router = Router(tags=["项目资金"])
ERRORS: dict[int, Any] = dict.fromkeys(STATUS.values(), ErrorOut)
router.add_router("/assets", assets_router)
Files = Annotated[list[UploadedFile] | None, File(description="佐证材料：JPG、PNG 或 PDF，可多个")]


# --- Output -------------------------------------------------------------------------------------


class ProjectOut(Schema):
    id: int
    region_code: str = ""
    name: str
    year: int
    kind: str
    subkind: str
    capacity_kw: Decimal | None
    implementing_unit: str
    budget: Decimal
    planned_start: dt.date
    planned_end: dt.date
    actual_start: dt.date | None
    actual_end: dt.date | None
    state: str

    @staticmethod
    def resolve_region_code(project: Project) -> str:
        return project.region_id


class StepRecordOut(Schema):
    step: str
    from_state: str
    to_state: str
    actor: str
    at: dt.datetime
    note: str


class AllocationOut(Schema):
    id: int
    fund_id: int
    fund_name: str
    amount: Decimal
    spent: Decimal
    allocated_on: dt.date
    document_number: str


class BeneficiaryOut(Schema):
    household_code: str | None
    village_code: str | None
    way: str
    note: str


class ProjectDetailOut(ProjectOut):
    content: str
    output_target: str
    benefit_target: str
    output_result: str
    benefit_result: str
    steps: list[StepRecordOut]
    allocations: list[AllocationOut]
    beneficiaries: list[BeneficiaryOut]
    available_steps: list[str]


class FundOut(Schema):
    id: int
    region_code: str = ""
    source: str
    year: int
    document_number: str
    name: str
    amount: Decimal
    allocated: Decimal
    spent: Decimal
    received_on: dt.date

    @staticmethod
    def resolve_region_code(fund: Fund) -> str:
        return fund.region_id

    @staticmethod
    def resolve_allocated(fund: Fund) -> Decimal:
        return to_fen(fund.allocated_total)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_spent(fund: Fund) -> Decimal:
        return to_fen(fund.spent_total)  # type: ignore[attr-defined]


def _detail(request: ApiRequest, project_id: int) -> ProjectDetailOut:
    user = api_user(request)
    project = get_object_or_404(projects_for(user), pk=project_id)
    rows = project_page_rows(user, project)
    return ProjectDetailOut(
        **ProjectOut.from_orm(project).dict(),
        content=project.content,
        output_target=project.output_target,
        benefit_target=project.benefit_target,
        output_result=project.output_result,
        benefit_result=project.benefit_result,
        steps=[
            StepRecordOut(
                step=s.step,
                from_state=s.from_state,
                to_state=s.to_state,
                actor=s.actor.display_name or s.actor.username,
                at=s.at,
                note=s.note,
            )
            for s in rows["timeline"]
        ],
        allocations=[
            AllocationOut(
                id=line.pk,
                fund_id=line.fund_id,
                fund_name=line.fund.name,
                amount=line.amount,
                spent=to_fen(line.spent_total),
                allocated_on=line.allocated_on,
                document_number=line.document_number,
            )
            for line in rows["allocations"]
        ],
        beneficiaries=[
            BeneficiaryOut(
                household_code=b.household_id and b.household.code,
                village_code=b.village_id,
                way=b.way,
                note=b.note,
            )
            for b in rows["beneficiaries"]
        ],
        available_steps=[step.code for step in available_steps(user, project)],
    )


def _project(request: ApiRequest, project_id: int) -> Project:
    return get_object_or_404(projects_for(api_user(request)), pk=project_id)


# --- The project library ------------------------------------------------------------------------


@router.get(
    "",
    response={200: list[ProjectOut], **ERRORS},
    summary="项目库（限管辖范围）",
    description="参数与项目库页的筛选相同：region 区划代码，name 项目名称的一部分，year 年度，"
    "kind 项目类型，state 状态。有误的参数答 400。",
)
@paginate
def list_projects(
    request: ApiRequest,
    region: str = "",
    name: str = "",
    year: str = "",
    kind: str = "",
    state: str = "",
) -> ProjectQuerySet:
    user = api_user(request)
    params = {"region": region, "name": name, "year": year, "kind": kind, "state": state}
    return checked(ProjectFilter(params, user=user)).filtered(projects_for(user)).order_by("-pk")


@router.get(
    "/{int:project_id}",
    response=ProjectDetailOut,
    summary="项目详情、办理记录、资金安排和受益对象",
)
def get_project(request: ApiRequest, project_id: int) -> ProjectDetailOut:
    return _detail(request, project_id)


class DeclareIn(Schema):
    region_code: str
    name: str
    year: int
    kind: str
    subkind: str = ""
    capacity_kw: Decimal | None = None
    content: str
    implementing_unit: str
    budget: Decimal
    planned_start: dt.date
    planned_end: dt.date
    output_target: str
    benefit_target: str


@router.post("", response={201: ProjectDetailOut, **ERRORS}, summary="村申报（可附申报材料）")
@refusals_as_http
def declare(request: ApiRequest, payload: Form[DeclareIn], files: Files = None):
    user = api_user(request)
    values = payload.dict()
    region = get_object_or_404(Region.objects.visible_to(user), code=values.pop("region_code"))
    project = services.declare(
        user, services.Declaration(region=region, **values), files=files or []
    )
    return Status(201, _detail(request, project.pk))


class OpinionRequiredIn(Schema):
    opinion: str


class NoteIn(Schema):
    note: str = ""


class StartIn(Schema):
    started_on: dt.date
    note: str = ""


class AcceptIn(Schema):
    finished_on: dt.date
    finding: str


class EvaluateIn(Schema):
    output_result: str
    benefit_result: str
    note: str = ""


DETAIL: dict[int, Any] = {200: ProjectDetailOut, **ERRORS}


@router.post("/{int:project_id}/appraise", response=DETAIL, summary="部门论证")
@refusals_as_http
def appraise(
    request: ApiRequest, project_id: int, payload: Form[OpinionRequiredIn], files: Files = None
):
    services.appraise(
        api_user(request), _project(request, project_id), opinion=payload.opinion, files=files or []
    )
    return _detail(request, project_id)


@router.post("/{int:project_id}/approve", response=DETAIL, summary="县审定")
@refusals_as_http
def approve(
    request: ApiRequest, project_id: int, payload: Form[OpinionRequiredIn], files: Files = None
):
    services.approve(
        api_user(request), _project(request, project_id), opinion=payload.opinion, files=files or []
    )
    return _detail(request, project_id)


@router.post("/{int:project_id}/enter", response=DETAIL, summary="入库")
@refusals_as_http
def enter(request: ApiRequest, project_id: int, payload: NoteIn):
    services.enter(api_user(request), _project(request, project_id), note=payload.note)
    return _detail(request, project_id)


@router.post("/{int:project_id}/reject", response=DETAIL, summary="不予入库")
@refusals_as_http
def reject(request: ApiRequest, project_id: int, payload: ReasonIn):
    services.reject(api_user(request), _project(request, project_id), reason=payload.reason)
    return _detail(request, project_id)


@router.post("/{int:project_id}/start", response=DETAIL, summary="实施（开工）")
@refusals_as_http
def start(request: ApiRequest, project_id: int, payload: StartIn):
    services.start(
        api_user(request),
        _project(request, project_id),
        started_on=payload.started_on,
        note=payload.note,
    )
    return _detail(request, project_id)


@router.post(
    "/{int:project_id}/accept",
    response=DETAIL,
    summary="验收（须上传佐证材料，不能由登记开工的人办理）",
)
@refusals_as_http
def accept(request: ApiRequest, project_id: int, payload: Form[AcceptIn], files: Files = None):
    services.accept(
        api_user(request),
        _project(request, project_id),
        finished_on=payload.finished_on,
        finding=payload.finding,
        files=files or [],
    )
    return _detail(request, project_id)


@router.post("/{int:project_id}/evaluate", response=DETAIL, summary="绩效评价")
@refusals_as_http
def evaluate(request: ApiRequest, project_id: int, payload: EvaluateIn):
    services.evaluate(
        api_user(request),
        _project(request, project_id),
        output_result=payload.output_result,
        benefit_result=payload.benefit_result,
        note=payload.note,
    )
    return _detail(request, project_id)


class BeneficiaryIn(Schema):
    household_code: str | None = None
    village_code: str | None = None
    way: str
    note: str = ""


@router.post(
    "/{int:project_id}/beneficiaries",
    response={201: ProjectDetailOut, **ERRORS},
    summary="登记受益对象",
)
@refusals_as_http
def add_beneficiary(request: ApiRequest, project_id: int, payload: BeneficiaryIn):
    user = api_user(request)
    household = village = None
    if payload.household_code:
        household = get_object_or_404(
            Household.objects.visible_to(user), code=payload.household_code
        )
    if payload.village_code:
        village = get_object_or_404(Region.objects.all(), code=payload.village_code)
    funds.add_beneficiary(
        user,
        _project(request, project_id),
        way=payload.way,
        household=household,
        village=village,
        note=payload.note,
    )
    return Status(201, _detail(request, project_id))


# --- Funds --------------------------------------------------------------------------------------


def _funds(request: ApiRequest) -> FundQuerySet:
    return with_balances(Fund.objects.visible_to(api_user(request)))


@router.get(
    "/funds",
    response={200: list[FundOut], **ERRORS},
    summary="扶贫资金及其安排、支出（限管辖范围）",
    description="year 年度，source 资金来源。",
)
@paginate
def list_funds(request: ApiRequest, year: str = "", source: str = "") -> FundQuerySet:
    return (
        checked(FundFilter({"year": year, "source": source}))
        .filtered(_funds(request))
        .order_by("-pk")
    )


@router.get("/funds/{int:fund_id}", response=FundOut, summary="一笔资金及其余额")
def get_fund(request: ApiRequest, fund_id: int) -> Fund:
    return get_object_or_404(_funds(request), pk=fund_id)


class FundIn(Schema):
    region_code: str
    source: str
    year: int
    document_number: str
    name: str
    amount: Decimal
    received_on: dt.date
    note: str = ""


@router.post("/funds", response={201: FundOut, **ERRORS}, summary="登记到位资金")
@refusals_as_http
def receive(request: ApiRequest, payload: FundIn):
    user = api_user(request)
    values = payload.dict()
    region = get_object_or_404(Region.objects.visible_to(user), code=values.pop("region_code"))
    fund = funds.receive(user, region=region, **values)
    return Status(201, get_object_or_404(_funds(request), pk=fund.pk))


class AllocationIn(Schema):
    project_id: int
    amount: Decimal
    allocated_on: dt.date
    document_number: str = ""


@router.post(
    "/funds/{int:fund_id}/allocations",
    response={201: FundOut, **ERRORS},
    summary="安排资金到项目（不超过可安排余额）",
)
@refusals_as_http
def allocate(request: ApiRequest, fund_id: int, payload: AllocationIn):
    fund = get_object_or_404(_funds(request), pk=fund_id)
    funds.allocate(
        api_user(request),
        fund=fund,
        project=_project(request, payload.project_id),
        amount=payload.amount,
        allocated_on=payload.allocated_on,
        document_number=payload.document_number,
    )
    return Status(201, get_object_or_404(_funds(request), pk=fund_id))


class ExpenseIn(Schema):
    amount: Decimal
    paid_on: dt.date
    payee: str
    purpose: str
    voucher_number: str = ""


@router.post(
    "/allocations/{int:allocation_id}/expenses",
    response={201: ProjectDetailOut, **ERRORS},
    summary="登记支出（不超过资金安排的余额）",
)
@refusals_as_http
def spend(request: ApiRequest, allocation_id: int, payload: ExpenseIn):
    user = api_user(request)
    line = get_object_or_404(Allocation.objects.visible_to(user), pk=allocation_id)
    funds.spend(user, allocation=line, **payload.dict())
    return Status(201, _detail(request, line.project_id))


# Household works and audits, under the same prefix.
router.add_router("", works_router)
