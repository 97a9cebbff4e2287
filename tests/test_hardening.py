"""Hostile and broken input through the real command: exit 2, a Norwegian message naming the file, no
traceback, quickly, in bounded memory; outputs never half-written; file names from user data are safe."""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import time

import pytest

from omstill_xl.examples import fjellbygd
from omstill_xl.safeio import safe_filename
from omstill_xl.workbook.build import write_workbook

from . import hostile
from .conftest import corpus_files

BUILDERS = {
    "zip-bomb": lambda p: hostile.write_zip_bomb(p),
    "zip-bomb-lying": lambda p: hostile.write_zip_bomb(p, declared=10_000),
    "billion-laughs": hostile.write_billion_laughs,
    "billion-laughs-workbook": lambda p: hostile.write_billion_laughs(p, part="xl/workbook.xml"),
    "xxe": hostile.write_xxe,
    "utf16-laughs": hostile.write_utf16_billion_laughs,
    "doctype-after-comment": hostile.write_doctype_after_long_comment,
    "far-cell": hostile.write_far_cell,
    "huge-dimension": hostile.write_huge_dimension,
    "xls-renamed": hostile.write_xls_renamed,
    "text-as-xlsx": hostile.write_text_as_xlsx,
    "empty": hostile.write_empty,
    "other-workbook": hostile.write_openpyxl_workbook,
}


def run_cli(*args: object, timeout: float = 60) -> tuple[int, str, float]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "omstill_xl.cli", *map(str, args)], capture_output=True, text=True, timeout=timeout
    )
    return proc.returncode, proc.stdout + proc.stderr, time.perf_counter() - start


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_hostile_file_is_refused_cleanly(tmp_path, kind):
    path = BUILDERS[kind](tmp_path / f"{kind}.xlsx")
    before = path.read_bytes()
    code, out, seconds = run_cli("validate", path)
    assert code == 2, out
    assert "Traceback" not in out and path.name in out and "kunne ikke leses" in out
    assert seconds < 5
    assert path.read_bytes() == before


def test_truncated_and_mutated_workbooks(tmp_path):
    good = write_workbook(fjellbygd(), tmp_path / "god.xlsx")
    files = [hostile.write_truncated(tmp_path / "halv.xlsx", good)]
    rnd = random.Random(7)
    for i in range(8):
        files.append(hostile.write_byte_mutation(tmp_path / f"byte-{i}.xlsx", good, rnd))
        files.append(hostile.write_part_mutation(tmp_path / f"part-{i}.xlsx", good, rnd))
    code, out, _ = run_cli("validate", *files)
    assert code in (1, 2) and "Traceback" not in out
    assert "halv.xlsx  kunne ikke leses" in out


@pytest.mark.corpus
def test_whole_corpus_in_one_run_bounded_time_and_memory(tmp_path):
    files = corpus_files()
    code, out, seconds = run_cli("validate", *files, timeout=300)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert code == 2 and "Traceback" not in out
    assert out.count("  kunne ikke leses\n") == len(files) and f"{len(files)} kunne ikke leses" in out
    assert seconds < 5 * len(files) and peak_mb < 500, (seconds, peak_mb)


def test_batch_goes_on_after_a_bad_file(tmp_path, example_paths):
    bad = hostile.write_zip_bomb(tmp_path / "bombe.xlsx")
    code, out, _ = run_cli("validate", example_paths["fjellbygd-2026.xlsx"], bad, example_paths["eksempel-2025.xlsx"])
    assert code == 2
    assert "fjellbygd-2026.xlsx  Ingen feil funnet" in out and "eksempel-2025.xlsx  Ingen feil, men 2" in out


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Omstilling Eksempel", "Omstilling Eksempel.docx"),
        ("../../etc/passwd", "___etc_passwd.docx"),
        ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j.docx"),
        ("CON", "_CON.docx"),
        ("nul.txt", "_nul.txt.docx"),
        ("  ..  ", "uten_navn.docx"),
        ("ø" * 300, None),
    ],
)
def test_safe_filename(text, expected):
    name = safe_filename(text, suffix=".docx")
    if expected:
        assert name == expected
    assert "/" not in name and "\\" not in name and ".." not in name.replace(".docx", "")
    assert len(name.encode("utf-8")) <= 255 and name.endswith(".docx")


def test_atomic_write_leaves_no_partial_file(tmp_path, monkeypatch):
    import os

    from omstill_xl import safeio

    def broken_replace(src, dst):  # the rename fails, as on a full disk or a killed process
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(KeyboardInterrupt):
        safeio.atomic_write_bytes(tmp_path / "ut.xlsx", b"data")
    assert list(tmp_path.iterdir()) == []


def test_isolated_read_gives_the_same_model(example_paths):
    from omstill_xl.workbook.safe_read import read_workbook
    from omstill_xl.workbook.xlsx import read_file

    path = example_paths["eksempel-2025.xlsx"]
    isolated = read_workbook(path, isolate=True)
    assert isolated.to_data() == read_file(path).to_data()
    assert isolated.tiltak[1].address("budsjett") == "Tiltak!K6"


def test_large_foreign_file_is_read_in_a_child_and_refused(tmp_path):
    from omstill_xl.errors import NotOmstillWorkbookError
    from omstill_xl.workbook import safe_read

    path = hostile.write_plain_sheet(tmp_path / "stor.xlsx", rows=100_000, cols=12)
    assert path.stat().st_size > safe_read.ISOLATE_ABOVE_BYTES
    with pytest.raises(NotOmstillWorkbookError, match="mangler"):
        safe_read.read_workbook(path)
