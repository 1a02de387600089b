"""Rule pages: the household 体检, alerts, runs, villages and gaps — within scope only."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from fupin.jobs.models import Job, JobStatus
from fupin.regions.models import Region
from fupin.registry.models import Household, VillageInfo
from fupin.rules.facts import RunInputs
from fupin.rules.models import Alert, RuleRun
from fupin.rules.runs import store_run
from tests.conftest import client_for

from .builders import adults, household, income

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(township_b_code):
    a = household("A1", exit_year=2019, housing_grade="C级")
    adults(a, 3)
    income(a, 2025, "11700")
    village_b = Region.objects.children_of(township_b_code).order_by("code").first().code
    b = household("B1", village=village_b, exit_year=2019, housing_grade="D级")
    adults(b, 1)
    VillageInfo.objects.create(
        village_id="220802100001", households_registered=10, population=100, is_poor_village=True
    )
    VillageInfo.objects.create(
        village_id=village_b, households_registered=10, population=100, is_poor_village=False
    )


def test_the_checkup_explains_each_criterion_with_figures(county, township_a_admin):
    Household.objects.filter(code="A1").update(exit_year=None)
    page = client_for(township_a_admin).get(reverse("rules:checkup", args=["A1"]), {"year": 2025})
    text = page.content.decode()
    assert "人均纯收入 3,900.00 元 ≤ 扶贫标准 4,000.00 元（全国2021年）" in text
    assert "未达到退出标准" in text


def test_the_checkup_of_an_exited_household_lists_its_alerts(county, township_a_admin):
    text = (
        client_for(township_a_admin)
        .get(reverse("rules:checkup", args=["A1"]), {"year": 2025})
        .content.decode()
    )
    assert "M01" in text and "M08" in text


def test_the_checkup_of_another_township_is_not_found(county, township_a_admin):
    assert (
        client_for(township_a_admin).get(reverse("rules:checkup", args=["B1"])).status_code == 404
    )


def test_a_run_from_the_page_stores_alerts_for_the_users_region_only(
    county, township_a_admin, django_capture_on_commit_callbacks
):
    client = client_for(township_a_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rules:run_start"), {"year": "2025", "as_of": ""})
    job = Job.objects.get()
    job.refresh_from_db()
    assert response.url == job.get_absolute_url() and job.status == JobStatus.SUCCEEDED, job.message
    run = RuleRun.objects.get()
    assert run.region_id == township_a_admin.scope_code
    assert set(Alert.objects.values_list("household__code", flat=True)) == {"A1"}
    page = client.get(reverse("rules:alert_list")).content.decode()
    assert ">A1<" in page and "M08" in page


def test_a_run_from_the_page_leaves_every_table_of_the_region_in_one_workbook(
    county, township_a_admin, django_capture_on_commit_callbacks
):
    client = client_for(township_a_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rules:run_start"), {"year": "2025", "as_of": ""})
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


def test_alert_list_hides_other_townships(county, township_a_admin, township_b_admin):
    store_run(None, Household.objects.all(), RunInputs.of(2025, dt.date(2025, 12, 31)), region=None)
    assert (
        ">B1<" not in client_for(township_a_admin).get(reverse("rules:alert_list")).content.decode()
    )
    page = client_for(township_b_admin).get(reverse("rules:alert_list"))
    assert {alert.household.code for alert in page.context["page"]} == {"B1"}


def test_the_inspector_cannot_start_a_run(inspector):
    assert (
        client_for(inspector).post(reverse("rules:run_start"), {"year": "2025"}).status_code == 403
    )


def test_villages_page_lists_only_villages_in_scope(county, township_a_admin):
    rows = (
        client_for(township_a_admin)
        .get(reverse("rules:village_list"), {"year": 2025})
        .context["rows"]
    )
    assert [row[0] for row in rows] == ["220802100001"]


def test_gaps_page_lists_only_people_in_scope(county, township_a_admin):
    Household.objects.update(exit_year=2019)
    from fupin.registry.models import Member

    Member.objects.update(birth_date=dt.date(1950, 1, 1))
    rows = list(
        client_for(township_a_admin).get(reverse("rules:gap_list"), {"year": 2025}).context["page"]
    )
    assert rows and all(code == "A1" for code, *_ in rows)


def test_a_bad_run_parameter_is_harmless(county, township_a_admin):
    assert (
        client_for(township_a_admin)
        .get(reverse("rules:alert_list"), {"run": "x' OR 1=1"})
        .status_code
        == 200
    )


def test_exports_are_scoped_and_masked(county, township_a_admin, inspector):
    import io

    import openpyxl

    store_run(None, Household.objects.all(), RunInputs.of(2025, dt.date(2025, 12, 31)), region=None)
    download = client_for(township_a_admin).get(reverse("rules:alert_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"A1"}
    from fupin.registry.models import Member

    Member.objects.update(birth_date=dt.date(1950, 1, 1))
    download = client_for(inspector).get(reverse("rules:gap_export"), {"year": 2025})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    people = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert people and all("**********" in person for person in people)
