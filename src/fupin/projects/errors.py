"""The one refusal of projects and funds."""

from __future__ import annotations

from fupin.core.errors import DomainError, Refusal

__all__ = ["ProjectError", "Refusal", "invalid", "not_found"]


class ProjectError(DomainError):
    """A refused change of a fund, an allocation, an expense or a project."""


def not_found(what: str = "项目") -> ProjectError:
    return ProjectError(f"未找到该{what}", refusal=Refusal.NOT_FOUND)


def invalid(message: str) -> ProjectError:
    return ProjectError(message, refusal=Refusal.INPUT)
