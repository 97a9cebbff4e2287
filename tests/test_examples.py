"""The committed example workbooks are exactly what the script builds."""

from pathlib import Path

import pytest

from omstill_xl.examples import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_committed_example_matches_script(examples_dir, name):
    committed = ROOT / "workbooks" / name
    assert committed.exists(), "run: python -m omstill_xl.examples workbooks/"
    assert committed.read_bytes() == (examples_dir / name).read_bytes(), (
        "workbooks/ is stale: run python -m omstill_xl.examples workbooks/"
    )
