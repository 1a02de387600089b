"""API: the assets of finished projects within the caller's region, their yearly incomes and
dividend plans (mounted at /api/projects/assets).

Every change goes through the same services as the pages. A refusal answers with its Chinese
message in ``detail``: 400 for wrong or missing values, 403 for a role that may not act (or the
officer who drew a plan approving it), 409 for what the state does not allow (a plan approved
twice, paid before approval); anything outside the caller's region answers 404.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from fupin.accounts.auth import api_user
from fupin.accounts.requests import ApiRequest
from fupin.core.refusals import STATUS, ErrorOut, checked, refusals_as_http
from fupin.regions.models import Region
from fupin.registry.models import Household

from . import assets, dividends
from .dividend_list import list_rows
from .errors import not_found
from .filters import AssetFilter
from .models import Asset, AssetQuerySet, DividendPlan
from .queries import projects_for

router = Router(tags=["项目资产"])
ERRORS: dict[int, Any] = dict.fromkeys(STATUS.values(), ErrorOut)


class AssetOut(Schema):
    id: int
    project_id: int
    name: str
    asset_class: str
    owner_kind: str
    owner: str
    owner_village_code: str | None = None
    owner_household_code: str | None = None
    owner_unit: str
    value: Decimal
    keeper: str
    description: str


class IncomeOut(Schema):
    year: int
    amount: Decimal
    note: str


class PaymentOut(Schema):
    household_code: str
    head_name: str
    persons: int
    amount: Decimal


class PlanOut(Schema):
    id: int
    asset_id: int
    year: int
    amount: Decimal
    village_part: Decimal
    posts_part: Decimal
    rule: str
    state: str
    note: str
    drawn_at: dt.datetime
    approved_at: dt.datetime | None
    paid_on: dt.date | None
    payments: list[PaymentOut]


class AssetDetailOut(AssetOut):
    incomes: list[IncomeOut]
    plans: list[PlanOut]


def _plan_out(plan: DividendPlan) -> PlanOut:
    return PlanOut(
        id=plan.pk,
        asset_id=plan.asset_id,
        year=plan.year,
        amount=plan.amount,
        village_part=plan.village_part,
        posts_part=plan.posts_part,
        rule=plan.rule,
        state=plan.state,
        note=plan.note,
        drawn_at=plan.drawn_at,
        approved_at=plan.approved_at,
        paid_on=plan.paid_on,
        payments=[
            PaymentOut(household_code=code, head_name=head, persons=persons, amount=amount)
            for code, head, persons, amount in list_rows(plan)
        ],
    )


def _assets(request: ApiRequest) -> AssetQuerySet:
    return Asset.objects.visible_to(api_user(request)).select_related(
        "owner_village", "owner_household"
    )


def _asset(request: ApiRequest, asset_id: int) -> Asset:
    return get_object_or_404(_assets(request), pk=asset_id)


def _plan(request: ApiRequest, plan_id: int) -> DividendPlan:
    return get_object_or_404(DividendPlan.objects.visible_to(api_user(request)), pk=plan_id)


def _detail(request: ApiRequest, asset_id: int) -> AssetDetailOut:
    asset = _asset(request, asset_id)
    return AssetDetailOut(
        **AssetOut.from_orm(asset).dict(),
        incomes=[IncomeOut.from_orm(income) for income in asset.incomes.order_by("year")],
        plans=[_plan_out(plan) for plan in asset.plans.order_by("year", "pk")],
    )


@router.get(
    "",
    response={200: list[AssetOut], **ERRORS},
    summary="项目资产（限管辖范围）",
    description="region 区划代码，name 资产名称的一部分，asset_class 资产类别。",
)
@paginate
def list_assets(
    request: ApiRequest, region: str = "", name: str = "", asset_class: str = ""
) -> AssetQuerySet:
    params = {"region": region, "name": name, "asset_class": asset_class}
    user = api_user(request)
    return checked(AssetFilter(params, user=user)).filtered(_assets(request)).order_by("-pk")


@router.get("/{int:asset_id}", response=AssetDetailOut, summary="资产详情、年度收益和分配方案")
def get_asset(request: ApiRequest, asset_id: int) -> AssetDetailOut:
    return _detail(request, asset_id)


class AssetIn(Schema):
    project_id: int
    name: str
    asset_class: str
    value: Decimal
    keeper: str
    owner_village_code: str | None = None
    owner_household_code: str | None = None
    owner_unit: str = ""
    description: str = ""


@router.post("", response={201: AssetDetailOut, **ERRORS}, summary="登记资产（项目验收后）")
@refusals_as_http
def register_asset(request: ApiRequest, payload: AssetIn):
    user = api_user(request)
    values = payload.dict()
    project = get_object_or_404(projects_for(user), pk=values.pop("project_id"))
    village_code = values.pop("owner_village_code")
    household_code = values.pop("owner_household_code")
    village = household = None
    if village_code:
        village = get_object_or_404(Region.objects.all(), code=village_code)
    if household_code:
        household = get_object_or_404(Household.objects.visible_to(user), code=household_code)
    asset = assets.register_asset(
        user, project, owner_village=village, owner_household=household, **values
    )
    return Status(201, _detail(request, asset.pk))


class IncomeIn(Schema):
    year: int
    amount: Decimal
    note: str = ""


@router.post(
    "/{int:asset_id}/incomes",
    response={201: AssetDetailOut, **ERRORS},
    summary="登记经营性资产的年度收益（每年一次）",
)
@refusals_as_http
def record_income(request: ApiRequest, asset_id: int, payload: IncomeIn):
    assets.record_income(api_user(request), _asset(request, asset_id), **payload.dict())
    return Status(201, _detail(request, asset_id))


class PlanIn(Schema):
    year: int
    amount: Decimal
    rule: str
    village_part: Decimal = Decimal("0.00")
    posts_part: Decimal = Decimal("0.00")
    note: str = ""
    # 按名单: 户编号 → 分红金额; otherwise the project's dividend beneficiaries share by the rule
    amounts: dict[str, Decimal] | None = None


@router.post(
    "/{int:asset_id}/plans",
    response={201: PlanOut, **ERRORS},
    summary="制定收益分配方案（平均分配、按人口或按名单）",
)
@refusals_as_http
def draw_plan(request: ApiRequest, asset_id: int, payload: PlanIn):
    user = api_user(request)
    values = payload.dict()
    amounts = values.pop("amounts")
    households = None
    if amounts is not None:
        found = Household.objects.visible_to(user).filter(code__in=list(amounts))
        households = list(found)
        missing = sorted(set(amounts) - {household.code for household in households})
        if missing:
            raise not_found(f"农户 {'、'.join(missing)}")
    plan = dividends.draw_plan(
        user, _asset(request, asset_id), households=households, amounts=amounts, **values
    )
    return Status(201, _plan_out(plan))


@router.get("/plans/{int:plan_id}", response=PlanOut, summary="分配方案及各户分红")
def get_plan(request: ApiRequest, plan_id: int) -> PlanOut:
    return _plan_out(_plan(request, plan_id))


@router.post(
    "/plans/{int:plan_id}/approve",
    response={200: PlanOut, **ERRORS},
    summary="审批分配方案（制定人以外的管理员）",
)
@refusals_as_http
def approve_plan(request: ApiRequest, plan_id: int):
    return _plan_out(dividends.approve_plan(api_user(request), _plan(request, plan_id)))


class PayIn(Schema):
    paid_on: dt.date


@router.post(
    "/plans/{int:plan_id}/pay",
    response={200: PlanOut, **ERRORS},
    summary="登记发放（各户分红记入享受政策“产业项目收益分红”）",
)
@refusals_as_http
def pay_plan(request: ApiRequest, plan_id: int, payload: PayIn):
    plan = dividends.pay_plan(api_user(request), _plan(request, plan_id), paid_on=payload.paid_on)
    return _plan_out(plan)
