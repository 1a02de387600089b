"""Setting a standard: a province's own line for a year (or the national one, by 系统管理员)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fupin.accounts.models import User
from fupin.core.errors import DomainError, Refusal
from fupin.core.history import record_change
from fupin.regions.choices import Level
from fupin.regions.models import Region

from .models import Standard
from .parameters import PARAMETERS_BY_NAME


class StandardsError(DomainError):
    """A refusal, in Chinese."""

    default_refusal = Refusal.INPUT


def set_standard(
    actor: User | None,
    *,
    year: int,
    province: str | None,
    values: dict[str, Any],
    reason: str = "",
) -> Standard:
    """Set some parameters of a year's standard (others keep their values), each within its
    bounds; ``reason`` goes into the change history. ``actor`` None is the command-line operator;
    a user must be a nationwide system administrator."""
    if actor is not None and (actor.scope_code is not None or not actor.can_edit):
        raise StandardsError("只有全国范围的系统管理员可以修改标准。", refusal=Refusal.ROLE)
    if not 2000 <= year <= 2100:
        raise StandardsError("年度应在 2000–2100 之间")
    if (
        province is not None
        and not Region.objects.filter(code=province, level=Level.PROVINCE).exists()
    ):
        raise StandardsError(f"{province} 不是省级区划代码（两位数字，如 53）")
    unknown = set(values) - set(PARAMETERS_BY_NAME)
    if unknown:
        raise StandardsError("未知的参数：" + "、".join(sorted(unknown)))
    if not values:
        raise StandardsError("没有要设置的数值")
    refusals = [
        refusal
        for name, value in values.items()
        if value is not None and (refusal := PARAMETERS_BY_NAME[name].refusal(value))
    ]
    if refusals:
        raise StandardsError("\n".join(refusals))
    with transaction.atomic():
        standard, _ = Standard.objects.get_or_create(province_id=province, year=year)
        for name, value in values.items():
            setattr(
                standard, name, None if value is None else PARAMETERS_BY_NAME[name].value(value)
            )
        record_change(standard, actor, reason or None)
        standard.save()
    return standard
