"""Real client: LibreOffice converts every generated report to PDF; the table of contents has page numbers, the
footer numbers the pages, and every chapter is there. Fails (never skips) without LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from omstill_xl.cli import main

from .conftest import require_soffice

pytestmark = pytest.mark.libreoffice
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REPORTS = (
    "arsrapport-2025-4626-omstilling-eksempel",
    "arsrapport-2026-4626-omstilling-eksempel",
    "arsrapport-2026-3424-omstilling-fjellbygd",
)


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
        "5 Kommunikasjon",
        "6 Finansiering og innvilgningsstatus",
        "7 Regnskap mot budsjett",
        "8 Utfordringer og risiko",
        "9 Behandling",
    ):
        assert chapter in toc, (chapter, sorted(toc))
        assert chapter in pages[toc[chapter] - 1], f"{chapter} is not on page {toc[chapter]} as the TOC says"
    assert list(toc.values()) == sorted(toc.values())
    assert "Oppdater" not in pages[1]  # the TOC is filled, not the field's placeholder
    assert re.search(r"Side 2 av \d+", pages[1]) and "Side" not in pages[0]  # no footer on the front page
    assert "Sporbarhet: laget fra" in text


# --- print-perfect and accessible (issue 15) ---------------------------------------------------------------

AMOUNT = re.compile(r"(?<![\d,])-?−?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])")


def amounts(text: str) -> Counter[str]:
    """Every grouped number (1 000 and up) in ``text``, spaces normalised; a number broken over two lines is
    not found whole."""
    return Counter(re.sub(r"[\u00a0\u202f]", " ", m.group(0)).replace("−", "-") for m in AMOUNT.finditer(text))


def docx_text(docx: Path) -> str:
    """The visible text of the .docx, paragraph by paragraph (tables cell by cell)."""
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p"))


@pytest.mark.parametrize("stem", REPORTS)
def test_every_amount_of_the_docx_is_whole_in_the_pdf(pdfs, stem):
    in_docx = amounts(docx_text(pdfs[stem].with_suffix(".docx")))
    in_pdf = amounts(pdf_text(pdfs[stem]))
    assert sum(in_docx.values()) > 50
    missing = in_docx - in_pdf
    assert not missing, f"amounts broken or lost in the PDF: {sorted(missing)[:10]}"


@pytest.mark.parametrize("stem", REPORTS)
def test_pdf_is_tagged_with_language_title_and_alt_text(pdfs, stem):
    import pikepdf

    with pikepdf.open(pdfs[stem]) as pdf:
        root = pdf.Root
        assert str(root.get("/Lang")) == "nb-NO"
        assert root.MarkInfo.Marked
        assert "/StructTreeRoot" in root
        assert pdf.open_metadata().get("dc:title", "").startswith("Årsrapport")
        assert root.ViewerPreferences.DisplayDocTitle
        kinds: Counter[str] = Counter()
        figures: list[str | None] = []

        def walk(node: object) -> None:
            if isinstance(node, pikepdf.Dictionary):
                kind = str(node.get("/S", ""))
                kinds[kind] += 1
                if kind == "/Figure":
                    alt = node.get("/Alt")
                    figures.append(str(alt) if alt is not None else None)
                if "/K" in node:
                    walk(node.K)
            elif isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child)

        walk(root.StructTreeRoot)
    assert kinds["/H1"] >= 9 and kinds["/Table"] >= 5 and kinds["/TH"] >= 20, kinds
    assert figures, "no figure in the structure tree"
    for alt in figures:
        assert alt and re.match(r"(Liggende søylediagram|Søylediagram|Linjediagram): ", alt), alt


@pytest.mark.parametrize("stem", REPORTS)
def test_docx_has_alt_text_on_every_picture_and_a_toc_with_page_numbers(pdfs, stem):
    from omstill_xl.report.toc import has_page_numbers

    docx = pdfs[stem].with_suffix(".docx")
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    pictures = re.findall(r"<wp:docPr [^>]*>", xml)
    assert pictures
    for p in pictures:
        m = re.search(r'descr="([^"]+)"', p)
        assert m and len(m.group(1)) > 40, p
    assert has_page_numbers(docx.read_bytes())
    assert xml.count("<w:tblHeader/>") >= 10  # table header rows repeat on every page


def headings_of(docx: Path) -> list[str]:
    from docx import Document

    return [p.text for p in Document(str(docx)).paragraphs if p.style.name in ("Heading 1", "Heading 2")]


@pytest.mark.parametrize("stem", REPORTS)
def test_headings_are_numbered_without_gaps(pdfs, stem):
    numbered = [h.split(" ", 1)[0] for h in headings_of(pdfs[stem].with_suffix(".docx")) if h[:1].isdigit()]
    expected_chapter, expected_section = 1, 0
    for n in numbered:
        parts = [int(x) for x in n.split(".")]
        if len(parts) == 1:
            assert parts[0] == expected_chapter, (stem, n, numbered)
            expected_chapter, expected_section = parts[0] + 1, 1
        else:
            assert parts == [expected_chapter - 1, expected_section], (stem, n, numbered)
            expected_section += 1
    assert expected_chapter - 1 == 9


@pytest.mark.parametrize("stem", REPORTS)
def test_report_has_the_chapters_real_arsrapporter_have_and_talks_about_the_programme(pdfs, stem):
    text = docx_text(pdfs[stem].with_suffix(".docx"))
    for heading in ("5 Kommunikasjon", "8 Utfordringer og risiko", "9 Behandling"):
        assert heading in text
    assert "Behandlet i kommunestyret" in text and "[Skriv her: kommunikasjonsplanens" in text
    assert "[Skriv her: utfordringer i" in text and text.count("[Skriv her: dato]") == 2
    assert "Overførte midler:" in text  # the period table explains carried money
    body = text.split("Vedlegg 3:")[0]
    for word in ("arket", "arbeidsbok", "omstill ", "omstill_xl", "Excel", "kolonnen"):
        assert word not in body, (stem, word)


def test_uten_sidetall_leaves_the_toc_for_word(example_paths, tmp_path):
    from omstill_xl.report.toc import has_page_numbers

    out = tmp_path / "r"
    assert main(["report", str(example_paths["eksempel-2025.xlsx"]), "--out", str(out), "--uten-sidetall"]) == 0
    docx = next(out.glob("*.docx"))
    assert not has_page_numbers(docx.read_bytes())
    with zipfile.ZipFile(docx) as z:
        assert '<w:updateFields w:val="true"/>' in z.read("word/settings.xml").decode()
