"""The refusal of a domain service: a Chinese message that pages and the API show as is, and
the kind of refusal, which the API answers as 404, 403, 409 or 400."""

from __future__ import annotations

from enum import Enum
from typing import ClassVar


class Refusal(Enum):
    NOT_FOUND = "not_found"  # outside the actor's region: answered as if it did not exist
    ROLE = "role"  # the actor's role or office may not do this
    STATE = "state"  # not now: the state of things, the order of steps, or a time limit
    INPUT = "input"  # the values or the evidence given are wrong or missing


class DomainError(Exception):
    """Every app's refusal derives from this; ``default_refusal`` is its kind when none is given."""

    default_refusal: ClassVar[Refusal] = Refusal.STATE

    def __init__(self, message: str, *, refusal: Refusal | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.refusal = self.default_refusal if refusal is None else refusal
