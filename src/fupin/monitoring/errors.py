"""The one refusal of the monitoring workflow."""

from __future__ import annotations

from fupin.core.errors import DomainError, Refusal

__all__ = ["MonitoringError", "Refusal", "invalid", "not_found"]


class MonitoringError(DomainError):
    """A refused step of a monitoring case."""


def not_found(what: str = "监测对象") -> MonitoringError:
    return MonitoringError(f"未找到该{what}", refusal=Refusal.NOT_FOUND)


def invalid(message: str) -> MonitoringError:
    return MonitoringError(message, refusal=Refusal.INPUT)
