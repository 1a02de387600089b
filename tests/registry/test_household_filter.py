"""The household list's one filter: its export holds the households the page lists for the same
parameters (and only their members and incomes), a bad parameter is refused alike, and no filter
reaches outside the user's region."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from fupin.jobs.models import Job, JobStatus
from tests.conftest import VILLAGE_A, client_for

from .test_pages import county, list_codes  # noqa: F401  (county is a fixture)

pytestmark = pytest.mark.django_db


def exported(client, user, capture, params: dict[str, str]) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """户编号 per sheet of the export the list's button starts with ``params``."""
    with capture(execute=True):
        client.post(reverse("registry:export"), params)
    job = Job.objects.filter(created_by=user).latest("created_at")
    assert job.status == JobStatus.SUCCEEDED, job.message
    download = client.get(reverse("jobs:download", args=[job.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    return {
        sheet: sorted({row[0] for row in workbook[sheet].iter_rows(min_row=2, values_only=True)})
        for sheet in ("户信息", "家庭成员")
    }


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"region": VILLAGE_A},
        {"status": "ordinary"},
        {"status": "registered", "q": "H"},
        {"q": "王淑芬"},
        {"attribute": "一般贫困户"},
        {"status": "poor"},
    ],
)
def test_the_export_holds_what_the_page_lists(
    county,  # noqa: F811
    county_admin,
    django_capture_on_commit_callbacks,
    params,
):
    client = client_for(county_admin)
    listed = list_codes(client, **params)
    sheets = exported(client, county_admin, django_capture_on_commit_callbacks, params)
    assert sheets == {"户信息": listed, "家庭成员": listed}


def test_a_bad_parameter_is_refused_alike_on_the_page_and_the_export(
    county,  # noqa: F811
    county_admin,
):
    client = client_for(county_admin)
    message = "区域：区划代码应为数字"
    page = client.get(reverse("registry:household_list"), {"region": "abc"})
    assert message in page.content.decode() and list(page.context["page"]) == []
    refused = client.post(reverse("registry:export"), {"region": "abc"}, follow=True)
    assert message in refused.content.decode()
    assert not Job.objects.exists()


def test_no_filter_reaches_outside_the_users_region(
    county,  # noqa: F811
    township_a_admin,
    django_capture_on_commit_callbacks,
):
    client = client_for(township_a_admin)
    capture = django_capture_on_commit_callbacks
    outside = {"region": county}
    assert list_codes(client, **outside) == []
    assert exported(client, township_a_admin, capture, outside) == {"户信息": [], "家庭成员": []}
    assert exported(client, township_a_admin, capture, {"q": "赵外乡"})["户信息"] == []
