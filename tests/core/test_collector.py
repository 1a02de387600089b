"""The collector pause restores the collector as it found it, also when the block fails."""

from __future__ import annotations

import gc

import pytest

from fupin.core.collector import collector_paused


def test_the_collector_is_off_inside_and_back_on_after_even_on_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_as_a_decorator_each_call_pauses_it():
    @collector_paused()
    def enabled_inside() -> bool:
        return gc.isenabled()

    assert (enabled_inside(), enabled_inside(), gc.isenabled()) == (False, False, True)
