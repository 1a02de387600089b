"""Who may open each address: one table, keyed by URL name, enforced for every request by
:class:`PermissionMiddleware` before any view runs.

The table answers "may this role open this page at all". What a role may do to one object (take a
step of a case, edit a cadre of another village) is the domain's answer, given by the services;
which objects exist for a user at all is the region scope (``visible_to``), answered as 404.

Every URL name must be in the table: an address missing from it is refused to everybody (and the
permission test, generated from the resolver, fails). The API (django-ninja: page session or bearer
token, every role) and Django's own admin site (staff only) check their callers themselves, so
their namespaces are listed whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .choices import EDITING_ROLES, GRANTABLE_ROLES, Role
from .models import User

NO_PAGES = "您的角色通过数据接口交换数据，不使用网页。"
NOT_LISTED = "该地址没有登记访问权限。"

PAGE_ROLES = frozenset(Role.values) - {Role.DEPARTMENT}
# The offices (system, county, township and village administrators): they maintain the registry,
# the grid and campaigns. A helping cadre records visits and leads for their own households only.
OFFICE_ROLES = frozenset(
    {Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.VILLAGE_ADMIN}
)


@dataclass(frozen=True)
class Access:
    """Who may open an address. ``roles`` may; the others are told ``refusal``."""

    label: str
    roles: frozenset[str]
    refusal: str = ""
    signed_in: bool = True  # False: anybody may open it (the sign-in page)
    nationwide: bool = False  # also requires a user without a region (system-wide settings)
    checks_itself: bool = False  # the API and the admin site authenticate their own callers

    def refusal_for(self, user: User) -> str | None:
        """None when ``user`` may open it, else the reason shown with the 403 page."""
        if self.checks_itself or not self.signed_in:
            return None
        if user.role not in self.roles:
            return NO_PAGES if user.role == Role.DEPARTMENT else self.refusal
        if self.nationwide and user.scope_code is not None:
            return self.refusal
        return None


ANYBODY = Access("任何人", frozenset(Role.values), signed_in=False)
OWN_ACCOUNT = Access("本人账号（各角色）", frozenset(Role.values))
READ = Access("查看（除行业部门外的各角色）", PAGE_ROLES, NO_PAGES)
EDIT = Access("办理（管理员和帮扶责任人）", EDITING_ROLES, "您的角色只能查看，不能办理。")
OFFICE = Access("管理员（县、乡镇、村）", OFFICE_ROLES, "只有县、乡镇、村的管理员可以办理。")
OVERSIGHT = Access(
    "管理员和督导检查",
    OFFICE_ROLES | {Role.INSPECTOR},
    "网格覆盖情况由管理人员查看；您的帮扶户见“帮扶干部”中的本人页面。",
)
USER_ADMIN = Access("用户管理", frozenset(GRANTABLE_ROLES), "您无权管理用户。")
NATIONWIDE = Access(
    "全国范围的系统管理员",
    frozenset({Role.SYSTEM_ADMIN}),
    "只有全国范围的系统管理员可以办理。",
    nationwide=True,
)
SYSTEM_ADMIN = Access("系统管理员", frozenset({Role.SYSTEM_ADMIN}), "只有系统管理员可以办理。")
API = Access("数据接口（自行认证，各角色）", frozenset(Role.values), checks_itself=True)
ADMIN_SITE = Access("后台管理（自行认证）", frozenset({Role.SYSTEM_ADMIN}), checks_itself=True)

PAGES: dict[str, Access] = {
    "home": READ,
    # accounts
    "accounts:login": ANYBODY,
    "accounts:logout": OWN_ACCOUNT,
    "accounts:own_password": OWN_ACCOUNT,
    "accounts:user_list": USER_ADMIN,
    "accounts:user_create": USER_ADMIN,
    "accounts:user_detail": USER_ADMIN,
    "accounts:user_edit": USER_ADMIN,
    "accounts:user_password": USER_ADMIN,
    "accounts:user_active": USER_ADMIN,
    "accounts:user_history": USER_ADMIN,
    "accounts:token_create": USER_ADMIN,
    "accounts:token_created": USER_ADMIN,
    "accounts:token_revoke": USER_ADMIN,
    # regions
    "regions:browse": READ,
    "regions:detail": READ,
    "regions:reload": NATIONWIDE,
    # jobs
    "jobs:list": READ,
    "jobs:detail": READ,
    "jobs:progress": READ,
    "jobs:download": READ,
    # registry
    "registry:household_list": READ,
    "registry:household_detail": READ,
    "registry:household_history": READ,
    "registry:household_create": EDIT,
    "registry:household_edit": EDIT,
    "registry:household_close": EDIT,
    "registry:member_add": EDIT,
    "registry:member_edit": EDIT,
    "registry:member_exit": EDIT,
    "registry:import": OFFICE,
    "registry:export": READ,
    "registry:quality": READ,
    # assessment, alerts, benefits and reports (the rules' results)
    "assessment:village_list": READ,
    "alerts:alert_list": READ,
    "alerts:alert_export": READ,
    "benefits:gap_list": READ,
    "benefits:gap_export": READ,
    "reports:checkup": READ,
    "reports:run_start": EDIT,
    # standards
    "standards:list": READ,
    "standards:history": READ,
    "standards:set": NATIONWIDE,
    # monitoring
    "monitoring:inbox": READ,
    "monitoring:case_list": READ,
    "monitoring:statistics": READ,
    "monitoring:case_detail": READ,
    "monitoring:attachment": READ,
    "monitoring:household_panel": READ,
    "monitoring:notice": READ,
    "monitoring:notice_pdf": READ,
    "monitoring:lead_create": EDIT,
    "monitoring:case_step": EDIT,
    "monitoring:case_reopen": EDIT,
    "monitoring:measure_result": EDIT,
    "monitoring:screening": EDIT,
    # Which office may approve which step in bulk is the workflow's answer (乡镇初审, 县级审定).
    "monitoring:bulk_approve": EDIT,
    # grid
    "grid:cadre_list": READ,
    "grid:cadre_detail": READ,
    "grid:cadre_photo": READ,
    "grid:village": READ,
    "grid:board": READ,
    "grid:board_pdf": READ,
    "grid:board_photo": READ,
    "grid:household_helpers": READ,
    "grid:export": READ,
    "grid:coverage": OVERSIGHT,
    "grid:coverage_list": OVERSIGHT,
    "grid:cadre_create": OFFICE,
    "grid:cadre_edit": OFFICE,
    "grid:assign": OFFICE,
    "grid:reassign": OFFICE,
    "grid:end": OFFICE,
    "grid:area_create": OFFICE,
    "grid:area_edit": OFFICE,
    "grid:pairing_create": OFFICE,
    "grid:import": OFFICE,
    # visits
    "visits:visit_detail": READ,
    "visits:photo": READ,
    "visits:household_visits": READ,
    "visits:household_panel": READ,
    "visits:proposal_list": READ,
    "visits:mine": READ,
    "visits:due": READ,
    "visits:campaign_list": READ,
    "visits:campaign_detail": READ,
    "visits:visit_create": EDIT,
    "visits:proposal_accept": OFFICE,
    "visits:proposal_reject": OFFICE,
    "visits:campaign_create": OFFICE,
    # ledger: who may take which step of a problem is the workflow's answer (four eyes, 销号 by
    # the office above); 登记问题 is an office's.
    "ledger:problem_list": READ,
    "ledger:my_problems": READ,
    "ledger:problem_detail": READ,
    "ledger:attachment": READ,
    "ledger:problem_new": OFFICE,
    "ledger:problem_step": EDIT,
    "ledger:class_list": SYSTEM_ADMIN,
    # ledger: the 清零 board and 整改专项行动 (which offices may start one is the service's answer)
    "ledger:clearance": READ,
    "ledger:campaign_list": READ,
    "ledger:campaign_detail": READ,
    "ledger:campaign_new": OFFICE,
    # ledger in bulk: the inspection list's import, the quality run's problems, the ledger workbook
    "ledger:import": OFFICE,
    "ledger:import_template": READ,
    "ledger:from_quality": OFFICE,
    "ledger:export": READ,
    # projects and funds: which office may take which step, keep funds or add beneficiaries is
    # the services' answer (the workflow's table, funds.FUND_OFFICES)
    "projects:project_list": READ,
    "projects:project_detail": READ,
    "projects:attachment": READ,
    "projects:project_new": OFFICE,
    "projects:project_step": OFFICE,
    "projects:expense_new": OFFICE,
    "projects:beneficiary_new": OFFICE,
    "projects:fund_list": READ,
    "projects:fund_detail": READ,
    "projects:fund_new": OFFICE,
    "projects:project_notice": READ,
    "projects:project_notice_pdf": READ,
    "projects:fund_notice": READ,
    "projects:fund_notice_pdf": READ,
    "projects:import": OFFICE,
    "projects:import_template": READ,
    "projects:project_export": READ,
    "projects:expense_export": READ,
    # household works and audits: who registers, builds or accepts works and who keeps audits is
    # the services' answer (works.BUILDING_ROLES / INSPECTING_ROLES, audits.AUDIT_OFFICES); the
    # checklists page shows every role its province's lists, and edits them for the system and
    # county administrators only
    "projects:work_list": READ,
    "projects:work_detail": READ,
    "projects:work_photo": READ,
    "projects:work_new": OFFICE,
    "projects:work_action": OFFICE,
    "projects:works_checklists": READ,
    "projects:audit_list": READ,
    "projects:audit_detail": READ,
    "projects:audit_report": READ,
    "projects:audit_evidence": READ,
    "projects:audit_new": OFFICE,
    "projects:audit_cover": OFFICE,
    "projects:audit_mark": OFFICE,
    # assets and dividends: which office may register, approve (four eyes) or pay is the
    # services' answer (funds.FUND_OFFICES, dividends.approve_plan)
    "projects:asset_list": READ,
    "projects:asset_detail": READ,
    "projects:asset_new": OFFICE,
    "projects:income_new": OFFICE,
    "projects:plan_new": OFFICE,
    "projects:plan_import": OFFICE,
    "projects:plan_detail": READ,
    "projects:plan_approve": OFFICE,
    "projects:plan_pay": OFFICE,
    "projects:plan_export": READ,
}

# Namespaces whose every address checks its callers itself.
NAMESPACES: dict[str, Access] = {"api": API, "admin": ADMIN_SITE}


def access_for(view_name: str) -> Access | None:
    """The table's entry for a resolved URL name (``namespace:name``), None when unlisted."""
    if view_name in PAGES:
        return PAGES[view_name]
    namespace = view_name.split(":", 1)[0] if ":" in view_name else ""
    return NAMESPACES.get(namespace)


def may_open(user: User | AnonymousUser, view_name: str) -> bool:
    """Whether the table lets ``user`` open ``view_name`` (for showing a link or a button)."""
    access = access_for(view_name)
    if access is None:
        return False
    if access.checks_itself or not access.signed_in:
        return True
    return not isinstance(user, AnonymousUser) and access.refusal_for(user) is None


class PermissionMiddleware:
    """Enforces :data:`PAGES` before the view runs: anonymous users are sent to sign in, a role
    the table does not name gets 403 with the table's reason, an unlisted address is refused."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        access = access_for(match.view_name) if match is not None else None
        if access is None:
            raise PermissionDenied(NOT_LISTED)
        if access.checks_itself or not access.signed_in:
            return None
        if isinstance(request.user, AnonymousUser):
            return redirect_to_login(request.get_full_path())
        refusal = access.refusal_for(request.user)
        if refusal is not None:
            raise PermissionDenied(refusal)
        return None
