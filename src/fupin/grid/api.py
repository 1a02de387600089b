"""API: the responsibility grid (三级网格) within the caller's region, read only.

The same queries as the pages (``queries``, ``coverage``): cadres with their current
assignments, assignments filtered by village, household and day, and the coverage counts. ID
numbers and phones are masked for roles that do not see identities (督导检查, 行业部门). A helping
cadre (帮扶责任人) sees their own record and assignments, and not the coverage of the region.
"""

# No ``from __future__ import annotations``: ninja's ``paginate`` wraps a view in its own module,
# where the names in string annotations (``dt.date``, ``Query``) would not resolve.

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from fupin.accounts.auth import api_user
from fupin.accounts.choices import Role
from fupin.accounts.requests import ApiRequest
from fupin.core.idnumber import mask_id_number, mask_phone
from fupin.core.refusals import STATUS, ErrorOut, checked, in_region
from fupin.registry.models import Household

from . import queries
from .coverage import coverage
from .filters import CadreFilter
from .models import Assignment, AssignmentQuerySet, Cadre

router = Router(tags=["帮扶网格"])


# --- Output -------------------------------------------------------------------------------------


def _sees_identity(context: dict[str, Any]) -> bool:
    return api_user(context["request"]).sees_identity


class CadreOut(Schema):
    id: int
    name: str
    id_number: str
    region_code: str = Field(..., alias="region_id")
    region_name: str = Field(..., alias="region.name")
    unit: str
    post: str
    phone: str
    kind: str
    households: int = Field(..., description="今日包户数（限管辖范围）")

    @staticmethod
    def resolve_id_number(cadre: Cadre, context: dict[str, Any]) -> str:
        return cadre.id_number if _sees_identity(context) else mask_id_number(cadre.id_number)

    @staticmethod
    def resolve_phone(cadre: Cadre, context: dict[str, Any]) -> str:
        return cadre.phone if _sees_identity(context) else mask_phone(cadre.phone)


class AssignmentOut(Schema):
    id: int
    cadre_id: int
    cadre_name: str = Field(..., alias="cadre.name")
    level: str
    village_code: str = Field(..., alias="village_id")
    village_name: str = Field(..., alias="village.name")
    household_code: str | None = Field(None, alias="household.code")
    area_name: str | None = Field(None, alias="area.name")
    target: str = Field(..., alias="target_label")
    started_on: dt.date
    ended_on: dt.date | None
    letter_signed_on: dt.date | None


class CadreDetailOut(CadreOut):
    current_assignments: list[AssignmentOut]

    @staticmethod
    def resolve_current_assignments(cadre: Cadre, context: dict[str, Any]) -> list[Assignment]:
        user = api_user(context["request"])
        return list(queries.cadre_assignments(user, cadre).active_on(timezone.localdate()))


class CoverageOut(Schema):
    day: dt.date
    households_without_helper: int
    households_with_several_helpers: int
    villages_without_leader: int
    helpers_overloaded: int


# --- Reading ------------------------------------------------------------------------------------


@router.get(
    "/cadres",
    response={200: list[CadreOut], **dict.fromkeys(STATUS.values(), ErrorOut)},
    summary="帮扶干部列表（限管辖范围）",
    description="参数与帮扶干部页的筛选相同（filters.CadreFilter）：q 姓名或单位，kind 干部类别。"
    "有误的参数答 400。",
)
@paginate
def list_cadres(request: ApiRequest, q: str = "", kind: str = "") -> QuerySet[Cadre]:
    cadre_filter = checked(CadreFilter({"q": q, "kind": kind}))
    return queries.cadre_list(
        api_user(request), day=timezone.localdate(), cadre_filter=cadre_filter
    )


@router.get("/cadres/{cadre_id}", response=CadreDetailOut, summary="帮扶干部详情与当前帮扶安排")
def get_cadre(request: ApiRequest, cadre_id: int) -> Cadre:
    cadres = queries.cadre_list(api_user(request), day=timezone.localdate())
    return get_object_or_404(cadres, pk=cadre_id)


class AssignmentFilters(Schema):
    village: str | None = Field(None, description="村的区划代码")
    household: str | None = Field(None, description="户编号")
    active_on: dt.date | None = Field(None, description="只列出这一天有效的安排")


@router.get("/assignments", response=list[AssignmentOut], summary="帮扶安排列表（限管辖范围）")
@paginate
def list_assignments(request: ApiRequest, filters: Query[AssignmentFilters]) -> AssignmentQuerySet:
    assignments = Assignment.objects.visible_to(api_user(request)).select_related(
        "cadre", "village", "household", "area"
    )
    if filters.village:
        assignments = assignments.filter(village_id=filters.village)
    if filters.household:
        assignments = assignments.filter(household__code=filters.household)
    if filters.active_on:
        assignments = assignments.active_on(filters.active_on)
    return assignments


@router.get(
    "/coverage",
    response={200: CoverageOut, **dict.fromkeys(STATUS.values(), ErrorOut)},
    summary="网格覆盖情况：无帮扶责任人、多名帮扶责任人、无包村领导的村、超负荷的帮扶责任人",
)
def get_coverage(request: ApiRequest, region: str | None = None) -> dict[str, Any]:
    user = api_user(request)
    if user.role == Role.HELPER:
        raise HttpError(403, "网格覆盖情况由管理人员查看，帮扶责任人只能查看本人的帮扶安排")
    found = coverage(
        in_region(Household.objects.visible_to(user), region),
        in_region(Assignment.objects.visible_to(user), region),
        timezone.localdate(),
    )
    return {"day": found.day, **found.counts()}
