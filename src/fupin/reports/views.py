"""The home page: the user's region and its key figures."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .services import key_figures


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/home.html", {"figures": key_figures(request.user)})
