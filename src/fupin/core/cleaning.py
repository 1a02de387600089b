"""Cleaning one cell of a hand-filled or machine-made sheet (spec/interchange.md §1).

Each cleaner takes the raw cell (str, int, float, bool, date or None, as the reader gives it) and
returns the stored value, or raises CellError with the reason in Chinese. Blank cells are handled
by the caller (required or not); cleaners see only non-blank values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from fupin.core.errors import DomainError, Refusal

from .idnumber import MalformedIdNumber, parse_id_number
from .spreadsheet_safety import FORMULA_NAME_REASON, begins_like_formula


class CellError(DomainError, ValueError):
    """Why a cell cannot be stored, in Chinese."""

    default_refusal = Refusal.INPUT


# Full-width ASCII (U+FF01–U+FF5E) maps to ASCII by a fixed offset; U+3000 is the ideographic space.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold(value: Any) -> Any:
    """Trim text and fold full-width digits, letters and punctuation to half-width."""
    if isinstance(value, str):
        if not value.isascii():
            value = value.translate(_FULL_WIDTH)
        return " ".join(value.split())
    return value


def is_blank(value: Any) -> bool:
    # str.strip() also removes the ideographic space U+3000.
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    """A cell as text; whole numbers that Excel stored as floats lose their ``.0``."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(fold(value))


TRUE_WORDS = frozenset({"是", "√", "y", "yes", "1", "true", "t"})
FALSE_WORDS = frozenset({"否", "×", "x", "n", "no", "0", "false", "f"})


def clean_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = as_text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError("应填“是”或“否”（也可用 √ ×、Y N、1 0）")


EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 1900-02-29
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
]


def clean_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2958466 or not float(value).is_integer():
            raise CellError("不是有效的Excel日期")
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = as_text(value)
    if text.isdigit() and len(text) <= 5:  # a serial that arrived as text (CSV saved by Excel)
        return clean_date(int(text))
    text = text.split(" ")[0].split("T")[0]  # "2020-04-16 00:00:00" from some exports
    for pattern in _DATE_PATTERNS:
        if match := pattern.match(text):
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                raise CellError("日期不存在") from None
    raise CellError("日期格式应为 2020-04-16、2020/4/16、2020.4.16 或 2020年4月16日")


MIN_YEAR, MAX_YEAR = 1950, 2100


def clean_year(value: Any) -> int:
    text = as_text(value)
    if not (len(text) == 4 and text.isdigit()):
        raise CellError("年度应为四位数字，如 2020")
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(f"年度应在 {MIN_YEAR}–{MAX_YEAR} 之间")
    return year


def clean_int(value: Any, *, minimum: int = 0, maximum: int | None = None) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = as_text(value).replace(",", "")
    if not re.fullmatch(r"-?\d+", text):
        raise CellError("应为整数")
    number = int(text)
    if number < minimum or (maximum is not None and number > maximum):
        bounds = f"{minimum}–{maximum}" if maximum is not None else f"不小于 {minimum}"
        raise CellError(f"应为整数，{bounds}")
    return number


MONEY_LIMIT = Decimal("999999999999.99")
CENTS = Decimal("0.01")
_MONEY_TEXT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


_PLAIN_MONEY = re.compile(r"\d{1,12}(\.\d{1,2})?")


def clean_money(value: Any, *, negative: bool = False) -> Decimal:
    """Yuan with at most two decimals; thousands separators accepted."""
    if type(value) is str and _PLAIN_MONEY.fullmatch(value):
        return Decimal(value).quantize(CENTS)  # the common case, as machines write it
    if isinstance(value, float):
        # Excel keeps money as binary floats: 0.1 + 0.2 arrives as 0.30000000000000004.
        amount = Decimal(repr(value))
        rounded = amount.quantize(Decimal("0.01"))
        if abs(amount - rounded) > Decimal("0.000001"):
            raise CellError("金额最多两位小数")
        amount = rounded
    elif isinstance(value, int) and not isinstance(value, bool):
        amount = Decimal(value)
    else:
        text = as_text(value).replace("元", "").replace("¥", "").strip()
        if not _MONEY_TEXT.match(text):
            raise CellError("应为金额（元），如 1,234.50")
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise CellError("应为金额（元），如 1,234.50") from None
        if amount != amount.quantize(Decimal("0.01")):
            raise CellError("金额最多两位小数")
    if amount < 0 and not negative:
        raise CellError("金额不能为负数")
    if abs(amount) > MONEY_LIMIT:
        raise CellError("金额过大")
    return amount.quantize(Decimal("0.01"))


def clean_choice(
    value: Any, allowed: Iterable[str], aliases: Mapping[str, str] | None = None
) -> str:
    text = as_text(value)
    allowed = list(allowed)
    if text in allowed:
        return text
    if aliases and text in aliases:
        return aliases[text]
    raise CellError("应为以下之一：" + "、".join(allowed))


_SEPARATORS = re.compile(r"[、,，;；\s]+")


def clean_choices(
    value: Any, allowed: Iterable[str], aliases: Mapping[str, str] | None = None
) -> list[str]:
    """Several codes separated by 、 , ， ; or spaces; each from the list, none twice."""
    allowed = list(allowed)
    if isinstance(value, list | tuple):  # from a form's checkboxes
        parts = [fold(part) for part in value if not is_blank(part)]
    else:
        parts = [part for part in _SEPARATORS.split(as_text(value)) if part]
    codes = [clean_choice(part, allowed, aliases) for part in parts]
    if len(set(codes)) != len(codes):
        raise CellError("代码重复")
    return codes


ID_AS_NUMBER_LOST = "证件号码被Excel转为数字，后几位已丢失"


def clean_id_number(value: Any) -> str:
    """An 18-character resident ID; an ID that Excel turned into a number is recovered only when
    the number still holds all 18 digits exactly (an int, never a float of 15 significant digits)."""
    if isinstance(value, float):
        raise CellError(ID_AS_NUMBER_LOST)
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
        if len(digits) == 18 and len(digits.rstrip("0")) > 15:
            value = digits
        else:
            raise CellError(ID_AS_NUMBER_LOST)
    text = as_text(value)
    if re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", text):
        raise CellError(ID_AS_NUMBER_LOST)  # "1.10101E+17" from a CSV saved by Excel
    try:
        return parse_id_number(text).value
    except MalformedIdNumber as error:
        raise CellError(str(error)) from None


def clean_text(value: Any, *, max_length: int, pattern: str | None = None, hint: str = "") -> str:
    text = as_text(value)
    if len(text) > max_length:
        raise CellError(f"不能超过 {max_length} 个字符")
    if pattern and not re.fullmatch(pattern, text):
        raise CellError(hint or "格式不正确")
    return text


def clean_name(value: Any, *, max_length: int = 50) -> str:
    """A person's name (家庭成员, 帮扶干部, 联系人, 帮扶责任人, an account's 姓名). One that begins
    with = + - or @ is refused: a spreadsheet would run it as a formula (spec/interchange.md
    §3.1); no real name does."""
    text = clean_text(value, max_length=max_length)
    if begins_like_formula(text):
        raise CellError(FORMULA_NAME_REASON)
    return text
