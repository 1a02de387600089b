"""审计: lines over funds, projects, fund lines and expenses, each marked; a 存疑 or 违规 line opens
exactly one ledger problem with its links, and the report's totals by result."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fupin.core.errors import Refusal
from fupin.ledger.models import Problem
from fupin.projects import audits
from fupin.projects.choices import AuditResult
from fupin.projects.errors import ProjectError
from fupin.projects.models import Audit, AuditEvidence, AuditLine
from fupin.projects.stats import project_statistics
from fupin.regions.models import Region
from tests.conftest import COUNTY, TOWNSHIP_A

from . import builders
from .builders import photo

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 5, 1)


@pytest.fixture
def books(village_admin, county_admin, township_a_admin):  # type: ignore[no-untyped-def]
    return builders.books(village=village_admin, county=county_admin, township=township_a_admin)


def new_audit(actor, region=COUNTY):  # type: ignore[no-untyped-def]
    return builders.county_audit(actor, region)


def covering(actor, books):  # type: ignore[no-untyped-def]
    audit = new_audit(actor)
    lines = audits.add_lines(
        actor,
        audit,
        funds=[books["fund"]],
        projects=[books["project"]],
        allocations=[books["allocation"]],
        expenses=[books["expense"]],
    )
    return audit, {line.target: line for line in lines}


def test_an_audit_covers_funds_projects_fund_lines_and_expenses_with_their_amounts(
    county_admin, books
):
    _, lines = covering(county_admin, books)
    assert {target: line.amount for target, line in lines.items()} == {
        "资金": Decimal("1000000.00"),
        "项目": Decimal("400000.00"),
        "资金安排": Decimal("300000.00"),
        "支出": Decimal("120000.00"),
    }
    assert lines["支出"].region_id == books["project"].region_id
    assert all(line.result == AuditResult.PENDING for line in lines.values())


def test_an_object_is_covered_once_per_audit(county_admin, books):
    audit, _ = covering(county_admin, books)
    with pytest.raises(ProjectError, match="已在本次审计中"):
        audits.add_lines(county_admin, audit, projects=[books["project"]])
    with pytest.raises(ProjectError, match="两次"):
        audits.add_lines(county_admin, new_audit(county_admin), funds=[books["fund"]] * 2)
    assert AuditLine.objects.count() == 4


def test_a_questioned_line_opens_exactly_one_ledger_problem_with_its_links(county_admin, books):
    _, lines = covering(county_admin, books)
    line = lines["资金安排"]
    audits.mark_line(
        county_admin, line, result="存疑", note="支付凭证不全", files=[photo("底稿.jpg")]
    )
    problem = Problem.objects.get()
    assert problem.origin_key == f"audit:{line.pk}"
    assert (problem.category, problem.source) == ("项目资金", "审计")
    assert problem.project_id == books["project"].pk
    assert problem.allocation_id == books["allocation"].pk
    assert problem.responsible_unit == "平安镇人民政府"
    assert problem.region_id == books["project"].region_id
    assert "支付凭证不全" in problem.description
    assert AuditEvidence.objects.filter(line=line).count() == 1

    # Settled as 违规 later: still the one problem.
    audits.mark_line(county_admin, line, result="违规", note="挤占挪用")
    assert Problem.objects.count() == 1
    line.refresh_from_db()
    assert line.result == AuditResult.VIOLATION


def test_a_confirmed_line_opens_nothing_and_is_final(county_admin, books):
    _, lines = covering(county_admin, books)
    audits.mark_line(county_admin, lines["支出"], result="核实无误")
    assert not Problem.objects.exists()
    with pytest.raises(ProjectError, match="不能再改"):
        audits.mark_line(county_admin, lines["支出"], result="违规", note="x")


def test_a_violation_on_a_fund_names_the_funds_office(county_admin, books):
    _, lines = covering(county_admin, books)
    audits.mark_line(county_admin, lines["资金"], result="违规", note="未按时拨付")
    problem = Problem.objects.get()
    assert problem.region_id == COUNTY and problem.project_id is None
    assert problem.responsible_unit == Region.objects.get(code=COUNTY).name


@pytest.mark.parametrize(
    ("result", "note"), [("待核查", "x"), ("不知道", "x"), ("存疑", ""), ("违规", "  ")]
)
def test_a_bad_mark_is_refused_and_writes_nothing(county_admin, books, result, note):
    _, lines = covering(county_admin, books)
    with pytest.raises(ProjectError):
        audits.mark_line(county_admin, lines["项目"], result=result, note=note)
    line = AuditLine.objects.get(pk=lines["项目"].pk)
    assert line.result == AuditResult.PENDING and line.marked_by is None
    assert not Problem.objects.exists() and not AuditEvidence.objects.exists()


def test_the_report_totals_lines_and_amounts_by_result(county_admin, books):
    audit, lines = covering(county_admin, books)
    audits.mark_line(county_admin, lines["资金"], result="核实无误")
    audits.mark_line(county_admin, lines["项目"], result="存疑", note="绩效目标未达")
    audits.mark_line(county_admin, lines["支出"], result="存疑", note="发票存疑")
    totals = {row.result: (row.lines, row.amount) for row in audits.report_totals(audit.lines)}
    assert totals == {
        "待核查": (1, Decimal("300000.00")),
        "核实无误": (1, Decimal("1000000.00")),
        "存疑": (2, Decimal("520000.00")),
        "违规": (0, Decimal("0.00")),
    }
    assert Problem.objects.count() == 2
    assert project_statistics(COUNTY)["audit_lines_questioned"] == 2
    assert project_statistics(TOWNSHIP_A)["audit_lines_questioned"] == 2


def test_only_the_county_keeps_audits(township_a_admin, inspector, county_admin, books):
    for actor in (township_a_admin, inspector):
        with pytest.raises(ProjectError) as refused:
            new_audit(actor, region=TOWNSHIP_A)
        assert refused.value.refusal in (Refusal.ROLE, Refusal.NOT_FOUND)
    _, lines = covering(county_admin, books)
    with pytest.raises(ProjectError) as refused:
        audits.mark_line(inspector, lines["项目"], result="存疑", note="x")
    assert refused.value.refusal == Refusal.ROLE
    assert not Problem.objects.exists()


def test_an_audit_of_a_township_cannot_cover_another_townships_project(
    county_admin, books, township_b_code
):
    audit = new_audit(county_admin, region=township_b_code)
    with pytest.raises(ProjectError, match="不在审计区域内"):
        audits.add_lines(county_admin, audit, projects=[books["project"]])
    assert not AuditLine.objects.exists()


def test_dates_out_of_order_write_no_audit(county_admin):
    with pytest.raises(ProjectError, match="结束日期"):
        audits.open_audit(
            county_admin,
            region=Region.objects.get(code=COUNTY),
            name="审计",
            auditor_unit="审计局",
            started_on=dt.date(2026, 6, 30),
            ended_on=dt.date(2026, 6, 1),
        )
    assert not Audit.objects.exists()
