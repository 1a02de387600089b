"""Assets, their incomes and dividend plans: scope, roles, four eyes, the remainder rule, and the
payments as grants of 收益分红 in the registry. A refused change writes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin.core.errors import Refusal
from fupin.projects import assets, dividends
from fupin.projects.choices import AssetClass, DividendRule, PlanState
from fupin.projects.choices import ProjectState as S
from fupin.projects.errors import ProjectError
from fupin.projects.models import Asset, AssetIncome, DividendPayment, DividendPlan
from fupin.regions.models import Region
from fupin.registry.models import Grant, Income
from fupin.standards.models import Standard
from tests.conftest import TOWNSHIP_A, VILLAGE_A
from tests.rules.builders import income

from .assets_builders import PAID_ON, earning, homes, station
from .builders import walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(village_admin, county_admin, township_a_admin):  # type: ignore[no-untyped-def]
    return {"village": village_admin, "county": county_admin, "township": township_a_admin}


def draw(actor, asset, **given):  # type: ignore[no-untyped-def]
    values = {"year": 2025, "amount": "1000.00", "rule": DividendRule.EQUAL} | given
    return dividends.draw_plan(actor, asset, **values)


# --- The remainder rule ---------------------------------------------------------------------------


@given(
    total=st.integers(min_value=0, max_value=10**11),
    weights=st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=60),
)
def test_the_shares_add_up_to_the_fen_none_negative_and_the_leftover_goes_by_code(total, weights):
    named = [(f"H{index:03d}", weight) for index, weight in enumerate(weights)]
    shares = dividends.split(total, named)
    assert sum(shares.values()) == total
    assert all(share >= 0 for share in shares.values())
    whole = sum(weights)
    extra = {code: shares[code] - total * weight // whole for code, weight in named}
    assert set(extra.values()) <= {0, 1}
    # The leftover fen go to the first households in 户编号 order.
    ordered = [extra[code] for code in sorted(extra)]
    assert ordered == sorted(ordered, reverse=True)


def test_equal_shares_of_a_hundred_yuan_among_three_households():
    assert dividends.split(10000, [("B", 1), ("A", 1), ("C", 1)]) == {
        "A": 3334,
        "B": 3333,
        "C": 3333,
    }
    assert dividends.split(100, [("A", 1), ("B", 2)]) == {"A": 34, "B": 66}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cents=st.integers(min_value=1, max_value=8_000_000),
    village=st.integers(min_value=0, max_value=100),
    rule=st.sampled_from([DividendRule.EQUAL, DividendRule.BY_PERSON]),
)
def test_a_drawn_plan_pays_exactly_its_amount(offices, cents, village, rule):
    asset = Asset.objects.first()
    if asset is None:
        asset = station(offices)
        homes(asset, [1, 2, 3, 5, 4, 1, 2], offices["county"])
        earning(asset, offices["county"])
    plan = draw(
        offices["county"],
        asset,
        amount=Decimal(cents) / 100,
        village_part=Decimal(cents * village // 100) / 100,
        rule=rule,
    )
    payments = list(plan.payments.values_list("amount", flat=True))
    assert all(amount >= 0 for amount in payments)
    assert sum(payments) + plan.village_part + plan.posts_part == plan.amount
    DividendPayment.objects.filter(plan=plan).delete()
    plan.delete()


# --- Assets and incomes ---------------------------------------------------------------------------


def test_an_asset_is_registered_only_for_a_finished_project(offices):
    project = walk_to(S.IMPLEMENTING, **offices)
    with pytest.raises(ProjectError, match="验收后才能登记资产"):
        assets.register_asset(
            offices["county"],
            project,
            name="电站",
            asset_class=AssetClass.OPERATING,
            value="1.00",
            keeper="村委会",
            owner_unit="平安镇人民政府",
        )
    assert not Asset.objects.exists()


def test_an_asset_has_exactly_one_owner_and_a_positive_value(offices):
    project = walk_to(S.EVALUATED, **offices)
    county = offices["county"]
    good = {"name": "电站", "asset_class": AssetClass.PUBLIC, "keeper": "村委会"}
    village = Region.objects.get(code=VILLAGE_A)
    with pytest.raises(ProjectError, match="请选择一个产权归属"):
        assets.register_asset(county, project, value="1.00", **good)
    with pytest.raises(ProjectError, match="请选择一个产权归属"):
        assets.register_asset(
            county, project, value="1.00", owner_village=village, owner_unit="镇政府", **good
        )
    with pytest.raises(ProjectError, match="资产价值应大于 0"):
        assets.register_asset(county, project, value="0", owner_village=village, **good)
    with pytest.raises(ProjectError, match="所有村应为村级区划"):
        assets.register_asset(county, project, value="1", owner_village=village.parent, **good)
    assert not Asset.objects.exists()
    asset = assets.register_asset(
        county, project, value="12.50", owner_unit="平安镇人民政府", **good
    )
    assert asset.owner == "平安镇人民政府" and asset.value == Decimal("12.50")


def test_only_the_offices_of_the_region_register_assets_and_incomes(
    offices, township_b_admin, village_admin, inspector
):
    asset = station(offices)
    for actor, refusal in [
        (village_admin, Refusal.ROLE),
        (inspector, Refusal.ROLE),
        (township_b_admin, Refusal.NOT_FOUND),
    ]:
        with pytest.raises(ProjectError) as caught:
            earning(asset, actor)
        assert caught.value.refusal == refusal
        with pytest.raises(ProjectError) as caught:
            assets.register_asset(
                actor,
                asset.project,
                name="另一资产",
                asset_class=AssetClass.PUBLIC,
                value="1.00",
                keeper="村委会",
                owner_unit="镇政府",
            )
        assert caught.value.refusal == refusal
    assert Asset.objects.count() == 1 and not AssetIncome.objects.exists()


def test_income_is_recorded_once_a_year_for_an_operating_asset_only(offices):
    asset = station(offices)
    earning(asset, offices["township"])
    with pytest.raises(ProjectError, match="2025年的收益已登记"):
        earning(asset, offices["county"])
    with pytest.raises(ProjectError, match="不能晚于今年"):
        earning(asset, offices["county"], year=2027)
    public = assets.register_asset(
        offices["county"],
        asset.project,
        name="村道",
        asset_class=AssetClass.PUBLIC,
        value="1.00",
        keeper="村委会",
        owner_unit="镇政府",
    )
    with pytest.raises(ProjectError, match="只有经营性资产登记收益"):
        earning(public, offices["county"])
    assert AssetIncome.objects.count() == 1


# --- Plans ----------------------------------------------------------------------------------------


def test_a_plan_by_person_shares_by_active_members_and_gives_the_leftover_fen_by_code(offices):
    asset = station(offices)
    first, second, third = homes(asset, [1, 2, 3], offices["county"])
    earning(asset, offices["county"])
    plan = draw(
        offices["township"],
        asset,
        amount="1000.01",
        village_part="300.00",
        posts_part="100.00",
        rule=DividendRule.BY_PERSON,
    )
    paid = dict(plan.payments.values_list("household__code", "amount"))
    # 600.01 yuan = 60001 fen by 1:2:3 → 10000, 20000, 30000 rounded down, 1 fen left to the first.
    assert paid == {
        first.code: Decimal("100.01"),
        second.code: Decimal("200.00"),
        third.code: Decimal("300.00"),
    }
    assert plan.state == PlanState.DRAFT
    assert dict(plan.payments.values_list("household__code", "persons"))[third.code] == 3


def test_a_plan_distributes_at_most_the_income_left_for_its_year(offices):
    asset = station(offices)
    homes(asset, [1, 1], offices["county"])
    earning(asset, offices["county"], amount="1500.00")
    draw(offices["county"], asset, amount="1000.00")
    with pytest.raises(ProjectError, match=r"可分配余额为 500\.00 元，不足以分配 500\.01 元"):
        draw(offices["county"], asset, amount="500.01")
    with pytest.raises(ProjectError, match="没有2024年的收益"):
        draw(offices["county"], asset, amount="1.00", year=2024)
    with pytest.raises(ProjectError, match="之和超过分配金额"):
        draw(offices["county"], asset, amount="100.00", village_part="60", posts_part="40.01")
    assert DividendPlan.objects.count() == 1 and DividendPayment.objects.count() == 2


def test_a_list_plan_must_name_every_household_and_add_up(offices):
    asset = station(offices)
    first, second = homes(asset, [1, 4], offices["county"])
    earning(asset, offices["county"])
    listed = {"rule": DividendRule.BY_LIST, "amount": "500.00", "households": [first, second]}
    with pytest.raises(ProjectError, match=r"与应分到户的 500\.00 元不符"):
        draw(
            offices["county"],
            asset,
            amounts={first.code: Decimal("100"), second.code: Decimal("300")},
            **listed,
        )
    with pytest.raises(ProjectError, match="名单缺少农户"):
        draw(offices["county"], asset, amounts={first.code: Decimal("500")}, **listed)
    with pytest.raises(ProjectError, match="不小于 0"):
        draw(
            offices["county"],
            asset,
            amounts={first.code: Decimal("600"), second.code: Decimal("-100")},
            **listed,
        )
    assert not DividendPlan.objects.exists()
    plan = draw(
        offices["county"],
        asset,
        amounts={first.code: Decimal("123.45"), second.code: Decimal("376.55")},
        **listed,
    )
    assert dict(plan.payments.values_list("household__code", "amount")) == {
        first.code: Decimal("123.45"),
        second.code: Decimal("376.55"),
    }


def test_a_plan_is_approved_by_another_officer_and_paid_once(
    offices, township_b_admin, village_admin
):
    asset = station(offices)
    homes(asset, [1, 1], offices["county"])
    earning(asset, offices["county"])
    plan = draw(offices["township"], asset)
    with pytest.raises(ProjectError, match="制定人以外") as caught:
        dividends.approve_plan(offices["township"], plan)
    assert caught.value.refusal == Refusal.ROLE
    with pytest.raises(ProjectError, match="当前为“待审批”，不能发放"):
        dividends.pay_plan(offices["county"], plan, paid_on=PAID_ON)
    for outsider, refusal in [(township_b_admin, Refusal.NOT_FOUND), (village_admin, Refusal.ROLE)]:
        with pytest.raises(ProjectError) as caught:
            dividends.approve_plan(outsider, plan)
        assert caught.value.refusal == refusal
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT and plan.approved_by is None
    dividends.approve_plan(offices["county"], plan)
    with pytest.raises(ProjectError, match="不能审批"):
        dividends.approve_plan(offices["county"], plan)
    with pytest.raises(ProjectError, match="不能晚于今天"):
        dividends.pay_plan(offices["county"], plan, paid_on=PAID_ON.replace(month=7))
    assert not Grant.objects.exists()
    dividends.pay_plan(offices["township"], plan, paid_on=PAID_ON)
    plan.refresh_from_db()
    assert plan.state == PlanState.PAID
    assert set(plan.payments.values_list("paid_on", flat=True)) == {PAID_ON}
    with pytest.raises(ProjectError, match="不能发放"):
        dividends.pay_plan(offices["county"], plan, paid_on=PAID_ON)
    assert Grant.objects.count() == 2


def test_payments_land_as_dividend_grants_and_property_income(offices):
    asset = station(offices)
    first, second = homes(asset, [1, 3], offices["county"])
    earning(asset, offices["county"])
    Grant.objects.create(household=first, policy_id="CYFH", year=2025, amount=Decimal("50.00"))
    income(first, 2025, 9000, property_income=Decimal("100.00"))
    plan = draw(offices["township"], asset, amount="400.00", rule=DividendRule.BY_PERSON)
    dividends.approve_plan(offices["county"], plan)
    dividends.pay_plan(offices["county"], plan, paid_on=PAID_ON)
    grants = dict(
        Grant.objects.filter(policy_id="CYFH", year=2025).values_list("household_id", "amount")
    )
    assert grants == {first.pk: Decimal("150.00"), second.pk: Decimal("300.00")}
    assert Income.objects.get(household=first, year=2025).property_income == Decimal("200.00")
    # No income recorded for the second household's year: none is made up.
    assert not Income.objects.filter(household=second).exists()


def test_a_province_that_does_not_count_dividends_as_property_income(offices):
    Standard.objects.create(province_id="22", year=2020, dividend_property=0)
    asset = station(offices)
    (home,) = homes(asset, [2], offices["county"])
    earning(asset, offices["county"])
    income(home, 2025, 9000)
    plan = draw(offices["township"], asset, amount="10.00")
    dividends.approve_plan(offices["county"], plan)
    dividends.pay_plan(offices["county"], plan, paid_on=PAID_ON)
    assert Income.objects.get(household=home).property_income == 0
    assert Grant.objects.get(household=home).amount == Decimal("10.00")


def test_the_asset_figures_of_fupin_stats(offices, township_b_code):
    from fupin.projects.stats import project_statistics

    asset = station(offices)
    homes(asset, [1, 2], offices["county"])
    earning(asset, offices["county"])
    plan = draw(offices["township"], asset, amount="300.00", village_part="100.00")
    assert project_statistics(TOWNSHIP_A)["dividends_paid"] == "0.00"
    dividends.approve_plan(offices["county"], plan)
    dividends.pay_plan(offices["county"], plan, paid_on=PAID_ON)
    figures = project_statistics(TOWNSHIP_A)
    assert (figures["assets_value"], figures["dividends_paid"]) == ("400000.00", "200.00")
    assert figures["households_with_dividends"] == 2
    other = project_statistics(township_b_code)
    assert (other["assets_value"], other["dividends_paid"]) == ("0.00", "0.00")
    assert other["households_with_dividends"] == 0


def everything_in_projects() -> dict[str, int]:
    """The row count of every table of projects and of the registry, history included."""
    from django.apps import apps

    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"projects", "registry"}
    }


def test_a_paid_dividend_raises_the_income_the_exit_assessment_reads(offices):
    from fupin.assessment.exit import assess_rows
    from fupin.benefits.gaps import gaps
    from fupin.registry.models import Household
    from fupin.rules.facts import RunInputs
    from fupin.standards.resolve import in_force

    line = in_force("poverty_line", 2025, "22").value
    asset = station(offices)
    (home,) = homes(asset, [2], offices["county"])
    earning(asset, offices["county"])
    income(home, 2025, line * 2 - 50)
    run = RunInputs.of(2025)
    (before,) = assess_rows(Household.objects.filter(pk=home.pk), run)
    assert not before.e1
    owed_before = gaps(Household.objects.filter(pk=home.pk), run)
    plan = draw(offices["township"], asset, amount="100.00")
    dividends.approve_plan(offices["county"], plan)
    dividends.pay_plan(offices["county"], plan, paid_on=PAID_ON)
    (after,) = assess_rows(Household.objects.filter(pk=home.pk), run)
    assert after.e1 and after.per_capita == before.per_capita + 50
    # 收益分红 is a household policy that nobody is owed (rules.md §6): the grant adds no row.
    assert gaps(Household.objects.filter(pk=home.pk), run) == owed_before
