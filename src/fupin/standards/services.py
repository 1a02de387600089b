"""Setting a standard: a province's own line for a year (or the national one, by 系统管理员)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fupin.regions.choices import Level
from fupin.regions.models import Region

from .models import Standard
from .parameters import PARAMETERS_BY_NAME


class StandardsError(Exception):
    """A refusal, in Chinese."""


def set_standard(
    actor: Any, *, year: int, province: str | None, values: dict[str, Any], reason: str = ""
) -> Standard:
    """Set some parameters of a year's standard (others keep their values), each within its
    bounds; ``reason`` goes into the change history. ``actor`` None is the command-line operator;
    a user must be a nationwide system administrator."""
    if actor is not None and (actor.scope_code is not None or not actor.can_edit):
        raise StandardsError("只有全国范围的系统管理员可以修改标准。")
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
        if actor is not None and actor.pk:
            standard._history_user = actor  # type: ignore[attr-defined]
        if reason:
            standard._change_reason = reason  # type: ignore[attr-defined]
        standard.save()
    return standard
