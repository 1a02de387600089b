"""Resident ID numbers per GB 11643-1999."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fupin.core.idnumber import (
    MalformedIdNumber,
    age_on,
    check_character,
    mask_id_number,
    mask_phone,
    parse_id_number,
)

# The standard's own example: 11010519491231002X.
EXAMPLE = "11010519491231002X"


def test_the_standards_example_has_a_valid_check_character():
    number = parse_id_number(EXAMPLE.lower())
    assert number.value == EXAMPLE
    assert number.check_digit_ok
    assert number.birth_date == dt.date(1949, 12, 31)
    assert number.sex == "女"


def test_a_wrong_check_character_is_well_formed_but_flagged():
    number = parse_id_number("110105194912310021")
    assert not number.check_digit_ok


def test_an_impossible_birth_date_is_well_formed_but_has_no_date():
    assert parse_id_number("110105194902300021").birth_date is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("11010519491231002", "应为18位，实际17位"),
        ("1101051949123100ZX", "只能是17位数字"),
        ("", "实际0位"),
    ],
)
def test_malformed_numbers_are_refused(text, reason):
    with pytest.raises(MalformedIdNumber, match=reason):
        parse_id_number(text)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_the_computed_check_character_always_validates(first17):
    assert parse_id_number(first17 + check_character(first17)).check_digit_ok


@given(st.text(alphabet="0123456789", min_size=17, max_size=17), st.sampled_from("0123456789X"))
def test_exactly_one_check_character_fits(first17, last):
    assert parse_id_number(first17 + last).check_digit_ok == (last == check_character(first17))


def test_masks_keep_the_first_and_last_four():
    assert mask_id_number("371522199001015338") == "3715**********5338"
    assert mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (dt.date(2000, 2, 29), dt.date(2001, 2, 28), 0),
        (dt.date(2000, 2, 29), dt.date(2001, 3, 1), 1),
        (dt.date(2000, 2, 29), dt.date(2004, 2, 29), 4),
        (dt.date(1960, 12, 31), dt.date(2020, 12, 31), 60),
        (dt.date(1961, 1, 1), dt.date(2020, 12, 31), 59),
    ],
)
def test_age_counts_completed_years(born, on, age):
    assert age_on(born, on) == age
