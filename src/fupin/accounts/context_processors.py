"""Navigation for the base layout: the menu a role sees and the user's region breadcrumb."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from .choices import Role
from .services import can_manage_users


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    menu = [
        {"label": "首页", "url": reverse("home"), "icon": "home"},
        {"label": "建档立卡户", "url": reverse("registry:household_list"), "icon": "file"},
        {"label": "返贫预警", "url": reverse("alerts:alert_list"), "icon": "alert"},
        {"label": "我的待办", "url": reverse("monitoring:inbox"), "icon": "check-circle"},
        {"label": "监测对象", "url": reverse("monitoring:case_list"), "icon": "user"},
        {"label": "走访复核", "url": reverse("visits:proposal_list"), "icon": "check"},
        {"label": "遍访活动", "url": reverse("visits:campaign_list"), "icon": "users"},
        {"label": "监测统计", "url": reverse("monitoring:statistics"), "icon": "layers"},
        {
            "label": "帮扶网格",
            # A helping cadre sees their own record, not the region's coverage.
            "url": reverse("grid:cadre_list" if user.role == Role.HELPER else "grid:coverage"),
            "icon": "flag",
        },
        {"label": "应享未享", "url": reverse("benefits:gap_list"), "icon": "list"},
        {"label": "村出列", "url": reverse("assessment:village_list"), "icon": "flag"},
        {"label": "数据质量", "url": reverse("registry:quality"), "icon": "shield"},
        {"label": "扶贫标准", "url": reverse("standards:list"), "icon": "layers"},
        {"label": "行政区划", "url": reverse("regions:browse"), "icon": "map"},
        {"label": "后台任务", "url": reverse("jobs:list"), "icon": "clock"},
    ]
    if hasattr(user, "cadre"):
        # Only a user linked to a cadre record answers for households of their own.
        menu.insert(1, {"label": "我的走访", "url": reverse("visits:mine"), "icon": "pin"})
    if user.can_import:
        menu.insert(2, {"label": "导入数据", "url": reverse("registry:import"), "icon": "upload"})
    if can_manage_users(user):
        menu.append({"label": "用户管理", "url": reverse("accounts:user_list"), "icon": "users"})
    return {
        "nav_menu": menu,
        "scope_path": user.region.path() if user.region_id else [],
    }
