"""The table of contents' page numbers, from the two cheaper LibreOffice layouts that replaced the .docx pass
(issue 17): with ``--pdf`` they are read from the PDF itself (named destinations), without it from an RTF of
the layout variant (the charts replaced by blank pictures of the same size). Both give, for every example
report, exactly the numbers of the .docx pass they replaced, and a report's .docx and PDF agree.

The real-client tests fail (never skip) without LibreOffice."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from omstill_xl import libreoffice
from omstill_xl.cli import main
from omstill_xl.errors import LibreOfficeError
from omstill_xl.report import toc
from omstill_xl.report.batch import BatchOptions, run_batch

from .conftest import require_soffice

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
# (inputs, year): Eksempel 2025, Eksempel and Fjellbygd 2026, the nynorsk Fjordbygd, the sixth year of six
RUNS = (
    ([WORKBOOKS / "eksempel-2025.xlsx"], "2025"),
    ([WORKBOOKS], None),
    ([WORKBOOKS / "nynorsk"], None),
    ([WORKBOOKS / "seksaar"], "2030"),
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_pages(docx: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return toc.pages_from_document_xml(z.read("word/document.xml").decode("utf-8"))


def entries(docx: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/document.xml").decode("utf-8").count('w:name="_TocOX')


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, bytes]:
    """The example reports without page numbers (as the renderer writes them), by file name."""
    out = tmp_path_factory.mktemp("toc")
    for n, (inputs, aar) in enumerate(RUNS):
        args = ["report", *map(str, inputs), "--out", str(out / str(n)), "--uten-sidetall"]
        assert main(args + (["--aar", aar] if aar else [])) == 0
    found = {p.name: p.read_bytes() for p in sorted(out.rglob("*.docx"))}
    assert len(found) == 5 and any("4638" in name for name in found) and any("2030" in name for name in found)
    return found


@pytest.fixture(scope="module")
def laid_out(reports, tmp_path_factory) -> dict[str, dict[str, dict[str, str]]]:
    """{report: {"docx": the numbers of the old .docx pass, "rtf": …, "pdf": …}}, one LibreOffice run each."""
    require_soffice()
    tmp = tmp_path_factory.mktemp("layouts")
    variants, layouts = tmp / "pdf-variant", tmp / "layout-variant"
    variants.mkdir()
    layouts.mkdir()
    for name, docx in reports.items():
        variant = toc.variant_of(docx)
        (variants / name).write_bytes(variant)
        (layouts / name).write_bytes(toc.layout_variant(docx))  # from the report, as paginate_files does
    old = libreoffice.convert_many(sorted(variants.iterdir()), "docx:MS Word 2007 XML", tmp / "docx")
    rtf = libreoffice.convert_many(sorted(layouts.iterdir()), toc.RTF_FORMAT, tmp / "rtf")
    pdf = libreoffice.convert_many(
        sorted(variants.iterdir()), libreoffice.tagged_pdf_format(named_destinations=True), tmp / "pdf"
    )
    assert len(old) == len(rtf) == len(pdf) == len(reports)
    return {
        name: {
            "docx": docx_pages(old[(variants / name).resolve()].read_bytes()),
            "rtf": toc.pages_from_rtf(rtf[(layouts / name).resolve()].read_bytes().decode("latin-1")),
            "pdf": toc.pages_from_pdf(pdf[(variants / name).resolve()].read_bytes()),
        }
        for name in reports
    }


@pytest.mark.libreoffice
@pytest.mark.parametrize("kind", ["rtf", "pdf"])
def test_the_cheaper_layouts_give_the_numbers_of_the_docx_pass(reports, laid_out, kind):
    for name, docx in reports.items():
        old = laid_out[name]["docx"]
        assert len(old) == entries(docx) >= 20, name  # the old pass numbered every entry
        assert laid_out[name][kind] == old, (name, kind)
        assert toc.numbered_as_laid_out(toc.variant_of(docx)), name


@pytest.mark.libreoffice
def test_with_pdf_the_docx_takes_its_numbers_from_its_pdf_and_both_agree(laid_out, tmp_path, monkeypatch):
    require_soffice()
    formats: list[str] = []
    real = libreoffice.convert_many

    def recording(srcs, fmt, outdir, **kw):  # type: ignore[no-untyped-def]
        formats.append(fmt.split(":")[0])
        return real(srcs, fmt, outdir, **kw)

    monkeypatch.setattr(libreoffice, "convert_many", recording)
    result = run_batch([WORKBOOKS / "seksaar"], BatchOptions(out=tmp_path / "a", aar=2030, pdf=True, workers=1))
    result2 = run_batch([WORKBOOKS / "eksempel-2025.xlsx"], BatchOptions(out=tmp_path / "b", aar=2025, pdf=True))
    made = [o for r in (result, result2) for o in r.outcomes if o.report]
    assert len(made) == 2 and all(o.ok and o.pdf for o in made), made
    assert formats == ["pdf", "pdf"]  # laid out once each, for the PDF: no separate page-number pass
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is not installed; scripts/test.sh installs it"
    for o in made:
        docx, pdf = Path(o.report).read_bytes(), Path(o.pdf).read_bytes()  # type: ignore[arg-type]
        assert toc.has_page_numbers(docx)
        numbers = docx_pages(docx)
        assert numbers == toc.pages_from_pdf(pdf) == laid_out[Path(o.report).name]["docx"]  # type: ignore[arg-type]
        # the numbers printed in the PDF's table of contents, in order, are the .docx's
        text = subprocess.run([pdftotext, "-layout", o.pdf, "-"], capture_output=True, text=True, check=True).stdout
        pages = text.split("\f")
        printed = [m.group(2) for m in re.finditer(r"^\s*(\S.*?)\.{4,}\s*(\d+)\s*$", pages[1], re.M)]
        assert printed == [numbers[k] for k in sorted(numbers)]
        for m in re.finditer(r"^\s*(\d+ \S.*?)\.{4,}\s*(\d+)\s*$", pages[1], re.M):
            assert m.group(1).strip() in pages[int(m.group(2)) - 1], m.group(0)  # the heading is on that page
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            assert "updateFields" not in z.read("word/settings.xml").decode()


@pytest.mark.libreoffice
def test_uten_sidetall_with_pdf_leaves_the_docx_for_word(tmp_path):
    require_soffice()
    result = run_batch(
        [WORKBOOKS / "eksempel-2025.xlsx"], BatchOptions(out=tmp_path, aar=2025, pdf=True, toc_pages=False)
    )
    (o,) = [o for o in result.outcomes if o.report]
    assert o.pdf and not toc.has_page_numbers(Path(o.report).read_bytes())  # type: ignore[arg-type]


# --- the readers and the layout variant, without LibreOffice -------------------------------------------------


def _pdf(objects: dict[int, bytes]) -> bytes:
    out = b"%PDF-1.6\n"
    for n, body in objects.items():
        out += b"%d 0 obj\n%s\nendobj\n\n" % (n, body)
    return out + b"trailer\n<</Size 9/Root 1 0 R>>\nstartxref\n0\n%%EOF\n"


PAGES = {
    1: b"<</Type/Catalog/Pages 2 0 R\n/Dests 6 0 R\n/Lang(nb-NO)>>",
    2: b"<</Type/Pages\n/Kids[ 3 0 R 4 0 R 5 0 R ]\n/Count 3>>",
    3: b"<</Type/Page/Parent 2 0 R>>",
    4: b"<</Type/Page/Parent 2 0 R>>",
    5: b"<</Type/Page/Parent 2 0 R>>",
    6: b"<</5FTocOX0001[3 0 R/XYZ 70.85 753.039 0]\n/#5FTocOX0002[5 0 R/XYZ 70.85 300 0]\n"
    b"/_TocOX0003[5 0 R/XYZ 70.85 100 0]\n/Other[4 0 R/XYZ 0 0 0]>>",
}


def test_pages_from_pdf_reads_the_named_destinations_page_by_page():
    assert toc.pages_from_pdf(_pdf(PAGES)) == {"_TocOX0001": "1", "_TocOX0002": "3", "_TocOX0003": "3"}


@pytest.mark.parametrize(
    "change",
    [
        {1: b"<</Type/Catalog/Pages 2 0 R>>"},  # no named destinations
        {2: b"<</Type/Pages\n/Kids[ 3 0 R 7 0 R ]\n/Count 3>>", 7: b"<</Type/Pages/Kids[ 4 0 R 5 0 R ]/Count 2>>"},
        {6: b"<</5FTocOX0001[8 0 R/XYZ 0 0 0]>>"},  # a page the tree does not list
        {2: b"<</Type/Pages\n/Kids[ 3 0 R 4 0 R ]\n/Count 3>>"},  # a count that does not match
    ],
)
def test_pages_from_pdf_gives_nothing_for_a_file_laid_out_otherwise(change):
    assert toc.pages_from_pdf(_pdf({**PAGES, **change})) == {}


def test_pages_from_rtf_reads_each_fields_result():
    rtf = (
        r"{\field{\*\fldinst PAGEREF _TocOX0001 \\h }{\fldrslt 3}}"
        r"{\field{\*\fldinst { PAGEREF _TocOX0002 \\h }}{\fldrslt {\rtlch\fcs1 \af0 \ltrch\fcs0 12}}}"
        r"{\field{\*\fldinst PAGEREF _TocOX0003 \\h }{\fldrslt Error}}"  # not a number: left out
        r"{\field{\*\fldinst PAGEREF _TocOX0004 \\h }}{\field{\*\fldinst PAGEREF _TocOX0005 \\h }{\fldrslt 7}}"
    )
    assert toc.pages_from_rtf(rtf) == {"_TocOX0001": "3", "_TocOX0002": "12", "_TocOX0005": "7"}


def test_the_layout_variant_is_the_pdf_variant_with_blank_pictures_for_the_charts(reports):
    from docx import Document

    docx = next(iter(reports.values()))
    variant = toc.variant_of(docx)
    blank = toc.layout_variant(docx)

    def document(data: bytes) -> str:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.read("word/document.xml").decode("utf-8")

    def frames(xml: str) -> list[tuple[str, str, str, str]]:
        return re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"/>.*?<wp:docPr id="(\d+)" name="([^"]*)"', xml)

    def fields(xml: str) -> list[str]:
        return re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml)

    assert 'TOC \\o "1-2"' in document(docx) and "TOC \\o" not in document(variant)
    assert fields(document(blank)) == fields(document(variant))  # the TOC field unwrapped, the PAGEREFs kept
    assert document(blank).count("<w:p>") == document(variant).count("<w:p>") > 100
    assert len(frames(document(variant))) == 3 and frames(document(blank)) == frames(document(variant))
    xml = document(blank)
    assert "drawingml/2006/chart" not in xml and xml.count("<pic:pic") == 3
    with zipfile.ZipFile(io.BytesIO(blank)) as z:
        assert z.read("word/media/omstill-blank.png").startswith(b"\x89PNG")
    assert len(Document(io.BytesIO(blank)).inline_shapes) == 3  # a valid package with three pictures
    assert toc.layout_variant(blank) is blank  # nothing left to unwrap or replace


@pytest.mark.parametrize(
    "section",
    ['<w:pgNumType w:start="1"/>', '<w:pgNumType w:fmt="lowerRoman"/>', '<w:type w:val="oddPage"/>'],
)
def test_pages_numbered_otherwise_than_laid_out_are_left_to_the_separate_pass(reports, tmp_path, section):
    from omstill_xl.report.pdf import _numbered_from_pdf

    docx = next(iter(reports.values()))
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = xml.replace("<w:titlePg/>", "<w:titlePg/>" + section, 1).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    changed = buf.getvalue()
    assert toc.numbered_as_laid_out(docx) and not toc.numbered_as_laid_out(changed)
    report = tmp_path / "r.docx"
    report.write_bytes(docx)
    assert not _numbered_from_pdf(report, changed, _pdf(PAGES))
    assert report.read_bytes() == docx


# --- the timeout ends the real LibreOffice ---------------------------------------------------------------


def _processes_naming(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.libreoffice
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc (Linux)")
def test_a_timeout_ends_the_real_libreoffice_and_every_process_it_started(tmp_path):
    import threading

    require_soffice()
    src = tmp_path / f"tidsgrense-{os.getpid()}.docx"
    src.write_bytes((WORKBOOKS.parent / "templates" / "arsrapport.docx").read_bytes())
    seen: set[int] = set()
    stop = threading.Event()

    def watch() -> None:  # the processes LibreOffice starts for this file (soffice, oosplash, soffice.bin)
        while not stop.is_set():
            seen.update(_processes_naming(src.name))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.monotonic()
    try:
        with pytest.raises(LibreOfficeError, match="ble stoppet"):
            libreoffice.convert_many([src], "pdf", tmp_path / "ut", timeout=0.6)  # a fresh start takes > 1 s
    finally:
        stop.set()
        watcher.join()
    assert time.monotonic() - started < 30
    assert len(seen) >= 2, seen  # the script and what it started were running when the timeout struck
    for _ in range(50):
        if not _processes_naming(src.name):
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"LibreOffice processes still run after the timeout: {_processes_naming(src.name)}")
    assert not (tmp_path / "ut" / (src.stem + ".pdf")).exists()


def test_with_pages_writes_the_package_as_deterministic_zip_would(reports):
    from omstill_xl.safeio import deterministic_zip

    for docx in reports.values():
        numbered = toc.with_pages(docx, {f"_TocOX{n:04d}": str(n + 2) for n in range(1, 60)})
        assert numbered is not docx and toc.has_page_numbers(numbered)
        assert deterministic_zip(numbered) == numbered  # one compression, the same bytes as the two it replaced
        with zipfile.ZipFile(io.BytesIO(docx)) as a, zipfile.ZipFile(io.BytesIO(numbered)) as b:
            assert a.namelist() == b.namelist()
            assert all(
                a.read(n) == b.read(n) for n in a.namelist() if n not in ("word/document.xml", "word/settings.xml")
            )
