"""The one Django task: run a recorded job by id (ids in; the job row restores the actor)."""

from __future__ import annotations

from django_tasks import task

from .services import execute_job


@task()
def run_job(job_id: str) -> None:
    execute_job(job_id)
