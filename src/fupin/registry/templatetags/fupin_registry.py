"""Template filters for registry pages: masking by role, money in yuan."""

from __future__ import annotations

from decimal import Decimal

from django import template

from fupin.core.idnumber import mask_id_number, mask_phone
from fupin.core.money import yuan as format_yuan

register = template.Library()


@register.filter
def identity(value: str, show: bool) -> str:
    """An ID number in full for roles that may see it, masked (3715**********5338) otherwise."""
    return value if show or not value else mask_id_number(value)


@register.filter
def phone(value: str, show: bool) -> str:
    return value if show or not value else mask_phone(value)


@register.filter
def yuan(value: Decimal | None) -> str:
    return format_yuan(value)
