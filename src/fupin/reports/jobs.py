"""Background job: a whole rule run for a user's region. The alerts are stored for the pages and
the workflow; every table of the run goes into one workbook the user downloads."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fupin.alerts.rules import MONITOR_COLUMNS, alert_row
from fupin.assessment.exit import ASSESS_COLUMNS
from fupin.assessment.villages import VILLAGE_COLUMNS
from fupin.benefits.gaps import GAP_COLUMNS
from fupin.core.tables import write_workbook
from fupin.jobs.models import Job
from fupin.jobs.services import JobError, Progress, job_folder
from fupin.regions.models import Region
from fupin.registry.models import Household, VillageInfo
from fupin.rules.facts import RunInputs
from fupin.standards.resolve import StandardMissing

from .full_run import FullRun, full_run


def rule_run_job(job: Job, progress: Progress) -> tuple[str, dict[str, Any]]:
    user = job.created_by
    if user is None:
        raise JobError("发起运行的账号已不存在")
    code = job.params.get("region") or user.scope_code
    run = RunInputs.of(job.params["year"], dt.date.fromisoformat(job.params["as_of"]))
    households = Household.objects.visible_to(user)
    villages = VillageInfo.objects.visible_to(user)
    if code:
        households = households.within(code)
        villages = villages.within(code)
    region = Region.objects.get(code=code) if code else None
    try:
        result = full_run(user, households, villages, region, run, progress)
    except StandardMissing as error:
        raise JobError(str(error)) from error
    name = f"规则运行-{code or '全国'}-{run.year}-{run.as_of:%Y%m%d}.xlsx"
    write_workbook(job_folder(job) / name, _sheets(result, masked=not user.sees_identity))
    stored = result.stored
    return (
        f"运行完成：检查 {stored.households_checked} 户，{stored.households_alerted} 户预警，"
        f"共 {len(result.alerts)} 条预警；可以退出 "
        f"{result.statistics['households_exit_eligible']} 户，应享未享 {len(result.gaps)} 人次。",
        {
            "run": stored.pk,
            "file": name,
            "download_name": name,
            "download_label": "本次运行的全部结果（工作簿）",
        },
    )


def _sheets(result: FullRun, *, masked: bool) -> dict[str, tuple[list[str], Any]]:
    gaps = [row.masked() for row in result.gaps] if masked else result.gaps
    statistics = [[key, _cell(value)] for key, value in result.statistics.items()]
    return {
        "统计": (["指标", "数值"], statistics),
        "退出评估": (ASSESS_COLUMNS, result.assessment),
        "返贫预警": (MONITOR_COLUMNS, (alert_row(alert) for alert in result.alerts)),
        "应享未享": (GAP_COLUMNS, gaps),
        "村出列": (VILLAGE_COLUMNS, result.villages),
    }


def _cell(value: Any) -> Any:
    """Nested objects of the statistics (counts per rule, per policy…) as compact JSON text."""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value
