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
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Job, JobStatus

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
PROGRESS_INTERVAL_SECONDS = 0.5


class JobError(Exception):
    """A refusal a handler wants shown to the user as it is (a Chinese sentence)."""


def start_job(actor: Any, *, label: str, handler: str, params: dict[str, Any]) -> Job:
    """Record a job for ``actor`` and enqueue it after commit."""
    from .tasks import run_job

    import_string(handler)  # fail now, in the caller, if the handler path is wrong
    job = Job.objects.create(label=label, handler=handler, params=params, created_by=actor)
    transaction.on_commit(partial(run_job.enqueue, str(job.pk)))
    return job


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
        _finish(job, JobStatus.FAILED, str(refusal))
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
