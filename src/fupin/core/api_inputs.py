"""Bodies that steps of several workflows take through the API alike."""

from __future__ import annotations

from ninja import Schema


class ReasonIn(Schema):
    """A step that needs a reason (退回, 不予纳入)."""

    reason: str


class OpinionIn(Schema):
    """A step with an optional opinion (审定, 销号)."""

    opinion: str = ""
