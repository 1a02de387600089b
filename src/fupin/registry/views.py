"""Registry pages. Thin: a scoped queryset, a form, a service or a job, a template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.history import history_entries
from fupin.core.paging import paged
from fupin.core.versions import VERSION, StaleEdit, as_read, read_version
from fupin.jobs.services import create_job, enqueue_job, job_folder, start_job

from . import queries, services
from .exporting import template_values
from .filters import HOUSEHOLD_CONDITIONS, HouseholdFilter
from .forms import (
    HouseholdCloseForm,
    ImportForm,
    MemberExitForm,
    initial_values,
    raw_values,
    template_form,
)
from .importing.sheets import HOUSEHOLDS, MEMBERS
from .models import Household, Member
from .quality import CHECKS, run_checks, scope_for
from .services import RegistryError

PAGE_SIZE = 50
DIVIDEND_POLICY = "CYFH"  # 产业项目收益分红


def household_list(request: AuthenticatedRequest) -> HttpResponse:
    form = HouseholdFilter(request.GET, root_code=request.user.scope_code)
    households = form.filtered(Household.objects.visible_to(request.user))
    households = queries.with_list_figures(households).order_by(*form.ordering())
    return render(
        request,
        "registry/household_list.html",
        {"form": form, "filtered": form.given, **paged(request, households, PAGE_SIZE)},
    )


def _household(request: AuthenticatedRequest, code: str) -> Household:
    return get_object_or_404(
        Household.objects.visible_to(request.user).select_related("village"), code=code
    )


def household_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    household = _household(request, code)
    members = list(household.members.order_by("id"))
    for member in members:
        member.age = queries.member_age(member)
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "village_path": household.village.path(),
            "members": members,
            "incomes": queries.income_rows(household),
            "grants": household.grants.select_related("policy").order_by("-year", "policy_id"),
            # 产业项目收益分红 paid to the household, year by year (rules.md §6: CYFH)
            "dividends": household.grants.filter(policy_id=DIVIDEND_POLICY, amount__gt=0)
            .order_by("-year")
            .values("year")
            .annotate(total=Sum("amount")),
            "events": household.events.order_by("-date"),
            "status_history": queries.status_history(household),
            "show_identity": request.user.sees_identity,
        },
    )


def household_history(request: AuthenticatedRequest, code: str) -> HttpResponse:
    household = _household(request, code)
    return render(
        request,
        "core/history.html",
        {
            "object": household,
            "entries": history_entries(household),
            "back_url": household.get_absolute_url(),
        },
    )


def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = Path(upload.name).name
        with transaction.atomic():
            job = create_job(
                request.user,
                label=f"导入 {name}",
                handler="fupin.registry.jobs.import_job",
                params={"file": name, "update": form.cleaned_data["update"]},
            )
            with open(job_folder(job) / name, "wb") as target:
                for chunk in upload.chunks():
                    target.write(chunk)
            enqueue_job(job)
        return redirect(job)
    return render(request, "registry/import.html", {"form": form})


def export_start(request: AuthenticatedRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("registry:household_list")
    # The list's own parameters (the page posts them back): the export holds what it lists.
    form = HouseholdFilter(request.POST)
    if form.refused:
        messages.error(request, form.refusal())
        return redirect("registry:household_list")
    region = form.value("region")
    job = start_job(
        request.user,
        label="导出建档立卡数据" + (f"（{region}）" if region else ""),
        handler="fupin.registry.jobs.export_job",
        params={
            "region": region or None,
            "filters": {name: form.value(name) for name in HOUSEHOLD_CONDITIONS}
            if form.narrows_households
            else None,
        },
    )
    messages.info(request, "正在导出，完成后可在本页下载。")
    return redirect(job)


def quality_report(request: AuthenticatedRequest) -> HttpResponse:
    year = _year(request)
    region = request.GET.get("region", "").strip() or None
    if region and not (region.isascii() and region.isdigit()):
        region = None
    findings = run_checks(scope_for(year, user=request.user, region=region))
    counts = {check.code: 0 for check in CHECKS}
    for finding in findings:
        counts[finding.code] += 1
    chosen = request.GET.get("code", "")
    shown = [f for f in findings if f.code == chosen] if chosen in counts else findings
    return render(
        request,
        "registry/quality.html",
        {
            "year": year,
            "checks": [(check, counts[check.code]) for check in CHECKS],
            "total": len(findings),
            "chosen": chosen,
            "region": region or "",
            **paged(request, shown, 100),
        },
    )


def _year(request: AuthenticatedRequest) -> int:
    default = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


def _form_page(request: AuthenticatedRequest, form: Any, *, title: str, back: str) -> HttpResponse:
    return render(
        request,
        "registry/form.html",
        {"sections": [(None, form)], "title": title, "back_url": back},
    )


def _show_refusal(form: Any, error: RegistryError | StaleEdit) -> None:
    if isinstance(error, StaleEdit):  # the whole record, not one of its fields
        form.add_error(None, error.message)
        return
    by_header = {field.label: name for name, field in form.fields.items()}
    for header, reasons in error.errors.items():
        for reason in reasons:
            form.add_error(
                by_header.get(header), f"{header}：{reason}" if header not in by_header else reason
            )


HouseholdForm = template_form(
    HOUSEHOLDS, exclude=("household_code", "head_id_number"), versioned=True
)
NewHouseholdForm = template_form(HOUSEHOLDS, exclude=("head_id_number",))
HeadForm = template_form(
    MEMBERS, exclude=("household_code", "relation", "member_status", "status_date")
)
MemberForm = template_form(MEMBERS, exclude=("household_code",))
MemberEditForm = template_form(
    MEMBERS, exclude=("household_code", "id_number", "member_status", "status_date"), versioned=True
)


def household_edit(request: AuthenticatedRequest, code: str) -> HttpResponse:
    household = _household(request, code)
    initial = initial_values(HOUSEHOLDS, template_values(HOUSEHOLDS, household))
    form = HouseholdForm(request.POST or None, initial={**initial, VERSION: household.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_household(
                request.user,
                as_read(household, read_version(form)),
                raw={**raw_values(form), "head_id_number": household.head_id_number},
            )
        except (services.RegistryError, StaleEdit) as error:
            _show_refusal(form, error)
        else:
            messages.success(request, f"已保存户 {household.code}。")
            return redirect(household)
    return _form_page(
        request, form, title=f"编辑户信息：{household.code}", back=household.get_absolute_url()
    )


def household_create(request: AuthenticatedRequest) -> HttpResponse:
    form = NewHouseholdForm(request.POST or None, prefix="household")
    head = HeadForm(request.POST or None, prefix="head")
    if request.method == "POST" and form.is_valid() and head.is_valid():
        try:
            household = services.create_household(
                request.user, raw=raw_values(form), head_raw=raw_values(head)
            )
        except services.RegistryError as error:
            _show_refusal(form, error)
        else:
            messages.success(request, f"已新建户 {household.code}。")
            return redirect(household)
    return render(
        request,
        "registry/form.html",
        {
            "sections": [(None, form), ("户主", head)],
            "title": "新建户",
            "back_url": reverse("registry:household_list"),
        },
    )


def member_add(request: AuthenticatedRequest, code: str) -> HttpResponse:
    household = _household(request, code)
    form = MemberForm(request.POST or None, initial={"member_status": "正常"})
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_member(request.user, household, raw=raw_values(form))
        except services.RegistryError as error:
            _show_refusal(form, error)
        else:
            messages.success(request, f"已添加成员 {member.name}。")
            return redirect(household)
    return _form_page(
        request, form, title=f"添加家庭成员：户 {household.code}", back=household.get_absolute_url()
    )


def _member(request: AuthenticatedRequest, code: str, pk: int) -> Member:
    return get_object_or_404(
        Member.objects.visible_to(request.user).select_related("household"),
        pk=pk,
        household__code=code,
    )


def member_edit(request: AuthenticatedRequest, code: str, pk: int) -> HttpResponse:
    member = _member(request, code, pk)
    initial = initial_values(MEMBERS, template_values(MEMBERS, member))
    form = MemberEditForm(request.POST or None, initial={**initial, VERSION: member.version})
    if request.method == "POST" and form.is_valid():
        raw = {
            **raw_values(form),
            "member_status": member.member_status,
            "status_date": member.status_date,
        }
        try:
            services.update_member(request.user, as_read(member, read_version(form)), raw=raw)
        except (services.RegistryError, StaleEdit) as error:
            _show_refusal(form, error)
        else:
            messages.success(request, f"已保存成员 {member.name}。")
            return redirect(member.household)
    return _form_page(
        request,
        form,
        title=f"编辑家庭成员：{member.name}",
        back=member.household.get_absolute_url(),
    )


def member_exit(request: AuthenticatedRequest, code: str, pk: int) -> HttpResponse:
    member = _member(request, code, pk)
    form = MemberExitForm(request.POST or None, initial={VERSION: member.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_member_exit(
                request.user,
                as_read(member, read_version(form)),
                status=form.cleaned_data["status"],
                date=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
            )
        except (services.RegistryError, StaleEdit) as error:
            _show_refusal(form, error)
        else:
            messages.success(request, f"已记录 {member.name} {member.member_status}。")
            return redirect(member.household)
    return _form_page(
        request, form, title=f"成员减少：{member.name}", back=member.household.get_absolute_url()
    )


def household_close(request: AuthenticatedRequest, code: str) -> HttpResponse:
    household = _household(request, code)
    form = HouseholdCloseForm(request.POST or None, initial={VERSION: household.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.close_household(
                request.user,
                as_read(household, read_version(form)),
                date=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
            )
        except (services.RegistryError, StaleEdit) as error:
            _show_refusal(form, error)
        else:
            messages.success(request, f"已注销户 {household.code}；记录保留，可在修改记录中查看。")
            return redirect(household)
    return _form_page(
        request, form, title=f"注销户：{household.code}", back=household.get_absolute_url()
    )
