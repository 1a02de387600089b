"""审计 pages: the audits of the user's region, registering one, its page (what it covers and the
result of each line, the forms to add lines and mark them), the report's totals by result, and
evidence downloads. Thin: a scoped getter (outside the region: 404), a form, a service."""

from __future__ import annotations

from django import forms
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.paging import paged
from fupin.monitoring.attachments import download

from . import audits
from .models import Audit, AuditEvidence, AuditLine
from .views import PAGE_SIZE, saved_form
from .works_forms import AuditForm, CoverForm, MarkForm


def audit_list(request: AuthenticatedRequest) -> HttpResponse:
    rows = Audit.objects.visible_to(request.user).select_related("region")
    return render(
        request,
        "projects/audit_list.html",
        {"may_add": audits.may_audit(request.user), **paged(request, rows, PAGE_SIZE)},
    )


def audit_new(request: AuthenticatedRequest) -> HttpResponse:
    form = AuditForm(request.POST or None, user=request.user)
    if request.method == "POST":
        audit = saved_form(request, form, "审计已登记，请选择审计对象。")
        if audit is not None:
            return redirect("projects:audit_detail", pk=audit.pk)
    return render(request, "projects/audit_form.html", {"form": form})


def _audit(request: AuthenticatedRequest, pk: int) -> Audit:
    return get_object_or_404(Audit.objects.visible_to(request.user).select_related("region"), pk=pk)


def _lines(request: AuthenticatedRequest, audit: Audit) -> list[AuditLine]:
    return list(
        audit.lines.visible_to(request.user)
        .select_related("fund", "project", "allocation__fund", "expense", "marked_by")
        .prefetch_related("evidence")
    )


def _audit_page(
    request: AuthenticatedRequest,
    audit: Audit,
    *,
    bound: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    may = audits.may_audit(request.user)
    lines = _lines(request, audit)
    for line in lines:
        prefix = f"line-{line.pk}"
        mark_form = (
            (
                bound
                if bound is not None and bound.prefix == prefix
                else MarkForm(line=line, prefix=prefix)
            )
            if may and line.result in audits.MARKABLE
            else None
        )
        setattr(line, "mark_form", mark_form)  # noqa: B010 (read by the template)
    cover = bound if isinstance(bound, CoverForm) else CoverForm(audit=audit, user=request.user)
    return render(
        request,
        "projects/audit_detail.html",
        {
            "audit": audit,
            "lines": lines,
            "totals": audits.report_totals(audit.lines.visible_to(request.user)),
            "cover_form": cover if may else None,
        },
        status=status,
    )


def audit_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _audit_page(request, _audit(request, pk))


@require_POST
def audit_cover(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    form = CoverForm(request.POST, audit=audit, user=request.user)
    if saved_form(request, form, "已纳入审计。"):
        return redirect("projects:audit_detail", pk=audit.pk)
    return _audit_page(request, audit, bound=form, status=400)


@require_POST
def audit_mark(request: AuthenticatedRequest, pk: int, line: int) -> HttpResponse:
    audit = _audit(request, pk)
    row = get_object_or_404(audit.lines.visible_to(request.user), pk=line)
    form = MarkForm(request.POST, request.FILES, line=row, prefix=f"line-{row.pk}")
    if saved_form(request, form, "审计结果已登记。"):
        return redirect("projects:audit_detail", pk=audit.pk)
    return _audit_page(request, audit, bound=form, status=400)


def audit_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    lines = _lines(request, audit)
    return render(
        request,
        "projects/audit_report.html",
        {
            "audit": audit,
            "totals": audits.report_totals(audit.lines.visible_to(request.user)),
            "questioned": [line for line in lines if line.result in audits.QUESTIONED_RESULTS],
        },
    )


def audit_evidence(request: AuthenticatedRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(AuditEvidence.objects.visible_to(request.user), pk=pk)
    return download(evidence)
