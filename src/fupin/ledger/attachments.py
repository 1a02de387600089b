"""Evidence files of a step: checked before anything is written (at most 10 MB, JPEG, PNG or PDF
by both extension and content, the checks every upload of fupin passes), then stored under the
data directory with a name of our own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from fupin.core.uploads import UploadRefused, checked_content_type, display_name, store_files
from fupin.monitoring.attachments import Upload

from .choices import EvidenceKind
from .errors import invalid
from .models import ProblemAttachment, ProblemStep

__all__ = ["Upload", "check_uploads", "evidence", "store_uploads"]


def content_type(upload: Upload) -> str:
    if upload.kind not in EvidenceKind.values:
        raise invalid(f"“{display_name(upload.file)}”的材料类型不正确：{upload.kind}")
    try:
        return checked_content_type(upload.file)
    except UploadRefused as refused:
        raise invalid(str(refused)) from None


def check_uploads(uploads: Sequence[Upload], *, required: bool, step_label: str) -> None:
    """Every file acceptable, and at least one where the step needs evidence."""
    for upload in uploads:
        content_type(upload)
    if required and not uploads:
        raise invalid(f"办理“{step_label}”须上传佐证材料（照片或文件）")


def store_uploads(
    step: ProblemStep, uploads: Sequence[Upload], *, now: dt.datetime
) -> list[ProblemAttachment]:
    """Write the (already checked) files and their rows."""
    pairs = [(upload.kind, upload.file) for upload in uploads]
    return store_files(ProblemAttachment, pairs, now=now, step=step)


def evidence(files: Sequence[Any]) -> list[Upload]:
    """Files given as the evidence of a step, each of the kind its name says: a PDF is a
    document, anything else a photo (the content is checked against the name either way)."""
    return [
        Upload(
            EvidenceKind.DOCUMENT
            if display_name(file).lower().endswith(".pdf")
            else EvidenceKind.PHOTO,
            file,
        )
        for file in files
        if file
    ]
