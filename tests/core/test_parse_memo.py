"""Cleaning each distinct value of a column once: repeating columns are remembered, columns of
mostly different values are dropped after a probe (a county's ID numbers would only cost memory)."""

from __future__ import annotations

from fupin.core.importing.parse import _UNSEEN, _Memo


def fill(memo: _Memo, values: list[str]) -> None:
    for value in values:
        if memo.recall(value) is _UNSEEN:
            memo.remember(value, value.upper())


def test_a_column_of_repeating_values_is_remembered_past_the_probe():
    memo = _Memo()
    fill(memo, [f"h{i // 3}" for i in range(3 * (_Memo.PROBE + 10))])  # every value three times
    assert memo.active and len(memo.values) == _Memo.PROBE + 10
    assert memo.recall("h5") == "H5"


def test_a_column_of_distinct_values_is_dropped_after_the_probe():
    memo = _Memo()
    fill(memo, [f"id{i}" for i in range(_Memo.PROBE)])
    assert not memo.active and memo.values == {}
