"""Evidence files of a project's step: checked before anything is written (the checks every
upload of fupin passes: at most 10 MB, JPEG, PNG or PDF by both extension and content), then
stored under the data directory with a name of our own. A PDF is a document, anything else a
photo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from fupin.core.uploads import UploadRefused, checked_content_type, display_name, store_files

from .choices import EvidenceKind
from .errors import invalid
from .models import ProjectAttachment, ProjectStep


def kind_of(file: Any) -> str:
    is_pdf = display_name(file).lower().endswith(".pdf")
    return EvidenceKind.DOCUMENT if is_pdf else EvidenceKind.PHOTO


def check_files(files: Sequence[Any], *, required: bool, step_label: str) -> None:
    """Every file acceptable, and at least one where the step needs evidence."""
    for file in files:
        try:
            checked_content_type(file)
        except UploadRefused as refused:
            raise invalid(str(refused)) from None
    if required and not files:
        raise invalid(f"办理“{step_label}”须上传佐证材料（照片或文件）")


def store(step: ProjectStep, files: Sequence[Any], *, now: dt.datetime) -> list[ProjectAttachment]:
    """Write the (already checked) files and their rows."""
    pairs = [(kind_of(file), file) for file in files]
    return store_files(ProjectAttachment, pairs, now=now, step=step)
