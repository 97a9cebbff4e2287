"""The Word report: golden document XML for Eksempel kommune 2025, numbers read back with python-docx equal the
model's, byte-identical output, real Word styles, header/footer, table of contents, placeholders, escaping."""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from lxml import etree

from omstill_xl import __version__
from omstill_xl.cli import main
from omstill_xl.programme.indicators import goals as indicator_goals
from omstill_xl.report.context import PLACEHOLDER_PREFIX, Source, build_context
from omstill_xl.report.toc import _field_result, has_page_numbers
from omstill_xl.rules import check_plan
from omstill_xl.totals import plan_totals
from omstill_xl.workbook.build import write_workbook
from omstill_xl.workbook.xlsx import read_file

from .generate import synthetic_plan

GOLDEN = Path(__file__).parent / "golden" / "eksempel-2025-document.xml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REPORT_2025 = "arsrapport-2025-4626-omstilling-eksempel.docx"


@pytest.fixture(scope="module")
def report_2025(eksempel_2025, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rapport")
    assert main(["report", str(eksempel_2025), "--aar", "2025", "--out", str(out)]) == 0
    return out / REPORT_2025


@pytest.fixture(scope="module")
def doc_2025(report_2025):
    return Document(str(report_2025))


def normalised_document_xml(docx: Path) -> str:
    """document.xml pretty-printed, with the checksum and tool version made neutral (they change by design)."""
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    for instr in root.iter(W + "instrText"):  # page numbers come from LibreOffice's layout: its version decides
        if "PAGEREF" in (instr.text or ""):
            result = _field_result(instr.getparent())
            if result is not None:
                result.text = ""
    text = etree.tostring(root, pretty_print=True, encoding="unicode")
    text = re.sub(r"\b[0-9a-f]{64}\b", "SHA256", text)
    return text.replace(f"omstill_xl {__version__}", "omstill_xl VERSJON")


def test_golden_document_xml(report_2025):
    got = normalised_document_xml(report_2025)
    if os.environ.get("OMSTILL_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(got, encoding="utf-8")
    assert GOLDEN.exists(), "run: OMSTILL_UPDATE_GOLDEN=1 python -m pytest tests/test_report_render.py"
    assert got == GOLDEN.read_text(encoding="utf-8"), (
        "the report changed; look at it (omstill report workbooks/eksempel-2025.xlsx --aar 2025 --out /tmp/r), then "
        "OMSTILL_UPDATE_GOLDEN=1 python -m pytest tests/test_report_render.py"
    )


# --- numbers read back ---------------------------------------------------------------------------------------


def number(text: str) -> float | None:
    text = text.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace("kr", "")
    if text in ("", "–"):
        return None
    if text.endswith("%"):
        return float(text[:-1].replace(",", ".")) / 100
    return float(text.replace(",", "."))


def table_with(doc, *headers: str):
    for t in doc.tables:
        first = [c.text for c in t.rows[0].cells]
        if list(headers) == first[: len(headers)]:
            return [[c.text for c in r.cells] for r in t.rows]
    raise AssertionError(f"no table with headers {headers}")


def test_numbers_in_the_report_equal_the_model(doc_2025, eksempel_2025):
    plan = read_file(eksempel_2025)
    t = plan_totals(plan)
    rows = table_with(doc_2025, "Innsatsområde", "Tiltak", "Budsjett i alt")
    by_io = {r[0].split()[0]: r for r in rows[1:]}
    for io_id, sums in t.per_innsatsomrade.items():
        assert number(by_io[io_id][2]) == sums["budsjett"] and number(by_io[io_id][3]) == sums["omstillingsmidler"]
    total = rows[-1]
    assert total[0] == "Sum"
    assert [number(x) for x in total[2:]] == [t.budsjett, t.by_source["omstillingsmidler"], t.innvilget, t.utbetalt]

    vedlegg = table_with(doc_2025, "ID", "IO", "Tiltak", "Type")
    header = vedlegg[0]
    keys = {
        "Budsjett": "budsjett",
        "Omst.midler": "omstillingsmidler",
        "IN": "innovasjon_norge",
        "Næringsliv": "naeringsliv",
        "Andre": "andre",
        "Innvilget": "innvilget",
        "Utbetalt": "utbetalt",
        "Regnskap": "regnskap",
    }
    body = vedlegg[1:-1]
    assert [r[0] for r in body] == [x.id for x in plan.tiltak]
    for r, tiltak in zip(body, plan.tiltak):
        for col, key in keys.items():
            assert number(r[header.index(col)]) == tiltak.get(key), (tiltak.id, key)
    sums = vedlegg[-1]
    assert number(sums[header.index("Budsjett")]) == t.budsjett
    assert number(sums[header.index("Regnskap")]) == t.regnskap

    fin = {r[0]: r for r in table_with(doc_2025, "Post", "Beløp (kr)")}
    assert number(fin["Fylkeskommunens tilskudd"][1]) == plan.finansiering.fylkeskommunens_tilskudd
    assert number(fin["Fylkeskommunens tilskudd"][2]) == pytest.approx(t.fylkesandel)
    assert number(fin["Disponibelt i alt"][1]) == t.disponibelt
    assert number(fin["Fordelt på tiltak"][1]) == t.by_source["omstillingsmidler"]

    ind = table_with(doc_2025, "Indikator")
    model = {(i.indikator, i.aar): i for i in plan.indikatorer}
    heads = ind[0]
    goals = indicator_goals([plan])
    for r in ind[1:]:
        m = model[(r[0], 2025)]
        assert (number(r[heads.index("Mål 2025")]), number(r[heads.index("Resultat 2025")])) == (m.maal, m.resultat)
        g = goals[r[0]]  # every example indicator has a baseline and a period target
        assert number(r[heads.index("Mål for perioden")]) == g.maal_perioden
        assert r[heads.index("Utgangs\u00adpunkt")].replace("\u00a0", " ") == f"{g.utgangsverdi:.0f} ({g.utgangsaar})"

    reg = table_with(doc_2025, "Innsatsområde", "Budsjett (kr)", "Regnskap (kr)")
    assert [number(x) for x in reg[-1][1:4]] == [
        t.by_source["omstillingsmidler"],
        t.regnskap,
        t.regnskap - t.by_source["omstillingsmidler"],
    ]


def test_norwegian_number_text_in_prose(doc_2025):
    text = "\n".join(p.text for p in doc_2025.paragraphs)
    assert "6\u00a0150\u00a0000\u00a0kr" in text and "4\u00a0000\u00a0000\u00a0kr" in text
    assert "Rapportperiode 1. januar 2025–31. desember 2025" in text
    assert "75\u00a0%" in text


# --- structure -----------------------------------------------------------------------------------------------


def test_real_word_styles_and_chapters(doc_2025):
    by_style: dict[str, list[str]] = {}
    for p in doc_2025.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Heading 1"] == [
        "1 Innledning",
        "2 Mål og resultater",
        "3 Innsatsområdene",
        "4 Organisering og drift",
        "5 Kommunikasjon",
        "6 Finansiering og innvilgningsstatus",
        "7 Regnskap mot budsjett",
        "8 Utfordringer og risiko",
        "9 Behandling",
        "Vedlegg 1: Handlingsplan 2025 med innvilgningsstatus",
        "Vedlegg 2: Mål og kommentarer per tiltak",
        "Vedlegg 3: Kontroll av tallgrunnlaget",
    ]
    assert "3.1 Eksisterende næringsliv (IO1)" in by_style["Heading 2"]
    assert "3.4 Attraktivitet (IO4)" in by_style["Heading 2"]
    assert {"Mål og strategier", "Prosjektportefølje", "Resultater og vurdering"} <= set(by_style["Heading 3"])
    assert by_style["Title"] == ["Omstilling Eksempel"]


def test_header_footer_and_page_setup(doc_2025, report_2025):
    first = doc_2025.sections[0]
    assert first.different_first_page_header_footer  # no header on the front page
    assert first.header.paragraphs[0].text == "Omstilling Eksempel · Årsrapport 2025"
    assert round(first.page_width.cm, 1) == 21.0 and round(first.page_height.cm, 1) == 29.7
    assert doc_2025.sections[-1].orientation == 1  # landscape vedlegg
    with zipfile.ZipFile(report_2025) as z:
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
        settings = z.read("word/settings.xml").decode()
    assert any(" PAGE " in f and " NUMPAGES " in f and "Side " in f for f in footers)
    # LibreOffice laid the report out: the table of contents has its page numbers, so Word must not ask
    assert has_page_numbers(report_2025.read_bytes())
    assert "updateFields" not in settings


def test_table_of_contents_lists_every_heading(doc_2025, report_2025):
    headings = [p.text for p in doc_2025.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    entries = [p.text.split("\t")[0] for p in doc_2025.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert entries == headings
    with zipfile.ZipFile(report_2025) as z:
        xml = z.read("word/document.xml").decode()
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml
    assert xml.count("PAGEREF _TocOX") == len(headings) and xml.count('w:name="_TocOX') == len(headings)
    pages = [int(p.text.split("\t")[-1]) for p in doc_2025.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert pages == sorted(pages) and pages[0] >= 3, pages  # front page and contents come first


def test_without_libreoffice_the_toc_is_left_for_word_to_update(eksempel_2025, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on PATH
    assert main(["report", str(eksempel_2025), "--aar", "2025", "--out", str(tmp_path / "r")]) == 0
    report = tmp_path / "r" / REPORT_2025
    with zipfile.ZipFile(report) as z:
        assert '<w:updateFields w:val="true"/>' in z.read("word/settings.xml").decode()
    assert not has_page_numbers(report.read_bytes())


def test_placeholders_are_highlighted_and_nothing_else(doc_2025):
    marked = 0
    for p in doc_2025.paragraphs:
        for r in p.runs:
            if PLACEHOLDER_PREFIX in r.text:
                assert r.font.highlight_color == WD_COLOR_INDEX.YELLOW
                assert r.text.startswith(PLACEHOLDER_PREFIX) and r.text.endswith("]")
                marked += 1
            else:
                assert r.font.highlight_color is None, r.text
    assert marked >= 8  # innledning, vurdering, one per innsatsområde, styret, samarbeid, regnskap, forside


def test_charts_are_embedded(doc_2025):
    assert len(doc_2025.inline_shapes) == 3
    assert all(round(s.width.cm, 1) == 16.0 for s in doc_2025.inline_shapes)


def test_provenance_line(doc_2025, eksempel_2025):
    last = doc_2025.paragraphs[-1].text
    sha = hashlib.sha256(eksempel_2025.read_bytes()).hexdigest()
    assert last.startswith("Sporbarhet: laget fra eksempel-2025.xlsx")
    assert sha in last and f"omstill_xl {__version__}" in last
    assert "kontroll: Ingen feil, men 2 advarsler" in last and "Validering: validert" in last


def test_document_properties_are_fixed(doc_2025):
    cp = doc_2025.core_properties
    assert cp.title == "Årsrapport 2025 – Omstilling Eksempel" and cp.language == "nb-NO"
    assert cp.created.year == 2024 and cp.modified.year == 2024


# --- determinism, escaping, stamps -------------------------------------------------------------------------


def test_same_input_gives_byte_identical_docx(eksempel_2025, report_2025, tmp_path):
    assert main(["report", str(eksempel_2025), "--aar", "2025", "--out", str(tmp_path)]) == 0
    assert (tmp_path / REPORT_2025).read_bytes() == report_2025.read_bytes()


def _render(data: dict, tmp_path: Path, **kw) -> Document:
    from omstill_xl.report.render import render_docx

    path = write_workbook(data, tmp_path / "p.xlsx")
    plan = read_file(path)
    findings = tuple(check_plan(plan))
    ctx = build_context(Source(plan, path.name, "0" * 64, findings + kw.pop("extra_findings", ())), **kw)
    return Document(io.BytesIO(render_docx(ctx)))


def test_user_text_is_escaped_never_evaluated(tmp_path):
    data = synthetic_plan(5, seed=2, programnavn="Omstilling <Nord> & Sør {{ aar }} {% if x %}")
    data["Tiltak"]["rows"][1]["kommentar"] = "=SUM(A1) & <b>fet</b>\nny linje"
    doc = _render(data, tmp_path)
    assert doc.paragraphs[5].text == "Omstilling <Nord> & Sør {{ aar }} {% if x %}"
    assert any("=SUM(A1) & <b>fet</b>" in p.text for p in doc.paragraphs)


def test_report_from_a_workbook_with_errors_is_stamped(tmp_path):
    from omstill_xl.findings import Finding

    doc = _render(
        synthetic_plan(5, seed=4),
        tmp_path,
        extra_findings=(Finding("OX-A001", "feil", "t", "Feil i budsjettet.", "h", "p.xlsx", "Tiltak", "K5"),),
    )
    stamp = [p.text for p in doc.paragraphs if p.style.name == "Ikke validert"]
    assert len(stamp) == 1 and stamp[0].startswith("IKKE VALIDERT")
    assert "IKKE VALIDERT" in doc.paragraphs[-1].text


def test_extra_section_hook(tmp_path):
    extra = [
        {
            "tittel": "Vurdering av organisasjonsform",
            "avsnitt": ["Tekst & mer."],
            "tabell": {"kolonner": ["Kriterium", "KF", "AS"], "rader": [["Eier", "Kommunen", "Mange"]]},
        }
    ]
    doc = _render(synthetic_plan(5, seed=5), tmp_path, extra_sections=extra)
    assert "4.5 Vurdering av organisasjonsform" in [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    table = table_with(doc, "Kriterium", "KF", "AS")
    assert table == [["Kriterium", "KF", "AS"], ["Eier", "Kommunen", "Mange"]]
