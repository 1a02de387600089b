"""到户工程 pages: the works with their filter, registering one, its page (expense lines, the
builder's completion, the acceptance item by item with photos, the problem a failed acceptance
opened), photo downloads, and the provinces' checklists.

Thin like the other project pages: a scoped getter (outside the region: 404), a form, a service;
a refusal is shown with the service's own message and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.paging import paged
from fupin.monitoring.attachments import download
from fupin.regions.models import Region

from . import works
from .choices import WorksKind, WorksState
from .filters import WorksFilter
from .models import HouseholdWork, WorkPhoto, WorksChecklist
from .views import PAGE_SIZE, saved_form
from .works_forms import ChecklistForm, InspectionForm, WorkDoneForm, WorkExpenseForm, WorkForm

# The forms of a works' page, by the action that posts them.
ACTIONS: dict[str, type[forms.Form]] = {
    "expense": WorkExpenseForm,
    "done": WorkDoneForm,
    "inspect": InspectionForm,
}
DONE_MESSAGES = {"expense": "费用已登记。", "done": "已登记完工。", "inspect": "验收结果已登记。"}


def works_for(request: AuthenticatedRequest) -> Any:
    return HouseholdWork.objects.visible_to(request.user)


def work_list(request: AuthenticatedRequest) -> HttpResponse:
    form = WorksFilter(request.GET, user=request.user)
    rows = form.filtered(works_for(request)).select_related("household")
    return render(
        request,
        "projects/work_list.html",
        {
            "form": form,
            "filtered": form.given,
            "may_add": works.may_build(request.user),
            **paged(request, rows.order_by("-pk"), PAGE_SIZE),
        },
    )


def work_new(request: AuthenticatedRequest) -> HttpResponse:
    form = WorkForm(request.POST or None, user=request.user)
    if request.method == "POST":
        work = saved_form(request, form, "到户工程已登记。")
        if work is not None:
            return redirect("projects:work_detail", pk=work.pk)
    return render(request, "projects/work_form.html", {"form": form})


def _offered(request: AuthenticatedRequest, work: HouseholdWork) -> list[str]:
    """The actions the page offers: what the role may do in the works' state."""
    user, state = request.user, work.state
    offered = []
    if works.may_build(user) and state != WorksState.ACCEPTED:
        offered.append("expense")
    if works.may_build(user) and state in (WorksState.PLANNED, WorksState.FAILED):
        offered.append("done")
    if works.may_inspect(user) and state == WorksState.DONE and work.builder_id != user.pk:
        offered.append("inspect")
    return offered


def _work_page(
    request: AuthenticatedRequest,
    work: HouseholdWork,
    *,
    bound: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    actions = [
        (
            code,
            bound
            if bound is not None and bound.prefix == code
            else ACTIONS[code](work=work, prefix=code),  # type: ignore[call-arg]
        )
        for code in _offered(request, work)
    ]
    if bound is not None and all(code != bound.prefix for code, _ in actions):
        # A refused form the page would not offer now: shown with its reason all the same.
        actions.append((str(bound.prefix), bound))
    expenses = list(work.expenses.order_by("pk"))
    return render(
        request,
        "projects/work_detail.html",
        {
            "work": work,
            "actions": actions,
            "expenses": expenses,
            "spent": sum((row.amount for row in expenses), works.FEN * 0),
            "inspections": work.inspections.select_related("inspector").prefetch_related(
                "items__photos", "photos"
            ),
            "problems": work.household.problems.visible_to(request.user).filter(
                origin_key=works.origin_key(work)
            ),
        },
        status=status,
    )


def _work(request: AuthenticatedRequest, pk: int) -> HouseholdWork:
    return get_object_or_404(works_for(request).select_related("household", "builder"), pk=pk)


def work_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _work_page(request, _work(request, pk))


@require_POST
def work_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    work = _work(request, pk)
    if action not in ACTIONS:
        raise Http404("没有这个办理事项")
    form = ACTIONS[action](request.POST, request.FILES, work=work, prefix=action)  # type: ignore[call-arg]
    if saved_form(request, form, DONE_MESSAGES[action]):
        return redirect("projects:work_detail", pk=work.pk)
    return _work_page(request, _work(request, pk), bound=form, status=400)


def work_photo(request: AuthenticatedRequest, pk: int) -> FileResponse:
    photo = get_object_or_404(WorkPhoto.objects.visible_to(request.user), pk=pk)
    return download(photo)


# --- 验收清单 -------------------------------------------------------------------------------------


def checklists(request: AuthenticatedRequest) -> HttpResponse:
    """The checklists of the user's province (a nationwide administrator names one: ?province=),
    one form per kind; posting one replaces that kind's list."""
    code = (request.user.scope_code or request.GET.get("province") or "")[:2]
    province = get_object_or_404(Region, code=code) if code else None
    if province is None:
        provinces = Region.objects.filter(code__regex=r"^\d{2}$").order_by("code")
        return render(request, "projects/checklists.html", {"provinces": provinces})
    posted = request.POST.get("kind") if request.method == "POST" else None
    kinds = []
    for kind in WorksKind:
        form = ChecklistForm(
            request.POST if posted == kind.value else None,
            province=province,
            kind=kind.value,
            prefix=f"k{list(WorksKind).index(kind)}",
        )
        if posted == kind.value and saved_form(request, form, f"已修改“{kind.label}”的验收清单。"):
            return redirect(f"{request.path}?province={province.code}")
        kinds.append(
            (kind, form, WorksChecklist.objects.filter(province=province, kind=kind).first())
        )
    return render(
        request,
        "projects/checklists.html",
        {
            "province": province,
            "kinds": kinds,
            "may_edit": works.may_edit_checklists(request.user, province),
        },
        status=400 if posted else 200,
    )
