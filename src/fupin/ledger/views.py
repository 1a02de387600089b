"""Ledger pages (问题台账): the list, 我的问题, a problem's page with a form per step the user may
take, the register form, evidence downloads and the province's own classes.

Thin: a scoped getter (outside the region: 404), a form, a service; a refusal is shown with the
service's own message and changes nothing. 督导检查 reads every page and posts nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.forms import ModelChoiceField
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.forms import form_field
from fupin.core.paging import paged
from fupin.core.versions import StaleEdit
from fupin.monitoring.attachments import download

from .errors import LedgerError
from .filters import ProblemFilter
from .forms import STEP_FORMS, ClassForm, RegisterForm, StepForm, register_initial
from .models import ExtraProblemClass, Problem, ProblemAttachment
from .queries import (
    answering_for,
    awaiting_closing,
    awaiting_verification,
    figures,
    problems_for,
    visible_links,
    with_steps,
)
from .workflow import STEPS, available_steps

PAGE_SIZE = 50
MINE_SIZE = 20


def problem_list(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    form = ProblemFilter(request.GET, user=request.user)
    problems = form.filtered(problems_for(request.user))
    return render(
        request,
        "ledger/problem_list.html",
        {
            "form": form,
            "filtered": form.given,
            "today": today,
            "figures": figures(Problem.objects.visible_to(request.user), today),
            **paged(request, problems.order_by("-pk"), PAGE_SIZE),
        },
    )


def my_problems(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    lists = [
        ("我负责整改的问题", answering_for(user)),
        ("待我核验", awaiting_verification(user)),
        ("待我销号", awaiting_closing(user)),
    ]
    return render(
        request,
        "ledger/my_problems.html",
        {
            "today": timezone.localdate(),
            "lists": [
                (title, list(rows.order_by("deadline", "pk")[:MINE_SIZE]), rows.count())
                for title, rows in lists
            ],
        },
    )


# --- A problem and its steps -----------------------------------------------------------------------


def _problem(request: AuthenticatedRequest, pk: int) -> Problem:
    return get_object_or_404(with_steps(problems_for(request.user)), pk=pk)


def _problem_page(
    request: AuthenticatedRequest,
    problem: Problem,
    bound: StepForm | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    forms = [
        (
            step,
            bound
            if bound is not None and bound.prefix == step.code
            else STEP_FORMS[step.code](problem=problem, user=request.user, prefix=step.code),
        )
        for step in available_steps(request.user, problem)
        if step.code in STEP_FORMS
    ]
    return render(
        request,
        "ledger/problem_detail.html",
        {
            "problem": problem,
            "links": visible_links(request.user, problem),
            "today": timezone.localdate(),
            "forms": forms,
        },
        status=status,
    )


def problem_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _problem_page(request, _problem(request, pk))


@require_POST
def problem_step(request: AuthenticatedRequest, pk: int, code: str) -> HttpResponse:
    problem = _problem(request, pk)
    if code not in STEP_FORMS:
        raise Http404("没有这个办理事项")
    form = STEP_FORMS[code](
        request.POST, request.FILES, problem=problem, user=request.user, prefix=code
    )
    if form.is_valid():
        try:
            outcome = form.take(request.user)
        except (LedgerError, StaleEdit) as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已办理“{STEPS[code].label}”。")
            # 重新整改 starts a new problem: show that one.
            shown = outcome.pk if isinstance(outcome, Problem) else problem.pk
            return redirect("ledger:problem_detail", pk=shown)
    return _problem_page(request, _problem(request, pk), form, status=400)


def problem_new(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        form = RegisterForm(request.POST, user=request.user)
    else:
        form = RegisterForm(initial=register_initial(request.user, request.GET), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            problem = form.take(request.user)
        except LedgerError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已登记问题（编号 {problem.pk}）。")
            return redirect("ledger:problem_detail", pk=problem.pk)
    return render(request, "ledger/problem_form.html", {"form": form})


def attachment_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(ProblemAttachment.objects.visible_to(request.user), pk=pk)
    return download(attachment)


# --- 省级问题类别 ---------------------------------------------------------------------------------


def class_list(request: AuthenticatedRequest) -> HttpResponse:
    form = ClassForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            added = form.take(request.user)
        except LedgerError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已增加问题类别“{added.name}”（{added.province.name}）。")
            return redirect("ledger:class_list")
    provinces = form_field(form, "province", ModelChoiceField).queryset
    return render(
        request,
        "ledger/class_list.html",
        {
            "form": form,
            "added": ExtraProblemClass.objects.filter(province__in=provinces).select_related(
                "province", "added_by"
            ),
        },
    )
