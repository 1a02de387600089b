"""The household works' and the audits' pages: scope (another township finds nothing), the
builder and someone else acceptance through the forms, a 督导检查 reading and changing nothing,
the checklists page and the audit report's totals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fupin.ledger.models import Problem
from fupin.projects import audits, works
from fupin.projects.choices import WorksState
from fupin.projects.models import AuditLine, HouseholdWork, WorkExpense, WorksChecklist
from tests.conftest import client_for

from .builders import books, county_audit, household_work, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(village_admin):  # type: ignore[no-untyped-def]
    built = household_work(village_admin)
    works.record_done(village_admin, built, finished_on=dt.date(2026, 6, 1))
    return built


def test_another_township_sees_no_works(work, township_b_admin):
    client = client_for(township_b_admin)
    assert work.household.code not in client.get("/projects/works/").content.decode()
    assert client.get(f"/projects/works/{work.pk}/").status_code == 404
    response = client.post(f"/projects/works/{work.pk}/done/", {"done-finished_on": "2026-06-02"})
    assert response.status_code == 404


def test_the_list_and_the_page_show_the_works(work, township_a_admin):
    client = client_for(township_a_admin)
    assert work.household.code in client.get("/projects/works/?state=已完工").content.decode()
    page = client.get(f"/projects/works/{work.pk}/").content.decode()
    assert "现场验收" in page and work.checklist[0] in page


def inspection_post(work, passed: bool) -> dict:  # type: ignore[no-untyped-def]
    data = {"inspect-inspected_on": "2026-06-10", "inspect-evidence": photo()}
    for n in range(1, len(work.checklist) + 1):
        data[f"inspect-item_{n}"] = "1" if passed or n > 1 else "0"
        data[f"inspect-note_{n}"] = "" if passed or n > 1 else "墙体开裂"
    return data


def test_a_failed_acceptance_through_the_form_opens_the_problem_shown_on_the_page(
    work, township_a_admin
):
    client = client_for(township_a_admin)
    response = client.post(
        f"/projects/works/{work.pk}/inspect/", inspection_post(work, False), follow=True
    )
    assert "验收结果已登记" in response.content.decode()
    work.refresh_from_db()
    assert work.state == WorksState.FAILED
    problem = Problem.objects.get()
    assert "验收发现的问题" in response.content.decode()
    assert f"问题 {problem.pk}" in response.content.decode()


def test_the_builder_is_not_offered_the_acceptance_and_is_refused_it(village_admin, county_admin):
    own = household_work(county_admin, "W2")
    works.record_done(county_admin, own, finished_on=dt.date(2026, 6, 1))
    client = client_for(county_admin)
    assert "登记验收结果" not in client.get(f"/projects/works/{own.pk}/").content.decode()
    response = client.post(f"/projects/works/{own.pk}/inspect/", inspection_post(own, True))
    assert response.status_code == 400 and "另一人" in response.content.decode()
    assert not own.inspections.exists()


def test_a_wrong_expense_through_the_form_shows_the_reason_and_writes_nothing(village_admin, work):
    response = client_for(village_admin).post(
        f"/projects/works/{work.pk}/expense/",
        {
            "expense-category": "人工",
            "expense-item": "瓦工",
            "expense-quantity": "3",
            "expense-unit": "工日",
            "expense-unit_price": "200.00",
            "expense-amount": "650.00",
        },
    )
    assert response.status_code == 400 and "数量 × 单价" in response.content.decode()
    assert not WorkExpense.objects.exists()


def test_an_inspector_reads_the_works_and_changes_nothing(work, inspector):
    client = client_for(inspector)
    page = client.get(f"/projects/works/{work.pk}/").content.decode()
    assert work.household.code in page and "登记验收结果" not in page
    response = client.post(f"/projects/works/{work.pk}/inspect/", inspection_post(work, True))
    assert response.status_code == 403
    assert client.get("/projects/works/new/").status_code == 403
    assert HouseholdWork.objects.get().state == WorksState.DONE


def test_a_county_administrator_edits_the_provinces_checklist(county_admin, township_a_admin):
    page = client_for(township_a_admin).get("/projects/works/checklists/").content.decode()
    assert "系统默认" in page and "保存" not in page
    response = client_for(county_admin).post(
        "/projects/works/checklists/",
        {"kind": "改厕", "k1-items": "粪池不渗漏\n便器可冲水\n"},
        follow=True,
    )
    assert "已修改" in response.content.decode()
    assert WorksChecklist.objects.get(province_id="22", kind="改厕").items == [
        "粪池不渗漏",
        "便器可冲水",
    ]


def test_a_township_cannot_edit_the_checklist(township_a_admin):
    client_for(township_a_admin).post(
        "/projects/works/checklists/", {"kind": "改厕", "k1-items": "x"}
    )
    assert not WorksChecklist.objects.exists()


@pytest.fixture
def audited(village_admin, county_admin, township_a_admin):  # type: ignore[no-untyped-def]
    made = books(village=village_admin, county=county_admin, township=township_a_admin)
    return county_audit(county_admin), made["project"], made["allocation"]


def test_the_county_covers_and_marks_through_the_forms_and_the_report_totals_them(
    audited, county_admin
):
    audit, project, line = audited
    client = client_for(county_admin)
    client.post(
        f"/projects/audits/{audit.pk}/cover/",
        {"projects": [project.pk], "allocations": [line.pk]},
    )
    assert AuditLine.objects.count() == 2
    covered = AuditLine.objects.get(target="资金安排")
    response = client.post(
        f"/projects/audits/{audit.pk}/lines/{covered.pk}/",
        {f"line-{covered.pk}-result": "存疑", f"line-{covered.pk}-note": "票据不全"},
        follow=True,
    )
    assert "审计结果已登记" in response.content.decode()
    assert Problem.objects.get().origin_key == f"audit:{covered.pk}"
    report = client.get(f"/projects/audits/{audit.pk}/report/").content.decode()
    assert "票据不全" in report and "300,000.00" in report


def test_a_questioned_mark_without_a_note_writes_nothing(audited, county_admin):
    audit, project, _ = audited
    (covered,) = audits.add_lines(county_admin, audit, projects=[project])
    response = client_for(county_admin).post(
        f"/projects/audits/{audit.pk}/lines/{covered.pk}/", {f"line-{covered.pk}-result": "违规"}
    )
    assert response.status_code == 400
    covered.refresh_from_db()
    assert covered.result == "待核查" and not Problem.objects.exists()


def test_another_township_finds_no_audit_and_an_inspector_marks_nothing(
    audited, county_admin, township_b_admin, inspector
):
    audit, project, _ = audited
    (covered,) = audits.add_lines(county_admin, audit, projects=[project])
    assert client_for(township_b_admin).get(f"/projects/audits/{audit.pk}/").status_code == 404
    assert client_for(inspector).get(f"/projects/audits/{audit.pk}/report/").status_code == 200
    response = client_for(inspector).post(
        f"/projects/audits/{audit.pk}/lines/{covered.pk}/",
        {f"line-{covered.pk}-result": "违规", f"line-{covered.pk}-note": "x"},
    )
    assert response.status_code == 403
    covered.refresh_from_db()
    assert covered.result == "待核查"


def test_a_township_sees_the_county_audit_of_its_projects_and_no_other_township_does(
    audited, county_admin, township_a_admin, township_b_admin
):
    audit, project, _ = audited
    assert client_for(township_a_admin).get(f"/projects/audits/{audit.pk}/").status_code == 404
    audits.add_lines(county_admin, audit, projects=[project])
    page = client_for(township_a_admin).get(f"/projects/audits/{audit.pk}/")
    assert page.status_code == 200 and project.name in page.content.decode()
    assert client_for(township_b_admin).get(f"/projects/audits/{audit.pk}/").status_code == 404
    assert audit.name not in client_for(township_b_admin).get("/projects/audits/").content.decode()
    assert audit.name in client_for(township_a_admin).get("/projects/audits/").content.decode()


def queries_for(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_works_list_and_an_audit_page_cost_no_query_per_row(audited, county_admin):
    audit, project, line = audited
    client = client_for(county_admin)
    household_work(county_admin, "L1")
    few = queries_for(client, "/projects/works/")
    for n in range(2, 8):
        household_work(county_admin, f"L{n}")
    assert queries_for(client, "/projects/works/") == few
    audits.add_lines(county_admin, audit, projects=[project])
    one = queries_for(client, f"/projects/audits/{audit.pk}/")
    audits.add_lines(county_admin, audit, allocations=[line], funds=[line.fund])
    assert queries_for(client, f"/projects/audits/{audit.pk}/") == one
