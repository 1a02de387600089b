"""Browsing the division tree within one's scope, and reloading the national codes (系统管理员)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from fupin.core.requests import signed_in
from fupin.jobs.services import start_job

from .loading import available_provinces
from .models import Region


def browse(request: HttpRequest) -> HttpResponse:
    """Start at the user's own region (or the list of provinces for nationwide users)."""
    user = signed_in(request.user)
    if user.scope_code:
        return redirect("regions:detail", code=user.scope_code)
    provinces = Region.objects.visible_to(user).children_of(None)
    return render(request, "regions/browse.html", {"children": provinces, "can_reload": True})


def detail(request: HttpRequest, code: str) -> HttpResponse:
    visible = Region.objects.visible_to(signed_in(request.user))
    region = get_object_or_404(visible, code=code)
    children = visible.children_of(region.code).order_by("code")
    return render(
        request,
        "regions/detail.html",
        {"region": region, "path": region.path(), "children": children},
    )


def reload_codes(request: HttpRequest) -> HttpResponse:
    """Start a background reload of the national division codes."""
    provinces = available_provinces()
    if request.method == "POST":
        chosen = [code for code in request.POST.getlist("province") if code in provinces]
        label = "载入行政区划代码（" + ("、".join(provinces[c] for c in chosen) or "全国") + "）"
        job = start_job(
            signed_in(request.user),
            label=label,
            handler="fupin.regions.jobs.load_regions_job",
            params={"provinces": chosen},
        )
        messages.info(request, "已开始载入，可在本页查看进度。")
        return redirect(job)
    return render(request, "regions/reload.html", {"provinces": provinces})
