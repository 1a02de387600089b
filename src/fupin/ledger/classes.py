"""The problem classes a region may use: the national ten, then those its province added."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.core.scope import require_in_scope
from fupin.regions.choices import Level, level_of
from fupin.regions.models import Region

from .choices import ProblemClass
from .errors import LedgerError, Refusal, invalid
from .models import ExtraProblemClass

NAME_LENGTH = 20


def class_names(region_code: str) -> list[str]:
    """The national classes in their order, then the province's own in the order of their names."""
    added = ExtraProblemClass.objects.filter(province_id=region_code[:2]).values_list(
        "name", flat=True
    )
    return list(ProblemClass.values) + [name for name in added if name not in ProblemClass.values]


def every_class_name() -> list[str]:
    """The national classes, then every province's own: what a nationwide user may filter by."""
    added = ExtraProblemClass.objects.order_by("name").values_list("name", flat=True).distinct()
    return list(ProblemClass.values) + [name for name in added if name not in ProblemClass.values]


def check_class(category: str, region_code: str) -> None:
    names = class_names(region_code)
    if category not in names:
        raise invalid(f"问题类别应为{'、'.join(names)}之一")


def add_class(actor: User, province: Region, *, name: str) -> ExtraProblemClass:
    """A province adds a class of its own; only a 系统管理员 whose scope holds the province."""
    require_in_scope(actor, province.code, error=LedgerError)
    if actor.role != Role.SYSTEM_ADMIN:
        raise LedgerError("只有系统管理员可以增加省级问题类别", refusal=Refusal.ROLE)
    if level_of(province.code) != Level.PROVINCE:
        raise invalid("问题类别由省级增加")
    name = (name or "").strip()
    if not name:
        raise invalid("请填写问题类别")
    if len(name) > NAME_LENGTH:
        raise invalid(f"问题类别不能超过 {NAME_LENGTH} 个字")
    if name in ProblemClass.values:
        raise invalid(f"“{name}”已是全国统一的问题类别")
    try:
        with transaction.atomic():
            return ExtraProblemClass.objects.create(
                province=province, name=name, added_by=actor, added_at=timezone.now()
            )
    except IntegrityError:
        raise invalid(f"{province.name}已有问题类别“{name}”") from None
