"""API of household works and audits: scope (another township finds nothing), the arithmetic and
four eyes answered as 400 and 403, a failed acceptance and a 违规 line each opening one problem,
and a 督导检查 changing nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fupin.ledger.models import Problem
from fupin.projects import audits, works
from fupin.projects.choices import WorksState
from fupin.projects.models import Audit, HouseholdWork, WorkExpense
from tests.conftest import COUNTY, client_for
from tests.projects.builders import household_work, photo, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def work(village_admin):  # type: ignore[no-untyped-def]
    built = household_work(village_admin)
    works.record_done(village_admin, built, finished_on=dt.date(2025, 6, 1))
    return built


def test_another_township_finds_no_works(work, township_b_admin):
    client = client_for(township_b_admin)
    assert client.get("/api/projects/works").json()["items"] == []
    assert client.get(f"/api/projects/works/{work.pk}").status_code == 404


def test_a_wrong_amount_answers_400_and_writes_nothing(village_admin):
    fresh = household_work(village_admin, "W2")
    response = client_for(village_admin).post(
        f"/api/projects/works/{fresh.pk}/expenses",
        {
            "category": "材料",
            "item": "砖",
            "quantity": "1000",
            "unit": "块",
            "unit_price": "0.45",
            "amount": "460.00",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "数量 × 单价" in response.json()["detail"]
    assert not WorkExpense.objects.exists()


def results(work, failing: bool) -> str:  # type: ignore[no-untyped-def]
    rows = [{"passed": True} for _ in work.checklist]
    if failing:
        rows[0] = {"passed": False, "note": "屋面漏雨"}
    return json.dumps(rows)


def test_the_builder_is_answered_403_and_someone_else_fails_it_into_the_ledger(
    work, village_admin, township_a_admin
):
    data = {"inspected_on": "2025-06-10", "results": results(work, True), "files": photo()}
    someone_else = client_for(township_a_admin)
    # The village administrator built it and may not inspect at all (a village office).
    assert (
        client_for(village_admin).post(f"/api/projects/works/{work.pk}/inspect", data).status_code
        == 403
    )
    data = {"inspected_on": "2025-06-10", "results": results(work, True), "files": photo()}
    data["results"] = results(work, failing=True)
    answer = someone_else.post(f"/api/projects/works/{work.pk}/inspect", data)
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == WorksState.FAILED
    assert Problem.objects.get().origin_key == f"works:{work.pk}"


def test_an_inspector_changes_nothing(work, inspector):
    client = client_for(inspector)
    assert client.get(f"/api/projects/works/{work.pk}").status_code == 200
    data = {"inspected_on": "2025-06-10", "results": results(work, False), "files": photo()}
    assert client.post(f"/api/projects/works/{work.pk}/inspect", data).status_code == 403
    assert HouseholdWork.objects.get().state == WorksState.DONE
    response = client.post(
        "/api/projects/audits",
        {
            "region_code": COUNTY,
            "name": "审计",
            "auditor_unit": "审计局",
            "started_on": "2025-06-01",
            "ended_on": "2025-06-30",
        },
        content_type="application/json",
    )
    assert response.status_code == 403 and not Audit.objects.exists()


def test_an_audit_through_the_api_opens_one_problem_for_a_violation(
    village_admin, county_admin, township_a_admin, township_b_admin
):
    project = walk_to(
        "实施中", village=village_admin, county=county_admin, township=township_a_admin
    )
    client = client_for(county_admin)
    audit = client.post(
        "/api/projects/audits",
        {
            "region_code": COUNTY,
            "name": "专项审计",
            "auditor_unit": "审计局",
            "started_on": "2026-06-01",
            "ended_on": "2026-06-30",
        },
        content_type="application/json",
    ).json()
    covered = client.post(
        f"/api/projects/audits/{audit['id']}/lines",
        {"project_ids": [project.pk]},
        content_type="application/json",
    ).json()
    (line,) = covered["lines"]
    for _ in range(2):
        answer = client.post(
            f"/api/projects/audits/lines/{line['id']}/mark", {"result": "存疑", "note": "超概算"}
        )
        assert answer.status_code == 200
    assert Problem.objects.count() == 1
    totals = {row["result"]: row["lines"] for row in answer.json()["totals"]}
    assert totals["存疑"] == 1
    assert (
        client_for(township_b_admin).get(f"/api/projects/audits/{audit['id']}").status_code == 404
    )
    assert audits.report_totals(Audit.objects.get().lines)[2].lines == 1
