"""The code-prefix range behind every region-scoped query."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fupin.core.scope import code_range

digits = st.text(alphabet="0123456789", min_size=1, max_size=12)


def test_range_of_a_county_covers_its_townships_and_villages():
    assert code_range("220802") == ("220802", "220803")


def test_range_carries_over_trailing_nines():
    assert code_range("2299") == ("2299", "23")
    assert code_range("1999999") == ("1999999", "2")


def test_range_of_all_nines_has_no_upper_digit():
    low, high = code_range("99")
    assert low == "99" and "99" < "999999999999" < high


@pytest.mark.parametrize("bad", ["", "22a8", "22 08", "２２"])
def test_non_digit_codes_are_refused(bad):
    with pytest.raises(ValueError):
        code_range(bad)


@given(prefix=digits, code=digits)
def test_a_code_is_in_the_range_exactly_when_it_starts_with_the_prefix(prefix, code):
    low, high = code_range(prefix)
    assert (low <= code < high) == code.startswith(prefix)
