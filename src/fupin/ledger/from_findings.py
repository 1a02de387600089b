"""Findings of other apps → 问题台账: the sink of :mod:`fupin.core.findings`.

Apps below the ledger (household works' acceptance, audits) report what they found as plain
:class:`~fupin.core.findings.Finding` values; this writes them as problems, through the same
checks and rows as any registration (``services.check_registering`` once per region, class and
source, then ``services.write_registrations``). A finding whose origin key already has an open
problem is skipped, so reporting the same failed inspection or audit line again opens nothing;
once that problem is closed (销号), a new finding of the same key opens a new one.

It runs in the caller's transaction, so a refusal here undoes what the caller wrote with it.
"""

from __future__ import annotations

from collections.abc import Sequence

from fupin.accounts.models import User
from fupin.core.findings import Finding
from fupin.regions.choices import level_of
from fupin.regions.models import Region

from .choices import Severity
from .errors import invalid
from .models import Problem
from .services import PROBLEM_LEVELS, check_registering, write_registrations


def write_findings(actor: User, findings: Sequence[Finding]) -> int:
    """Open one problem per finding whose origin key is not open yet; how many were opened."""
    if any(not finding.origin_key for finding in findings):
        raise invalid("发现的问题须有来源标识")
    regions = Region.objects.in_bulk({finding.region_code for finding in findings})
    checked: set[tuple[str, str, str]] = set()
    for finding in findings:
        if finding.region_code not in regions:
            raise invalid(f"区划代码 {finding.region_code} 不存在")
        if level_of(finding.region_code) not in PROBLEM_LEVELS:
            raise invalid("问题应登记到县、乡镇或村")
        group = (finding.region_code, finding.category, finding.source)
        if group not in checked:
            check_registering(
                actor,
                regions[finding.region_code],
                category=finding.category,
                source=finding.source,
                severity=Severity.ORDINARY,
            )
            checked.add(group)
    listed = set(
        Problem.objects.open()
        .filter(origin_key__in=[finding.origin_key for finding in findings])
        .values_list("origin_key", flat=True)
    )
    problems: dict[str, Problem] = {}
    for finding in findings:
        if finding.origin_key in listed or finding.origin_key in problems:
            continue
        problems[finding.origin_key] = Problem(
            region=regions[finding.region_code],
            category=finding.category,
            source=finding.source,
            severity=Severity.ORDINARY,
            description=finding.description.strip(),
            household_id=finding.household_id,
            project_id=finding.project_id,
            allocation_id=finding.allocation_id,
            responsible_unit=finding.responsible_unit.strip()[:100],
            origin_key=finding.origin_key,
        )
    write_registrations(list(problems.values()), by=actor)
    return len(problems)
