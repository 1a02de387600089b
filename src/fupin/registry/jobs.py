"""Background job handlers of the registry: import an uploaded workbook, export for a user."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from fupin.core.importing.annotate import annotate, annotated_name
from fupin.jobs.models import Job
from fupin.jobs.services import JobError, Progress, job_folder

from .exporting import export_registry
from .filters import HouseholdFilter
from .importing import import_file
from .models import Household

MAX_ISSUES_SHOWN = 500


def import_job(job: Job, progress: Progress) -> tuple[str, dict[str, Any]]:
    """Import the file uploaded into the job's folder; on refusal, keep an annotated copy."""
    folder = job_folder(job)
    source = folder / Path(job.params["file"]).name
    outcome = import_file(
        job.created_by, source, update=job.params.get("update", False), progress=progress
    )
    result: dict[str, Any] = {
        "issues": [asdict(issue) for issue in outcome.issues[:MAX_ISSUES_SHOWN]],
        "issue_count": len(outcome.issues),
    }
    if outcome.issues and source.is_file():
        name = annotated_name(source)
        annotate(source, outcome.columns, outcome.issues, folder / name)
        result |= {"file": name, "download_name": name, "download_label": "标注了问题的工作簿"}
    if not outcome.written:
        raise JobError(outcome.summary(), result)
    return outcome.summary(), result


def export_job(job: Job, progress: Progress) -> tuple[str, dict[str, Any]]:
    """Export the registry of the user's scope (narrowed to a region), masked as their role needs."""
    user = job.created_by
    if user is None:
        raise JobError("发起导出的账号已不存在")
    name = f"建档立卡数据-{job.params.get('region') or user.scope_code or '全国'}.xlsx"
    progress(0, 1, "导出中")
    filters = job.params.get("filters")
    counts = export_registry(
        job_folder(job) / name,
        user=user,
        region=job.params.get("region"),
        households=HouseholdFilter(filters).filtered(Household.objects.visible_to(user))
        if filters
        else None,
        mask=not user.sees_identity,
    )
    progress(1, 1, "完成")
    summary = "导出完成：" + "，".join(f"{sheet} {count} 行" for sheet, count in counts.items())
    return summary, {"file": name, "download_name": name, "download_label": "导出的工作簿"}
