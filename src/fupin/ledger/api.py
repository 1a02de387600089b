"""API: the problem ledger within the caller's region, and one POST per step of a problem.

Every step goes through ``services`` (the same step table as the pages). A refusal answers with
its Chinese message in ``detail``: 400 for wrong or missing values or evidence, 403 for a role
that may not take the step (督导检查 never may; four eyes), 409 for a step the problem's state does
not allow; anything outside the caller's region answers 404. 整改 and 核验 take multipart form
data (their evidence files); the others take JSON. Each step answers with the problem as it now
is; 重新整改 answers 201 with the new problem.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from fupin.accounts.auth import api_user
from fupin.accounts.models import User
from fupin.accounts.requests import ApiRequest
from fupin.core.api_inputs import OpinionIn, ReasonIn
from fupin.core.refusals import STATUS, ErrorOut, checked, refusals_as_http
from fupin.core.versions import VERSION_DESCRIPTION, as_read, if_match
from fupin.grid.models import Cadre
from fupin.monitoring.attachments import download
from fupin.monitoring.models import Case
from fupin.projects.models import Allocation, Project
from fupin.regions.models import Region
from fupin.registry.models import Household
from fupin.visits.models import Visit

from . import services
from .attachments import evidence
from .filters import ProblemFilter
from .models import Problem, ProblemAttachment, ProblemQuerySet, ProblemStep
from .queries import problems_for, visible_links, with_steps
from .workflow import STEPS, available_steps

router = Router(tags=["问题台账"])


# --- Output -------------------------------------------------------------------------------------


class ProblemOut(Schema):
    id: int
    region_code: str = Field(..., alias="region_id")
    region_name: str = Field(..., alias="region.name")
    category: str
    source: str
    description: str
    severity: str
    state: str
    responsible_unit: str
    responsible_cadre_id: int | None
    responsible_cadre_name: str | None
    measure: str
    deadline: dt.date | None
    registered_at: dt.datetime
    found_on: dt.date
    closed_at: dt.datetime | None
    version: int = Field(..., description=VERSION_DESCRIPTION)

    @staticmethod
    def resolve_responsible_cadre_name(problem: Problem) -> str | None:
        return problem.responsible_cadre.name if problem.responsible_cadre else None


class AttachmentOut(Schema):
    id: int
    kind: str
    original_name: str
    size: int
    content_type: str


class StepRecordOut(Schema):
    id: int
    step: str
    label: str
    from_state: str
    to_state: str
    actor: str
    at: dt.datetime
    note: str
    deadline_before: dt.date | None
    deadline_after: dt.date | None
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_label(step: ProblemStep) -> str:
        known = STEPS.get(step.step)
        return known.label if known else step.step

    @staticmethod
    def resolve_actor(step: ProblemStep) -> str:
        return str(step.actor)


class StepOut(Schema):
    code: str
    label: str


class LinksOut(Schema):
    """What the problem was found on, each only when the caller may see it (as on the page)."""

    household_code: str | None
    member_id: int | None
    case_id: int | None
    visit_id: int | None
    project_id: int | None
    allocation_id: int | None


class ProblemDetailOut(ProblemOut):
    links: LinksOut
    reopened_from: int | None = Field(None, alias="reopened_from_id")
    steps: list[StepRecordOut]
    available_steps: list[StepOut]

    @staticmethod
    def resolve_links(problem: Problem, context: dict[str, Any]) -> LinksOut:
        shown = visible_links(api_user(context["request"]), problem)
        return LinksOut(
            household_code=shown.household.code if shown.household else None,
            member_id=shown.member.pk if shown.member else None,
            case_id=shown.case.pk if shown.case else None,
            visit_id=shown.visit.pk if shown.visit else None,
            project_id=shown.project.pk if shown.project else None,
            allocation_id=shown.allocation.pk if shown.allocation else None,
        )

    @staticmethod
    def resolve_available_steps(problem: Problem, context: dict[str, Any]) -> list[StepOut]:
        steps = available_steps(api_user(context["request"]), problem)
        return [StepOut(code=step.code, label=step.label) for step in steps]


# --- Reading ------------------------------------------------------------------------------------


def _problem(request: ApiRequest, problem_id: int) -> Problem:
    return get_object_or_404(problems_for(api_user(request)), pk=problem_id)


def _read_problem(request: ApiRequest, problem_id: int) -> Problem:
    """The problem a step is taken on, as the client read it: at the version of its If-Match."""
    return as_read(_problem(request, problem_id), if_match(request))


def _detail(request: ApiRequest, problem_id: int) -> Problem:
    return get_object_or_404(with_steps(problems_for(api_user(request))), pk=problem_id)


@router.get(
    "/problems",
    response={200: list[ProblemOut], **dict.fromkeys(STATUS.values(), ErrorOut)},
    summary="问题台账（限管辖范围）",
    description="参数与问题台账页的筛选相同，由同一筛选检查（filters.ProblemFilter）："
    "region 区划代码，category 问题类别，source 问题来源，state 状态，severity 严重程度，"
    "owner 责任人（干部编号），overdue=true 只列逾期未整改。有误的参数答 400。",
)
@paginate
def list_problems(
    request: ApiRequest,
    region: str = "",
    category: str = "",
    source: str = "",
    state: str = "",
    severity: str = "",
    owner: str = "",
    overdue: bool = False,
) -> ProblemQuerySet:
    user = api_user(request)
    params = {
        "region": region,
        "category": category,
        "source": source,
        "state": state,
        "severity": severity,
        "owner": owner,
        "overdue": "true" if overdue else "",
    }
    problem_filter = checked(ProblemFilter(params, user=user))
    return problem_filter.filtered(problems_for(user)).order_by("-pk")


@router.get("/problems/{problem_id}", response=ProblemDetailOut, summary="问题详情与办理记录")
def get_problem(request: ApiRequest, problem_id: int) -> Problem:
    return _detail(request, problem_id)


@router.get("/attachments/{attachment_id}", summary="下载佐证材料", response={200: None})
def download_attachment(request: ApiRequest, attachment_id: int) -> FileResponse:
    attachment = get_object_or_404(
        ProblemAttachment.objects.visible_to(api_user(request)), pk=attachment_id
    )
    return download(attachment)


# --- Registering --------------------------------------------------------------------------------

DETAIL_RESPONSES: dict[int, Any] = {
    200: ProblemDetailOut,
    **dict.fromkeys(STATUS.values(), ErrorOut),
}
CREATED_RESPONSES: dict[int, Any] = {
    201: ProblemDetailOut,
    **dict.fromkeys(STATUS.values(), ErrorOut),
}


class RegisterIn(Schema):
    region_code: str
    category: str
    source: str
    description: str
    severity: str = "一般"
    responsible_unit: str = ""
    responsible_cadre_id: int | None = None
    household_code: str | None = None
    case_id: int | None = None
    visit_id: int | None = None
    project_id: int | None = None
    allocation_id: int | None = None


def _cadre(user: User, cadre_id: int | None) -> Cadre | None:
    if cadre_id is None:
        return None
    return get_object_or_404(Cadre.objects.visible_to(user), pk=cadre_id)


def _links(user: User, payload: RegisterIn) -> services.Links:
    """The objects named, each among those the caller sees (else 404)."""
    household = case = visit = None
    if payload.household_code:
        household = get_object_or_404(
            Household.objects.visible_to(user), code=payload.household_code
        )
    if payload.case_id is not None:
        case = get_object_or_404(Case.objects.visible_to(user), pk=payload.case_id)
    if payload.visit_id is not None:
        visit = get_object_or_404(Visit.objects.visible_to(user), pk=payload.visit_id)
    project = allocation = None
    if payload.project_id is not None:
        project = get_object_or_404(Project.objects.visible_to(user), pk=payload.project_id)
    if payload.allocation_id is not None:
        allocation = get_object_or_404(
            Allocation.objects.visible_to(user), pk=payload.allocation_id
        )
    return services.Links(
        household=household, case=case, visit=visit, project=project, allocation=allocation
    )


@router.post("/problems", response=CREATED_RESPONSES, summary="登记问题")
@refusals_as_http
def register(request: ApiRequest, payload: RegisterIn):
    user = api_user(request)
    region = get_object_or_404(Region.objects.visible_to(user), code=payload.region_code)
    problem = services.register(
        user,
        region,
        category=payload.category,
        source=payload.source,
        description=payload.description,
        severity=payload.severity,
        links=_links(user, payload),
        responsible_unit=payload.responsible_unit,
        responsible_cadre=_cadre(user, payload.responsible_cadre_id),
    )
    return Status(201, _detail(request, problem.pk))


# --- Steps --------------------------------------------------------------------------------------


class MeasureIn(Schema):
    measure: str
    deadline: dt.date
    responsible_unit: str | None = None
    responsible_cadre_id: int | None = None


@router.post("/problems/{problem_id}/set-measure", response=DETAIL_RESPONSES, summary="核定措施")
@refusals_as_http
def set_measure(request: ApiRequest, problem_id: int, payload: MeasureIn):
    user = api_user(request)
    services.set_measure(
        user,
        _read_problem(request, problem_id),
        measure=payload.measure,
        deadline=payload.deadline,
        responsible_unit=payload.responsible_unit,
        responsible_cadre=_cadre(user, payload.responsible_cadre_id),
    )
    return _detail(request, problem_id)


class ExtendIn(Schema):
    deadline: dt.date
    reason: str


@router.post(
    "/problems/{problem_id}/extend-deadline", response=DETAIL_RESPONSES, summary="延长整改时限"
)
@refusals_as_http
def extend_deadline(request: ApiRequest, problem_id: int, payload: ExtendIn):
    services.extend_deadline(
        api_user(request),
        _read_problem(request, problem_id),
        deadline=payload.deadline,
        reason=payload.reason,
    )
    return _detail(request, problem_id)


class RectifyIn(Schema):
    done: str


Files = Annotated[list[UploadedFile] | None, File(description="佐证材料：JPG、PNG 或 PDF，可多个")]


@router.post(
    "/problems/{problem_id}/rectify",
    response=DETAIL_RESPONSES,
    summary="登记整改情况（须上传佐证材料）",
)
@refusals_as_http
def rectify(request: ApiRequest, problem_id: int, payload: Form[RectifyIn], files: Files = None):
    services.record_rectification(
        api_user(request),
        _read_problem(request, problem_id),
        done=payload.done,
        uploads=evidence(files or []),
    )
    return _detail(request, problem_id)


class VerifyIn(Schema):
    finding: str


@router.post("/problems/{problem_id}/verify", response=DETAIL_RESPONSES, summary="核验整改效果")
@refusals_as_http
def verify(request: ApiRequest, problem_id: int, payload: Form[VerifyIn], files: Files = None):
    services.verify(
        api_user(request),
        _read_problem(request, problem_id),
        finding=payload.finding,
        uploads=evidence(files or []),
    )
    return _detail(request, problem_id)


@router.post("/problems/{problem_id}/send-back", response=DETAIL_RESPONSES, summary="退回整改")
@refusals_as_http
def send_back(request: ApiRequest, problem_id: int, payload: ReasonIn):
    services.send_back(api_user(request), _read_problem(request, problem_id), reason=payload.reason)
    return _detail(request, problem_id)


@router.post("/problems/{problem_id}/close", response=DETAIL_RESPONSES, summary="销号")
@refusals_as_http
def close(request: ApiRequest, problem_id: int, payload: OpinionIn):
    services.close(api_user(request), _read_problem(request, problem_id), opinion=payload.opinion)
    return _detail(request, problem_id)


class ReopenIn(Schema):
    reason: str
    measure: str
    deadline: dt.date


@router.post(
    "/problems/{problem_id}/reopen",
    response=CREATED_RESPONSES,
    summary="重新整改（已销号的问题，新建问题）",
)
@refusals_as_http
def reopen(request: ApiRequest, problem_id: int, payload: ReopenIn):
    again = services.reopen(
        api_user(request),
        _read_problem(request, problem_id),
        reason=payload.reason,
        measure=payload.measure,
        deadline=payload.deadline,
    )
    return Status(201, _detail(request, again.pk))
