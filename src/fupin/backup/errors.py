"""The one refusal of backup and restore."""

from __future__ import annotations

from fupin.core.errors import DomainError


class BackupError(DomainError):
    """A backup or restore refused or failed; the message (Chinese) says why and what to do."""
