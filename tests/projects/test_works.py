"""到户工程: the provinces' checklists, the expense arithmetic, four eyes at acceptance, and a
failed acceptance opening exactly one ledger problem."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fupin.core.errors import Refusal
from fupin.ledger.models import Problem
from fupin.projects import works
from fupin.projects.choices import WorksKind, WorksState
from fupin.projects.errors import ProjectError
from fupin.projects.models import HouseholdWork, WorkExpense, WorkInspection, WorksChecklist
from fupin.projects.stats import project_statistics
from fupin.regions.models import Region
from tests.conftest import COUNTY, make_user

from .builders import all_pass, household_work, one_fails, photo

pytestmark = pytest.mark.django_db
DONE_ON = dt.date(2026, 6, 1)
SEEN_ON = dt.date(2026, 6, 10)


def jilin() -> Region:
    return Region.objects.get(code="22")


def done(work, builder):  # type: ignore[no-untyped-def]
    works.record_done(builder, work, finished_on=DONE_ON, note="已完工")


def inspect(work, actor, results):  # type: ignore[no-untyped-def]
    return works.inspect(
        actor, work, inspected_on=SEEN_ON, results=results, files=[photo()], note="现场验收"
    )


# --- Checklists ---------------------------------------------------------------------------------


def test_a_works_takes_the_default_checklist_of_its_kind(village_admin):
    work = household_work(village_admin, kind=WorksKind.TOILET)
    assert work.checklist == list(works.DEFAULT_CHECKLISTS[WorksKind.TOILET])


def test_a_provinces_own_checklist_replaces_the_default_for_its_households_only(
    county_admin, village_admin
):
    works.set_checklist(county_admin, jilin(), kind=WorksKind.TOILET, items=["粪池不渗漏", " "])
    row = WorksChecklist.objects.get()
    assert row.items == ["粪池不渗漏"] and row.updated_by == county_admin
    assert household_work(village_admin, kind=WorksKind.TOILET).checklist == ["粪池不渗漏"]
    assert works.checklist_for("150102001001", WorksKind.TOILET) == list(
        works.DEFAULT_CHECKLISTS[WorksKind.TOILET]
    )


def test_changing_the_checklist_later_leaves_registered_works_as_they_were(
    county_admin, village_admin
):
    work = household_work(village_admin)
    works.set_checklist(county_admin, jilin(), kind=WorksKind.HOUSING, items=["新清单"])
    work.refresh_from_db()
    assert work.checklist == list(works.DEFAULT_CHECKLISTS[WorksKind.HOUSING])


@pytest.mark.parametrize("role", ["township_admin", "inspector"])
def test_only_system_and_county_administrators_edit_checklists(role):
    actor = make_user("someone", role, "220802100" if role == "township_admin" else COUNTY)
    with pytest.raises(ProjectError) as refused:
        works.set_checklist(actor, jilin(), kind=WorksKind.TOILET, items=["x"])
    assert refused.value.refusal == Refusal.ROLE
    assert not WorksChecklist.objects.exists()


def test_a_county_administrator_of_another_province_cannot_edit_this_one(county_admin):
    with pytest.raises(ProjectError):
        works.set_checklist(county_admin, Region.objects.get(code="15"), kind="改厕", items=["x"])


@pytest.mark.parametrize("items", [[], ["  "], ["同一项", "同一项"], ["长" * 201]])
def test_a_bad_checklist_is_refused_and_writes_nothing(county_admin, items):
    with pytest.raises(ProjectError):
        works.set_checklist(county_admin, jilin(), kind=WorksKind.TOILET, items=items)
    assert not WorksChecklist.objects.exists()


# --- Expenses -----------------------------------------------------------------------------------


def add(work, actor, **values):  # type: ignore[no-untyped-def]
    good = {
        "category": "材料",
        "item": "水泥",
        "quantity": "2.5",
        "unit": "吨",
        "unit_price": "480.00",
        "amount": "1200.00",
    }
    return works.add_expense(actor, work, **(good | values))


def test_an_expense_line_is_quantity_times_unit_price_to_the_fen(village_admin):
    work = household_work(village_admin)
    row = add(work, village_admin, quantity="3.333", unit_price="10.01", amount="33.36")
    assert row.amount == Decimal("33.36") and row.quantity == Decimal("3.333")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"amount": "1200.01"}, "数量 × 单价"),
        ({"quantity": "0"}, "数量应大于 0"),
        ({"quantity": "1.0001"}, "三位小数"),
        ({"unit_price": "1.001"}, "最多到分"),
        ({"category": "管理费"}, "费用类别"),
        ({"item": ""}, "名称"),
        ({"quantity": "100", "unit_price": "480.00", "amount": "48000.00"}, "超过预算"),
    ],
)
def test_a_wrong_expense_line_is_refused_and_writes_nothing(village_admin, values, message):
    work = household_work(village_admin)
    with pytest.raises(ProjectError, match=message):
        add(work, village_admin, **values)
    assert not WorkExpense.objects.exists()


def test_expenses_stop_at_the_budget(village_admin):
    work = household_work(village_admin, budget="1500.00")
    add(work, village_admin)
    with pytest.raises(ProjectError, match="超过预算"):
        add(work, village_admin, item="砂", quantity="1", unit_price="300.01", amount="300.01")
    add(work, village_admin, item="砂", quantity="1", unit_price="300.00", amount="300.00")
    assert WorkExpense.objects.count() == 2


# --- Acceptance -----------------------------------------------------------------------------------


def test_the_builder_may_not_accept_their_own_works(township_a_admin):
    work = household_work(township_a_admin)
    done(work, township_a_admin)
    with pytest.raises(ProjectError, match="另一人") as refused:
        inspect(work, township_a_admin, all_pass(work))
    assert refused.value.refusal == Refusal.ROLE
    assert not WorkInspection.objects.exists()
    work.refresh_from_db()
    assert work.state == WorksState.DONE


def test_someone_else_accepts_when_every_item_passes(village_admin, township_a_admin):
    work = household_work(village_admin)
    done(work, village_admin)
    inspection = inspect(work, township_a_admin, all_pass(work))
    assert inspection.passed and inspection.photos.count() == 1
    assert inspection.items.count() == len(work.checklist)
    work.refresh_from_db()
    assert work.state == WorksState.ACCEPTED and work.builder == village_admin
    assert not Problem.objects.exists()


def test_an_item_may_carry_its_own_photos_which_count_as_the_evidence(
    village_admin, township_a_admin
):
    work = household_work(village_admin)
    done(work, village_admin)
    results = all_pass(work)
    results[0] = works.ItemResult(passed=True, files=[photo("屋面.jpg")])
    inspection = works.inspect(
        township_a_admin, work, inspected_on=SEEN_ON, results=results, files=[]
    )
    (shot,) = inspection.photos.all()
    assert shot.item == inspection.items.get(position=1) and shot.original_name == "屋面.jpg"


def test_works_not_yet_done_cannot_be_inspected(village_admin, township_a_admin):
    work = household_work(village_admin)
    with pytest.raises(ProjectError, match="完工后"):
        inspect(work, township_a_admin, all_pass(work))


@pytest.mark.parametrize(
    "case", ["missing item", "failed without note", "no photo", "before finished"]
)
def test_an_incomplete_inspection_is_refused_and_writes_nothing(
    village_admin, township_a_admin, case
):
    work = household_work(village_admin)
    done(work, village_admin)
    results = all_pass(work)
    kwargs = {"inspected_on": SEEN_ON, "files": [photo()]}
    if case == "missing item":
        results = results[1:]
    elif case == "failed without note":
        results = one_fails(work, note=" ")
    elif case == "no photo":
        kwargs["files"] = []
    else:
        kwargs["inspected_on"] = DONE_ON - dt.timedelta(days=1)
    with pytest.raises(ProjectError):
        works.inspect(township_a_admin, work, results=results, **kwargs)
    assert not WorkInspection.objects.exists() and not Problem.objects.exists()
    assert HouseholdWork.objects.get().state == WorksState.DONE


def test_a_failed_acceptance_opens_exactly_one_ledger_problem(village_admin, township_a_admin):
    work = household_work(village_admin)
    done(work, village_admin)
    inspect(work, township_a_admin, one_fails(work))
    work.refresh_from_db()
    assert work.state == WorksState.FAILED
    problem = Problem.objects.get()
    assert problem.origin_key == f"works:{work.pk}"
    assert problem.category == "住房安全" and problem.source == "自查"
    assert problem.household_id == work.household_id
    assert problem.region_id == work.household.village_id
    assert "屋面仍漏雨" in problem.description

    # Repaired, failed again: the open problem stands, no second one.
    done(work, village_admin)
    inspect(work, township_a_admin, one_fails(work, note="仍有裂缝"))
    assert Problem.objects.count() == 1

    # Repaired and passed: the problem is left for the ledger's own steps.
    done(work, village_admin)
    inspect(work, township_a_admin, all_pass(work))
    work.refresh_from_db()
    assert work.state == WorksState.ACCEPTED
    assert Problem.objects.get().state == "已登记"


def test_a_failed_toilet_opens_a_problem_of_class_other(village_admin, township_a_admin):
    work = household_work(village_admin, kind=WorksKind.TOILET)
    done(work, village_admin)
    inspect(work, township_a_admin, one_fails(work, note="粪池渗漏"))
    assert Problem.objects.get().category == "其他"


def test_the_statistics_count_accepted_and_failed_works(village_admin, township_a_admin):
    accepted, failed = household_work(village_admin, "W1"), household_work(village_admin, "W2")
    for work in (accepted, failed):
        done(work, village_admin)
    inspect(accepted, township_a_admin, all_pass(accepted))
    inspect(failed, township_a_admin, one_fails(failed))
    figures = project_statistics(COUNTY)
    assert figures["works_accepted"] == 1 and figures["works_failed_inspection"] == 1
    assert project_statistics("220802200")["works_accepted"] == 0


def test_an_inspector_changes_no_works(village_admin, inspector):
    work = household_work(village_admin)
    done(work, village_admin)
    with pytest.raises(ProjectError) as refused:
        inspect(work, inspector, all_pass(work))
    assert refused.value.refusal == Refusal.ROLE
    with pytest.raises(ProjectError):
        household_work(inspector, "W9")
    assert HouseholdWork.objects.count() == 1
