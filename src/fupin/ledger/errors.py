"""The one refusal of the problem ledger."""

from __future__ import annotations

from fupin.core.errors import DomainError, Refusal

__all__ = ["LedgerError", "Refusal", "invalid", "not_found"]


class LedgerError(DomainError):
    """A refused step of a problem in the ledger."""


def not_found(what: str = "问题") -> LedgerError:
    return LedgerError(f"未找到该{what}", refusal=Refusal.NOT_FOUND)


def invalid(message: str) -> LedgerError:
    return LedgerError(message, refusal=Refusal.INPUT)
