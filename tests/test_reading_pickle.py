"""A read result travels from a worker process to the batch as it was read: every cell, record and finding equal
after a pickle round trip (``Cell`` and ``Record`` are registered with ``copyreg`` in ``programme.reading``)."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from omstill_xl.model import Cell
from omstill_xl.programme.reading import read_one

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "cell",
    [
        Cell("Tiltak", "B7"),
        Cell("Tiltak", "P7", 1250.5, "SUM(L7:O7)", False, "Tiltak (nn)"),
        Cell("Program", "C3", "tekst med «æøå»", None, True, None),
        Cell("Tiltak", "Q9", True, "=A1", True, "x"),
    ],
)
def test_a_cell_round_trips_with_every_field(cell: Cell) -> None:
    back = pickle.loads(pickle.dumps(cell, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(back) is Cell
    assert dataclasses.astuple(back) == dataclasses.astuple(cell)
    assert back == cell and hash(back) == hash(cell)
    assert dataclasses.replace(back, raw=2).raw == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.raw = 3  # type: ignore[misc]


def test_a_read_result_round_trips() -> None:
    result = read_one(ROOT / "workbooks" / "eksempel-2025.xlsx")
    assert result.plan is not None and result.error is None
    back = pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == result
    assert back.plan is not None
    cells = [c for _s, rec in back.plan.all_records() for c in rec.cells.values()]
    assert cells and all(type(c) is Cell for c in cells)
    before = [dataclasses.astuple(c) for _s, rec in result.plan.all_records() for c in rec.cells.values()]
    assert [dataclasses.astuple(c) for c in cells] == before
    assert back.plan.facts.formulas == result.plan.facts.formulas
