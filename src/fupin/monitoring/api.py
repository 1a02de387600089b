"""API: monitoring cases within the caller's region, and one POST per step of rules.md §9.

Every step goes through ``services`` (the same state machine as the pages). A refusal answers
with its Chinese message in ``detail``: 400 for wrong or missing values or evidence, 403 for a
role that may not take the step, 409 for a step the case's state or a time limit does not allow
yet; anything outside the caller's region answers 404. Steps that carry files (入户核实, 民主评议)
take multipart form data; the others take JSON. Each step answers with the case as it now is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from fupin.accounts.auth import api_user
from fupin.accounts.models import User
from fupin.accounts.requests import ApiRequest
from fupin.core.api_inputs import OpinionIn, ReasonIn
from fupin.core.refusals import STATUS, ErrorOut, checked, refusals_as_http
from fupin.core.versions import VERSION_DESCRIPTION, as_read, if_match
from fupin.registry.models import Household

from . import services
from .attachments import Upload, download
from .choices import AttachmentKind
from .deadlines import inbox
from .eligibility import earliest_elimination, review_elimination
from .filters import CaseFilter
from .models import Attachment, Case, CaseQuerySet, HelpMeasure, Transition
from .workflow import STEPS, available_steps, state_label

router = Router(tags=["监测帮扶"])


# --- Output -------------------------------------------------------------------------------------


class CaseOut(Schema):
    id: int
    household_code: str = Field(..., alias="household.code")
    village_code: str = Field(..., alias="household.village_id")
    village_name: str = Field(..., alias="household.village.name")
    state: str
    state_label: str
    eliminating: bool
    channel: str
    case_type: str
    opened_at: dt.datetime
    decision_due: dt.datetime
    decided_at: dt.datetime | None
    overdue: bool
    notice_start: dt.date | None
    notice_end: dt.date | None
    helping_since: dt.date | None
    closed_at: dt.datetime | None
    close_reason: str
    version: int = Field(..., description=VERSION_DESCRIPTION)

    @staticmethod
    def resolve_state_label(case: Case) -> str:
        return state_label(case)

    @staticmethod
    def resolve_overdue(case: Case) -> bool:
        return case.is_open and case.decided_at is None and case.decision_due < timezone.now()


class AttachmentOut(Schema):
    id: int
    kind: str
    original_name: str
    size: int
    content_type: str


class TransitionOut(Schema):
    id: int
    action: str
    action_label: str
    from_state: str
    to_state: str
    actor: str
    at: dt.datetime
    reason: str
    data: dict[str, Any]
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_action_label(transition: Transition) -> str:
        step = STEPS.get(transition.action)
        return step.label if step else transition.action

    @staticmethod
    def resolve_actor(transition: Transition) -> str:
        return str(transition.actor) if transition.actor else "系统"


class MeasureOut(Schema):
    id: int
    kind: str
    description: str
    responsible: str
    starts_on: dt.date
    ends_on: dt.date | None
    amount: Decimal | None
    result: str


class StepOut(Schema):
    code: str
    label: str


class CaseDetailOut(CaseOut):
    note: str
    alert_figures: list[dict[str, Any]]
    risks: list[str]
    reopened_from: int | None = Field(None, alias="reopened_from_id")
    transitions: list[TransitionOut]
    measures: list[MeasureOut]
    available_steps: list[StepOut]

    @staticmethod
    def resolve_risks(case: Case) -> list[str]:
        return [risk.risk for risk in case.risks.all()]

    @staticmethod
    def resolve_available_steps(case: Case, context: dict[str, Any]) -> list[StepOut]:
        steps = available_steps(api_user(context["request"]), case)
        return [StepOut(code=step.code, label=step.label) for step in steps]


class EliminationCheckOut(Schema):
    passed: bool
    blockers: list[str]
    earliest: dt.date | None
    figures: dict[str, Any]


# --- Reading ------------------------------------------------------------------------------------


def _cases(request: ApiRequest) -> CaseQuerySet:
    return Case.objects.visible_to(api_user(request)).select_related(
        "household", "household__village"
    )


def _case(request: ApiRequest, case_id: int) -> Case:
    return get_object_or_404(_cases(request), pk=case_id)


def _read_case(request: ApiRequest, case_id: int) -> Case:
    """The case a step is taken on, as the client read it: at the version of its If-Match."""
    return as_read(_case(request, case_id), if_match(request))


def _detail(request: ApiRequest, case_id: int) -> Case:
    transitions = Transition.objects.select_related("actor").prefetch_related("attachments")
    return get_object_or_404(
        _cases(request).prefetch_related(
            Prefetch("transitions", queryset=transitions), "measures", "risks"
        ),
        pk=case_id,
    )


@router.get(
    "/cases",
    response={200: list[CaseOut], **dict.fromkeys(STATUS.values(), ErrorOut)},
    summary="监测对象列表（限管辖范围）",
    description="参数与监测对象页的筛选相同，由同一筛选检查（filters.CaseFilter）："
    "region 区划代码，state 状态，channel 线索来源，status（open 未关闭、closed 已关闭），"
    "deadline（overdue 已逾期、due_soon 即将到期）；open=true/false 同 status，"
    "overdue=true 同 deadline=overdue。有误的参数答 400。",
)
@paginate
def list_cases(
    request: ApiRequest,
    region: str = "",
    state: str = "",
    channel: str = "",
    status: str = "",
    deadline: str = "",
    open: bool | None = None,
    overdue: bool = False,
) -> CaseQuerySet:
    if open is not None and not status:
        status = "open" if open else "closed"
    if overdue and not deadline:
        deadline = "overdue"
    params = {"region": region, "state": state, "channel": channel}
    case_filter = checked(CaseFilter(params | {"status": status, "deadline": deadline}))
    cases = case_filter.filtered(_cases(request))
    return cases.order_by("-opened_at", "-pk")


@router.get("/inbox", response=list[CaseOut], summary="我的待办：等待本人角色办理的监测对象")
@paginate
def my_inbox(request: ApiRequest) -> CaseQuerySet:
    return inbox(api_user(request)).select_related("household", "household__village")


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="监测对象详情与办理记录")
def get_case(request: ApiRequest, case_id: int) -> Case:
    return _detail(request, case_id)


@router.get(
    "/cases/{case_id}/elimination-check",
    response=EliminationCheckOut,
    summary="风险消除条件核对（帮扶满6个月、收入、E4–E7、预警、劳动力）",
)
def elimination_check(request: ApiRequest, case_id: int) -> dict[str, Any]:
    case = _case(request, case_id)
    review = review_elimination(case, today=timezone.localdate())
    return {
        "passed": review.passed,
        "blockers": review.blockers,
        "earliest": earliest_elimination(case),
        "figures": review.figures,
    }


@router.get("/attachments/{attachment_id}", summary="下载附件", response={200: None})
def download_attachment(request: ApiRequest, attachment_id: int) -> FileResponse:
    attachment = get_object_or_404(
        Attachment.objects.visible_to(api_user(request)), pk=attachment_id
    )
    return download(attachment)


# --- Steps --------------------------------------------------------------------------------------

STEP_RESPONSES: dict[int, Any] = {200: CaseDetailOut, **dict.fromkeys(STATUS.values(), ErrorOut)}


class OpenIn(Schema):
    household_code: str
    channel: str
    note: str


@router.post(
    "/cases",
    response={201: CaseDetailOut, **dict.fromkeys(STATUS.values(), ErrorOut)},
    summary="登记线索（农户自主申报、干部排查、部门预警）",
)
@refusals_as_http
def open_lead(request: ApiRequest, payload: OpenIn):
    user = api_user(request)
    household = get_object_or_404(Household.objects.visible_to(user), code=payload.household_code)
    case = services.open_lead(user, household, channel=payload.channel, note=payload.note)
    return Status(201, _detail(request, case.pk))


class ReopenIn(Schema):
    channel: str
    note: str


@router.post(
    "/cases/{case_id}/reopen",
    response={201: CaseDetailOut, **dict.fromkeys(STATUS.values(), ErrorOut)},
    summary="已关闭的案件重新登记为线索（新案件）",
)
@refusals_as_http
def reopen(request: ApiRequest, case_id: int, payload: ReopenIn):
    case = services.reopen(
        api_user(request), _case(request, case_id), channel=payload.channel, note=payload.note
    )
    return Status(201, _detail(request, case.pk))


class VerifyIn(Schema):
    visited_on: dt.date
    findings: str
    net_income: Decimal
    risks: list[str] = []


@router.post(
    "/cases/{case_id}/verify", response=STEP_RESPONSES, summary="入户核实（须上传农户授权承诺）"
)
@refusals_as_http
def verify(
    request: ApiRequest,
    case_id: int,
    payload: Form[VerifyIn],
    authorisation: Annotated[UploadedFile | None, File(description="农户授权承诺")] = None,
    photos: Annotated[list[UploadedFile] | None, File(description="照片，可多张")] = None,
):
    uploads = _uploads(
        (AttachmentKind.AUTHORISATION, [authorisation]), (AttachmentKind.PHOTO, photos)
    )
    services.record_verification(
        api_user(request),
        _read_case(request, case_id),
        visited_on=payload.visited_on,
        findings=payload.findings,
        net_income=payload.net_income,
        risks=payload.risks,
        uploads=uploads,
    )
    return _detail(request, case_id)


class ReviewIn(Schema):
    held_on: dt.date
    participants: list[str]
    votes_for: int
    votes_against: int


@router.post("/cases/{case_id}/review", response=STEP_RESPONSES, summary="民主评议")
@refusals_as_http
def review(
    request: ApiRequest,
    case_id: int,
    payload: Form[ReviewIn],
    minutes: Annotated[UploadedFile | None, File(description="会议记录")] = None,
):
    services.record_review(
        api_user(request),
        _read_case(request, case_id),
        held_on=payload.held_on,
        participants=payload.participants,
        votes_for=payload.votes_for,
        votes_against=payload.votes_against,
        uploads=_uploads((AttachmentKind.MINUTES, [minutes])),
    )
    return _detail(request, case_id)


def _uploads(*groups: tuple[str, Sequence[UploadedFile | None] | None]) -> list[Upload]:
    return [Upload(kind, file) for kind, files in groups for file in files or [] if file]


@router.post("/cases/{case_id}/not-included", response=STEP_RESPONSES, summary="不予纳入")
@refusals_as_http
def not_included(request: ApiRequest, case_id: int, payload: ReasonIn):
    services.not_included(api_user(request), _read_case(request, case_id), reason=payload.reason)
    return _detail(request, case_id)


class NoticeIn(Schema):
    starts_on: dt.date
    ends_on: dt.date | None = None


@router.post("/cases/{case_id}/notice", response=STEP_RESPONSES, summary="公示（至少5天）")
@refusals_as_http
def notice(request: ApiRequest, case_id: int, payload: NoticeIn):
    services.start_notice(
        api_user(request),
        _read_case(request, case_id),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return _detail(request, case_id)


@router.post("/cases/{case_id}/township-approve", response=STEP_RESPONSES, summary="乡镇初审通过")
@refusals_as_http
def township_approve(request: ApiRequest, case_id: int, payload: OpinionIn):
    services.township_approve(
        api_user(request), _read_case(request, case_id), opinion=payload.opinion
    )
    return _detail(request, case_id)


@router.post(
    "/cases/{case_id}/township-return", response=STEP_RESPONSES, summary="乡镇退回入户核实"
)
@refusals_as_http
def township_return(request: ApiRequest, case_id: int, payload: ReasonIn):
    services.township_return(api_user(request), _read_case(request, case_id), reason=payload.reason)
    return _detail(request, case_id)


class CountyApproveIn(Schema):
    case_type: str
    risks: list[str]
    opinion: str = ""


@router.post(
    "/cases/{case_id}/county-approve", response=STEP_RESPONSES, summary="县级审定：纳入监测"
)
@refusals_as_http
def county_approve(request: ApiRequest, case_id: int, payload: CountyApproveIn):
    services.county_approve(
        api_user(request),
        _read_case(request, case_id),
        case_type=payload.case_type,
        risks=payload.risks,
        opinion=payload.opinion,
    )
    return _detail(request, case_id)


class MeasureIn(Schema):
    kind: str
    description: str
    responsible: str
    responsible_username: str | None = None
    starts_on: dt.date
    ends_on: dt.date | None = None
    amount: Decimal | None = None
    result: str = ""


@router.post("/cases/{case_id}/measures", response=STEP_RESPONSES, summary="登记帮扶措施")
@refusals_as_http
def add_measure(request: ApiRequest, case_id: int, payload: MeasureIn):
    user = api_user(request)
    responsible_user = None
    if payload.responsible_username:
        responsible_user = get_object_or_404(
            User.objects.visible_to(user), username=payload.responsible_username
        )
    services.add_help_measure(
        user,
        _read_case(request, case_id),
        kind=payload.kind,
        description=payload.description,
        responsible=payload.responsible,
        responsible_user=responsible_user,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        amount=payload.amount,
        result=payload.result,
    )
    return _detail(request, case_id)


class MeasureResultIn(Schema):
    result: str
    ends_on: dt.date | None = None


@router.post(
    "/measures/{measure_id}/result",
    response={200: MeasureOut, **dict.fromkeys(STATUS.values(), ErrorOut)},
    summary="登记帮扶成效",
)
@refusals_as_http
def measure_result(request: ApiRequest, measure_id: int, payload: MeasureResultIn):
    user = api_user(request)
    measure = get_object_or_404(HelpMeasure.objects.visible_to(user), pk=measure_id)
    return services.record_help_result(
        user, measure, result=payload.result, ends_on=payload.ends_on
    )


@router.post(
    "/cases/{case_id}/request-elimination", response=STEP_RESPONSES, summary="申请风险消除"
)
@refusals_as_http
def request_elimination(request: ApiRequest, case_id: int, payload: OpinionIn):
    services.request_elimination(
        api_user(request), _read_case(request, case_id), reason=payload.opinion
    )
    return _detail(request, case_id)


@router.post(
    "/cases/{case_id}/approve-elimination", response=STEP_RESPONSES, summary="县级审定：风险消除"
)
@refusals_as_http
def approve_elimination(request: ApiRequest, case_id: int, payload: OpinionIn):
    services.approve_elimination(
        api_user(request), _read_case(request, case_id), opinion=payload.opinion
    )
    return _detail(request, case_id)


@router.post(
    "/cases/{case_id}/cancel-elimination", response=STEP_RESPONSES, summary="终止风险消除，继续帮扶"
)
@refusals_as_http
def cancel_elimination(request: ApiRequest, case_id: int, payload: ReasonIn):
    services.cancel_elimination(
        api_user(request), _read_case(request, case_id), reason=payload.reason
    )
    return _detail(request, case_id)
