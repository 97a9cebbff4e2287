"""Batch: many workbooks → many reports. A broken workbook among good ones never stops the others; a summary
table and sammendrag.xlsx; exit 2 when anything failed; the pool gives the same bytes; Ctrl-C leaves only
complete files; existing files are never replaced without --overwrite."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from omstill_xl.cli import main
from omstill_xl.errors import OutputError
from omstill_xl.report.batch import SUMMARY_NAME, BatchOptions, run_batch
from omstill_xl.workbook.build import write_workbook

from .generate import synthetic_plan

AAR = 2026


@pytest.fixture(scope="module")
def inbox(example_paths, tmp_path_factory) -> Path:
    """Three good programmes (Eksempel with 2025 and 2026), one workbook with errors, one damaged file, one
    programme without a 2026 workbook, and a file that is not a workbook."""
    folder = tmp_path_factory.mktemp("innkommet")
    for name, path in example_paths.items():
        shutil.copyfile(path, folder / name)
    write_workbook(
        synthetic_plan(12, seed=7, kommunenummer="1103", programnavn="Omstilling Syntetisk", aar=AAR),
        folder / "syntetisk-2026.xlsx",
    )
    bad = synthetic_plan(8, seed=8, kommunenummer="5001", programnavn="Omstilling Feil", aar=AAR)
    bad["Tiltak"]["rows"][3]["budsjett"] += 50_000  # financing no longer sums to the budget: OX-A001 (feil)
    write_workbook(bad, folder / "feil-2026.xlsx")
    write_workbook(
        synthetic_plan(6, seed=9, kommunenummer="1506", programnavn="Omstilling Gammel", aar=2024, fra=2024, til=2029),
        folder / "gammel-2024.xlsx",
    )
    (folder / "kaputt.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    (folder / "notater.txt").write_text("ikke en arbeidsbok")
    return folder


@pytest.fixture(scope="module")
def batch(inbox, tmp_path_factory):
    out = tmp_path_factory.mktemp("rapporter")
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(["report", str(inbox), "--aar", str(AAR), "--out", str(out)])
    return code, buf.getvalue(), out


def summary_rows(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_one_broken_input_never_stops_the_others(batch):
    code, out, folder = batch
    assert code == 2
    made = sorted(p.name for p in folder.glob("*.docx"))
    assert made == [
        "arsrapport-2026-1103-omstilling-syntetisk.docx",
        "arsrapport-2026-3424-omstilling-fjellbygd.docx",
        "arsrapport-2026-4626-omstilling-eksempel.docx",
    ]
    for name in made:
        assert Document(str(folder / name)).paragraphs  # complete, readable documents
    assert not [p for p in folder.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]


def test_the_summary_lists_every_programme_and_file(batch):
    _, out, folder = batch
    rows = {r["Program"]: r for r in summary_rows(folder / SUMMARY_NAME)}
    assert rows["Omstilling Eksempel"]["Status"] == "laget" and rows["Omstilling Eksempel"]["År"] == AAR
    assert rows["Omstilling Eksempel"]["Arbeidsbøker"] == "eksempel-2026.xlsx, eksempel-2025.xlsx"
    assert rows["Omstilling Eksempel"]["Rapport"].endswith("arsrapport-2026-4626-omstilling-eksempel.docx")
    assert rows["Omstilling Eksempel"]["Antall funn"] == 3  # 2 warnings in 2025 + 1 note in 2026
    assert rows["Omstilling Feil"]["Status"] == "hoppet over: feil i arbeidsboka"
    assert rows["Omstilling Feil"]["Herav feil"] >= 1 and not rows["Omstilling Feil"]["Rapport"]
    assert "OX-A001" in rows["Omstilling Feil"]["Melding"] and "Tiltak!K" in rows["Omstilling Feil"]["Melding"]
    assert rows["kaputt.xlsx"]["Status"] == "kunne ikke leses"
    assert rows["Omstilling Gammel"]["Status"] == "ikke laget"
    assert "Ingen arbeidsbok for 2026 (fant år: 2024)" in rows["Omstilling Gammel"]["Melding"]
    assert len(rows) == 6  # notater.txt is not a workbook and is not listed
    assert "3 av 6 rapporter laget" in out and "OX-A001" in out and "kaputt.xlsx" in out


def test_allow_errors_makes_a_stamped_report(inbox, tmp_path, capsys):
    code = main(["report", str(inbox / "feil-2026.xlsx"), "--allow-errors", "--out", str(tmp_path)])
    assert code == 0, capsys.readouterr()
    doc = Document(str(next(tmp_path.glob("*.docx"))))
    assert any(p.text.startswith("IKKE VALIDERT") for p in doc.paragraphs)
    assert summary_rows(tmp_path / SUMMARY_NAME)[0]["Status"] == "laget, ikke validert"


def test_pool_and_single_process_give_the_same_bytes(inbox, tmp_path):
    inputs = [inbox / "eksempel-2025.xlsx", inbox / "eksempel-2026.xlsx", inbox / "fjellbygd-2026.xlsx"]
    pooled = run_batch(inputs, BatchOptions(out=tmp_path / "a", aar=AAR, workers=2))
    single = run_batch(inputs, BatchOptions(out=tmp_path / "b", aar=AAR, workers=1))
    assert pooled.exit_code == single.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "a").glob("*.docx"))
    assert len(names) == 2
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_existing_outputs_are_not_replaced_without_overwrite(example_paths, tmp_path, capsys):
    src = str(example_paths["fjellbygd-2026.xlsx"])
    assert main(["report", src, "--out", str(tmp_path)]) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert main(["report", src, "--out", str(tmp_path)]) == 2
    assert "sammendrag.xlsx finnes allerede" in capsys.readouterr().err
    (tmp_path / SUMMARY_NAME).unlink()
    assert main(["report", src, "--out", str(tmp_path)]) == 2
    assert "finnes allerede" in capsys.readouterr().out
    assert main(["report", src, "--out", str(tmp_path), "--overwrite"]) == 0
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name != SUMMARY_NAME} == {
        k: v for k, v in before.items() if k != SUMMARY_NAME
    }


def test_ctrl_c_leaves_only_complete_files(inbox, tmp_path):
    inputs = sorted(inbox.glob("*.xlsx"))

    def interrupt(label: str, done: int, total: int) -> None:
        if label == "Lager rapporter" and done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(inputs, BatchOptions(out=tmp_path, aar=AAR, workers=2), progress=interrupt)
    left = list(tmp_path.iterdir())
    assert not (tmp_path / SUMMARY_NAME).exists()
    assert all(p.suffix == ".docx" for p in left), left
    for p in left:
        assert Document(str(p)).paragraphs


def test_missing_inputs_and_empty_folders_are_reported(tmp_path, capsys):
    (tmp_path / "tom").mkdir()
    code = main(["report", str(tmp_path / "finnes-ikke.xlsx"), str(tmp_path / "tom"), "--out", str(tmp_path / "ut")])
    out = capsys.readouterr().out
    assert code == 2 and "Filen finnes ikke" in out and "Mappen har ingen arbeidsbøker" in out


def test_output_folder_that_is_a_file_is_refused(example_paths, tmp_path):
    (tmp_path / "fil").write_text("x")
    with pytest.raises(OutputError):
        run_batch([example_paths["fjellbygd-2026.xlsx"]], BatchOptions(out=tmp_path / "fil"))


def test_help_reads_in_norwegian(capsys):
    with pytest.raises(SystemExit) as e:
        main(["report", "--help"])
    out = capsys.readouterr().out
    assert e.value.code == 0 and "bruk: omstill report" in out and "--allow-errors" in out and "Avslutningskode" in out
    assert "usage" not in out and "options" not in out


def test_a_batch_checks_reads_and_validates_each_workbook_once(example_paths, tmp_path, monkeypatch):
    """Issue 17: the report batch reads each workbook once (the file check, the parse, the rules), also the
    earlier years' workbooks that two programmes' reports both use."""
    from collections import Counter

    import omstill_xl.rules
    import omstill_xl.workbook.xlsx as xlsx

    calls: Counter[str] = Counter()
    check_file, load_grids, check_plan = xlsx.check_file, xlsx.load_grids, omstill_xl.rules.check_plan

    def counted(kind, fn, key):
        def wrapper(*args, **kwargs):
            calls[(kind, key(*args))] += 1
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(xlsx, "check_file", counted("check", check_file, lambda p, *a: Path(p).name))
    monkeypatch.setattr(xlsx, "load_grids", counted("parse", load_grids, lambda p, *a: Path(p).name))
    monkeypatch.setattr(omstill_xl.rules, "check_plan", counted("rules", check_plan, lambda plan, *a: plan.aar))
    folder = tmp_path / "inn"
    folder.mkdir()
    for p in example_paths.values():
        shutil.copy(p, folder / Path(p).name)
    result = run_batch([folder], BatchOptions(out=tmp_path / "ut", workers=1, toc_pages=False))
    assert [o.status for o in result.outcomes] == ["laget", "laget"]  # 2026: Eksempel (with 2025) and Fjellbygd
    names = sorted(Path(p).name for p in example_paths.values())
    assert {k: v for k, v in calls.items() if k[0] != "rules"} == {
        **{("check", n): 1 for n in names},
        **{("parse", n): 1 for n in names},
    }
    assert sum(v for k, v in calls.items() if k[0] == "rules") == len(names)


def test_on_a_terminal_the_workers_are_forked_before_the_progress_bar_thread_starts(inbox, tmp_path, monkeypatch):
    """A process forked while another thread runs may inherit a lock that thread held (rich's refresh thread
    writes to the terminal): the bar starts with its first update, after the pool is made."""
    import sys
    import threading

    from omstill_xl.report import batch as B

    class Terminal:  # stderr as a terminal, so the command shows its progress bar
        def __init__(self, stream):
            self._stream = stream

        def isatty(self):
            return True

        def __getattr__(self, name):
            return getattr(self._stream, name)

    threads_at_fork: list[list[str]] = []
    real_pool = B._pool

    def pool(*args, **kwargs):
        threads_at_fork.append([t.name for t in threading.enumerate()])
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(B, "_pool", pool)
    monkeypatch.setattr(sys, "stderr", Terminal(sys.stderr))
    code = main(["report", str(inbox), "--aar", str(AAR), "--out", str(tmp_path / "ut"), "--uten-sidetall"])
    assert code == 2  # the inbox has a workbook with errors (as in test_one_broken_input_never_stops_the_others)
    assert threads_at_fork == [[threading.main_thread().name]]
    assert threading.active_count() == 1  # the bar's thread ended with the command
