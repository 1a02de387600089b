"""数据质量检查 → 问题台账: one problem per household with findings (Q01–Q16), in one step.

The checks run over what the actor sees of the region (``registry.quality``); each household with
findings gets one problem of class 数据质量 from source 数据质量检查, in the household's village,
listing every finding. Its origin key ``quality:<户编号>`` makes a second run add nothing while
the household's problem is open; once that one is closed (销号), findings that remain open a new
one. The problems are written together through ``services.write_registrations``, the same rows a
single registration writes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from fupin.accounts.models import User
from fupin.core.idnumber import mask_id_number
from fupin.regions.models import Region
from fupin.registry.models import Household
from fupin.registry.quality import QualityFinding, run_checks, scope_for

from .choices import ProblemClass, Severity, Source
from .models import Problem
from .services import check_registering, write_registrations

ORIGIN_PREFIX = "quality:"


@dataclass(frozen=True)
class QualityProblems:
    """What a run added: new problems, and households whose problem was already open."""

    registered: int
    already_listed: int

    def summary(self) -> str:
        return f"新登记问题 {self.registered} 个，已在台账中 {self.already_listed} 户。"


def origin_key(household_code: str) -> str:
    return f"{ORIGIN_PREFIX}{household_code}"


def problems_from_quality(actor: User, region: Region, *, year: int) -> QualityProblems:
    """转为问题台账: register one problem per household of ``region`` with data-quality findings
    of ``year``, skipping households whose problem from an earlier run is still open."""
    check_registering(
        actor,
        region,
        category=ProblemClass.DATA_QUALITY,
        source=Source.DATA_CHECK,
        severity=Severity.ORDINARY,
    )
    by_household: dict[str, list[QualityFinding]] = defaultdict(list)
    for finding in run_checks(scope_for(year, user=actor, region=region.code)):
        by_household[finding.household_code].append(finding)
    with transaction.atomic():
        listed = set(
            Problem.objects.open()
            .filter(origin_key__in=[origin_key(code) for code in by_household])
            .values_list("origin_key", flat=True)
        )
        wanted = [code for code in by_household if origin_key(code) not in listed]
        households = (
            Household.objects.visible_to(actor).filter(code__in=wanted).in_bulk(field_name="code")
        )
        problems = [
            Problem(
                region_id=households[code].village_id,
                category=ProblemClass.DATA_QUALITY,
                source=Source.DATA_CHECK,
                severity=Severity.ORDINARY,
                description=description(year, by_household[code]),
                household=households[code],
                origin_key=origin_key(code),
            )
            for code in wanted
            if code in households
        ]
        write_registrations(problems, by=actor)
    return QualityProblems(registered=len(problems), already_listed=len(listed))


def description(year: int, findings: list[QualityFinding]) -> str:
    """One line per finding, ``Qxx 说明``; a member's finding names the member by a masked ID
    number, so that the ledger and its exports never hold one in full."""
    lines = [f"{year}年数据质量检查发现："]
    for finding in findings:
        who = f"（成员 {mask_id_number(finding.id_number)}）" if finding.id_number else ""
        lines.append(f"{finding.code} {finding.note}{who}")
    return "\n".join(lines)
