"""Property and fuzz tests: round trips over generated programmes, and validate never crashing on mutated
workbooks. Mutations that once failed are kept in ``tests/fuzz_corpus.json`` and replayed every run."""

from __future__ import annotations

import io
import json
import warnings
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omstill_xl import schema as S
from omstill_xl.errors import InputError
from omstill_xl.examples import fjellbygd
from omstill_xl.findings import SEVERITIES
from omstill_xl.rules.catalogue import BY_CODE
from omstill_xl.validate import validate
from omstill_xl.workbook.annotate import write_annotated
from omstill_xl.workbook.build import build_workbook, workbook_bytes, write_workbook
from omstill_xl.workbook.xlsx import read_file

from .generate import synthetic_plan

CORPUS_FILE = Path(__file__).with_name("fuzz_corpus.json")
BASE = workbook_bytes(build_workbook(fjellbygd()))

# Cells worth hitting: every field, every column of the first rows and the sum rows, a header, a label.
TARGETS: list[tuple[str, str]] = []
for _s in S.SHEETS:
    for _f in _s.fields:
        TARGETS.append((_s.name, f"B{S.field_row(_s, _f.key)}"))
    if _s.table:
        for _ci in range(1, len(_s.table.columns) + 1):
            for _r in (S.table_first_row(_s), S.table_first_row(_s) + 1, S.table_first_row(_s) + 8):
                TARGETS.append((_s.name, f"{S.col_letter(_ci)}{_r}"))
        TARGETS.append((_s.name, f"{S.col_letter(1)}{S.table_header_row(_s)}"))

VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.sampled_from([1e308, -1e308, 0.1 + 0.2, -0.0, 2**53 + 1]),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    st.sampled_from(
        [
            "1 000",
            "1.000,50",
            "75 %",
            "kr 200",
            "  ",
            "Sum",
            "IO1",
            "T1.1",
            "bedriftsrettet",
            "\u00a0",
            "ÆØÅ æøå",
            "x" * 32767,
            "=1/0",
            "=A1+",
            "=SUM(",
            "=XFD1048576*2",
            "=#REF!",
            "=Tiltak!K6*1.1",
            '="tekst"',
            "@SUM(A1)",
            "-",
            "+47 99 99 99 99",
            "\t\n",
        ]
    ),
)
MUTATION = st.tuples(st.sampled_from(TARGETS), VALUES, st.sampled_from(["value", "error", "text"]))


def mutate(mutations: list[tuple[tuple[str, str], object, str]]) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(io.BytesIO(BASE))
    for (sheet, ref), value, how in mutations:
        cell = wb[sheet][ref]
        if how == "error":
            cell.value = "#REF!"
            cell.data_type = "e"
        elif how == "text" and value is not None:
            cell.value = str(value)
            cell.data_type = "s"
        else:
            cell.value = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def check_never_crashes(tmp: Path, data: bytes) -> None:
    path = tmp / "mutert.xlsx"
    path.write_bytes(data)
    try:
        findings = validate(path)
    except InputError as e:  # a typed, Norwegian refusal is a valid answer
        assert e.message and "Traceback" not in e.message
        return
    for f in findings:
        assert f.code in BY_CODE and f.severity in SEVERITIES and f.message
    write_annotated(path, findings, tmp / "mutert-avvik.xlsx", overwrite=True)  # the copy can always be written


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.lists(MUTATION, min_size=1, max_size=6))
def test_validate_never_crashes_on_mutated_workbooks(tmp_path, mutations):
    check_never_crashes(tmp_path, mutate(mutations))


def _load_corpus() -> list[dict]:
    return json.loads(CORPUS_FILE.read_text("utf-8")) if CORPUS_FILE.exists() else []


@pytest.mark.parametrize("case", _load_corpus(), ids=lambda c: c["why"][:40])
def test_replay_mutations_that_once_failed(tmp_path, case):
    muts = [((m["sheet"], m["cell"]), m["value"], m["how"]) for m in case["mutations"]]
    check_never_crashes(tmp_path, mutate(muts))


TEXT = (
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(min_value=2, max_value=80), seed=st.integers(0, 10**6), name=TEXT, comment=TEXT)
def test_round_trip_over_generated_programmes(tmp_path, n, seed, name, comment):
    data = synthetic_plan(n, seed=seed, programnavn=name)
    data["Tiltak"]["rows"][1]["kommentar"] = comment
    path = write_workbook(data, tmp_path / "prop.xlsx", overwrite=True)
    assert read_file(path).to_data() == data
