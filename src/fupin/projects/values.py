"""Checking the values a project or a fund is given, with the Chinese message each refusal shows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import invalid

# MoneyField's 14 digits, two after the point.
MAX_AMOUNT = Decimal("999999999999.99")
FEN = Decimal("0.01")


def amount(value: Any, label: str) -> Decimal:
    """A positive amount in yuan to the fen (no fraction of a fen)."""
    try:
        money = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise invalid(f"{label}应为金额（元），如 12500.00") from None
    if not money.is_finite() or money <= 0:
        raise invalid(f"{label}应大于 0")
    if money > MAX_AMOUNT:
        raise invalid(f"{label}超过上限（{MAX_AMOUNT} 元）")
    if money != money.quantize(FEN):
        raise invalid(f"{label}最多到分（两位小数）")
    return money.quantize(FEN)


def to_fen(value: Decimal | int) -> Decimal:
    """A sum as read back from the database (SQLite gives 0 for an empty one) to the fen."""
    return Decimal(value).quantize(FEN)


def text(value: Any, label: str, max_length: int, *, required: bool = True) -> str:
    cleaned = str(value or "").strip()
    if required and not cleaned:
        raise invalid(f"请填写{label}")
    if len(cleaned) > max_length:
        raise invalid(f"{label}不能超过 {max_length} 个字")
    return cleaned


def date(value: Any, label: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise invalid(f"请填写{label}")
    return value


def choice(value: str, allowed: list[str], label: str) -> str:
    if value not in allowed:
        raise invalid(f"{label}应为{'、'.join(allowed)}之一")
    return value


def year(value: Any) -> int:
    if not isinstance(value, int) or not 2000 <= value <= 2100:
        raise invalid("年度应为 2000 至 2100 之间的年份")
    return value
