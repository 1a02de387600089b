"""Money in yuan: exact decimals, rounded half away from zero (rules.md §1: −0.005 → −0.01)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_half_away(value: Decimal, places: int = 2) -> Decimal:
    """Decimal's ROUND_HALF_UP rounds half away from zero, for negative values too."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def yuan(value: Decimal | None) -> str:
    """12,345.60 元 as pages show money; blank for unknown."""
    if value is None:
        return ""
    return f"{round_half_away(value):,.2f}"
