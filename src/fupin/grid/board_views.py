"""The village's 帮扶责任公示牌: the page to print, the A4 PDF, and the photos the page shows."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from fupin.accounts.requests import AuthenticatedRequest

from .board import Board, board_pdf, village_board
from .models import Assignment, Cadre
from .photos import photo_response
from .views import _village


def _board(request: AuthenticatedRequest, code: str) -> Board:
    return village_board(_village(request, code), timezone.localdate())


def board_page(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return render(request, "grid/board.html", {"board": _board(request, code)})


def board_download(request: AuthenticatedRequest, code: str) -> HttpResponse:
    board = _board(request, code)
    response = HttpResponse(board_pdf(board), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename=board-{board.village.code}.pdf"
    return response


def board_photo(request: AuthenticatedRequest, code: str, pk: int) -> FileResponse:
    """The photo of a cadre on the village's board today. Reached through the board rather than
    ``grid:cadre_photo``: a helping cadre sees the board but no other cadre's record, nor their
    assignments; the village itself is checked against the user's scope."""
    on_board = Assignment.objects.filter(village=_village(request, code)).active_on(
        timezone.localdate()
    )
    return photo_response(get_object_or_404(Cadre, pk=pk, pk__in=on_board.values("cadre_id")))
