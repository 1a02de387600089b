"""One page of a list, and the request's other query parameters for the pagination bar's links
(``widgets/pagination.html``), so that paging keeps the user's filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest


def paged(request: HttpRequest, items: Sequence[Any] | Any, size: int) -> dict[str, Any]:
    """``page`` (the page the request asks for; out of range gives the nearest) and
    ``query_string`` (the request's query without ``page``), for a template's context."""
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return {
        "page": Paginator(items, size).get_page(request.GET.get("page")),
        "query_string": query_string.urlencode(),
    }
