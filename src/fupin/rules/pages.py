"""What the pages showing rule results share: the income year a page is asked for."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone


def requested_year(request: HttpRequest) -> int:
    """``?year=`` when it is a year the rules can run (the national poverty line starts in
    2014), else last year: the latest year whose incomes are complete."""
    default = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2014 <= year <= 2100 else default
