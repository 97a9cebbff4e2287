"""The collector is paused only inside the block, nested blocks keep it paused, and an error switches it back on."""

from __future__ import annotations

import gc

import pytest

from omstill_xl.gcpause import paused_gc
from omstill_xl.programme.reading import read_many


def test_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block is still running
    assert gc.isenabled()


def test_restored_after_an_error() -> None:
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("x")
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_batch_read_leaves_the_collector_on(tmp_path) -> None:
    results = read_many([tmp_path / "mangler.xlsx"], workers=1)
    assert results[0].error and gc.isenabled()
