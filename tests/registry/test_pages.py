"""Registry pages: list, search, household page, import upload, export and quality, all scoped."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.jobs.models import Job, JobStatus
from fupin.regions.models import Region
from fupin.registry.importing import import_file
from fupin.registry.models import Household
from tests.conftest import client_for

from .workbooks import HEAD_1, county_sheets, person_id, write_xlsx

B_HEAD = person_id(dt.date(1970, 1, 1), 9, male=True)


@pytest.fixture
def county(tmp_path, township_b_code):
    """H001, H002 in 平安镇 (township A); HB01 in township B."""
    village_b = Region.objects.children_of(township_b_code).order_by("code").first().code
    sheets = county_sheets()
    sheets["户信息"].append(
        [
            "HB01",
            village_b,
            B_HEAD,
            "13900001111",
            "否",
            None,
            None,
            None,
            None,
            None,
            "是",
            "是",
            "A级",
            None,
            None,
            "是",
            "是",
            "是",
            "是",
        ]
    )
    sheets["家庭成员"].append(
        [
            "HB01",
            "赵外乡",
            B_HEAD,
            "户主",
            "男",
            "汉族",
            "初中",
            "非在校生",
            "健康",
            None,
            None,
            "普通劳动力",
            "未务工",
            0,
            "是",
            "否",
            "是",
            "否",
            "正常",
            None,
        ]
    )
    assert import_file(None, write_xlsx(tmp_path / "县.xlsx", sheets)).written
    return village_b


def list_codes(client, **params) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("registry:household_list"), params)
    assert response.status_code == 200
    return sorted(h.code for h in response.context["page"])


def test_township_admin_lists_only_own_households(county, township_a_admin):
    assert list_codes(client_for(township_a_admin)) == ["H001", "H002"]


def test_county_admin_lists_the_whole_county_and_can_narrow_by_region(county, county_admin):
    client = client_for(county_admin)
    assert list_codes(client) == ["H001", "H002", "HB01"]
    assert list_codes(client, region="220802100001") == ["H001"]


def test_search_by_name_id_tail_and_code(county, county_admin):
    client = client_for(county_admin)
    assert list_codes(client, q="王淑芬") == ["H002"]
    assert list_codes(client, q=HEAD_1[-6:]) == ["H001"]
    assert list_codes(client, q=HEAD_1) == ["H001"]
    assert list_codes(client, q="HB01") == ["HB01"]


def test_search_does_not_reach_outside_the_scope(county, township_a_admin):
    client = client_for(township_a_admin)
    assert list_codes(client, q="赵外乡") == []
    assert list_codes(client, q=B_HEAD) == []
    assert list_codes(client, region=county[:9]) == []


def test_filters_by_status_and_attribute(county, county_admin):
    client = client_for(county_admin)
    assert list_codes(client, status="registered") == ["H001"]
    assert list_codes(client, status="ordinary") == ["H002", "HB01"]
    assert list_codes(client, status="exited") == ["H001"]
    assert list_codes(client, status="poor") == []
    assert list_codes(client, attribute="一般贫困户") == ["H001"]


def test_the_list_runs_a_fixed_number_of_queries(
    county, county_admin, django_assert_max_num_queries
):
    client = client_for(county_admin)
    with django_assert_max_num_queries(12):
        client.get(reverse("registry:household_list"))


def test_household_page_shows_members_incomes_and_per_capita(county, township_a_admin):
    page = client_for(township_a_admin).get(reverse("registry:household_detail", args=["H001"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert HEAD_1 in text and "张建国" in text
    # 2020: 9600 + 3800 + 0 + 2600 − 1300 = 14,700 over 3 members = 4,900.00
    assert "14,700.00" in text and "4,900.00" in text


def test_household_of_another_township_is_not_found(county, township_a_admin):
    response = client_for(township_a_admin).get(reverse("registry:household_detail", args=["HB01"]))
    assert response.status_code == 404


def test_the_inspector_sees_ids_and_phones_masked(county, inspector):
    text = (
        client_for(inspector)
        .get(reverse("registry:household_detail", args=["H001"]))
        .content.decode()
    )
    assert HEAD_1 not in text and f"{HEAD_1[:4]}**********{HEAD_1[-4:]}" in text
    assert "13812345678" not in text and "138****5678" in text


def test_household_history_lists_the_import(county, county_admin):
    text = (
        client_for(county_admin)
        .get(reverse("registry:household_history", args=["H001"]))
        .content.decode()
    )
    assert "导入 县.xlsx" in text


def test_export_is_scoped_and_masked_for_the_inspector(
    county, inspector, township_a_admin, django_capture_on_commit_callbacks
):
    for user, expected_codes, masked in (
        (township_a_admin, {"H001", "H002"}, False),
        (inspector, {"H001", "H002", "HB01"}, True),
    ):
        client = client_for(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("registry:export"), {"region": ""})
        job = Job.objects.filter(created_by=user).latest("created_at")
        assert response.url == job.get_absolute_url()
        job.refresh_from_db()
        assert job.status == JobStatus.SUCCEEDED, job.message
        download = client.get(reverse("jobs:download", args=[job.pk]))
        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
        codes = {row[0] for row in workbook["户信息"].iter_rows(min_row=2, values_only=True)}
        assert codes == expected_codes
        heads = {row[2] for row in workbook["户信息"].iter_rows(min_row=2, values_only=True)}
        assert (HEAD_1 in heads) is (not masked)


def upload(client, content: bytes, name: str = "县.xlsx", update: bool = False):  # type: ignore[no-untyped-def]
    data = {"file": SimpleUploadedFile(name, content)}
    if update:
        data["update"] = "on"
    return client.post(reverse("registry:import"), data)


def test_an_upload_with_an_error_writes_nothing_and_offers_the_annotated_workbook(
    tmp_path, township_a_admin, django_capture_on_commit_callbacks
):
    sheets = county_sheets()
    sheets["家庭成员"][4][3] = "之邻居"
    content = write_xlsx(tmp_path / "错.xlsx", sheets).read_bytes()
    client = client_for(township_a_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, content)
    job = Job.objects.get()
    job.refresh_from_db()
    assert response.url == job.get_absolute_url()
    assert job.status == JobStatus.FAILED and "发现 1 处错误" in job.message
    assert Household.objects.count() == 0
    page = client.get(job.get_absolute_url()).content.decode()
    assert "之邻居" in page and "第5行" in page and "下载标注了问题的工作簿" in page
    annotated = client.get(reverse("jobs:download", args=[job.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(annotated.streaming_content)))
    assert workbook.sheetnames[0] == "导入问题清单"
    cell = workbook["家庭成员"]["D5"]
    assert cell.comment is not None and "应为以下之一" in cell.comment.text
    assert cell.fill.start_color.rgb.endswith("FFC7CE")


def test_a_fixed_upload_imports(tmp_path, township_a_admin, django_capture_on_commit_callbacks):
    client = client_for(township_a_admin)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, write_xlsx(tmp_path / "好.xlsx", county_sheets()).read_bytes())
    job = Job.objects.get()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert Household.objects.count() == 2


def test_a_township_admin_cannot_import_into_another_township(
    tmp_path, township_b_admin, django_capture_on_commit_callbacks
):
    client = client_for(township_b_admin)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, write_xlsx(tmp_path / "县.xlsx", county_sheets()).read_bytes())
    job = Job.objects.get()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert any(issue["reason"] == "不在您的管辖范围内" for issue in job.result["issues"])
    assert Household.objects.count() == 0


@pytest.mark.parametrize("name", ["data.exe", "data.xls"])
def test_an_upload_of_the_wrong_kind_is_refused_on_the_form(township_a_admin, name):
    response = upload(client_for(township_a_admin), b"MZ", name=name)
    assert response.status_code == 200 and Job.objects.count() == 0
    assert "只能上传" in response.content.decode()


def test_the_inspector_cannot_import(inspector):
    assert client_for(inspector).get(reverse("registry:import")).status_code == 403


def test_quality_page_counts_findings_in_scope(county, township_a_admin, township_b_admin):
    Household.objects.filter(code="H001").update(phone="12345")
    page = client_for(township_a_admin).get(reverse("registry:quality"), {"year": 2020})
    assert page.context["total"] == 1
    assert (
        client_for(township_b_admin)
        .get(reverse("registry:quality"), {"year": 2020})
        .context["total"]
        == 0
    )


def test_heads_of_other_townships_never_appear_in_a_page(county, township_a_admin):
    client = client_for(township_a_admin)
    for url in (reverse("registry:household_list"), reverse("registry:quality"), reverse("home")):
        assert B_HEAD not in client.get(url).content.decode()
