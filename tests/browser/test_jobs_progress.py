"""A nationwide system administrator reloads 吉林省's division codes as a background job and
watches its progress widget to the end.

Tests run jobs with django-tasks' immediate backend (tests/settings.py). The reload view is not
inside a transaction, so the job is enqueued, and therefore run, as soon as it is recorded: the
POST answers only after the job has finished, and the job page shows it finished at once. With
the database backend of a real installation the same widget polls until the worker is done.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fupin.accounts.choices import Role
from fupin.jobs.models import Job, JobStatus
from tests.conftest import PASSWORD, make_user

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_system_admin_reloads_a_province_and_sees_the_job_finish(page: Page) -> None:
    make_user("sysadmin", Role.SYSTEM_ADMIN, None, is_staff=True, is_superuser=True)
    log_in(page, "sysadmin", PASSWORD)

    page.goto("/regions/reload/")
    expect(page.get_by_role("heading", name="重新载入区划代码")).to_be_visible()
    page.get_by_role("checkbox", name=re.compile("吉林省")).check()
    expect(page.locator("input[name=province]:checked")).to_have_count(1)
    page.get_by_role("button", name="开始载入").click()

    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("heading", name=re.compile("吉林省"))).to_be_visible()
    widget = page.locator(".job-progress")
    expect(widget).to_contain_text("已完成")
    expect(widget.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    # 吉林省 was loaded before the test, so the reload finds every row unchanged.
    expect(widget.get_by_role("status")).to_contain_text("新增 0 条")
    expect(widget.get_by_role("status")).to_contain_text(re.compile(r"未变 [1-9]\d* 条"))
    # Finished: the widget no longer polls.
    expect(widget).not_to_have_attribute("hx-get", re.compile(".*"))

    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED
    assert job.params == {"provinces": ["22"]}
    assert job.result == {"inserted": 0, "updated": 0}

    page.get_by_role("link", name="全部任务").click()
    row = page.get_by_role("row").filter(has_text="吉林省")
    expect(row).to_contain_text("已完成")
    expect(row).to_contain_text("100%")
