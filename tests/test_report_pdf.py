"""Real client: LibreOffice converts every generated report to PDF; the table of contents has page numbers, the
footer numbers the pages, and every chapter is there. Fails (never skips) without LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from omstill_xl.cli import main

from .conftest import require_soffice

pytestmark = pytest.mark.libreoffice


def pdf_text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if not tool:
        pytest.fail("pdftotext (poppler-utils) is not installed; scripts/test.sh installs it")
    return subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdfs(example_paths, tmp_path_factory) -> dict[str, Path]:
    require_soffice()
    out = tmp_path_factory.mktemp("pdf")
    folder = Path(next(iter(example_paths.values()))).parent
    assert (
        main(["report", str(example_paths["eksempel-2025.xlsx"]), "--aar", "2025", "--out", str(out / "a"), "--pdf"])
        == 0
    )
    assert main(["report", str(folder), "--out", str(out / "b"), "--pdf"]) == 0  # 2026: Eksempel and Fjellbygd
    found = {p.stem: p for p in sorted(out.rglob("*.pdf"))}
    assert len(found) == 3
    return found


def test_every_report_becomes_a_pdf(pdfs):
    for stem, pdf in pdfs.items():
        assert pdf.read_bytes().startswith(b"%PDF"), stem
        assert pdf.with_suffix(".docx").exists()
        assert not list(pdf.parent.glob("*.tmp"))


@pytest.mark.parametrize(
    "stem",
    [
        "arsrapport-2025-4626-omstilling-eksempel",
        "arsrapport-2026-4626-omstilling-eksempel",
        "arsrapport-2026-3424-omstilling-fjellbygd",
    ],
)
def test_pdf_pages_toc_and_chapters(pdfs, stem):
    text = pdf_text(pdfs[stem])
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 8
    toc = {m.group(1).strip(): int(m.group(2)) for m in re.finditer(r"^\s*(\S.*?)\.{4,}\s*(\d+)\s*$", text, re.M)}
    for chapter in (
        "1 Innledning",
        "2 Mål og resultater",
        "3 Innsatsområdene",
        "4 Organisering og drift",
        "5 Finansiering og innvilgningsstatus",
        "6 Regnskap mot budsjett",
    ):
        assert chapter in toc, (chapter, sorted(toc))
        assert chapter in pages[toc[chapter] - 1], f"{chapter} is not on page {toc[chapter]} as the TOC says"
    assert list(toc.values()) == sorted(toc.values())
    assert "Oppdater" not in pages[1]  # the TOC is filled, not the field's placeholder
    assert re.search(r"Side 2 av \d+", pages[1]) and "Side" not in pages[0]  # no footer on the front page
    assert "Sporbarhet: laget fra" in text
