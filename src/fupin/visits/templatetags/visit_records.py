"""Template filters of the visit pages."""

from __future__ import annotations

from django import template

from fupin.visits.services import FIELD_LABELS

register = template.Library()


@register.filter
def proposal_field(field: str) -> str:
    """住房安全等级 for ``housing_grade``: the import template's header of a proposed field."""
    return FIELD_LABELS.get(field, field)
