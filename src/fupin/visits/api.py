"""API: visits (走访) within the caller's region, recording one, and the households due a visit.

Recording goes through ``services.record_visit``, the same checks as the visit form; a refusal
answers with its Chinese message in ``detail`` (400 wrong values, 403 a role that may not record,
404 outside the region, 409 a household closed before the visit). Photos and proposed registry
changes are taken on the visit form only. A helping cadre (帮扶责任人) sees the visits and due
households of the households they answer for.
"""

# No ``from __future__ import annotations``: ninja's ``paginate`` wraps a view in its own module,
# where the names in string annotations (``dt.date``, ``Query``) would not resolve.

import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from fupin.accounts.auth import api_user
from fupin.accounts.requests import ApiRequest
from fupin.core.refusals import STATUS, ErrorOut, checked, refusals_as_http
from fupin.grid.models import Cadre
from fupin.registry.models import Household
from fupin.registry.queries import with_list_figures

from . import services
from .choices import CHECKLIST
from .filters import DueFilter
from .models import Visit, VisitQuerySet

router = Router(tags=["走访"])


# --- Output -------------------------------------------------------------------------------------


class VisitOut(Schema):
    id: int
    household_code: str = Field(..., alias="household.code")
    village_code: str = Field(..., alias="household.village_id")
    cadre_id: int
    cadre_name: str = Field(..., alias="cadre.name")
    visited_on: dt.date
    kind: str
    answers: dict[str, str] = Field(..., description="走访项目 → 答案（不愁吃、不愁穿……满意度）")
    findings: str
    lead_id: int | None = Field(None, description="转为的监测线索（监测对象编号）")
    recorded_at: dt.datetime

    @staticmethod
    def resolve_answers(visit: Visit) -> dict[str, str]:
        return {field: getattr(visit, field) for field in CHECKLIST}


class PhotoOut(Schema):
    id: int
    original_name: str
    size: int
    content_type: str


class VisitDetailOut(VisitOut):
    recorded_by: str
    photos: list[PhotoOut]

    @staticmethod
    def resolve_recorded_by(visit: Visit) -> str:
        return str(visit.recorded_by)


class DueOut(Schema):
    household_code: str = Field(..., alias="code")
    village_code: str = Field(..., alias="village_id")
    village_name: str = Field(..., alias="village.name")
    head_name: str | None
    category: str
    interval: int = Field(..., description="走访间隔（天）")
    last_visit: dt.date | None
    due_on: dt.date | None = Field(None, description="应走访日期；从未走访为空")
    days_overdue: int | None = Field(None, description="逾期天数；从未走访为空")


# --- Reading ------------------------------------------------------------------------------------


def _visits(request: ApiRequest) -> VisitQuerySet:
    return Visit.objects.visible_to(api_user(request)).select_related("household", "cadre")


def _detail(request: ApiRequest, visit_id: int) -> Visit:
    visits = _visits(request).select_related("recorded_by").prefetch_related("photos")
    return get_object_or_404(visits, pk=visit_id)


class VisitFilters(Schema):
    household: str | None = Field(None, description="户编号")
    since: dt.date | None = Field(None, description="只列出这一天及以后的走访")


@router.get("", response=list[VisitOut], summary="走访记录列表（限管辖范围）")
@paginate
def list_visits(request: ApiRequest, filters: Query[VisitFilters]) -> VisitQuerySet:
    visits = _visits(request)
    if filters.household:
        visits = visits.filter(household__code=filters.household)
    if filters.since:
        visits = visits.filter(visited_on__gte=filters.since)
    return visits


@router.get(
    "/due",
    response={200: list[DueOut], **dict.fromkeys(STATUS.values(), ErrorOut)},
    summary="应走访的农户（从未走访的在前，其余按逾期天数）",
    description="参数与应走访页的筛选相同（filters.DueFilter）：region 区划代码，"
    "category 走访类别（监测对象、未脱贫户、脱贫户）。有误的参数答 400。",
)
@paginate
def list_due(request: ApiRequest, region: str = "", category: str = "") -> Any:
    due = checked(DueFilter({"region": region, "category": category}))
    households = due.filtered(Household.objects.visible_to(api_user(request)))
    return with_list_figures(due.due(households, timezone.localdate()))


@router.get("/{visit_id}", response=VisitDetailOut, summary="走访记录详情")
def get_visit(request: ApiRequest, visit_id: int) -> Visit:
    return _detail(request, visit_id)


# --- Recording ----------------------------------------------------------------------------------


class VisitIn(Schema):
    household_code: str
    cadre_id: int
    visited_on: dt.date
    kind: str
    answers: dict[str, str] = Field({}, description="走访项目 → 答案；未答的核查项记为“未核实”")
    findings: str = ""
    open_lead: bool = Field(False, description="将发现的问题转为干部排查的监测线索")


@router.post(
    "",
    response={201: VisitDetailOut, **dict.fromkeys(STATUS.values(), ErrorOut)},
    summary="登记走访（不含照片和信息变更建议）",
)
@refusals_as_http
def record_visit(request: ApiRequest, payload: VisitIn):
    user = api_user(request)
    household = get_object_or_404(Household.objects.visible_to(user), code=payload.household_code)
    cadre = get_object_or_404(Cadre.objects.visible_to(user), pk=payload.cadre_id)
    recorded = services.record_visit(
        user,
        household,
        cadre=cadre,
        visited_on=payload.visited_on,
        kind=payload.kind,
        answers=payload.answers,
        findings=payload.findings,
        open_lead=payload.open_lead,
    )
    return Status(201, _detail(request, recorded.visit.pk))
