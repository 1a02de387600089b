"""Funds: balances never go negative nor above their source, a refused allocation or expense writes
nothing, and the figures of `fupin stats`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin.core.errors import Refusal
from fupin.projects import funds, services
from fupin.projects.choices import ProjectState as S
from fupin.projects.errors import ProjectError
from fupin.projects.models import Allocation, Expense, Fund
from fupin.projects.stats import project_statistics
from tests.conftest import COUNTY, TOWNSHIP_A

from .builders import county_fund, walk_to

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 4, 1)


@pytest.fixture
def offices(village_admin, county_admin, township_a_admin):  # type: ignore[no-untyped-def]
    return {"village": village_admin, "county": county_admin, "township": township_a_admin}


def allocate(actor, fund, project, amount):  # type: ignore[no-untyped-def]
    return funds.allocate(actor, fund=fund, project=project, amount=amount, allocated_on=ON)


def spend(actor, allocation, amount):  # type: ignore[no-untyped-def]
    return funds.spend(
        actor,
        allocation=allocation,
        amount=amount,
        paid_on=ON,
        payee="白城光伏公司",
        purpose="组件",
    )


def test_a_fund_allocates_up_to_what_it_received_and_no_more(offices):
    county = offices["county"]
    fund = county_fund(county, "500000.00")
    project = walk_to(S.IN_LIBRARY, **offices)
    allocate(county, fund, project, "300000.00")
    allocate(county, fund, project, "200000.00")
    with pytest.raises(ProjectError, match=r"可安排余额为 0\.00 元，不足以安排 0\.01 元"):
        allocate(county, fund, project, "0.01")
    assert Allocation.objects.count() == 2
    assert funds.allocated(fund) == Decimal("500000.00")


def test_an_allocation_pays_out_up_to_what_it_was_given(offices):
    county = offices["county"]
    project = walk_to(S.IN_LIBRARY, **offices)
    line = allocate(county, county_fund(county), project, "400000.00")
    with pytest.raises(ProjectError, match="实施后才能支出"):
        spend(county, line, "100.00")
    services.start(offices["township"], project, started_on=dt.date(2026, 4, 2))
    spend(county, line, "399999.99")
    with pytest.raises(ProjectError, match=r"余额为 0\.01 元，不足以支出 0\.02 元"):
        spend(county, line, "0.02")
    spend(county, line, "0.01")
    assert funds.spent(line) == Decimal("400000.00")
    assert Expense.objects.count() == 2


def test_only_a_library_project_receives_funds(offices):
    county = offices["county"]
    project = walk_to(S.APPROVED, **offices)
    with pytest.raises(ProjectError, match="入库后才能安排资金"):
        allocate(county, county_fund(county), project, "1.00")
    assert not Allocation.objects.exists()


def test_a_township_s_fund_does_not_pay_for_another_township(
    offices, township_b_admin, township_b_code
):
    project = walk_to(S.IN_LIBRARY, **offices)
    fund = county_fund(township_b_admin, region=township_b_code)
    with pytest.raises(ProjectError) as refused:
        allocate(township_b_admin, fund, project, "1.00")
    assert refused.value.refusal == Refusal.NOT_FOUND


def test_a_village_office_keeps_no_funds(offices):
    with pytest.raises(ProjectError, match="只有县、乡镇的管理员可以登记资金"):
        county_fund(offices["village"])
    assert not Fund.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5", "1.005", "abc", "1e3000", "NaN"])
def test_a_bad_amount_is_refused(offices, amount):
    with pytest.raises(ProjectError):
        county_fund(offices["county"], amount)
    assert not Fund.objects.exists()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(min_value=1, max_value=60_000_00), min_size=1, max_size=12))
def test_whatever_is_asked_the_allocated_sum_never_passes_the_fund(offices, asked_fen):
    county = offices["county"]
    Allocation.objects.all().delete()
    Fund.objects.all().delete()
    fund = county_fund(county, "100000.00")
    project = walk_to(S.IN_LIBRARY, **offices)
    granted = Decimal("0")
    for fen in asked_fen:
        amount = Decimal(fen) / 100
        left = fund.amount - granted
        if amount <= left:
            allocate(county, fund, project, amount)
            granted += amount
        else:
            with pytest.raises(ProjectError):
                allocate(county, fund, project, amount)
        assert funds.allocated(fund) == granted <= fund.amount


def test_the_balances_of_a_list_of_funds_in_one_query(offices, django_assert_num_queries):
    county = offices["county"]
    fund = county_fund(county)
    project = walk_to(S.IN_LIBRARY, **offices)
    allocate(county, fund, project, "250000.00")
    county_fund(county, "80000.00")
    with django_assert_num_queries(1):
        rows = list(funds.with_balances(Fund.objects.order_by("amount")))
    assert [(f.amount, f.allocated_total) for f in rows] == [
        (Decimal("80000.00"), Decimal("0.00")),
        (Decimal("1000000.00"), Decimal("250000.00")),
    ]


def test_the_figures_of_fupin_stats(offices):
    county = offices["county"]
    fund = county_fund(county)
    project = walk_to(S.IN_LIBRARY, **offices)
    line = allocate(county, fund, project, "250000.00")
    services.start(offices["township"], project, started_on=dt.date(2026, 4, 2))
    spend(county, line, "1234.56")
    walk_to(S.DECLARED, **offices)
    assert project_statistics(COUNTY) == {
        "funds_received": "1000000.00",
        "funds_allocated": "250000.00",
        "funds_spent": "1234.56",
        "projects_by_state": {"已申报": 1, "实施中": 1},
        "works_accepted": 0,
        "works_failed_inspection": 0,
        "audit_lines_questioned": 0,
        "assets_value": "0.00",
        "dividends_paid": "0.00",
        "households_with_dividends": 0,
    }
    township = project_statistics(TOWNSHIP_A)
    assert township["funds_received"] == "0.00"  # the fund is the county's
    assert township["funds_allocated"] == "250000.00"
