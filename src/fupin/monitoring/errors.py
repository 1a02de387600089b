"""The one refusal of the monitoring workflow."""

from __future__ import annotations

from enum import Enum


class Refusal(Enum):
    """Why a request was refused; the API answers 404, 403, 409 and 400 respectively."""

    NOT_FOUND = "not_found"  # outside the actor's region: answered as if it did not exist
    ROLE = "role"  # the actor's role or office may not take this step
    STATE = "state"  # not now: the case's state, the order of steps, or a time limit
    INPUT = "input"  # the values or the evidence given are wrong or missing


class MonitoringError(Exception):
    """A refused step, with a Chinese message that pages and the API show as is."""

    def __init__(self, message: str, *, refusal: Refusal = Refusal.STATE) -> None:
        super().__init__(message)
        self.message = message
        self.refusal = refusal


def not_found(what: str = "监测对象") -> MonitoringError:
    return MonitoringError(f"未找到该{what}", refusal=Refusal.NOT_FOUND)


def invalid(message: str) -> MonitoringError:
    return MonitoringError(message, refusal=Refusal.INPUT)
