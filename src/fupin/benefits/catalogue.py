"""The policy catalogue as rows (rules.md §6), from ``choices.POLICIES``."""

from __future__ import annotations

from fupin.registry.choices import POLICIES
from fupin.registry.models import Policy


def ensure_policies() -> int:
    """Create or correct the catalogue's rows; returns how many were written. The data migration
    loads the same rows on every new database; this restores them where a test flush removed
    them."""
    stored = {p.code: (p.name, p.level) for p in Policy.objects.all()}
    written = 0
    for code, (name, level) in POLICIES.items():
        if stored.get(code) != (name, level):
            Policy.objects.update_or_create(code=code, defaults={"name": name, "level": level})
            written += 1
    return written
