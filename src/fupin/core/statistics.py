"""Keys that apps add to the statistics of a region (`fupin stats`, the rule run's workbook).

The rules compute the statistics of rules.md §7; monitoring, the grid and visits each add their
own figures. They register a provider here when Django starts (their ``AppConfig.ready``), so the
rules need not import every app that has something to count.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# A provider takes a region code (None: the whole country) and returns keys to add.
Provider = Callable[[str | None], dict[str, Any]]

_providers: list[Provider] = []


def add_statistics(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def added_statistics(region_code: str | None) -> dict[str, Any]:
    """Every registered provider's keys, in the order the apps are installed."""
    found: dict[str, Any] = {}
    for provider in _providers:
        found.update(provider(region_code))
    return found
