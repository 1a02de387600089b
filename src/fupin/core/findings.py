"""Findings that open problems in the ledger (问题台账), reported by apps that sit below it.

DESIGN: the ledger sits above projects in the layers (a problem links a project and a fund line,
so ``ledger`` imports ``projects``). A failed acceptance of household works or a questioned audit
line must still open a problem, but projects may not import the ledger. So the step is inverted
here, in the style of :mod:`fupin.core.statistics`: a finding is a plain value (region, class,
source, description, origin key, the ids it was found on, the responsible unit), the app that
finds it calls :func:`report_findings`, and the ledger registers the one sink that writes it
(``LedgerConfig.ready``). The projects app never names a ledger model; the ledger decides what a
finding becomes (its checks of the actor's role and region, its class list, its rows and steps).

The sink writes in the caller's transaction: the works' inspection and the problem it opens, or
the audit line's result and its problem, are written together or not at all. A caller outside a
transaction is refused (a half-written inspection without its problem must not be possible), and
so is a report when no sink is registered (a system without the ledger cannot silently lose the
problems it found). The origin key makes a second report of the same finding open nothing while
the first problem is open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from .errors import DomainError, Refusal


@dataclass(frozen=True)
class Finding:
    """One problem to open: where (a county, township or village code), its class and source as
    the ledger names them, what was found, and a stable origin key (``works:12``)."""

    region_code: str
    category: str
    source: str
    description: str
    origin_key: str
    household_id: int | None = None
    project_id: int | None = None
    allocation_id: int | None = None
    responsible_unit: str = ""


# A sink takes the acting user and the findings, writes them, and returns how many it opened
# (findings whose origin key is already open are skipped).
Sink = Callable[[Any, Sequence[Finding]], int]

_sinks: list[Sink] = []


class FindingsError(DomainError):
    """Findings that cannot be written: no ledger to take them."""


def set_findings_sink(sink: Sink) -> None:
    """Register the one sink (the ledger's); registering it again changes nothing."""
    _sinks[:] = [sink]


def report_findings(actor: Any, findings: Sequence[Finding]) -> int:
    """Open a problem for each finding not already open, in the caller's transaction; the number
    opened. A refusal of the sink (the ledger's own checks) undoes the caller's writes with it."""
    if not findings:
        return 0
    if not _sinks:
        raise FindingsError("问题台账未启用，无法登记发现的问题", refusal=Refusal.STATE)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("report_findings runs inside the caller's transaction")
    return _sinks[0](actor, findings)
