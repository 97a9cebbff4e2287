"""A batch's PDFs come from one LibreOffice run per chunk of documents, not one per document; a conversion
that runs past its timeout ends LibreOffice and every process it started."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from omstill_xl import libreoffice
from omstill_xl.errors import LibreOfficeError
from omstill_xl.report import pdf as pdf_module
from omstill_xl.report.batch import BatchOptions, run_batch

from .conftest import require_soffice


@pytest.mark.libreoffice
def test_a_batch_converts_its_pdfs_in_one_libreoffice_run(example_paths, tmp_path, monkeypatch):
    require_soffice()
    runs: list[int] = []
    real = libreoffice.convert_many

    def counting(srcs, fmt, outdir, **kw):  # type: ignore[no-untyped-def]
        runs.append(len(srcs))
        return real(srcs, fmt, outdir, **kw)

    monkeypatch.setattr(libreoffice, "convert_many", counting)
    folder = Path(next(iter(example_paths.values()))).parent
    result = run_batch([folder], BatchOptions(out=tmp_path / "ut", pdf=True, workers=1, toc_pages=False))
    made = [o for o in result.outcomes if o.report]
    assert len(made) == 2 and all(o.ok and o.pdf for o in made), result.outcomes
    assert all(Path(o.pdf).read_bytes().startswith(b"%PDF") for o in made if o.pdf)
    assert runs == [2]  # both documents, one start of LibreOffice
    assert pdf_module.PDF_CHUNK >= 2


def test_a_timeout_ends_libreoffice_and_its_children(tmp_path, monkeypatch):
    pid_file = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {pid_file}\nwait\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: str(fake))
    src = tmp_path / "a.docx"
    src.write_bytes(b"x")
    started = time.monotonic()
    with pytest.raises(LibreOfficeError, match="ble stoppet"):
        libreoffice.convert_many([src], "pdf", tmp_path / "ut", timeout=1)
    assert time.monotonic() - started < 30
    child = int(pid_file.read_text())
    for _ in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the child of the timed-out LibreOffice still runs")


def test_without_libreoffice_the_docx_is_made_and_the_pdf_failure_said(example_paths, tmp_path, monkeypatch):
    def missing() -> str:
        raise LibreOfficeError("Finner ikke LibreOffice (soffice).")

    monkeypatch.setattr(libreoffice, "find_soffice", missing)
    path = example_paths["eksempel-2025.xlsx"]
    result = run_batch([path], BatchOptions(out=tmp_path / "ut", aar=2025, pdf=True, workers=1))
    (outcome,) = [o for o in result.outcomes if o.report]
    assert outcome.status == "feilet" and outcome.pdf is None and Path(outcome.report).exists()
    assert outcome.message == "Word-rapporten er laget, men ikke PDF-en: Finner ikke LibreOffice (soffice)."
    assert not list((tmp_path / "ut").glob("*.pdf"))


@pytest.mark.parametrize(
    ("documents", "workers", "runs"), [(20, 2, [10, 10]), (60, 2, [25, 25, 10]), (5, 2, [5]), (30, 4, [10, 10, 10])]
)
def test_the_pdfs_are_shared_out_one_libreoffice_run_per_worker(tmp_path, monkeypatch, documents, workers, runs):
    import io

    from docx import Document

    from omstill_xl.report.batch import Outcome

    seen: list[int] = []

    def fake(srcs, fmt, outdir, **kw):  # type: ignore[no-untyped-def]
        seen.append(len(srcs))
        outdir.mkdir(parents=True, exist_ok=True)
        made = {}
        for s in srcs:
            (outdir / (s.stem + ".pdf")).write_bytes(b"%PDF-1.6\n%%EOF\n")
            made[s.resolve()] = outdir / (s.stem + ".pdf")
        return made

    monkeypatch.setattr(libreoffice, "convert_many", fake)
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: "soffice")
    staging, out = tmp_path / "staging", tmp_path / "ut"
    staging.mkdir()
    out.mkdir()
    buf = io.BytesIO()
    Document().save(buf)
    outcomes = []
    for n in range(documents):
        (staging / f"r{n}.docx").write_bytes(buf.getvalue())
        (out / f"r{n}.docx").write_bytes(buf.getvalue())
        outcomes.append(Outcome(f"P{n}", "4626", 2025, "laget", report=str(out / f"r{n}.docx")))
    options = BatchOptions(out=out, pdf=True, workers=workers)
    result, numbered = pdf_module.convert_staged(outcomes, staging, options, "feilet")
    assert sorted(seen, reverse=True) == runs
    assert all(o.pdf for o in result) and not numbered  # a PDF without destinations numbers nothing
