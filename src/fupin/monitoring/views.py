"""Monitoring pages (rules.md §9): 我的待办, the case list, the case page with a form per step the
user may take, leads, bulk approval, the village's 公示 and attachment downloads.

Thin: a scoped getter (outside the region: 404), a form, a service; a refusal is shown with the
service's own message and changes nothing. 督导检查 reads every page and posts nothing; 行业部门 has
no pages (it exchanges data through the API).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.paging import paged
from fupin.core.versions import StaleEdit
from fupin.regions.choices import Level
from fupin.regions.models import Region
from fupin.registry.models import Household

from . import attachments, bulk, deadlines, stats
from .eligibility import review_elimination
from .errors import MonitoringError
from .filters import CaseFilter
from .forms import (
    STEP_FORMS,
    LeadForm,
    MeasureResultForm,
    ReopenForm,
    ScreeningForm,
    StepForm,
)
from .models import Attachment, Case, HelpMeasure, Transition
from .notice import notice_pdf, village_notice
from .queries import cases_for, with_head_name
from .workflow import ADD_MEASURE, OPEN, REQUEST_ELIMINATION, STEPS, available_steps, may_take

PAGE_SIZE = 50


# --- Lists ---------------------------------------------------------------------------------------


def inbox(request: AuthenticatedRequest) -> HttpResponse:
    cases = with_head_name(deadlines.inbox(request.user))
    return render(
        request,
        "monitoring/inbox.html",
        {
            **paged(request, cases, PAGE_SIZE),
            "may_open_lead": request.user.can_edit and may_take(request.user, OPEN),
            "bulk_offices": [
                office
                for office, step in bulk.BULK_STEPS.items()
                if request.user.can_edit and may_take(request.user, step)
            ],
        },
    )


def statistics(request: AuthenticatedRequest) -> HttpResponse:
    overview = stats.overview(request.user, now=timezone.localtime())
    cases = reverse("monitoring:case_list")
    figures = overview["figures"]
    overview["headline"] = [
        ("未结案监测对象（含线索）", figures["cases_open"], "户", f"{cases}?status=open"),
        ("逾期未决", figures["cases_overdue"], "户", f"{cases}?deadline=overdue"),
        ("本年线索", sum(overview["leads"].values()), "条", None),
        ("从线索到决定平均", overview["average_days"], "天", None),
        ("本年风险消除", overview["eliminated"], "户", None),
    ]
    return render(request, "monitoring/statistics.html", overview)


def case_list(request: AuthenticatedRequest) -> HttpResponse:
    form = CaseFilter(request.GET, root_code=request.user.scope_code)
    cases = form.filtered(cases_for(request.user))
    return render(
        request,
        "monitoring/case_list.html",
        {
            "form": form,
            "filtered": form.given,
            **paged(request, cases.order_by("-opened_at", "-pk"), PAGE_SIZE),
        },
    )


# --- The case page and its steps ------------------------------------------------------------------


def _case(request: AuthenticatedRequest, pk: int) -> Case:
    transitions = Transition.objects.select_related("actor").prefetch_related("attachments")
    return get_object_or_404(
        cases_for(request.user).prefetch_related(
            Prefetch("transitions", queryset=transitions), "measures", "risks"
        ),
        pk=pk,
    )


def _case_page(
    request: AuthenticatedRequest, case: Case, bound: StepForm | None = None, *, status: int = 200
) -> HttpResponse:
    steps = available_steps(request.user, case) if request.user.can_edit else []
    forms = [
        (
            step,
            bound
            if bound and bound.prefix == step.code
            else STEP_FORMS[step.code](case=case, prefix=step.code),
        )
        for step in steps
        if step.code in STEP_FORMS
    ]
    codes = {step.code for step in steps}
    editor = request.user.can_edit
    may_record_results = editor and case.is_open and may_take(request.user, ADD_MEASURE)
    may_reopen = editor and not case.is_open and may_take(request.user, OPEN)
    elimination = (
        review_elimination(case, today=timezone.localdate())
        if REQUEST_ELIMINATION.code in codes or "approve_elimination" in codes
        else None
    )
    return render(
        request,
        "monitoring/case_detail.html",
        {
            "case": case,
            "household": case.household,
            "show_identity": request.user.sees_identity,
            "forms": forms,
            "elimination": elimination,
            "days_left": deadlines.days_left(case),
            "notice_over_on": deadlines.notice_over_on(case),
            "earliest_elimination": deadlines.earliest_elimination(case),
            "measures": [
                (measure, MeasureResultForm(prefix=f"measure-{measure.pk}"))
                if may_record_results
                else (measure, None)
                for measure in case.measures.all()
            ],
            "reopen_form": ReopenForm() if may_reopen else None,
        },
        status=status,
    )


def case_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _case_page(request, _case(request, pk))


@require_POST
def case_step(request: AuthenticatedRequest, pk: int, code: str) -> HttpResponse:
    case = _case(request, pk)
    if code not in STEP_FORMS:
        raise Http404("没有这个办理事项")
    form = STEP_FORMS[code](request.POST, request.FILES, case=case, prefix=code)
    if form.is_valid():
        try:
            form.take(request.user)
        except (MonitoringError, StaleEdit) as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已办理“{STEPS[code].label}”。")
            return redirect("monitoring:case_detail", pk=case.pk)
    return _case_page(request, _case(request, pk), form, status=400)


@require_POST
def case_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择线索来源并填写重新登记的原因。")
        return redirect("monitoring:case_detail", pk=case.pk)
    try:
        new_case = form.take(request.user, case)
    except MonitoringError as error:
        messages.error(request, error.message)
        return redirect("monitoring:case_detail", pk=case.pk)
    messages.success(request, "已重新登记为线索。")
    return redirect("monitoring:case_detail", pk=new_case.pk)


@require_POST
def measure_result(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(HelpMeasure.objects.visible_to(request.user), pk=pk)
    form = MeasureResultForm(request.POST, prefix=f"measure-{measure.pk}")
    if not form.is_valid():
        messages.error(request, "请填写帮扶成效（结束日期可不填）。")
    else:
        try:
            form.take(request.user, measure)
        except MonitoringError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已登记帮扶成效。")
    return redirect("monitoring:case_detail", pk=measure.case_id)


def attachment_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    return attachments.download(attachment)


# --- Leads ---------------------------------------------------------------------------------------


def lead_create(request: AuthenticatedRequest) -> HttpResponse:
    if not may_take(request.user, OPEN):
        raise PermissionDenied("您的角色不能登记线索。")
    form = LeadForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case = form.take(request.user)
        except MonitoringError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已登记线索：户 {case.household.code}。")
            return redirect("monitoring:case_detail", pk=case.pk)
    return render(request, "monitoring/lead_form.html", {"form": form})


def _household(request: AuthenticatedRequest, code: str) -> Household:
    return get_object_or_404(Household.objects.visible_to(request.user), code=code)


def household_panel(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """The household page's 监测帮扶 card (loaded by htmx): its cases, and 干部排查 when it has
    no open case and the user may open a lead."""
    household = _household(request, code)
    cases = list(Case.objects.visible_to(request.user).filter(household=household))
    open_case = next((case for case in cases if case.is_open), None)
    return render(
        request,
        "monitoring/_household_panel.html",
        {
            "household": household,
            "cases": cases,
            "open_case": open_case,
            "may_screen": open_case is None
            and household.closed_on is None
            and request.user.can_edit
            and may_take(request.user, OPEN),
            "form": ScreeningForm(),
        },
    )


@require_POST
def household_screening(request: AuthenticatedRequest, code: str) -> HttpResponse:
    household = _household(request, code)
    form = ScreeningForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写排查情况。")
        return redirect(household)
    try:
        case = form.take(request.user, household)
    except MonitoringError as error:
        messages.error(request, error.message)
        return redirect(household)
    messages.success(request, "已发起监测（干部排查），请入户核实。")
    return redirect("monitoring:case_detail", pk=case.pk)


# --- Bulk approval -------------------------------------------------------------------------------


def bulk_approve(request: AuthenticatedRequest, office: str) -> HttpResponse:
    """GET: the cases waiting for this office's approval, to tick. POST: the confirmation page,
    listing what will change for each ticked case; POST with ``confirmed``: each case approved in
    turn, and what became of each."""
    step = bulk.BULK_STEPS.get(office)
    if step is None:
        raise Http404("没有这种批量审批")
    if not may_take(request.user, step):
        raise PermissionDenied(f"您的角色不能办理“{step.label}”。")
    context: dict[str, Any] = {"step": step, "office": office}
    if request.method != "POST":
        waiting = deadlines.inbox(request.user).filter(
            state__in=[state for state, _ in step.sources]
        )
        return render(
            request, "monitoring/bulk_select.html", {**context, "cases": with_head_name(waiting)}
        )
    chosen = list(
        cases_for(request.user)
        .filter(pk__in=[pk for pk in request.POST.getlist("case") if pk.isdigit()])
        .order_by("household__village_id", "household__code")
    )
    if not chosen:
        messages.error(request, "请至少选择一户。")
        return redirect("monitoring:bulk_approve", office=office)
    if "confirmed" not in request.POST:
        changes = [(case, bulk.planned_change(step, case)) for case in chosen]
        return render(request, "monitoring/bulk_confirm.html", {**context, "changes": changes})
    outcomes = bulk.approve_all(request.user, step, chosen)
    done = sum(outcome.done for outcome in outcomes)
    return render(
        request,
        "monitoring/bulk_result.html",
        {**context, "outcomes": outcomes, "done": done, "refused": len(outcomes) - done},
    )


# --- 公示 ---------------------------------------------------------------------------------------


def _notice(request: AuthenticatedRequest, code: str) -> Any:
    village = get_object_or_404(
        Region.objects.visible_to(request.user), code=code, level=Level.VILLAGE
    )
    return village_notice(
        Case.objects.visible_to(request.user), village, today=timezone.localdate()
    )


def notice_page(request: AuthenticatedRequest, village: str) -> HttpResponse:
    return render(request, "monitoring/notice.html", {"notice": _notice(request, village)})


def notice_download(request: AuthenticatedRequest, village: str) -> HttpResponse:
    notice = _notice(request, village)
    response = HttpResponse(notice_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename=notice-{notice.village.code}.pdf"
    return response
