"""Visits recorded in a line for tests: answers with no problem, and tiny real photos."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from fupin.grid.models import Assignment, Cadre
from fupin.registry.models import Household
from fupin.visits.services import Recorded, record_visit

FINE = {
    "food": "达标",
    "clothing": "达标",
    "education": "达标",
    "medical": "达标",
    "housing": "达标",
    "water": "达标",
    "awareness": "知晓",
    "satisfaction": "满意",
}


def photo(name: str = "门前.png", *, kind: str = "PNG") -> SimpleUploadedFile:
    """A real 2×2 image, as a phone's camera would send it."""
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buffer, format=kind)
    content_type = "image/png" if kind == "PNG" else "image/jpeg"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def visit(actor: Any, household: Household, cadre: Cadre, **options: Any) -> Recorded:
    values = {
        "cadre": cadre,
        "visited_on": timezone.localdate(),
        "kind": "入户",
        "answers": FINE,
        "findings": "",
    }
    return record_visit(actor, household, **(values | options))


def assign(cadre: Cadre, household: Household) -> Assignment:
    """The cadre answers for the household (包户) from a year ago."""
    return Assignment.objects.create(
        cadre=cadre,
        level="包户",
        village_id=household.village_id,
        household=household,
        started_on=timezone.localdate() - dt.timedelta(days=365),
    )
