"""Page numbers in the .docx table of contents, laid out by LibreOffice, so Word opens it without a prompt.

The renderer fills the table of contents with one entry per heading, each with a PAGEREF field whose stored
result is empty. Word would ask to update the fields when the document opens (``w:updateFields``), and
LibreOffice shows the stored result. Where LibreOffice is installed, ``paginate_files`` lets it lay out the PDF
variant of the report (the same document with the TOC field unwrapped), saves that as .docx, reads the page
number LibreOffice gave each heading's bookmark, and writes those numbers into our own .docx as the fields'
results. The update-on-open setting is then removed: the document opens in Word and LibreOffice with page
numbers and without a question. Without LibreOffice the report is as before (Word asks to update).

A batch does this once at the end, for all its reports in one LibreOffice run per 25 reports
(``paginate_files``): LibreOffice's start-up is paid once, not per report.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
BOOKMARK = re.compile(r"PAGEREF\s+(_TocOX\d+)")


def pages_from_document_xml(xml: str) -> dict[str, str]:
    """The result LibreOffice wrote after each ``PAGEREF _TocOX…`` field of a document.xml."""
    pages: dict[str, str] = {}
    for m in BOOKMARK.finditer(xml):
        t = re.compile(r"<w:t(?: [^>]*)?>(\d+)</w:t>").search(xml, m.end())
        if t and m.group(1) not in pages:
            pages[m.group(1)] = t.group(1)
    return pages


def with_pages(docx: bytes, pages: Mapping[str, str]) -> bytes:
    """``docx`` with the TOC's PAGEREF results set from ``pages`` and without update-on-open.

    Returns ``docx`` unchanged when ``pages`` does not cover every entry (a half-numbered TOC is worse than
    Word's question).
    """
    from lxml import etree

    from ..safeio import deterministic_zip

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    results = []
    for instr in root.iter(W + "instrText"):
        m = BOOKMARK.search(instr.text or "")
        if not m:
            continue
        result = _field_result(instr.getparent())
        if result is None or m.group(1) not in pages:
            return docx
        results.append((result, pages[m.group(1)]))
    if not results:
        return docx
    for t, page in results:
        t.text = page
    for fld in root.iter(W + "fldChar"):
        fld.attrib.pop(W + "dirty", None)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    settings = etree.fromstring(parts["word/settings.xml"])
    for el in settings.findall(W + "updateFields"):
        settings.remove(el)
    parts["word/settings.xml"] = etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return deterministic_zip(buf.getvalue())


def _field_result(instr_run: Any) -> Any:
    """The ``w:t`` holding the result of the field whose instruction is in ``instr_run``."""
    run = instr_run.getnext()
    while run is not None:
        if run.find(W + "fldChar") is not None and run.find(W + "fldChar").get(W + "fldCharType") == "separate":
            nxt = run.getnext()
            return nxt.find(W + "t") if nxt is not None else None
        run = run.getnext()
    return None


def has_page_numbers(docx: bytes) -> bool:
    """Every TOC entry of ``docx`` shows a page number (what the tests check)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    found = 0
    for instr in root.iter(W + "instrText"):
        if BOOKMARK.search(instr.text or ""):
            result = _field_result(instr.getparent())
            if result is None or not (result.text or "").isdigit():
                return False
            found += 1
    return found > 0


def variant_of(docx: bytes) -> bytes:
    """The PDF variant of a rendered report: the same document with the TOC field unwrapped, so that
    LibreOffice computes the PAGEREF page numbers itself."""
    from docx import Document

    from ..safeio import deterministic_zip
    from .render import unwrap_toc

    doc = Document(io.BytesIO(docx))
    unwrap_toc(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return deterministic_zip(buf.getvalue())


CHUNK = 25  # reports per LibreOffice run: start-up paid once, and a timeout never costs a whole batch


def paginate_files(paths: list[Path], *, timeout: float = 180.0, workers: int | None = None) -> int:
    """Put page numbers into the TOC of every report in ``paths``: one LibreOffice run per ``CHUNK`` reports,
    as many runs at a time as there are cores (each run has its own profile).

    Returns how many got them. Without LibreOffice, or where it fails, the reports stay as they are.
    """
    import os
    from concurrent.futures import ThreadPoolExecutor

    from ..errors import OmstillError
    from ..libreoffice import find_soffice

    try:
        find_soffice()
    except OmstillError:
        return 0
    paths = [Path(p) for p in paths]
    chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    if len(chunks) < 2:
        return sum(_paginate_chunk(c, timeout) for c in chunks)
    n = min(workers or os.cpu_count() or 1, len(chunks))
    with ThreadPoolExecutor(max_workers=n) as pool:
        return sum(pool.map(lambda c: _paginate_chunk(c, timeout), chunks))


def _paginate_chunk(chunk: list[Path], timeout: float) -> int:
    from ..errors import OmstillError
    from ..libreoffice import convert_many
    from ..safeio import atomic_write_bytes

    done = 0
    with tempfile.TemporaryDirectory(prefix="omstill-toc-") as tmp:
        sources, originals = [], {}
        for n, path in enumerate(chunk):
            docx = path.read_bytes()
            src = Path(tmp) / f"r{n:03d}.docx"
            src.write_bytes(variant_of(docx))
            sources.append(src)
            originals[src.resolve()] = (path, docx)
        try:
            made = convert_many(sources, "docx:MS Word 2007 XML", Path(tmp) / "ut", timeout=timeout)
        except OmstillError:
            return 0
        for src, out in made.items():
            path, docx = originals[src]
            with zipfile.ZipFile(out) as z:
                pages = pages_from_document_xml(z.read("word/document.xml").decode("utf-8"))
            numbered = with_pages(docx, pages)
            if numbered is not docx:
                atomic_write_bytes(path, numbered, overwrite=True)
                done += 1
    return done
