"""Key figures of a user's region for the home page. Counts go through the scoped managers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from fupin.accounts.models import User
from fupin.monitoring import deadlines
from fupin.regions.choices import Level
from fupin.regions.models import Region
from fupin.registry.choices import MemberStatus
from fupin.registry.models import Household, Member
from fupin.registry.queries import filter_by_status


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: int | None
    unit: str
    note: str = ""
    url: str = ""


def key_figures(user: User) -> list[KeyFigure]:
    """The figures of the home page, all within the user's scope."""
    regions = Region.objects.visible_to(user)
    if user.scope_code:
        regions = regions.within(user.scope_code)
    counts = regions.aggregate(
        counties=Count("code", filter=Q(level=Level.COUNTY)),
        townships=Count("code", filter=Q(level=Level.TOWNSHIP)),
        villages=Count("code", filter=Q(level=Level.VILLAGE)),
    )
    year = timezone.localdate().year
    households = Household.objects.visible_to(user)
    registered = households.filter(is_registered=True)
    people = Member.objects.visible_to(user).filter(
        household__is_registered=True, member_status=MemberStatus.NORMAL
    )
    return [
        KeyFigure("建档立卡户", registered.count(), "户"),
        KeyFigure("建档立卡人口", people.count(), "人", "现有正常人员"),
        KeyFigure(
            "未脱贫户",
            filter_by_status(households, "poor", year).count(),
            "户",
            f"截至{year}年",
        ),
        KeyFigure("县（市、区）", counts["counties"], "个"),
        KeyFigure("乡镇（街道）", counts["townships"], "个"),
        KeyFigure("村（社区）", counts["villages"], "个"),
        KeyFigure("在用账号", User.objects.visible_to(user).filter(is_active=True).count(), "个"),
        *(monitoring_figures(user) if user.uses_pages else []),
    ]


def monitoring_figures(user: User) -> list[KeyFigure]:
    """The user's work on monitoring cases (rules.md §9): what waits on them, and the cases of
    their region past or near the 15 days from lead to decision, each linking to its list."""
    cases = reverse("monitoring:case_list")
    return [
        KeyFigure("我的待办", deadlines.inbox(user).count(), "户", url=reverse("monitoring:inbox")),
        KeyFigure(
            "逾期未决监测对象",
            deadlines.overdue(user).count(),
            "户",
            "线索超过15天未决定",
            url=f"{cases}?deadline=overdue",
        ),
        KeyFigure(
            "即将到期监测对象",
            deadlines.due_soon(user).count(),
            "户",
            "剩余不超过3天",
            url=f"{cases}?deadline=due_soon",
        ),
    ]
