"""Evidence files of a transition: checked before anything is written, then stored under the data
directory (MEDIA_ROOT) with a name of our own.

A file is accepted when it is at most 10 MB and both its extension and its first bytes say JPEG,
PNG or PDF: the extension alone is what a user controls, the magic bytes are what the file is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.http import FileResponse

from .choices import AttachmentKind
from .constants import ATTACHMENT_MAX_BYTES
from .errors import invalid
from .models import Attachment, Transition

# Extension → (leading bytes, content type).
FILE_TYPES: dict[str, tuple[bytes, str]] = {
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    ".pdf": (b"%PDF-", "application/pdf"),
}
ALLOWED_TEXT = "jpg、png、pdf"


@dataclass(frozen=True)
class Upload:
    """A file given with a step: its kind and the file (a Django ``File`` or ``UploadedFile``)."""

    kind: str
    file: Any


def _display_name(upload: Upload) -> str:
    return PurePath(str(upload.file.name or "")).name[:200] or "未命名文件"


def content_type(upload: Upload) -> str:
    """The checked content type of an upload; refuses anything but a JPEG, PNG or PDF of at most
    10 MB whose content matches its extension."""
    name = _display_name(upload)
    if upload.kind not in AttachmentKind.values:
        raise invalid(f"“{name}”的材料类型不正确：{upload.kind}")
    size = upload.file.size
    if not size:
        raise invalid(f"“{name}”是空文件")
    if size > ATTACHMENT_MAX_BYTES:
        raise invalid(
            f"“{name}”有 {size / 1024 / 1024:.1f} MB，超过 {ATTACHMENT_MAX_BYTES // 1024 // 1024} MB 的上限"
        )
    known = FILE_TYPES.get(PurePath(name).suffix.lower())
    if known is None:
        raise invalid(f"“{name}”不是允许的文件类型（只接受 {ALLOWED_TEXT}）")
    magic, mime = known
    upload.file.seek(0)
    head = upload.file.read(len(magic))
    upload.file.seek(0)
    if head != magic:
        raise invalid(f"“{name}”的内容与扩展名不符（只接受真实的 {ALLOWED_TEXT} 文件）")
    return mime


def check_uploads(uploads: Sequence[Upload], *, required: Iterable[str], step_label: str) -> None:
    """Every file acceptable, and every kind the step requires present."""
    for upload in uploads:
        content_type(upload)
    given = {upload.kind for upload in uploads}
    missing = [kind for kind in sorted(required) if kind not in given]
    if missing:
        raise invalid(f"办理“{step_label}”须上传：{'、'.join(missing)}")


def store_uploads(
    transition: Transition, uploads: Sequence[Upload], *, now: dt.datetime
) -> list[Attachment]:
    """Write the (already checked) files and their rows."""
    stored = []
    for upload in uploads:
        attachment = Attachment(
            transition=transition,
            kind=upload.kind,
            original_name=_display_name(upload),
            size=upload.file.size,
            content_type=content_type(upload),
            uploaded_at=now,
        )
        attachment.file.save(_display_name(upload), upload.file, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def download(attachment: Attachment) -> FileResponse:
    """The stored file, under the name it was uploaded with (the caller has checked scope)."""
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
