"""The village's 帮扶责任公示牌: the page to print, the A4 PDF, and the photos the page shows."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from fupin.regions.choices import Level
from fupin.regions.models import Region

from .board import Board, board_pdf, village_board
from .models import Assignment, Cadre


def _village(request: HttpRequest, code: str) -> Region:
    return get_object_or_404(
        Region.objects.visible_to(request.user), code=code, level=Level.VILLAGE
    )


def _board(request: HttpRequest, code: str) -> Board:
    return village_board(_village(request, code), timezone.localdate())


@login_required
def board_page(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "grid/board.html", {"board": _board(request, code)})


@login_required
def board_download(request: HttpRequest, code: str) -> HttpResponse:
    board = _board(request, code)
    response = HttpResponse(board_pdf(board), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename=board-{board.village.code}.pdf"
    return response


@login_required
def board_photo(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """The photo of a cadre on the village's board today. A helping cadre may see the board but
    not other cadres' records, so the photo is reached through the board, not the cadre."""
    on_board = (
        Assignment.objects.visible_to(request.user)
        .filter(village=_village(request, code))
        .active_on(timezone.localdate())
    )
    cadre = get_object_or_404(Cadre, pk=pk, pk__in=on_board.values("cadre_id"))
    if not cadre.photo:
        raise Http404("没有照片")
    # The type was checked on upload (extension and magic bytes); FileResponse names it from the
    # file's extension.
    return FileResponse(cadre.photo.open("rb"))
