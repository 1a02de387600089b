"""Navigation for the base layout: the menu a role sees and the user's region breadcrumb."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from .choices import Role
from .permissions import may_open


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A helping cadre sees their own record, not the region's coverage.
    grid_page = "grid:cadre_list" if user.role == Role.HELPER else "grid:coverage"
    entries = [
        ("首页", "home", "home"),
        # Only a user linked to a cadre record answers for households of their own.
        *([("我的走访", "visits:mine", "pin")] if hasattr(user, "cadre") else []),
        ("建档立卡户", "registry:household_list", "file"),
        ("导入数据", "registry:import", "upload"),
        ("返贫预警", "alerts:alert_list", "alert"),
        ("我的待办", "monitoring:inbox", "check-circle"),
        ("监测对象", "monitoring:case_list", "user"),
        ("问题台账", "ledger:problem_list", "list"),
        ("走访复核", "visits:proposal_list", "check"),
        ("遍访活动", "visits:campaign_list", "users"),
        ("清零进度", "ledger:clearance", "check-circle"),
        ("交办问题导入", "ledger:import", "upload"),
        ("项目库", "projects:project_list", "layers"),
        ("扶贫资金", "projects:fund_list", "file"),
        ("到户工程", "projects:work_list", "home"),
        ("资金审计", "projects:audit_list", "shield"),
        ("项目资产", "projects:asset_list", "layers"),
        ("监测统计", "monitoring:statistics", "layers"),
        ("帮扶网格", grid_page, "flag"),
        ("应享未享", "benefits:gap_list", "list"),
        ("村出列", "assessment:village_list", "flag"),
        ("数据质量", "registry:quality", "shield"),
        ("扶贫标准", "standards:list", "layers"),
        ("行政区划", "regions:browse", "map"),
        ("后台任务", "jobs:list", "clock"),
        ("用户管理", "accounts:user_list", "users"),
    ]
    menu: list[dict[str, Any]] = [
        {"label": label, "url": reverse(name), "icon": icon, "active": False}
        for label, name, icon in entries
        if may_open(user, name)
    ]
    # The item whose address is the page's, or the longest one the page lies under ("/" only
    # matches itself): /projects/funds/ is 扶贫资金, not 项目库 at /projects/.
    path = request.path
    under = [
        item
        for item in menu
        if path == item["url"] or (item["url"] != "/" and path.startswith(item["url"]))
    ]
    if under:
        max(under, key=lambda item: len(item["url"]))["active"] = True
    return {
        "nav_menu": menu,
        "scope_path": user.region.path() if user.region_id else [],
    }
