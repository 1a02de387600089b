"""Background jobs run once, record their outcome, and are seen only by who started them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fupin.jobs.models import Job, JobStatus
from fupin.jobs.services import JobError, execute_job, start_job
from tests.conftest import client_for


def succeed(job, progress):  # type: ignore[no-untyped-def]
    for done in range(1, 4):
        progress(done, 3, f"第 {done} 步")
    return "完成三步", {"steps": 3}


def refuse(job, progress):  # type: ignore[no-untyped-def]
    raise JobError("数据有误，未作修改。")


def crash(job, progress):  # type: ignore[no-untyped-def]
    raise RuntimeError("boom")


def run(actor, handler: str) -> Job:  # type: ignore[no-untyped-def]
    job = start_job(actor, label="测试任务", handler=f"tests.jobs.test_jobs.{handler}", params={})
    execute_job(str(job.pk))
    job.refresh_from_db()
    return job


def test_a_job_that_succeeds_records_its_message_and_result(county_admin):
    job = run(county_admin, "succeed")
    assert job.status == JobStatus.SUCCEEDED and job.percent == 100
    assert job.message == "完成三步" and job.result == {"steps": 3}
    assert job.done == 3 and job.total == 3


def test_a_refusal_is_shown_as_it_is(county_admin):
    job = run(county_admin, "refuse")
    assert job.status == JobStatus.FAILED and job.message == "数据有误，未作修改。"


def test_an_unexpected_error_is_reported_without_internals(county_admin):
    job = run(county_admin, "crash")
    assert (
        job.status == JobStatus.FAILED and "boom" not in job.message and "内部错误" in job.message
    )


def test_a_job_runs_only_once(county_admin):
    job = run(county_admin, "succeed")
    finished_at = job.finished_at
    execute_job(str(job.pk))
    job.refresh_from_db()
    assert job.finished_at == finished_at


def test_a_wrong_handler_path_fails_at_once(county_admin):
    with pytest.raises(ImportError):
        start_job(county_admin, label="x", handler="tests.jobs.test_jobs.missing", params={})


def test_jobs_are_enqueued_on_commit(county_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            county_admin, label="测试任务", handler="tests.jobs.test_jobs.succeed", params={}
        )
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_others_cannot_see_a_job(county_admin, township_a_admin):
    job = run(county_admin, "succeed")
    assert client_for(county_admin).get(reverse("jobs:progress", args=[job.pk])).status_code == 200
    assert (
        client_for(township_a_admin).get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    )
    assert (
        client_for(township_a_admin).get(reverse("jobs:progress", args=[job.pk])).status_code == 404
    )


def test_the_progress_fragment_polls_until_the_job_ends(county_admin):
    job = start_job(
        county_admin, label="测试任务", handler="tests.jobs.test_jobs.succeed", params={}
    )
    client = client_for(county_admin)
    assert "hx-get" in client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    execute_job(str(job.pk))
    finished = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "hx-get" not in finished and "完成三步" in finished


def test_reloading_region_codes_runs_as_a_job(sysadmin, django_capture_on_commit_callbacks):
    client = client_for(sysadmin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("regions:reload"), {"province": ["22"]})
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and "新增 0 条" in job.message
