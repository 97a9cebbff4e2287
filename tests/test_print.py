"""Everything we hand a reader looks finished: named fonts, print layout, PDF text (issue 15)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from omstill_xl.consolidate import consolidate_files
from omstill_xl.orgform import write_orgform_workbook
from omstill_xl.validate import validate_files
from omstill_xl.workbook.annotate import write_annotated
from omstill_xl.workbook.styles import FONT_NAME

from .conftest import require_soffice


def fonts_of(path: Path) -> list[str]:
    """Every <font> element of the workbook's styles.xml (cell fonts and the Normal style)."""
    with zipfile.ZipFile(path) as z:
        styles = z.read("xl/styles.xml").decode("utf-8")
    fonts = re.search(r"<fonts[^>]*>(.*?)</fonts>", styles, re.S)
    assert fonts is not None
    return re.findall(r"<font>.*?</font>|<font/>", fonts.group(1), re.S)


def assert_every_font_named(path: Path) -> None:
    fonts = fonts_of(path)
    assert fonts
    for f in fonts:
        assert f'<name val="{FONT_NAME}"/>' in f, (path.name, f)
        assert "<sz " in f, (path.name, f)  # a size too: a font without one prints at the reader's default


@pytest.fixture(scope="module")
def written(example_paths, tmp_path_factory):
    out = tmp_path_factory.mktemp("written")
    files = list(example_paths.values())
    paths = {name: p for name, p in example_paths.items()}
    consolidate_files(files, out / "konsolidert.xlsx", overwrite=True)
    paths["konsolidert.xlsx"] = out / "konsolidert.xlsx"
    paths["sammenlikning.xlsx"] = write_orgform_workbook(out / "sammenlikning.xlsx", overwrite=True)
    for r in validate_files(files):
        target = out / ("avvik-" + Path(r.file).name)
        write_annotated(r.file, r.findings, target, overwrite=True)
        paths[target.name] = target
    return paths


def test_every_font_in_every_workbook_names_its_face(written):
    for path in written.values():
        assert_every_font_named(path)


# --- the printed workbooks (LibreOffice) -------------------------------------------------------------------

AMOUNT = re.compile(r"(?<![\d,])-?\d{1,3}(?: \d{3})+(?![\d,])")


def grouped(n: float) -> str:
    return f"{int(round(n)):,}".replace(",", " ")


def shown_amounts(xlsx: Path) -> Counter[str]:
    """Every whole number of 1 000 and more that a cell shows with a grouped format, as LibreOffice computed it."""
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, data_only=True)
    found: Counter[str] = Counter()
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if (
                    isinstance(v, (int, float))
                    and not isinstance(v, bool)
                    and "#,##0" in (c.number_format or "")
                    and abs(v) >= 1000
                    and float(v).is_integer()
                ):
                    found[grouped(v)] += 1
    return found


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["konsolidert.xlsx", "eksempel-2025.xlsx", "avvik-eksempel-2026.xlsx"])
def test_every_amount_prints_whole(written, tmp_path, name):
    """Each amount a sheet shows is on one line of the PDF (not wrapped, not «###»), every sheet printed."""
    require_soffice()
    from omstill_xl.libreoffice import convert

    src = written[name]
    pdf = convert(src, "pdf", tmp_path / "pdf")
    recalculated = convert(src, "xlsx", tmp_path / "xlsx")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("−", "-")
    expected = shown_amounts(recalculated)
    assert sum(expected.values()) > 20
    printed = Counter(m.group(0) for m in AMOUNT.finditer(text))
    missing = expected - printed
    assert not missing, f"{name}: amounts broken or cut in print: {sorted(missing)[:10]}"
    assert "###" not in text
    assert pdf_fonts(pdf) <= {"LiberationSans", "Arial"}, pdf_fonts(pdf)  # cells and charts: the house face only


def pdf_fonts(pdf: Path) -> set[str]:
    """The font families a PDF uses (subset prefix and style dropped)."""
    import pikepdf

    names = set()
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for f in fonts.values():
                base = str(f.get("/BaseFont", "")).lstrip("/")
                names.add(base.split("+")[-1].split("-")[0].split(",")[0])
    return names


def test_orgform_facts_follow_offentleglova_and_name_their_law_on_the_sheet(tmp_path):
    from openpyxl import load_workbook

    from omstill_xl.orgform import layout as L
    from omstill_xl.orgform.criteria import BY_KEY, CRITERIA, FORMS

    innsyn = BY_KEY["innsyn"]
    fact = dict(zip(FORMS, innsyn.facts))
    assert "§ 2 første ledd c" in fact["aksjeselskap (AS)"] and "mer enn halvparten" in fact["aksjeselskap (AS)"]
    assert "§ 2 første ledd d" in fact["stiftelse"] and "oppnevner flertallet" in fact["stiftelse"]
    assert all("Offentlighetsloven" not in f and f != "Aksjeloven" for f in innsyn.facts)
    ws = load_workbook(write_orgform_workbook(tmp_path / "s.xlsx"))[L.SHEET]
    for i, c in enumerate(CRITERIA):
        assert c.legal, c.key
        text = ws.cell(L.fact_row(i), L.COL_TEXT).value
        assert text.startswith(c.description) and f"Lov: {c.legal}" in text


def test_orgform_section_chart_has_alt_text_and_the_document_language(eksempel_2025, tmp_path):
    from omstill_xl.orgform import write_orgform_docx
    from omstill_xl.workbook.xlsx import read_file

    path = write_orgform_docx(read_file(eksempel_2025), tmp_path / "o.docx")
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
    alts = re.findall(r'<wp:docPr [^>]*descr="([^"]+)"', xml)
    assert len(alts) == len(re.findall(r"<wp:docPr ", xml)) == 1
    assert alts[0].startswith("Liggende søylediagram: vektet poengsum") and "4,05" in alts[0]
    assert "<dc:language>nb-NO</dc:language>" in core and "<dc:creator>Eksempel Vekst KF</dc:creator>" in core
