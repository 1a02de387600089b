"""Asset and dividend pages (扶贫项目资产, 收益分红): the assets with their filter, an asset's page
with its incomes and plans, the registration of a finished project's asset, a plan's page with
its payments table (computed before approval), approval and payment, and the 分红名单's export
and import.

Thin: a scoped getter (outside the region: 404), a form, a service; a refusal is shown with the
service's own message and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count, Sum
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.downloads import xlsx_response
from fupin.core.paging import paged
from fupin.core.uploads import uploaded_copy

from .asset_forms import ApproveForm, AssetForm, IncomeForm, ListImportForm, PayForm, PlanForm
from .assets import FINISHED
from .dividend_list import HEADERS, SHEET, import_dividend_list, list_rows
from .filters import AssetFilter
from .funds import may_keep_funds
from .models import Asset, DividendPlan
from .queries import projects_for
from .views import saved_form

PAGE_SIZE = 50


def asset_list(request: AuthenticatedRequest) -> HttpResponse:
    form = AssetFilter(request.GET, user=request.user)
    rows = form.filtered(Asset.objects.visible_to(request.user)).select_related(
        "project__region", "owner_village"
    )
    return render(
        request,
        "projects/asset_list.html",
        {"form": form, "filtered": form.given, **paged(request, rows.order_by("-pk"), PAGE_SIZE)},
    )


def asset_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(projects_for(request.user), pk=pk)
    form = AssetForm(request.POST or None, project=project, user=request.user)
    if request.method == "POST":
        asset = saved_form(request, form, "资产已登记。")
        if asset is not None:
            return redirect("projects:asset_detail", pk=asset.pk)
    return render(
        request,
        "projects/asset_form.html",
        {"form": form, "project": project, "finished": project.state in FINISHED},
        status=400 if request.method == "POST" else 200,
    )


def _asset(request: AuthenticatedRequest, pk: int) -> Asset:
    return get_object_or_404(
        Asset.objects.visible_to(request.user).select_related("project__region", "owner_village"),
        pk=pk,
    )


def _asset_page(
    request: AuthenticatedRequest,
    asset: Asset,
    *,
    bound: forms.Form | None = None,
    outcome: Any = None,
    status: int = 200,
) -> HttpResponse:
    office = may_keep_funds(request.user)

    def form_for(prefix: str, make: Any) -> Any:
        if not office:
            return None
        return bound if bound is not None and bound.prefix == prefix else make()

    plans = asset.plans.annotate(
        households=Count("payments"), paid_total=Sum("payments__amount")
    ).order_by("-year", "-pk")
    return render(
        request,
        "projects/asset_detail.html",
        {
            "asset": asset,
            "incomes": asset.incomes.order_by("-year"),
            "plans": plans,
            "income_form": form_for("income", lambda: IncomeForm(asset=asset, prefix="income")),
            "plan_form": form_for("plan", lambda: PlanForm(asset=asset, prefix="plan"))
            if asset.incomes.exists()
            else None,
            "import_form": form_for("list", lambda: ListImportForm(prefix="list"))
            if asset.incomes.exists()
            else None,
            "outcome": outcome,
            "sheet": SHEET,
        },
        status=status,
    )


def asset_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _asset_page(request, _asset(request, pk))


@require_POST
def income_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    asset = _asset(request, pk)
    form = IncomeForm(request.POST, asset=asset, prefix="income")
    if saved_form(request, form, "收益已登记。"):
        return redirect("projects:asset_detail", pk=asset.pk)
    return _asset_page(request, asset, bound=form, status=400)


@require_POST
def plan_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    asset = _asset(request, pk)
    form = PlanForm(request.POST, asset=asset, prefix="plan")
    plan = saved_form(request, form, "分配方案已制定，请另一名管理员审批。")
    if plan:
        return redirect("projects:plan_detail", pk=plan.pk)
    return _asset_page(request, asset, bound=form, status=400)


@require_POST
def plan_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    asset = _asset(request, pk)
    form = ListImportForm(request.POST, request.FILES, prefix="list")
    if not form.is_valid():
        return _asset_page(request, asset, bound=form, status=400)
    with uploaded_copy(form.cleaned_data["file"]) as path:
        outcome = import_dividend_list(request.user, asset, path, form.terms())
    if outcome.written:
        messages.success(request, outcome.summary() + "分配方案已制定，请另一名管理员审批。")
        return redirect("projects:plan_detail", pk=outcome.plan.pk)  # type: ignore[attr-defined]
    return _asset_page(request, asset, bound=form, outcome=outcome, status=400)


def _plan(request: AuthenticatedRequest, pk: int) -> DividendPlan:
    return get_object_or_404(
        DividendPlan.objects.visible_to(request.user).select_related(
            "asset__project", "drawn_by", "approved_by", "paid_by"
        ),
        pk=pk,
    )


def _plan_page(
    request: AuthenticatedRequest, plan: DividendPlan, *, bound: forms.Form | None = None
) -> HttpResponse:
    office = may_keep_funds(request.user)
    rows = list_rows(plan)
    return render(
        request,
        "projects/plan_detail.html",
        {
            "plan": plan,
            "asset": plan.asset,
            "rows": rows,
            "households_total": sum((row[3] for row in rows), plan.amount * 0),
            "persons_total": sum(row[2] for row in rows),
            "approve_form": ApproveForm(plan=plan) if office else None,
            "pay_form": (bound if isinstance(bound, PayForm) else PayForm(plan=plan, prefix="pay"))
            if office
            else None,
            "approve_errors": bound.non_field_errors() if isinstance(bound, ApproveForm) else None,
        },
        status=200 if bound is None else 400,
    )


def plan_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _plan_page(request, _plan(request, pk))


@require_POST
def plan_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = ApproveForm(request.POST, plan=plan)
    if saved_form(request, form, "分配方案已审批。"):
        return redirect("projects:plan_detail", pk=plan.pk)
    return _plan_page(request, plan, bound=form)


@require_POST
def plan_pay(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = PayForm(request.POST, plan=plan, prefix="pay")
    if saved_form(request, form, "收益分红已发放到户，已记入各户的享受政策（收益分红）。"):
        return redirect("projects:plan_detail", pk=plan.pk)
    return _plan_page(request, plan, bound=form)


def plan_export(request: AuthenticatedRequest, pk: int) -> FileResponse:
    plan = _plan(request, pk)
    return xlsx_response(f"分红名单-{plan.asset.name}-{plan.year}", HEADERS, list_rows(plan))
