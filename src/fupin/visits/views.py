"""Visit pages: the visit form (made for a phone), a visit, its photos, a household's visits and
the review of proposed registry changes.

Thin: a scoped getter (outside the region: 404), a form, a service; a refusal is shown with the
service's own message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fupin.accounts.models import User
from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.errors import DomainError
from fupin.core.paging import paged
from fupin.registry.models import Household

from . import services
from .choices import CHECKLIST, PROBLEM_ANSWERS
from .forms import ProposalFormSet, VisitForm, proposal_values
from .models import ChangeProposal, Visit, VisitPhoto, VisitQuerySet

PAGE_SIZE = 50
PANEL_VISITS = 5


def _household(request: AuthenticatedRequest, code: str) -> Household:
    return get_object_or_404(
        Household.objects.visible_to(request.user).select_related("village"), code=code
    )


def visit_create(request: AuthenticatedRequest, code: str) -> HttpResponse:
    household = _household(request, code)
    if not services.may_record(request.user):
        raise PermissionDenied("您的角色不能登记走访。")
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = VisitForm(data, files, user=request.user)
    proposals = ProposalFormSet(data, prefix="p", form_kwargs={"household": household})
    if request.method == "POST" and form.is_valid() and proposals.is_valid():
        try:
            recorded = services.record_visit(
                request.user,
                household,
                cadre=form.cleaned_data["cadre"],
                visited_on=form.cleaned_data["visited_on"],
                kind=form.cleaned_data["kind"],
                answers=form.answers(),
                findings=form.cleaned_data["findings"],
                photos=form.cleaned_data["photos"],
                open_lead=form.cleaned_data["open_lead"],
                proposals=[p for p in (f.proposed() for f in proposals) if p is not None],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _recorded_message(recorded))
            return redirect(recorded.visit)
    return render(
        request,
        "visits/visit_form.html",
        {
            "household": household,
            "form": form,
            "proposals": proposals,
            "proposal_values": proposal_values(),
        },
    )


def _recorded_message(recorded: services.Recorded) -> str:
    if recorded.visit.lead is None:
        return "已记录走访。"
    if recorded.lead_opened:
        return "已记录走访，并登记为监测线索（干部排查）。"
    return "已记录走访。该户已有未关闭的监测案件，未重复登记线索，走访记录已关联到该案件。"


def visit_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related(
            "household", "cadre", "lead", "recorded_by"
        ),
        pk=pk,
    )
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "checklist": _checklist(visit),
            "photos": visit.photos.all(),
            "proposals": visit.proposals.select_related("member", "reviewed_by").order_by("id"),
            "may_review": services.may_review(request.user),
        },
    )


def _checklist(visit: Visit) -> list[dict[str, object]]:
    """Each item with its answer, marked when the answer is a finding in itself."""
    answers = {label: getattr(visit, field) for field, label in CHECKLIST.items()}
    return [
        {"label": label, "answer": answer, "problem": answer in PROBLEM_ANSWERS}
        for label, answer in answers.items()
    ]


def photo(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """Shown in the page (not downloaded), and only to users who may see the visit."""
    stored = get_object_or_404(VisitPhoto.objects.visible_to(request.user), pk=pk)
    return FileResponse(stored.file.open("rb"), content_type=stored.content_type)


def _visits_of(request: AuthenticatedRequest, household: Household) -> VisitQuerySet:
    return (
        Visit.objects.visible_to(request.user)
        .filter(household=household)
        .select_related("cadre", "lead")
    )


def household_visits(request: AuthenticatedRequest, code: str) -> HttpResponse:
    household = _household(request, code)
    return render(
        request,
        "visits/household_visits.html",
        {
            "household": household,
            "may_record": services.may_record(request.user),
            **paged(request, _visits_of(request, household), PAGE_SIZE),
        },
    )


def household_panel(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """The household page's 走访记录 card (loaded by htmx): the latest visits."""
    household = _household(request, code)
    visits = list(_visits_of(request, household)[: PANEL_VISITS + 1])
    return render(
        request,
        "visits/_household_panel.html",
        {
            "household": household,
            "visits": visits[:PANEL_VISITS],
            "more": len(visits) > PANEL_VISITS,
            "may_record": services.may_record(request.user) and household.closed_on is None,
        },
    )


def proposal_list(request: AuthenticatedRequest) -> HttpResponse:
    """走访复核: the pending proposals in the user's scope, oldest first."""
    pending = (
        ChangeProposal.objects.visible_to(request.user)
        .pending()
        .select_related("household", "member", "visit__cadre")
        .order_by("id")
    )
    return render(
        request,
        "visits/proposal_list.html",
        {
            "may_review": services.may_review(request.user),
            **paged(request, pending, PAGE_SIZE),
        },
    )


Decision = Callable[[User, ChangeProposal, str], ChangeProposal]
DECISIONS: dict[str, Decision] = {
    "accept": services.accept_proposal,
    "reject": services.reject_proposal,
}


@require_POST
def proposal_decide(request: AuthenticatedRequest, pk: int, decision: str) -> HttpResponse:
    """采纳 or 驳回, from the review list or from the visit's page (back to where it was)."""
    proposal = get_object_or_404(
        ChangeProposal.objects.visible_to(request.user).select_related("household"), pk=pk
    )
    try:
        decided = DECISIONS[decision](request.user, proposal, request.POST.get("note", ""))
    except DomainError as error:
        messages.error(request, f"户 {proposal.household.code}：{error.message}")
    else:
        messages.success(request, f"户 {proposal.household.code}：{decided.get_state_display()}。")
    if request.POST.get("back") == "visit":
        return redirect("visits:visit_detail", pk=proposal.visit_id)
    return redirect("visits:proposal_list")
