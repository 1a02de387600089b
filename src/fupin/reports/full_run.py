"""A whole rule run over a region: exit assessment, alerts (stored), benefits owed, village exit
and statistics, from one fact table computed once; the stored run opens its 系统预警 leads. The page's 规则运行 does this; the commands
each compute only what they write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from fupin.accounts.models import User
from fupin.alerts.models import RuleRun
from fupin.alerts.rules import Alert
from fupin.assessment.exit import assessment_rows
from fupin.assessment.rows import AssessmentRow, VillageRow
from fupin.assessment.villages import village_rows_from_facts
from fupin.benefits.gaps import gap_counts, owed
from fupin.benefits.rows import GapRow
from fupin.jobs.services import Progress
from fupin.monitoring.leads import store_run_opening_leads
from fupin.regions.models import Region
from fupin.registry.models import Household, VillageInfo
from fupin.rules.facts import RunInputs, prepared_facts

from .stats import region_statistics

STEPS = ("计算各户事实", "退出评估", "返贫预警（保存）", "应享未享", "贫困村出列", "统计")


@dataclass(frozen=True)
class FullRun:
    stored: RuleRun
    assessment: list[AssessmentRow]  # rows of `fupin assess`
    alerts: list[Alert]  # what `fupin monitor` writes, as stored in ``stored``
    gaps: list[GapRow]  # rows of `fupin gaps`
    villages: list[VillageRow]  # rows of `fupin villages`
    statistics: dict[str, Any]  # the object of `fupin stats`


def full_run(
    actor: User,
    households: QuerySet[Household],
    villages: QuerySet[VillageInfo],
    region: Region | None,
    run: RunInputs,
    progress: Progress | None = None,
) -> FullRun:
    """Every rule over ``households`` and ``villages`` (the same region, already limited to what
    ``actor`` may see), storing the alerts and opening the leads as ``fupin monitor`` does."""

    def step(number: int) -> None:
        if progress is not None:
            progress(number, len(STEPS), STEPS[number])

    step(0)
    with prepared_facts(households, run) as facts:
        step(1)
        assessed = assessment_rows(facts)
        step(2)
        stored, found = store_run_opening_leads(
            actor, households, run, region=region.code if region else None, facts=facts
        )
        step(3)
        owed_rows = owed(facts)
        step(4)
        village_table = list(village_rows_from_facts(villages, facts))
        step(5)
        statistics = region_statistics(region, facts, gap_counts(owed_rows))
    return FullRun(stored, assessed, found, owed_rows, village_table, statistics)
