"""Background job handlers of the regions app."""

from __future__ import annotations

from typing import Any

from fupin.jobs.models import Job
from fupin.jobs.services import JobError, Progress

from .loading import RegionLoadError, load_regions


def load_regions_job(job: Job, progress: Progress) -> tuple[str, dict[str, Any]]:
    try:
        report = load_regions(job.params.get("provinces", []), progress=progress)
    except RegionLoadError as error:
        raise JobError(str(error)) from error
    return report.summary(), {"inserted": report.inserted, "updated": report.updated}
