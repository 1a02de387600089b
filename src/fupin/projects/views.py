"""Project and fund pages (项目资金): the project library with its filter, a project's page with
its procedure, fund lines, expenses and beneficiaries, the declaration form, the funds with their
balances, and evidence downloads.

Thin: a scoped getter (outside the region: 404), a form, a service; a refusal is shown with the
service's own message and changes nothing. 督导检查 reads every page and posts nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.paging import paged
from fupin.core.versions import StaleEdit
from fupin.monitoring.attachments import download

from .assets import FINISHED
from .errors import ProjectError
from .filters import FundFilter, ProjectFilter
from .forms import (
    STEP_FORMS,
    AllocationForm,
    BeneficiaryForm,
    DeclareForm,
    ExpenseForm,
    FundForm,
    StepForm,
)
from .funds import may_keep_funds, may_register_beneficiaries, with_balances
from .models import Allocation, Fund, Project, ProjectAttachment
from .notices import Notice, fund_notice, notice_pdf, project_notice
from .queries import project_page_rows, projects_for
from .workflow import STEPS, available_steps

PAGE_SIZE = 50


def saved_form(request: AuthenticatedRequest, form: forms.Form, done: str) -> Any:
    """Take a valid form's change; its refusal is shown on the form. The change, or None."""
    if not form.is_valid():
        return None
    try:
        made = form.take(request.user)  # type: ignore[attr-defined]
    except (ProjectError, StaleEdit) as error:
        form.add_error(None, error.message)
        return None
    messages.success(request, done)
    return made if made is not None else True


# --- 项目库 ---------------------------------------------------------------------------------------


def project_list(request: AuthenticatedRequest) -> HttpResponse:
    form = ProjectFilter(request.GET, user=request.user)
    projects = form.filtered(projects_for(request.user)).select_related("region")
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "filtered": form.given,
            **paged(request, projects.order_by("-pk"), PAGE_SIZE),
        },
    )


def project_new(request: AuthenticatedRequest) -> HttpResponse:
    form = DeclareForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        project = saved_form(request, form, "项目已申报。")
        if project is not None:
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form})


def _project(request: AuthenticatedRequest, pk: int) -> Project:
    return get_object_or_404(projects_for(request.user), pk=pk)


def _project_page(
    request: AuthenticatedRequest,
    project: Project,
    *,
    bound: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    def form_for(prefix: str, make: Any) -> Any:
        return bound if bound is not None and bound.prefix == prefix else make()

    steps = [
        (
            step,
            form_for(
                step.code,
                lambda step=step: STEP_FORMS[step.code](project=project, prefix=step.code),
            ),
        )
        for step in available_steps(request.user, project)
        if step.code in STEP_FORMS
    ]
    rows = project_page_rows(request.user, project)
    for line in rows["allocations"]:
        prefix = f"expense-{line.pk}"
        line.expense_form = (
            form_for(
                prefix, lambda line=line, prefix=prefix: ExpenseForm(allocation=line, prefix=prefix)
            )
            if may_keep_funds(request.user)
            else None
        )
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "steps": steps,
            **rows,
            "beneficiary_form": form_for(
                "beneficiary",
                lambda: BeneficiaryForm(project=project, user=request.user, prefix="beneficiary"),
            )
            if may_register_beneficiaries(request.user)
            else None,
            "may_add_asset": may_keep_funds(request.user) and project.state in FINISHED,
        },
        status=status,
    )


def project_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _project_page(request, _project(request, pk))


@require_POST
def project_step(request: AuthenticatedRequest, pk: int, code: str) -> HttpResponse:
    project = _project(request, pk)
    if code not in STEP_FORMS:
        raise Http404("没有这个办理事项")
    form: StepForm = STEP_FORMS[code](request.POST, request.FILES, project=project, prefix=code)
    if saved_form(request, form, f"已办理“{STEPS[code].label}”。"):
        return redirect("projects:project_detail", pk=project.pk)
    return _project_page(request, _project(request, pk), bound=form, status=400)


@require_POST
def expense_new(request: AuthenticatedRequest, pk: int, line: int) -> HttpResponse:
    project = _project(request, pk)
    allocation = get_object_or_404(Allocation.objects.filter(project=project), pk=line)
    form = ExpenseForm(request.POST, allocation=allocation, prefix=f"expense-{line}")
    if saved_form(request, form, "支出已登记。"):
        return redirect("projects:project_detail", pk=project.pk)
    return _project_page(request, project, bound=form, status=400)


@require_POST
def beneficiary_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    form = BeneficiaryForm(request.POST, project=project, user=request.user, prefix="beneficiary")
    if saved_form(request, form, "受益对象已登记。"):
        return redirect("projects:project_detail", pk=project.pk)
    return _project_page(request, project, bound=form, status=400)


def attachment_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(ProjectAttachment.objects.visible_to(request.user), pk=pk)
    return download(attachment)


# --- 资金 -----------------------------------------------------------------------------------------


def fund_list(request: AuthenticatedRequest) -> HttpResponse:
    form = FundFilter(request.GET)
    funds = with_balances(form.filtered(Fund.objects.visible_to(request.user)))
    return render(
        request,
        "projects/fund_list.html",
        {
            "form": form,
            "filtered": form.given,
            "may_add": may_keep_funds(request.user),
            **paged(request, funds.select_related("region").order_by("-year", "-pk"), PAGE_SIZE),
        },
    )


def fund_new(request: AuthenticatedRequest) -> HttpResponse:
    form = FundForm(request.POST or None, user=request.user)
    if request.method == "POST":
        fund = saved_form(request, form, "资金已登记。")
        if fund is not None:
            return redirect("projects:fund_detail", pk=fund.pk)
    return render(request, "projects/fund_form.html", {"form": form})


def fund_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    fund = get_object_or_404(with_balances(Fund.objects.visible_to(request.user)), pk=pk)
    form = AllocationForm(request.POST or None, fund=fund, user=request.user)
    if request.method == "POST" and saved_form(request, form, "资金已安排到项目。"):
        return redirect("projects:fund_detail", pk=fund.pk)
    return render(
        request,
        "projects/fund_detail.html",
        {
            "fund": fund,
            "left": fund.left,
            "allocations": fund.allocations.visible_to(request.user).select_related(
                "project__region"
            ),
            "form": form if may_keep_funds(request.user) else None,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- 公告公示 ---------------------------------------------------------------------------------------


def _notice_pdf(notice: Notice, name: str) -> HttpResponse:
    response = HttpResponse(notice_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename={name}.pdf"
    return response


def _project_notice(request: AuthenticatedRequest, pk: int) -> Notice:
    project = get_object_or_404(projects_for(request.user).select_related("region"), pk=pk)
    return project_notice(project, today=timezone.localdate())


def _fund_notice(request: AuthenticatedRequest, pk: int) -> Notice:
    fund = get_object_or_404(Fund.objects.visible_to(request.user).select_related("region"), pk=pk)
    return fund_notice(fund, request.user, today=timezone.localdate())


def project_notice_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pdf_url = reverse("projects:project_notice_pdf", args=[pk])
    notice = _project_notice(request, pk)
    return render(request, "projects/notice.html", {"notice": notice, "pdf_url": pdf_url})


def project_notice_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _notice_pdf(_project_notice(request, pk), f"project-notice-{pk}")


def fund_notice_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pdf_url = reverse("projects:fund_notice_pdf", args=[pk])
    notice = _fund_notice(request, pk)
    return render(request, "projects/notice.html", {"notice": notice, "pdf_url": pdf_url})


def fund_notice_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _notice_pdf(_fund_notice(request, pk), f"fund-notice-{pk}")
