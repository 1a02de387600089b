"""Checking an uploaded file before anything is written: its size, and that both its extension
and its first bytes say one of the allowed types. The extension alone is what a user controls;
the magic bytes are what the file is."""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any

from django.http import FileResponse

from fupin.core.errors import DomainError, Refusal

# Extension → (leading bytes, content type).
FILE_TYPES: dict[str, tuple[bytes, str]] = {
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    ".pdf": (b"%PDF-", "application/pdf"),
}
IMAGES = (".jpg", ".jpeg", ".png")
IMAGES_AND_PDF = (*IMAGES, ".pdf")
MAX_BYTES = 10 * 1024 * 1024


def stored_name(folder: str, when: dt.date, filename: str) -> str:
    """A stored file's name of our own, under ``folder`` by year and month: nothing a user typed
    becomes part of a path on disk (only the extension is kept; the original name goes in a
    column)."""
    return f"{folder}/{when:%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class UploadRefused(DomainError, ValueError):
    """Why a file is not accepted, in Chinese, naming the file."""

    default_refusal = Refusal.INPUT


def display_name(file: Any) -> str:
    return PurePath(str(getattr(file, "name", "") or "")).name[:200] or "未命名文件"


def checked_content_type(
    file: Any, *, allowed: tuple[str, ...] = IMAGES_AND_PDF, max_bytes: int = MAX_BYTES
) -> str:
    """The content type of ``file`` (a Django ``File`` or ``UploadedFile``), or UploadRefused."""
    name = display_name(file)
    allowed_text = "、".join(dict.fromkeys(s.lstrip(".").replace("jpeg", "jpg") for s in allowed))
    size = file.size
    if not size:
        raise UploadRefused(f"“{name}”是空文件")
    if size > max_bytes:
        raise UploadRefused(
            f"“{name}”有 {size / 1024 / 1024:.1f} MB，超过 {max_bytes // 1024 // 1024} MB 的上限"
        )
    suffix = PurePath(name).suffix.lower()
    if suffix not in allowed:
        raise UploadRefused(f"“{name}”不是允许的文件类型（只接受 {allowed_text}）")
    magic, mime = FILE_TYPES[suffix]
    file.seek(0)
    head = file.read(len(magic))
    file.seek(0)
    if head != magic:
        raise UploadRefused(f"“{name}”的内容与扩展名不符（只接受真实的 {allowed_text} 文件）")
    return mime


def download(stored: Any, *, filename: str, content_type: str) -> FileResponse:
    """A stored file under the name it was uploaded with (the caller has checked scope)."""
    return FileResponse(
        stored.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )


def store_files(
    model: type[Any], files: Sequence[tuple[str, Any]], *, now: dt.datetime, **owner: Any
) -> list[Any]:
    """Write already checked ``(kind, file)`` pairs as rows of ``model``, an evidence model with
    the fields ``kind``, ``file``, ``original_name``, ``size``, ``content_type`` and
    ``uploaded_at``; ``owner`` names the row each belongs to (``step=…``)."""
    stored = []
    for kind, file in files:
        attachment = model(
            kind=kind,
            original_name=display_name(file),
            size=file.size,
            content_type=checked_content_type(file),
            uploaded_at=now,
            **owner,
        )
        attachment.file.save(display_name(file), file, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


@contextmanager
def uploaded_copy(upload: Any) -> Iterator[Path]:
    """An uploaded file written to a temporary folder under its own base name, for a reader that
    takes a path; the folder is removed afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / PurePath(upload.name).name
        with open(path, "wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        yield path
