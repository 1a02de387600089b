"""Cleaning cells as county offices fill them (interchange.md §1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fupin.core.cleaning import (
    ID_AS_NUMBER_LOST,
    CellError,
    clean_bool,
    clean_choice,
    clean_choices,
    clean_date,
    clean_id_number,
    clean_int,
    clean_money,
    clean_year,
    fold,
)


def test_full_width_digits_letters_and_punctuation_are_folded():
    assert fold("　２０２０，ＡＢｃ（镇）　") == "2020,ABc(镇)"


@pytest.mark.parametrize("yes", ["是", "√", "Y", "y", "1", "true", "TRUE", " 是 ", True, 1.0])
def test_true_words(yes):
    assert clean_bool(yes) is True


@pytest.mark.parametrize("no", ["否", "×", "N", "0", "false", False, 0])
def test_false_words(no):
    assert clean_bool(no) is False


def test_other_words_are_not_booleans():
    with pytest.raises(CellError, match="应填“是”或“否”"):
        clean_bool("有")


@pytest.mark.parametrize(
    "cell",
    [
        "2020-04-16",
        "2020/4/16",
        "2020.4.16",
        "2020年4月16日",
        "２０２０年４月１６日",
        43937,
        43937.0,
        "43937",
        dt.datetime(2020, 4, 16, 0, 0),
        dt.date(2020, 4, 16),
        "2020-04-16 00:00:00",
    ],
)
def test_every_date_form_of_the_template(cell):
    assert clean_date(cell) == dt.date(2020, 4, 16)


@pytest.mark.parametrize("cell", ["2020-02-30", "16/04/2020", "昨天", 43937.5])
def test_bad_dates_are_refused(cell):
    with pytest.raises(CellError):
        clean_date(cell)


@pytest.mark.parametrize("cell", [2020, 2020.0, "2020", "２０２０"])
def test_years(cell):
    assert clean_year(cell) == 2020


@pytest.mark.parametrize("cell", ["20", "二〇二〇", 1800, "2020年"])
def test_bad_years(cell):
    with pytest.raises(CellError):
        clean_year(cell)


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("1,234.50", "1234.50"),
        (1234.5, "1234.50"),
        (0.1 + 0.2, "0.30"),
        (12000, "12000.00"),
        ("0", "0.00"),
        ("１２，０００", "12000.00"),
    ],
)
def test_money(cell, amount):
    assert clean_money(cell) == Decimal(amount)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("-5", "不能为负数"),
        ("1.234", "最多两位小数"),
        (1.234, "最多两位小数"),
        ("12,34", "应为金额"),
        ("一千", "应为金额"),
    ],
)
def test_bad_money(cell, reason):
    with pytest.raises(CellError, match=reason):
        clean_money(cell)


def test_negative_money_only_where_allowed():
    assert clean_money("-5.5", negative=True) == Decimal("-5.50")


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_money_written_with_separators_reads_back(amount):
    assert clean_money(f"{amount:,.2f}") == amount


def test_int_bounds():
    assert clean_int("12", maximum=12) == 12
    with pytest.raises(CellError, match="0–12"):
        clean_int(13, maximum=12)


def test_a_choice_names_the_allowed_values():
    with pytest.raises(CellError, match="应为以下之一：A级、B级"):
        clean_choice("E级", ["A级", "B级"])
    assert clean_choice("A", ["A级", "B级"], {"A": "A级"}) == "A级"


def test_multiple_codes_with_any_separator():
    assert clean_choices("长期慢性病、残疾", ["健康", "长期慢性病", "残疾"]) == [
        "长期慢性病",
        "残疾",
    ]
    assert clean_choices("长期慢性病，残疾 ", ["健康", "长期慢性病", "残疾"]) == [
        "长期慢性病",
        "残疾",
    ]
    assert clean_choices("长期慢性病;残疾", ["健康", "长期慢性病", "残疾"]) == [
        "长期慢性病",
        "残疾",
    ]


def test_id_numbers_are_upper_cased():
    assert clean_id_number(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize("cell", [1.10105194912310e17, 110105194912310000, "1.10105E+17"])
def test_ids_that_excel_turned_into_numbers_are_refused(cell):
    with pytest.raises(CellError, match=ID_AS_NUMBER_LOST):
        clean_id_number(cell)


def test_an_exact_18_digit_number_is_recovered():
    assert clean_id_number(110105194912310021) == "110105194912310021"
