"""The home page: the user's region and its key figures."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .services import key_figures

# Counting a county of a million people takes a second or two; the home page shows figures at
# most this old, and says when they were counted.
FIGURES_MAX_AGE_SECONDS = 60


def home(request: HttpRequest) -> HttpResponse:
    key = f"home-figures:{request.user.pk}"
    cached = cache.get(key)
    if cached is None:
        cached = (key_figures(request.user), timezone.localtime())
        cache.set(key, cached, FIGURES_MAX_AGE_SECONDS)
    figures, counted_at = cached
    return render(request, "reports/home.html", {"figures": figures, "counted_at": counted_at})
