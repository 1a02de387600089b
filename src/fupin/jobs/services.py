"""Starting and running background jobs.

``start_job`` records the job and enqueues it once the surrounding transaction commits; the task
backend (``settings.TASKS``) decides whether a worker or the current process runs it. Handlers
report progress through a callback that writes at most a few times a second.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from fupin.core.errors import DomainError, Refusal

from .models import Job, JobOwner, JobStatus

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
PROGRESS_INTERVAL_SECONDS = 0.5


class JobError(DomainError):
    """A refusal a handler wants shown to the user as it is (a Chinese sentence), with an
    optional result to keep (the problems found, a file to download)."""

    def __init__(self, message: str, result: Any = None, *, refusal: Refusal | None = None) -> None:
        super().__init__(message, refusal=refusal)
        self.result = result


def job_folder(job: Job) -> Path:
    """Where a job keeps its uploaded input and the file it produces (one folder per job)."""
    folder = Path(settings.DATA_DIR) / "jobs" / str(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def job_file(job: Job) -> Path | None:
    """The file a finished job produced for download, if any (named in ``result["file"]``)."""
    name = (job.result or {}).get("file") if isinstance(job.result, dict) else None
    if not name:
        return None
    path = job_folder(job) / Path(name).name  # a bare name: never a path out of the folder
    return path if path.is_file() else None


def create_job(actor: JobOwner, *, label: str, handler: str, params: dict[str, Any]) -> Job:
    """Record a job without starting it, for callers that must first put its input in place
    (an uploaded file in ``job_folder(job)``); then call ``enqueue_job``."""
    import_string(handler)  # fail now, in the caller, if the handler path is wrong
    return Job.objects.create(label=label, handler=handler, params=params, created_by_id=actor.pk)


def enqueue_job(job: Job) -> Job:
    """Run the job once the surrounding transaction commits."""
    from .tasks import run_job

    transaction.on_commit(partial(run_job.enqueue, str(job.pk)))
    return job


def start_job(actor: JobOwner, *, label: str, handler: str, params: dict[str, Any]) -> Job:
    """Record a job for ``actor`` and enqueue it after commit."""
    return enqueue_job(create_job(actor, label=label, handler=handler, params=params))


def execute_job(job_id: str) -> None:
    """Run one job to the end, recording success or failure on its row."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return  # already taken by another worker, or run inline before
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    handler = import_string(job.handler)
    try:
        message, result = handler(job, _progress_writer(job))
    except JobError as refusal:
        _finish(job, JobStatus.FAILED, str(refusal), refusal.result)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.handler)
        _finish(
            job,
            JobStatus.FAILED,
            "任务因内部错误中止，数据未作任何修改。请联系系统管理员查看日志。",
        )
    else:
        _finish(job, JobStatus.SUCCEEDED, message, result)


def _finish(job: Job, status: str, message: str, result: Any = None) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status, message=message, result=result, finished_at=timezone.now()
    )


def _progress_writer(job: Job) -> Progress:
    last_write = 0.0

    def write(done: int, total: int, step: str) -> None:
        nonlocal last_write
        now = time.monotonic()
        if now - last_write < PROGRESS_INTERVAL_SECONDS and done < total:
            return
        last_write = now
        Job.objects.filter(pk=job.pk).update(done=done, total=total, step=step[:200])

    return write
