"""Background job: a rule run for a user's region, stored for the pages and the workflow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fupin.jobs.models import Job
from fupin.jobs.services import JobError, Progress
from fupin.registry.models import Household
from fupin.standards.resolve import StandardMissing

from .facts import RunInputs
from .runs import store_run


def rule_run_job(job: Job, progress: Progress) -> tuple[str, dict[str, Any]]:
    user = job.created_by
    if user is None:
        raise JobError("发起运行的账号已不存在")
    region = job.params.get("region") or user.scope_code
    run = RunInputs.of(job.params["year"], dt.date.fromisoformat(job.params["as_of"]))
    households = Household.objects.visible_to(user)
    if region:
        households = households.within(region)
    progress(0, 1, "按规则逐项计算（数据库集合运算）")
    try:
        stored, found = store_run(user, households, run, region=region)
    except StandardMissing as error:
        raise JobError(str(error)) from error
    progress(1, 1, "完成")
    return (
        f"运行完成：检查 {stored.households_checked} 户，{stored.households_alerted} 户预警，共 {len(found)} 条预警。",
        {"run": stored.pk},
    )
