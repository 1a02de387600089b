"""The standards page: the values in force by year, and setting them (系统管理员, nationwide)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from fupin.accounts.permissions import may_open
from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.history import history_entries

from .forms import StandardForm
from .models import Standard
from .parameters import PARAMETERS
from .resolve import InForce, StandardMissing, in_force
from .services import StandardsError, set_standard

FIRST_YEAR = 2014


def standard_list(request: AuthenticatedRequest) -> HttpResponse:
    province = (
        request.GET.get("province", "").strip()[:2] or (request.user.scope_code or "")[:2] or None
    )
    years = []
    for year in range(FIRST_YEAR, timezone.localdate().year + 1):
        row: dict[str, int | InForce | None] = {"year": year}
        for parameter in ("poverty_line", "monitoring_line"):
            try:
                row[parameter] = in_force(parameter, year, province)
            except StandardMissing:
                row[parameter] = None
        years.append(row)
    form = StandardForm() if may_open(request.user, "standards:set") else None
    return render(
        request,
        "standards/list.html",
        {
            "years": years,
            "province": province,
            "parameters": PARAMETERS,
            "rows": [
                (standard, [getattr(standard, parameter.name) for parameter in PARAMETERS])
                for standard in Standard.objects.select_related("province")
            ],
            "form": form,
        },
    )


def standard_set(request: AuthenticatedRequest) -> HttpResponse:
    form = StandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            standard = set_standard(
                request.user,
                year=form.cleaned_data["year"],
                province=form.cleaned_data["province"] or None,
                values=form.values(),
            )
        except StandardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已保存{standard}年标准。")
            return redirect("standards:list")
    return render(request, "standards/set.html", {"form": form})


def standard_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    standard = get_object_or_404(Standard, pk=pk)
    return render(
        request,
        "core/history.html",
        {"object": standard, "entries": history_entries(standard), "back_url": "/standards/"},
    )
