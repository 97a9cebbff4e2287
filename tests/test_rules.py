"""Each rule has a fixture that fails exactly that rule; the catalogue and the rules agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from omstill_xl.rules.catalogue import BY_CODE, RULES
from omstill_xl.validate import validate

from .defects import DEFECTS

RULES_DIR = Path(__file__).resolve().parents[1] / "omstill_xl" / "rules"


@pytest.mark.parametrize("code", sorted(DEFECTS))
def test_defect_fails_exactly_its_rule(tmp_path, code):
    path, profiles = DEFECTS[code](tmp_path)
    findings = validate(path, profiles=profiles)
    assert {f.code for f in findings} == {code}, [(f.code, f.location, f.message) for f in findings]
    for f in findings:
        assert f.file == str(path) and f.message and f.hint and f.severity == BY_CODE[code].severity
        if code not in ("OX-H004", "OX-H005", "OX-H006", "OX-F002"):
            assert f.sheet and f.cell, f


def test_every_catalogue_code_has_a_defect():
    implemented = {r.code for r in RULES if not r.code.startswith(("OX-X", "OX-O"))}
    assert implemented <= set(DEFECTS), sorted(implemented - set(DEFECTS))


def test_rules_only_emit_catalogue_codes():
    used = set()
    for py in RULES_DIR.glob("*.py"):
        if py.name != "catalogue.py":
            used |= set(re.findall(r'"(OX-[A-Z]\d{3})"', py.read_text("utf-8")))
    assert used and used <= set(BY_CODE), sorted(used - set(BY_CODE))


def test_clean_example_has_no_findings(example_paths):
    assert validate(example_paths["fjellbygd-2026.xlsx"]) == []


def test_eksempel_2025_has_only_the_documented_warnings(example_paths):
    findings = validate(example_paths["eksempel-2025.xlsx"])
    assert [(f.code, f.location) for f in findings] == [("OX-A006", "Tiltak!U6"), ("OX-A006", "Tiltak!U14")]


def test_number_as_text_message_says_so(tmp_path):
    path, _ = DEFECTS["OX-S002"](tmp_path)
    (f,) = validate(path)
    assert f.location == "Tiltak!K6" and "«250 000»" in f.message and "ikke et tall" in f.message
    assert f.expected == 250000


def test_de_minimis_states_the_rate(tmp_path):
    path, _ = DEFECTS["OX-F004"](tmp_path)
    (f,) = validate(path)
    assert "11,50" in f.message and "3\u00a0450\u00a0000\u00a0kr" in f.message
