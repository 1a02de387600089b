"""A cadre's photo: checked to be a real JPEG or PNG of at most 2 MB before anything is saved,
stored on ``Cadre.photo`` under MEDIA_ROOT, and served only through a scoped page (MEDIA_ROOT is
never published: a photo is personal data)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.http import FileResponse, Http404

from fupin.accounts.models import User
from fupin.core.errors import Refusal
from fupin.core.history import record_change
from fupin.core.uploads import FILE_TYPES, IMAGES, UploadRefused, checked_content_type

from .models import Cadre
from .services import GridError, save_cadre

MAX_PHOTO_BYTES = 2 * 1024 * 1024


def check_photo(file: Any) -> None:
    try:
        checked_content_type(file, allowed=IMAGES, max_bytes=MAX_PHOTO_BYTES)
    except UploadRefused as refused:
        raise GridError(f"照片：{refused}", refusal=Refusal.INPUT) from None


@transaction.atomic
def save_cadre_with_photo(
    actor: User, values: dict[str, Any], *, photo: Any = None, cadre: Cadre | None = None
) -> Cadre:
    """:func:`services.save_cadre`, then the photo when one is given. The photo is checked first,
    so that a refused photo leaves the cadre unchanged. A replaced photo's file stays: the
    cadre's history still names it."""
    if photo is not None:
        check_photo(photo)
    cadre = save_cadre(actor, values, cadre=cadre)
    if photo is not None:
        cadre.photo.save(PurePath(photo.name).name, photo, save=False)
        record_change(cadre, actor, "更换照片")
        cadre.save(update_fields=["photo"])
    return cadre


def photo_response(cadre: Cadre) -> FileResponse:
    """The photo shown inline, typed by its stored extension (it was checked on upload)."""
    if not cadre.photo:
        raise Http404("该干部没有照片")
    suffix = PurePath(cadre.photo.name).suffix.lower()
    return FileResponse(cadre.photo.open("rb"), content_type=FILE_TYPES[suffix][1])
