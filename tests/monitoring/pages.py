"""Shared pieces of the page tests: households with a known head and phone, and the patterns no
public notice may contain, and the text of a notice's PDF."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader

from fupin.registry.models import Household, Member

from . import walk

# An 18-character ID number or an 11-digit mobile number, not part of a longer run of digits.
ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
PHONE = re.compile(r"(?<![0-9])1[0-9]{10}(?![0-9])")


def named_household(code: str, head: str, **fields: Any) -> Household:
    """``walk.stable_household`` whose head is called ``head`` and who has a phone."""
    home = walk.stable_household(code, phone="13812345678", **fields)
    home.refresh_from_db()
    Member.objects.filter(household=home, id_number=home.head_id_number).update(name=head)
    return home


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
