"""Pages of the responsibility grid (三级网格): cadres, a village's grid with its forms, coverage,
and the household page's 帮扶责任人 card.

Thin: a scoped getter (outside the region: 404), a form, a service; a refusal is shown on the form
with the service's own message and changes nothing. 督导检查 reads every page; 帮扶责任人 sees
their own record and households, not the coverage of the region; 行业部门 has no pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.paging import paged
from fupin.core.scope import in_scope
from fupin.core.versions import StaleEdit
from fupin.regions.choices import Level as RegionLevel
from fupin.regions.models import Region
from fupin.registry.models import Household
from fupin.registry.queries import with_list_figures

from . import queries
from .choices import Level
from .coverage import Coverage, coverage
from .filters import CadreFilter
from .forms import (
    AreaForm,
    AssignForm,
    CadreForm,
    EndForm,
    PairingForm,
    ReassignForm,
    UserForm,
)
from .models import Area, Assignment, Cadre
from .photos import photo_response
from .services import LEADER_EDITORS, GridError, may_edit_grid

PAGE_SIZE = 50
# URL word → the level an assignment form creates.
LEVELS = {"leader": Level.VILLAGE, "household": Level.HOUSEHOLD, "area": Level.AREA}


def _editor(request: AuthenticatedRequest, code: str) -> None:
    if not (may_edit_grid(request.user) and in_scope(request.user, code)):
        raise PermissionDenied("您的角色不能维护此处的帮扶网格。")


def _form_page(
    request: AuthenticatedRequest,
    form: UserForm,
    take: Callable[[], str],
    *,
    title: str,
    back: str,
    intro: str = "",
) -> HttpResponse:
    """GET: the form. POST: ``take`` (which returns the success message) and back to ``back``,
    or the form again with the refusal on it."""
    if request.method == "POST" and form.is_valid():
        try:
            done = take()
        except (GridError, StaleEdit) as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            return redirect(back)
    return render(
        request,
        "grid/form.html",
        {"form": form, "title": title, "intro": intro, "back": back},
        status=400 if form.is_bound else 200,
    )


# --- Cadres ----------------------------------------------------------------------------------


def cadre_list(request: AuthenticatedRequest) -> HttpResponse:
    form = CadreFilter(request.GET)
    cadres = queries.cadre_list(request.user, day=timezone.localdate(), cadre_filter=form)
    return render(
        request,
        "grid/cadre_list.html",
        {
            "form": form,
            "filtered": form.given,
            "may_add": may_edit_grid(request.user),
            **paged(request, cadres, PAGE_SIZE),
        },
    )


def _cadre(request: AuthenticatedRequest, pk: int) -> Cadre:
    return get_object_or_404(Cadre.objects.visible_to(request.user).select_related("region"), pk=pk)


def cadre_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cadre = _cadre(request, pk)
    today = timezone.localdate()
    assignments = list(queries.cadre_assignments(request.user, cadre))
    return render(
        request,
        "grid/cadre_detail.html",
        {
            "cadre": cadre,
            "current": [a for a in assignments if a.is_active_on(today)],
            "history": assignments,
            "show_identity": request.user.sees_identity,
            "may_edit": may_edit_grid(request.user) and in_scope(request.user, cadre.region_id),
        },
    )


def cadre_photo(request: AuthenticatedRequest, pk: int) -> FileResponse:
    return photo_response(_cadre(request, pk))


def _cadre_form(request: AuthenticatedRequest, cadre: Cadre | None) -> HttpResponse:
    form = CadreForm(request.POST or None, request.FILES or None, user=request.user, cadre=cadre)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.take(request.user)
        except (GridError, StaleEdit) as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已保存帮扶干部 {saved.name}。")
            return redirect(saved)
    return render(
        request,
        "grid/cadre_form.html",
        {"form": form, "cadre": cadre},
        status=400 if form.is_bound else 200,
    )


def cadre_create(request: AuthenticatedRequest) -> HttpResponse:
    return _cadre_form(request, None)


def cadre_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cadre = _cadre(request, pk)
    _editor(request, cadre.region_id)
    return _cadre_form(request, cadre)


# --- A village's grid ------------------------------------------------------------------------


def _village(request: AuthenticatedRequest, code: str) -> Region:
    return get_object_or_404(
        Region.objects.visible_to(request.user).select_related("parent"),
        code=code,
        level=RegionLevel.VILLAGE,
    )


def village(request: AuthenticatedRequest, code: str) -> HttpResponse:
    village = _village(request, code)
    grid = queries.village_grid(request.user, village, timezone.localdate())
    may_edit = may_edit_grid(request.user) and in_scope(request.user, village.code)
    return render(
        request,
        "grid/village.html",
        {
            "grid": grid,
            "village": village,
            "areas": list(grid.areas),
            "may_edit": may_edit,
            "may_lead": may_edit and request.user.role in LEADER_EDITORS,
            **paged(request, grid.households, PAGE_SIZE),
        },
    )


def assign(request: AuthenticatedRequest, code: str, level: str) -> HttpResponse:
    if level not in LEVELS:
        raise Http404("没有这种帮扶安排")
    village = _village(request, code)
    _editor(request, village.code)
    form = AssignForm(
        request.POST or None,
        user=request.user,
        village=village,
        level=LEVELS[level],
        initial={"household": request.GET.get("household", "")},
    )

    def take() -> str:
        assignment = form.take(request.user)
        return f"已安排 {assignment.cadre.name} 负责 {assignment.target_label}。"

    return _form_page(
        request,
        form,
        take,
        title=f"{village.name}：新增{Level(LEVELS[level]).label}",
        back=reverse("grid:village", args=[village.code]),
    )


def _assignment(request: AuthenticatedRequest, pk: int) -> Any:
    assignment = get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related("cadre", "household", "area"),
        pk=pk,
    )
    _editor(request, assignment.village_id)
    return assignment


def reassign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    form = ReassignForm(request.POST or None, user=request.user, assignment=assignment)

    def take() -> str:
        successor = form.take(request.user)
        return f"{assignment.target_label} 自 {successor.started_on:%Y-%m-%d} 起由 {successor.cadre.name} 负责。"

    return _form_page(
        request,
        form,
        take,
        title=f"调整帮扶人：{assignment.target_label}",
        intro=f"现由 {assignment.cadre.name} 负责（{assignment.started_on:%Y-%m-%d} 起）。"
        "交接日期起由接替人负责，原安排同日结束。",
        back=reverse("grid:village", args=[assignment.village_id]),
    )


def end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    form = EndForm(request.POST or None, user=request.user, assignment=assignment)

    def take() -> str:
        form.take(request.user)
        return f"已结束 {assignment.cadre.name} 对 {assignment.target_label} 的帮扶安排。"

    return _form_page(
        request,
        form,
        take,
        title=f"结束帮扶安排：{assignment.target_label}",
        intro=f"{assignment.cadre.name} 自 {assignment.started_on:%Y-%m-%d} 起负责。"
        "结束后没有接替人；需要交接的，请使用“调整帮扶人”。",
        back=reverse("grid:village", args=[assignment.village_id]),
    )


def _area_form(request: AuthenticatedRequest, village: Region, area: Area | None) -> HttpResponse:
    _editor(request, village.code)
    form = AreaForm(request.POST or None, user=request.user, village=village, area=area)

    def take() -> str:
        saved = form.take(request.user)
        return f"已保存片区 {saved.name}。"

    return _form_page(
        request,
        form,
        take,
        title=f"{village.name}：{'编辑片区 ' + area.name if area else '新增片区'}",
        intro="一户只属于一个片区：列入本片区的户将离开原来的片区。",
        back=reverse("grid:village", args=[village.code]),
    )


def area_create(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _area_form(request, _village(request, code), None)


def area_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(Area.objects.visible_to(request.user).select_related("village"), pk=pk)
    return _area_form(request, area.village, area)


def pairing_create(request: AuthenticatedRequest, code: str) -> HttpResponse:
    village = _village(request, code)
    _editor(request, village.code)
    form = PairingForm(request.POST or None, user=request.user, village=village)

    def take() -> str:
        pairing = form.take(request.user)
        return f"已登记结对帮扶：{pairing.unit} → {pairing.region.name}。"

    return _form_page(
        request,
        form,
        take,
        title=f"{village.name}：新增结对帮扶",
        back=reverse("grid:village", args=[village.code]),
    )


# --- Coverage --------------------------------------------------------------------------------

# Finding → its title, and its key in ``Coverage.counts()``.
FINDINGS = {
    "without-helper": ("无帮扶责任人的农户", "households_without_helper"),
    "several-helpers": ("有多名帮扶责任人的农户", "households_with_several_helpers"),
    "leaderless": ("无包村领导的村", "villages_without_leader"),
    "overloaded": ("帮扶户数超过上限的帮扶责任人", "helpers_overloaded"),
}


def _coverage(request: AuthenticatedRequest) -> Coverage:
    return coverage(
        Household.objects.visible_to(request.user),
        Assignment.objects.visible_to(request.user),
        timezone.localdate(),
    )


def coverage_page(request: AuthenticatedRequest) -> HttpResponse:
    counts = _coverage(request).counts()
    findings = [(slug, title, counts[key]) for slug, (title, key) in FINDINGS.items()]
    context = {"findings": findings, "may_import": may_edit_grid(request.user)}
    return render(request, "grid/coverage.html", context)


def coverage_list(request: AuthenticatedRequest, finding: str) -> HttpResponse:
    if finding not in FINDINGS:
        raise Http404("没有这项检查")
    found = _coverage(request)
    current = (
        Assignment.objects.visible_to(request.user).active_on(found.day).select_related("cadre")
    )
    # Querysets are lazy: only the chosen one is read, one page of it.
    rows = {
        "without-helper": with_list_figures(found.without_helper),
        "several-helpers": queries.with_helpers(found.several_helpers, current),
        "leaderless": found.villages_without_leader.select_related("parent"),
        "overloaded": found.overloaded,
    }[finding]
    context = {"finding": finding, "title": FINDINGS[finding][0], **paged(request, rows, PAGE_SIZE)}
    if finding == "overloaded":
        # A cadre registered outside the user's sight still counts; only their name is hidden.
        page = list(context["page"])
        cadres = Cadre.objects.visible_to(request.user).in_bulk([r["cadre_id"] for r in page])
        context["overloaded"] = [(cadres.get(row["cadre_id"]), row) for row in page]
    return render(request, "grid/coverage_list.html", context)


# --- The household page's card ----------------------------------------------------------------


def household_helpers(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """The household page's 帮扶责任人 card (loaded by htmx)."""
    household = get_object_or_404(Household.objects.visible_to(request.user), code=code)
    return render(
        request,
        "grid/_household_helpers.html",
        {
            "household": household,
            "show_identity": request.user.sees_identity,
            **queries.household_helpers(request.user, household, timezone.localdate()),
        },
    )
