"""Report pages: the household 体检 and a whole rule run started from the page, within scope only."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from fupin.alerts.models import Alert, RuleRun
from fupin.jobs.models import Job, JobStatus
from fupin.registry.models import Household
from tests.conftest import client_for
from tests.rules.builders import two_townships

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(township_b_code):
    two_townships(township_b_code)


def test_the_checkup_explains_each_criterion_with_figures(county, township_a_admin):
    Household.objects.filter(code="A1").update(exit_year=None)
    page = client_for(township_a_admin).get(reverse("reports:checkup", args=["A1"]), {"year": 2025})
    text = page.content.decode()
    assert "人均纯收入 3,900.00 元 ≤ 扶贫标准 4,000.00 元（全国2021年）" in text
    assert "未达到退出标准" in text


def test_the_checkup_of_an_exited_household_lists_its_alerts(county, township_a_admin):
    text = (
        client_for(township_a_admin)
        .get(reverse("reports:checkup", args=["A1"]), {"year": 2025})
        .content.decode()
    )
    assert "M01" in text and "M08" in text


def test_the_checkup_of_another_township_is_not_found(county, township_a_admin):
    assert (
        client_for(township_a_admin).get(reverse("reports:checkup", args=["B1"])).status_code == 404
    )


def test_a_run_from_the_page_stores_alerts_for_the_users_region_only(
    county, township_a_admin, django_capture_on_commit_callbacks
):
    client = client_for(township_a_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:run_start"), {"year": "2025", "as_of": ""})
    job = Job.objects.get()
    job.refresh_from_db()
    assert response.url == job.get_absolute_url() and job.status == JobStatus.SUCCEEDED, job.message
    run = RuleRun.objects.get()
    assert run.region_id == township_a_admin.scope_code
    assert set(Alert.objects.values_list("household__code", flat=True)) == {"A1"}
    page = client.get(reverse("alerts:alert_list")).content.decode()
    assert ">A1<" in page and "M08" in page


def test_a_run_from_the_page_leaves_every_table_of_the_region_in_one_workbook(
    county, township_a_admin, django_capture_on_commit_callbacks
):
    client = client_for(township_a_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:run_start"), {"year": "2025", "as_of": ""})
    job = Job.objects.get()
    download = client.get(reverse("jobs:download", args=[job.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook.sheetnames == ["统计", "退出评估", "返贫预警", "应享未享", "村出列"]
    statistics = {
        key: value for key, value in workbook["统计"].iter_rows(min_row=2, values_only=True)
    }
    assert statistics["region_code"] == township_a_admin.scope_code
    alerted = {row[0] for row in workbook["返贫预警"].iter_rows(min_row=2, values_only=True)}
    assert alerted == {"A1"}
    villages = {row[0][:9] for row in workbook["村出列"].iter_rows(min_row=2, values_only=True)}
    assert villages <= {township_a_admin.scope_code}


def test_the_inspector_cannot_start_a_run(inspector):
    assert (
        client_for(inspector).post(reverse("reports:run_start"), {"year": "2025"}).status_code
        == 403
    )
