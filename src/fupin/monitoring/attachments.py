"""Evidence files of a transition: checked before anything is written, then stored under the data
directory (MEDIA_ROOT) with a name of our own.

A file is accepted when it is at most 10 MB and both its extension and its first bytes say JPEG,
PNG or PDF: the extension alone is what a user controls, the magic bytes are what the file is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.http import FileResponse

from fupin.core.uploads import UploadRefused, checked_content_type, display_name, store_files
from fupin.core.uploads import download as download_file

from .choices import AttachmentKind
from .errors import invalid
from .models import Attachment, Transition


@dataclass(frozen=True)
class Upload:
    """A file given with a step: its kind and the file (a Django ``File`` or ``UploadedFile``)."""

    kind: str
    file: Any


def content_type(upload: Upload) -> str:
    """The checked content type of an upload; refuses anything but a JPEG, PNG or PDF of at most
    10 MB whose content matches its extension."""
    if upload.kind not in AttachmentKind.values:
        raise invalid(f"“{display_name(upload.file)}”的材料类型不正确：{upload.kind}")
    try:
        return checked_content_type(upload.file)
    except UploadRefused as refused:
        raise invalid(str(refused)) from None


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
    pairs = [(upload.kind, upload.file) for upload in uploads]
    return store_files(Attachment, pairs, now=now, transition=transition)


class StoredAttachment(Protocol):
    """A stored evidence file as its model keeps it (this app's, and the ledger's evidence)."""

    @property
    def file(self) -> Any: ...
    @property
    def original_name(self) -> str: ...
    @property
    def content_type(self) -> str: ...


def download(attachment: StoredAttachment) -> FileResponse:
    """The stored file, under the name it was uploaded with (the caller has checked scope)."""
    return download_file(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
