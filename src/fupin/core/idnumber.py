"""Resident ID numbers (居民身份证号码, GB 11643-1999): 6 region digits, 8 birth-date digits,
3 sequence digits (the last of them odd for men), and a check character.

Parsing separates what cannot be stored (wrong length, wrong characters) from what is well-formed
but wrong (check digit, impossible birth date), which is stored and reported by the quality checks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from fupin.core.errors import DomainError, Refusal

ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"


class MalformedIdNumber(DomainError, ValueError):
    """Not 18 characters of digits with an optional final X: cannot be stored."""

    default_refusal = Refusal.INPUT


@dataclass(frozen=True)
class IdNumber:
    value: str

    @property
    def check_digit_ok(self) -> bool:
        return check_character(self.value[:17]) == self.value[17]

    @property
    def birth_date(self) -> dt.date | None:
        """The birth date the number encodes, or None when its 8 digits are not a real date."""
        try:
            return dt.date(int(self.value[6:10]), int(self.value[10:12]), int(self.value[12:14]))
        except ValueError:
            return None

    @property
    def is_male(self) -> bool:
        return int(self.value[16]) % 2 == 1

    @property
    def sex(self) -> str:
        return "男" if self.is_male else "女"

    def masked(self) -> str:
        """3715**********5338: the first four and last four characters."""
        return mask_id_number(self.value)


def check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def parse_id_number(text: str) -> IdNumber:
    """Normalise (trim, upper-case the final x) and check the shape; raise if malformed."""
    value = text.strip().upper()
    if not ID_PATTERN.match(value):
        if len(value) != 18:
            raise MalformedIdNumber(f"证件号码应为18位，实际{len(value)}位")
        raise MalformedIdNumber("证件号码只能是17位数字加1位数字或X")
    return IdNumber(value)


def mask_id_number(value: str) -> str:
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678: the first three and last four digits."""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years on ``day``. Someone born on 29 February turns a year older on 1 March in
    non-leap years (rules.md §1): comparing (month, day) tuples gives exactly that."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
