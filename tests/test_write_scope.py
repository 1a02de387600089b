"""Every service that writes refuses an actor outside the region of what it would change, and the
refusal writes nothing.

The actor is the administrator of the county's other township (乡镇B); every target lies in 乡镇A.
The list of services is checked against the code: a new public function whose first parameter is
``actor`` must be given a case here, or be named among the ones that write nothing.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

import fupin
from fupin.accounts import services as accounts
from fupin.accounts.choices import Role
from fupin.accounts.models import ApiToken, User
from fupin.alerts.runs import store_run
from fupin.core.errors import DomainError, Refusal
from fupin.core.findings import Finding, report_findings
from fupin.core.importing.outcome import ImportOutcome
from fupin.core.tables import write_table
from fupin.grid import services as grid
from fupin.grid.exchange import import_grid
from fupin.grid.models import Assignment, Cadre
from fupin.grid.photos import save_cadre_with_photo
from fupin.ledger import campaigns as ledger_campaigns
from fupin.ledger.classes import add_class
from fupin.ledger.from_findings import write_findings
from fupin.ledger.from_quality import problems_from_quality
from fupin.ledger.from_visits import problem_from_visit
from fupin.ledger.inspection_import import import_problems
from fupin.ledger.models import Problem
from fupin.monitoring import bulk
from fupin.monitoring import services as monitoring
from fupin.monitoring.leads import store_run_opening_leads
from fupin.monitoring.models import Case, HelpMeasure
from fupin.monitoring.workflow import COUNTY_APPROVE
from fupin.projects import assets as project_assets
from fupin.projects import audits as project_audits
from fupin.projects import dividends as project_dividends
from fupin.projects import funds as project_funds
from fupin.projects import services as project_services
from fupin.projects import works as project_works
from fupin.projects.choices import ProjectState
from fupin.projects.dividend_list import HEADERS, PlanTerms, import_dividend_list
from fupin.projects.exchange import import_projects
from fupin.projects.models import (
    Allocation,
    Asset,
    AssetIncome,
    AuditLine,
    DividendPayment,
    DividendPlan,
    Fund,
    HouseholdWork,
    Project,
)
from fupin.regions.models import Region
from fupin.registry import services as registry
from fupin.registry.importing import import_file
from fupin.registry.models import Household, Member, VillageInfo
from fupin.reports.full_run import full_run
from fupin.rules.facts import RunInputs
from fupin.standards.services import StandardsError, set_standard
from fupin.visits import campaigns
from fupin.visits import services as visits
from fupin.visits.models import ChangeProposal
from tests.conftest import TOWNSHIP_A, VILLAGE_A, make_user
from tests.grid.builders import cadre
from tests.grid.test_exchange import good_sheets
from tests.ledger import walk as problems
from tests.ledger.inspections import row as inspection_row
from tests.ledger.inspections import workbook as inspection_list
from tests.monitoring import walk
from tests.monitoring.conftest import clock, staff  # noqa: F401  (fixtures used below)
from tests.projects import builders as projects
from tests.projects import sheets as project_sheets
from tests.registry.workbooks import county_sheets, write_xlsx
from tests.visits.visit_builders import visit

pytestmark = pytest.mark.django_db

# Functions with an ``actor`` that decide or check, and write nothing themselves.
WRITES_NOTHING = {
    "fupin.accounts.services.grantable_roles",
    "fupin.accounts.services.can_manage_users",
    "fupin.core.scope.require_in_scope",
    "fupin.core.scope.require_visible",
    "fupin.grid.services.may_edit_grid",
    "fupin.monitoring.workflow.may_take",
    "fupin.monitoring.workflow.check_actor",
    "fupin.monitoring.workflow.available_steps",
    "fupin.monitoring.workflow.waiting_on",
    "fupin.visits.campaigns.may_create_campaign",
    "fupin.ledger.campaigns.may_create_campaign",
    # A job only records who asked for what; its handler runs as that user through the services
    # checked here (the rule run, the import, the export).
    "fupin.jobs.services.create_job",
    "fupin.jobs.services.start_job",
    "fupin.ledger.workflow.may_take",
    "fupin.ledger.workflow.check_actor",
    "fupin.ledger.workflow.check_role",
    "fupin.ledger.workflow.available_steps",
    "fupin.ledger.services.check_registering",
    "fupin.projects.workflow.may_take",
    "fupin.projects.workflow.check_actor",
    "fupin.projects.workflow.check_role",
    "fupin.projects.workflow.available_steps",
    "fupin.projects.funds.may_keep_funds",
    "fupin.projects.funds.may_register_beneficiaries",
    "fupin.projects.exchange.may_import",
    "fupin.projects.works.may_edit_checklists",
    "fupin.projects.works.may_build",
    "fupin.projects.works.may_inspect",
    "fupin.projects.audits.may_audit",
    "fupin.projects.assets.check_office",
}


@dataclass
class World:
    """Objects of 乡镇A, and the administrator of 乡镇B who tries to change them."""

    outsider: User
    home: Household
    member: Member
    cadre: Cadre
    assignment: Assignment
    case: Case
    measure: HelpMeasure
    proposal: ChangeProposal
    village_user: User
    token: ApiToken
    problem: Problem
    project: Project
    fund: Fund
    allocation: Allocation
    work: HouseholdWork
    audit_line: AuditLine
    asset: Asset
    draft: DividendPlan
    approved: DividendPlan
    tmp_path: Any


@pytest.fixture
def world(clock, staff, township_b_admin, tmp_path, settings) -> World:  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    home = walk.stable_household("H1")
    worker = cadre("王帮扶", region=TOWNSHIP_A)
    assignment = grid.assign(
        staff.township, worker, level="包户", target=home, started_on=dt.date(2025, 1, 1)
    )
    case = walk.walk_to(("帮扶中", False), home=home, staff=staff, clock=clock)
    recorded = visit(
        staff.township,
        home,
        worker,
        proposals=[(None, "phone", "13900000099")],
    )
    village_user = make_user("village_a_clerk", Role.VILLAGE_ADMIN, VILLAGE_A)
    token, _ = accounts.issue_token(staff.county, village_user, name="对接")
    problem = problems.register(staff.village, responsible_cadre=worker)
    project = projects.walk_to(
        ProjectState.IN_LIBRARY, village=staff.village, county=staff.county, township=staff.township
    )
    fund = projects.county_fund(staff.county)
    allocation = project_funds.allocate(
        staff.county, fund=fund, project=project, amount="100.00", allocated_on=dt.date(2025, 1, 1)
    )
    work = projects.household_work(staff.village, household=home)
    project_works.record_done(staff.village, work, finished_on=dt.date(2026, 1, 1))
    audit = project_audits.open_audit(
        staff.county,
        region=Region.objects.get(code=TOWNSHIP_A),
        name="专项审计",
        auditor_unit="审计局",
        started_on=dt.date(2026, 1, 1),
        ended_on=dt.date(2026, 1, 31),
    )
    (audit_line,) = project_audits.add_lines(staff.county, audit, projects=[project])
    asset, draft, approved = _asset_with_plans(project, home, staff.county, staff.township)
    return World(
        outsider=township_b_admin,
        home=home,
        member=home.members.first(),
        cadre=worker,
        assignment=assignment,
        case=case,
        measure=case.measures.first(),
        proposal=recorded.visit.proposals.first(),
        village_user=village_user,
        token=token,
        problem=problem,
        project=project,
        fund=fund,
        allocation=allocation,
        work=work,
        audit_line=audit_line,
        asset=asset,
        draft=draft,
        approved=approved,
        tmp_path=tmp_path,
    )


def _asset_with_plans(
    project: Project, home: Household, county: User, township: User
) -> tuple[Asset, DividendPlan, DividendPlan]:
    """An operating asset of 乡镇A's project with a year's income, a plan waiting for approval and
    an approved one (made as stored rows: the project is still being built)."""
    now = timezone.now()
    asset = Asset.objects.create(
        project=project,
        name="光伏电站",
        asset_class="经营性",
        owner_kind="单位",
        owner_unit="平安镇人民政府",
        value=Decimal("1000.00"),
        keeper="村委会",
        created_by=county,
        created_at=now,
    )
    AssetIncome.objects.create(
        asset=asset, year=2024, amount=Decimal("500.00"), created_by=county, created_at=now
    )
    plans = []
    for state in ("待审批", "已审批"):
        plan = DividendPlan.objects.create(
            asset=asset,
            year=2024,
            amount=Decimal("100.00"),
            village_part=Decimal("0.00"),
            posts_part=Decimal("0.00"),
            rule="平均分配",
            state=state,
            drawn_by=township,
            drawn_at=now,
            approved_by=county if state == "已审批" else None,
            approved_at=now if state == "已审批" else None,
        )
        DividendPayment.objects.create(plan=plan, household=home, persons=1, amount=plan.amount)
        plans.append(plan)
    return asset, plans[0], plans[1]


def member_raw() -> dict[str, Any]:
    return {
        "name": "李四",
        "id_number": "220802199001011237",
        "relation": "之子",
        "sex": "男",
        "education": "初中",
        "labor": "普通劳动力",
        "employment": "未务工",
    }


def _step(code: str) -> Callable[[World], Any]:
    return lambda w: walk.STEP_CALLS[code](w.outsider, w.case)


def _problem_step(code: str) -> Callable[[World], Any]:
    return lambda w: problems.STEP_CALLS[code](w.outsider, w.problem)


PROJECT_STEPS: dict[str, dict[str, Any]] = {
    "appraise": {"opinion": "可行"},
    "approve": {"opinion": "同意"},
    "enter": {},
    "reject": {"reason": "不符合规划"},
    "start": {"started_on": dt.date(2025, 1, 1)},
    "accept": {"finished_on": dt.date(2025, 1, 1), "finding": "合格", "files": [projects.photo()]},
    "evaluate": {"output_result": "建成", "benefit_result": "增收"},
}


def _project_step(name: str, values: dict[str, Any]) -> Callable[[World], Any]:
    return lambda w: getattr(project_services, name)(w.outsider, w.project, **values)


ATTEMPTS: dict[str, Callable[[World], Any]] = {
    # accounts: the outsider manages no account of 乡镇A
    "fupin.accounts.services.create_user": lambda w: accounts.create_user(
        w.outsider,
        username="x",
        password="Abcdef-12345",
        details=accounts.AccountDetails(
            display_name="x", role=Role.VILLAGE_ADMIN, region_code=VILLAGE_A
        ),
    ),
    "fupin.accounts.services.update_user": lambda w: accounts.update_user(
        w.outsider,
        w.village_user,
        details=accounts.AccountDetails(
            display_name="改名", role=Role.VILLAGE_ADMIN, region_code=VILLAGE_A
        ),
    ),
    "fupin.accounts.services.set_password": lambda w: accounts.set_password(
        w.outsider, w.village_user, password="Abcdef-12345"
    ),
    "fupin.accounts.services.set_active": lambda w: accounts.set_active(
        w.outsider, w.village_user, active=False
    ),
    "fupin.accounts.services.issue_token": lambda w: accounts.issue_token(
        w.outsider, w.village_user, name="x"
    ),
    "fupin.accounts.services.revoke_token": lambda w: accounts.revoke_token(w.outsider, w.token),
    # registry
    "fupin.registry.services.create_household": lambda w: registry.create_household(
        w.outsider,
        raw={"household_code": "H9", "village_code": VILLAGE_A, "household_type": "一般农户"},
        head_raw=member_raw() | {"relation": "户主"},
    ),
    "fupin.registry.services.update_household": lambda w: registry.update_household(
        w.outsider, w.home, raw={"village_code": VILLAGE_A, "household_type": "一般农户"}
    ),
    "fupin.registry.services.add_member": lambda w: registry.add_member(
        w.outsider, w.home, raw=member_raw()
    ),
    "fupin.registry.services.update_member": lambda w: registry.update_member(
        w.outsider, w.member, raw=member_raw()
    ),
    "fupin.registry.services.record_member_exit": lambda w: registry.record_member_exit(
        w.outsider, w.member, status="迁出", date=dt.date(2026, 1, 1)
    ),
    "fupin.registry.services.close_household": lambda w: registry.close_household(
        w.outsider, w.home, date=dt.date(2026, 1, 1), reason="整户迁出"
    ),
    "fupin.registry.importing.import_file": lambda w: import_file(
        w.outsider, write_xlsx(w.tmp_path / "县.xlsx", county_sheets())
    ),
    # grid
    "fupin.grid.services.save_cadre": lambda w: grid.save_cadre(
        w.outsider, {"name": "改名"}, cadre=w.cadre
    ),
    "fupin.grid.photos.save_cadre_with_photo": lambda w: save_cadre_with_photo(
        w.outsider, {"name": "改名"}, cadre=w.cadre
    ),
    "fupin.grid.services.assign": lambda w: grid.assign(
        w.outsider, w.cadre, level="包户", target=w.home, started_on=dt.date(2026, 1, 1)
    ),
    "fupin.grid.services.reassign": lambda w: grid.reassign(
        w.outsider,
        w.assignment,
        cadre=w.cadre,
        on=dt.date(2026, 2, 1),
        handover_note="交接",
    ),
    "fupin.grid.services.end_assignment": lambda w: grid.end_assignment(
        w.outsider, w.assignment, on=dt.date(2026, 2, 1), reason="调离"
    ),
    "fupin.grid.services.save_area": lambda w: grid.save_area(
        w.outsider, Region.objects.get(code=VILLAGE_A), "东片", [w.home]
    ),
    "fupin.grid.services.add_pairing": lambda w: grid.add_pairing(
        w.outsider,
        Region.objects.get(code=VILLAGE_A),
        unit="某单位",
        started_on=dt.date(2026, 1, 1),
    ),
    "fupin.grid.exchange.import_grid": lambda w: import_grid(
        w.outsider, write_xlsx(w.tmp_path / "网格.xlsx", good_sheets())
    ),
    # monitoring: every step of the workflow, reopening and the bulk approvals
    "fupin.monitoring.services.open_lead": lambda w: walk.open_lead(w.outsider, w.home),
    "fupin.monitoring.services.reopen": lambda w: walk.reopen(w.outsider, w.case),
    "fupin.monitoring.services.record_verification": _step("verify"),
    "fupin.monitoring.services.record_review": _step("review"),
    "fupin.monitoring.services.not_included": _step("not_include"),
    "fupin.monitoring.services.start_notice": _step("notice"),
    "fupin.monitoring.services.township_approve": _step("township_approve"),
    "fupin.monitoring.services.township_return": _step("township_return"),
    "fupin.monitoring.services.county_approve": _step("county_approve"),
    "fupin.monitoring.services.add_help_measure": _step("add_measure"),
    "fupin.monitoring.services.request_elimination": _step("request_elimination"),
    "fupin.monitoring.services.approve_elimination": _step("approve_elimination"),
    "fupin.monitoring.services.cancel_elimination": _step("cancel_elimination"),
    "fupin.monitoring.services.record_help_result": lambda w: monitoring.record_help_result(
        w.outsider, w.measure, result="收入恢复", ends_on=dt.date(2026, 3, 1)
    ),
    "fupin.monitoring.bulk.approve_all": lambda w: _refused_in_bulk(w),
    # ledger: every step of a problem of 乡镇A (registering one there included)
    "fupin.ledger.services.register": _problem_step("register"),
    "fupin.ledger.services.set_measure": _problem_step("set_measure"),
    "fupin.ledger.services.extend_deadline": _problem_step("extend_deadline"),
    "fupin.ledger.services.record_rectification": _problem_step("rectify"),
    "fupin.ledger.services.verify": _problem_step("verify"),
    "fupin.ledger.services.send_back": _problem_step("send_back"),
    "fupin.ledger.services.close": _problem_step("close"),
    "fupin.ledger.services.reopen": _problem_step("reopen"),
    "fupin.ledger.from_quality.problems_from_quality": lambda w: problems_from_quality(
        w.outsider, Region.objects.get(code=TOWNSHIP_A), year=2025
    ),
    "fupin.ledger.from_visits.problem_from_visit": lambda w: problem_from_visit(
        w.outsider, w.proposal.visit, category="住房安全", description="屋顶漏雨"
    ),
    "fupin.ledger.inspection_import.import_problems": lambda w: import_problems(
        w.outsider, inspection_list(w.tmp_path / "清单.xlsx", inspection_row())
    ),
    "fupin.ledger.classes.add_class": lambda w: add_class(
        w.outsider, Region.objects.get(code="22"), name="易地搬迁后续扶持"
    ),
    "fupin.ledger.campaigns.create_campaign": lambda w: ledger_campaigns.create_campaign(
        w.outsider,
        name="住房安全问题清零行动",
        region=Region.objects.get(code=TOWNSHIP_A),
        started_on=timezone.localdate(),
        ended_on=timezone.localdate() + dt.timedelta(days=30),
        categories=["住房安全"],
        sources=[],
        note="",
    ),
    # projects and funds of 乡镇A and its county
    "fupin.projects.services.declare": lambda w: project_services.declare(
        w.outsider, projects.declaration()
    ),
    **{
        f"fupin.projects.services.{name}": _project_step(name, values)
        for name, values in PROJECT_STEPS.items()
    },
    "fupin.projects.funds.receive": lambda w: projects.county_fund(w.outsider, region=TOWNSHIP_A),
    "fupin.projects.funds.allocate": lambda w: project_funds.allocate(
        w.outsider, fund=w.fund, project=w.project, amount="1.00", allocated_on=dt.date(2025, 1, 1)
    ),
    "fupin.projects.funds.spend": lambda w: project_funds.spend(
        w.outsider,
        allocation=w.allocation,
        amount="1.00",
        paid_on=dt.date(2025, 1, 1),
        payee="公司",
        purpose="材料",
    ),
    "fupin.projects.exchange.import_projects": lambda w: import_projects(
        w.outsider,
        project_sheets.workbook(
            w.tmp_path / "项目库.xlsx",
            [project_sheets.library_row()],
            [project_sheets.expense_row(w.project, 金额="1.00")],
        ),
    ),
    "fupin.projects.funds.add_beneficiary": lambda w: project_funds.add_beneficiary(
        w.outsider, w.project, way="收益分红", household=w.home
    ),
    # household works and audits of 乡镇A, and the findings they report to the ledger
    "fupin.projects.works.set_checklist": lambda w: project_works.set_checklist(
        w.outsider, Region.objects.get(code="22"), kind="改厕", items=["粪池不渗漏"]
    ),
    "fupin.projects.works.register_work": lambda w: projects.household_work(
        w.outsider, household=w.home
    ),
    "fupin.projects.works.add_expense": lambda w: project_works.add_expense(
        w.outsider,
        w.work,
        category="材料",
        item="水泥",
        quantity="1",
        unit="吨",
        unit_price="480.00",
        amount="480.00",
    ),
    "fupin.projects.works.record_done": lambda w: project_works.record_done(
        w.outsider, w.work, finished_on=dt.date(2026, 1, 2)
    ),
    "fupin.projects.works.inspect": lambda w: project_works.inspect(
        w.outsider,
        w.work,
        inspected_on=dt.date(2026, 1, 2),
        results=projects.one_fails(w.work),
        files=[projects.photo()],
    ),
    "fupin.projects.audits.open_audit": lambda w: project_audits.open_audit(
        w.outsider,
        region=Region.objects.get(code=TOWNSHIP_A),
        name="审计",
        auditor_unit="审计局",
        started_on=dt.date(2026, 1, 1),
        ended_on=dt.date(2026, 1, 2),
    ),
    "fupin.projects.audits.add_lines": lambda w: project_audits.add_lines(
        w.outsider, w.audit_line.audit, funds=[w.fund]
    ),
    "fupin.projects.audits.mark_line": lambda w: project_audits.mark_line(
        w.outsider, w.audit_line, result="违规", note="挪用"
    ),
    "fupin.core.findings.report_findings": lambda w: report_findings(w.outsider, [OUR_FINDING]),
    "fupin.ledger.from_findings.write_findings": lambda w: write_findings(
        w.outsider, [OUR_FINDING]
    ),
    # assets and dividends of 乡镇A's project, and their grants in the registry
    "fupin.projects.assets.register_asset": lambda w: project_assets.register_asset(
        w.outsider,
        w.project,
        name="村道",
        asset_class="公益性",
        value="1.00",
        keeper="村委会",
        owner_unit="镇政府",
    ),
    "fupin.projects.assets.record_income": lambda w: project_assets.record_income(
        w.outsider, w.asset, year=2025, amount="1.00"
    ),
    "fupin.projects.dividends.draw_plan": lambda w: project_dividends.draw_plan(
        w.outsider, w.asset, year=2024, amount="1.00", rule="平均分配", households=[w.home]
    ),
    "fupin.projects.dividends.approve_plan": lambda w: project_dividends.approve_plan(
        w.outsider, w.draft
    ),
    "fupin.projects.dividends.pay_plan": lambda w: project_dividends.pay_plan(
        w.outsider, w.approved, paid_on=timezone.localdate()
    ),
    "fupin.projects.dividend_list.import_dividend_list": lambda w: import_dividend_list(
        w.outsider,
        w.asset,
        _dividend_list(w),
        PlanTerms(year=2024, amount=Decimal("1.00")),
    ),
    "fupin.registry.services.add_household_grant": lambda w: registry.add_household_grant(
        w.outsider, w.home, policy_code="CYFH", year=2024, amount=Decimal("1.00"), reason="分红"
    ),
    "fupin.registry.services.add_property_income": lambda w: registry.add_property_income(
        w.outsider, w.home, year=2024, amount=Decimal("1.00"), reason="分红"
    ),
    # runs of the rules over 乡镇A (each replaces the stored run of its region)
    "fupin.alerts.runs.store_run": lambda w: store_run(
        w.outsider, Household.objects.all(), RunInputs.of(2025), region=TOWNSHIP_A
    ),
    "fupin.monitoring.leads.store_run_opening_leads": lambda w: store_run_opening_leads(
        w.outsider, Household.objects.all(), RunInputs.of(2025), region=TOWNSHIP_A
    ),
    "fupin.reports.full_run.full_run": lambda w: full_run(
        w.outsider,
        Household.objects.all(),
        VillageInfo.objects.all(),
        Region.objects.get(code=TOWNSHIP_A),
        RunInputs.of(2025),
    ),
    # standards are nationwide
    "fupin.standards.services.set_standard": lambda w: set_standard(
        w.outsider, year=2026, province="22", values={"poverty_line": Decimal("5000")}
    ),
    # visits
    "fupin.visits.services.record_visit": lambda w: visit(w.outsider, w.home, w.cadre),
    "fupin.visits.services.accept_proposal": lambda w: visits.accept_proposal(
        w.outsider, w.proposal
    ),
    "fupin.visits.services.reject_proposal": lambda w: visits.reject_proposal(
        w.outsider, w.proposal, "不属实"
    ),
    "fupin.visits.campaigns.create_campaign": lambda w: campaigns.create_campaign(
        w.outsider,
        name="春季遍访",
        region=Region.objects.get(code=TOWNSHIP_A),
        started_on=timezone.localdate(),
        ended_on=timezone.localdate() + dt.timedelta(days=30),
        target="全部农户",
    ),
}


OUR_FINDING = Finding(
    region_code=VILLAGE_A, category="其他", source="自查", description="发现", origin_key="x:1"
)


def _dividend_list(w: World) -> Any:
    path = w.tmp_path / "分红名单.csv"
    write_table(path, HEADERS, [[w.home.code, "", 1, "1.00"]])
    return path


def _refused_in_bulk(w: World) -> None:
    """Bulk approval reports each case it could not approve instead of raising."""
    outcomes = bulk.approve_all(w.outsider, COUNTY_APPROVE, [w.case])
    assert [outcome.done for outcome in outcomes] == [False]
    raise DomainError(outcomes[0].message, refusal=Refusal.NOT_FOUND)


def actor_functions() -> set[str]:
    """Every public function of fupin whose first parameter is ``actor``."""
    found = set()
    for info in pkgutil.walk_packages(fupin.__path__, "fupin."):
        if ".migrations" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if (
                inspect.isfunction(function)
                and function.__module__ == info.name
                and not name.startswith("_")
                and next(iter(inspect.signature(function).parameters), None) == "actor"
            ):
                found.add(f"{info.name}.{name}")
    return found


def test_every_function_that_takes_an_actor_is_tried_here_or_writes_nothing():
    assert sorted(actor_functions() - set(ATTEMPTS) - WRITES_NOTHING) == []
    assert sorted((set(ATTEMPTS) | WRITES_NOTHING) - actor_functions()) == []


def everything() -> dict[str, int]:
    """The row count of every table, history tables included: a write of any kind shows."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


REFUSALS: tuple[type[Exception], ...] = (
    DomainError,
    registry.RegistryError,
    accounts.AccountsError,
    StandardsError,
)


@pytest.mark.parametrize("service", sorted(ATTEMPTS))
def test_a_write_outside_the_actors_region_is_refused_and_writes_nothing(world, service):
    before = everything()
    try:
        result = ATTEMPTS[service](world)
    except REFUSALS as refusal:
        if isinstance(refusal, DomainError) and service != "fupin.standards.services.set_standard":
            assert refusal.refusal in (Refusal.NOT_FOUND, Refusal.ROLE), refusal.message
    else:
        # The imports report refused rows instead of raising.
        assert isinstance(result, ImportOutcome) and not result.written, service
        assert any("管辖范围" in error.line() for error in result.errors), result.errors
    assert everything() == before
