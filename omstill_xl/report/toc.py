"""Page numbers in the .docx table of contents, laid out by LibreOffice, so Word opens it without a prompt.

The renderer fills the table of contents with one entry per heading, each with a PAGEREF field whose stored
result is empty. Word would ask to update the fields when the document opens (``w:updateFields``), and
LibreOffice shows the stored result. Where LibreOffice is installed, the page number LibreOffice gives each
heading's bookmark is written into our own .docx as the fields' results. The update-on-open setting is then
removed: the document opens in Word and LibreOffice with page numbers and without a question. Without
LibreOffice the report is as before (Word asks to update).

The numbers come from one of two layouts of the PDF variant (the same document with the TOC field unwrapped):
- with ``--pdf``, from the PDF itself (``pages_from_pdf``): LibreOffice exports the bookmarks as named
  destinations, and each ``_TocOX…`` destination names its page. The report is laid out once, for its PDF.
- otherwise (``paginate_files``), LibreOffice lays out the layout variant (``layout_variant``: the PDF variant
  with each chart replaced by a blank picture of exactly its size, so LibreOffice need not import the charts)
  and saves it as RTF, whose PAGEREF field results are the numbers (``pages_from_rtf``).
A batch does this once at the end, for all its reports, in one LibreOffice run per 25 reports: LibreOffice's
start-up is paid once, not per report.
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
    Word's question). ``docx`` is a report as ``render_docx`` wrote it: the result is byte for byte the package
    ``safeio.deterministic_zip`` makes of the changed parts, with the other members' compressed bytes copied
    (compressing them again gives the same bytes; ``tests/test_toc_pages.py`` compares with the old way).
    """
    from lxml import etree

    from ..safeio import deterministic_zip_of, fixed_core_properties
    from .package import deflated_members

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
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
        changed = {"word/document.xml": etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)}
        settings = etree.fromstring(z.read("word/settings.xml"))
        for el in settings.findall(W + "updateFields"):
            settings.remove(el)
        changed["word/settings.xml"] = etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)
        members = deflated_members(docx)
        if members is None:  # not a package as render_docx writes it: every part inflated and compressed again
            parts = {i.filename: z.read(i.filename) for i in z.infolist()}
            return deterministic_zip_of({**parts, **changed}.items())
        if "docProps/core.xml" in z.namelist():
            core = z.read("docProps/core.xml")
            fixed = fixed_core_properties(core)
            if fixed != core:
                changed["docProps/core.xml"] = fixed
    return _repacked(members, changed)


def _repacked(
    members: list[tuple[str, Any]], changed: Mapping[str, bytes], added: Mapping[str, bytes] | None = None
) -> bytes:
    """The package of ``members`` (``package.deflated_members``) with the ``changed`` parts in their places and
    the ``added`` ones at the end, timestamps and modes fixed."""
    from .package import zip_members

    out: list[tuple[str, Any]] = [(name, changed.get(name, member)) for name, member in members]
    return zip_members(out + list((added or {}).items()))


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


# --- the layout variant: the PDF variant without its charts, for the RTF pass -----------------------------

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_BLANK_PART = "word/media/omstill-blank.png"
# a 1×1 white PNG: LibreOffice reads it in microseconds, where a chart costs it tens of milliseconds to import
_BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55"
    "0000000a49444154789c63f80f0001010100b138f6140000000049454e44ae426082"
)


def layout_variant(docx: bytes) -> bytes:
    """The document LibreOffice lays out for the page numbers of the rendered report ``docx``: the PDF variant
    (the TOC field unwrapped, as ``variant_of``) with each chart replaced by a blank picture of exactly the
    chart's size (the same ``wp:extent``, ``wp:docPr`` and wrapping), so LibreOffice lays out the same pages
    without importing the charts (chart2). Made in one pass over document.xml, without python-docx."""
    from lxml import etree

    from .package import deflated_members
    from .render import _toc_field

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
        body = root.find(W + "body")
        field = _toc_field(body) if body is not None else None
        if field is not None:  # as render.unwrap_toc: LibreOffice then computes the PAGEREF results itself
            for r in dict.fromkeys([field["begin"], *field["instr"], field["separate"], field["end"]]):
                if r is not None and r.getparent() is not None:
                    r.getparent().remove(r)
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        taken = {r.get("Id") for r in rels}
        rid = next(f"rIdOmstillBlank{n}" for n in range(len(taken) + 1) if f"rIdOmstillBlank{n}" not in taken)
        replaced = 0
        for data in root.iter(_A + "graphicData"):
            if data.get("uri") != _CHART_URI:
                continue
            frame = data.getparent().getparent()  # wp:inline or wp:anchor
            extent = frame.find(_WP + "extent") if frame is not None else None
            if extent is None:
                continue  # not the shape we write: the chart stays
            for child in list(data):
                data.remove(child)
            data.set("uri", _PIC_NS)
            data.append(_blank_picture(rid, extent.get("cx", "0"), extent.get("cy", "0")))
            replaced += 1
        if field is None and not replaced:
            return docx
        changed = {"word/document.xml": etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)}
        added = {}
        if replaced:
            rel = etree.SubElement(rels, _PKG_REL + "Relationship")
            rel.set("Id", rid)
            rel.set("Type", _IMAGE_REL)
            rel.set("Target", _BLANK_PART[len("word/") :])
            types = etree.fromstring(z.read("[Content_Types].xml"))
            override = etree.SubElement(types, _CT + "Override")
            override.set("PartName", "/" + _BLANK_PART)
            override.set("ContentType", "image/png")
            changed["word/_rels/document.xml.rels"] = etree.tostring(
                rels, xml_declaration=True, encoding="UTF-8", standalone=True
            )
            changed["[Content_Types].xml"] = etree.tostring(
                types, xml_declaration=True, encoding="UTF-8", standalone=True
            )
            added[_BLANK_PART] = _BLANK_PNG
        members = deflated_members(docx)  # the rest copied as compressed (LibreOffice reads it; no one keeps it)
        if members is None or _BLANK_PART in z.namelist():
            parts = {i.filename: z.read(i.filename) for i in z.infolist()}
            return _zipped({**parts, **changed, **added})
    return _repacked(members, changed, added)


def _zipped(parts: dict[str, bytes]) -> bytes:
    """The package of ``parts`` (a layout variant LibreOffice reads once; no one keeps it)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return buf.getvalue()


def _blank_picture(rid: str, cx: str, cy: str) -> Any:
    from lxml import etree

    P = "{" + _PIC_NS + "}"
    pic = etree.Element(P + "pic", nsmap={"pic": _PIC_NS})
    nv = etree.SubElement(pic, P + "nvPicPr")
    etree.SubElement(nv, P + "cNvPr", id="0", name="blank.png")
    etree.SubElement(nv, P + "cNvPicPr")
    fill = etree.SubElement(pic, P + "blipFill")
    etree.SubElement(fill, _A + "blip", {_R + "embed": rid})
    etree.SubElement(etree.SubElement(fill, _A + "stretch"), _A + "fillRect")
    sp = etree.SubElement(pic, P + "spPr")
    xfrm = etree.SubElement(sp, _A + "xfrm")
    etree.SubElement(xfrm, _A + "off", x="0", y="0")
    etree.SubElement(xfrm, _A + "ext", cx=cx, cy=cy)
    etree.SubElement(etree.SubElement(sp, _A + "prstGeom", prst="rect"), _A + "avLst")
    return pic


# --- reading LibreOffice's page numbers ------------------------------------------------------------------


def pages_from_rtf(rtf: str) -> dict[str, str]:
    """The result LibreOffice wrote for each ``PAGEREF _TocOX…`` field of an RTF file: the text of the
    ``\fldrslt`` group that follows the instruction (control words and group braces left out), when it is a
    number."""
    pages: dict[str, str] = {}
    for m in BOOKMARK.finditer(rtf):
        start = rtf.find("\\fldrslt", m.end())
        following = BOOKMARK.search(rtf, m.end())
        if start < 0 or (following is not None and following.start() < start):
            continue
        text = _rtf_group_text(rtf, start + len("\\fldrslt")).strip()
        if text.isdigit() and m.group(1) not in pages:
            pages[m.group(1)] = text
    return pages


_RTF_CONTROL = re.compile(r"\\(?:[a-zA-Z]+-?\d* ?|'[0-9a-fA-F]{2}|.)", re.S)


def _rtf_group_text(rtf: str, i: int) -> str:
    """The plain text from ``i`` to the brace closing the group ``i`` is in (at most 200 characters)."""
    depth = 0
    out: list[str] = []
    end = min(len(rtf), i + 2000)
    while i < end and len(out) < 200:
        c = rtf[i]
        if c == "\\":
            m = _RTF_CONTROL.match(rtf, i)
            i = m.end() if m else i + 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                break
        elif c not in "\r\n":
            out.append(c)
        i += 1
    return "".join(out)


# LibreOffice writes each object plainly (no object streams) with a classic xref table; its named destinations
# are one dictionary in the catalogue's /Dests, e.g. «/5FTocOX0001[141 0 R/XYZ 70.85 753.039 0]» (LibreOffice 7.4
# writes «_» as «5F»; «#5F» and «_» are read too).
_PDF_OBJ = re.compile(rb"(?:^|[\r\n])(\d+) (\d+) obj\b")
_PDF_CATALOG = re.compile(rb"\s*<<\s*/Type\s*/Catalog\b")
_PDF_REF = rb"\s+(\d+)\s+(\d+)\s+R"
_PDF_DEST = re.compile(rb"/(?:#5F|5F|_)TocOX(\d+)\s*\[\s*(\d+)\s+(\d+)\s+R")


def pages_from_pdf(pdf: bytes) -> dict[str, str]:
    """The physical page (1-based, as text) of each ``_TocOX…`` named destination of a PDF that LibreOffice
    exported with bookmarks as named destinations; {} when the file is not laid out as expected (no /Dests, a
    nested page tree, a page it does not list). ``numbered_as_laid_out`` says when that equals the number a
    PAGEREF field shows."""
    objects: dict[tuple[int, int], int] = {}
    for m in _PDF_OBJ.finditer(pdf):  # the last definition wins (incremental updates)
        objects[(int(m.group(1)), int(m.group(2)))] = m.end()

    def body(ref: tuple[int, int] | None) -> bytes:
        start = objects.get(ref) if ref is not None else None
        if start is None:
            return b""
        end = pdf.find(b"endobj", start)
        return pdf[start : end if end >= 0 else len(pdf)]

    catalog = next((body(ref) for ref, start in objects.items() if _PDF_CATALOG.match(pdf, start)), b"")
    dests_ref = re.search(rb"/Dests" + _PDF_REF, catalog)
    pages_ref = re.search(rb"/Pages" + _PDF_REF, catalog)
    if dests_ref is None or pages_ref is None:
        return {}
    tree = body((int(pages_ref.group(1)), int(pages_ref.group(2))))
    kids_m = re.search(rb"/Kids\s*\[([^\]]*)\]", tree)
    count_m = re.search(rb"/Count\s+(\d+)", tree)
    if kids_m is None or count_m is None:
        return {}
    kids = [(int(a), int(b)) for a, b in re.findall(rb"(\d+)\s+(\d+)\s+R", kids_m.group(1))]
    if len(kids) != int(count_m.group(1)) or any(re.search(rb"/Type\s*/Pages\b", body(k)) for k in kids):
        return {}  # a nested page tree: not what LibreOffice writes
    index = {k: n for n, k in enumerate(kids, start=1)}
    pages: dict[str, str] = {}
    for m in _PDF_DEST.finditer(body((int(dests_ref.group(1)), int(dests_ref.group(2))))):
        page = index.get((int(m.group(2)), int(m.group(3))))
        if page is None:
            return {}
        pages.setdefault("_TocOX" + m.group(1).decode("ascii"), str(page))
    return pages


def numbered_as_laid_out(docx: bytes) -> bool:
    """The pages of ``docx`` are numbered 1, 2, 3 … in the order LibreOffice lays them out, so a PAGEREF field
    shows a page's physical number: no section restarts or formats its page numbers (``w:pgNumType`` with
    ``w:start``, ``w:chapStyle`` or a ``w:fmt`` other than decimal) and none starts on an odd or even page (which
    would insert a blank page). The built-in template has two sections (portrait, then landscape for the
    appendices) numbered straight through; the front page counts as page 1 and has no footer."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    for m in re.finditer(r"<w:pgNumType\b([^>]*)>", xml):
        attrs = dict(re.findall(r'w:(\w+)="([^"]*)"', m.group(1)))
        if set(attrs) - {"fmt"} or attrs.get("fmt", "decimal") != "decimal":
            return False
    return re.search(r'<w:type w:val="(?:oddPage|evenPage)"', xml) is None


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


RTF_FORMAT = "rtf:Rich Text Format"  # LibreOffice lays the document out to write the PAGEREF results


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
            src.write_bytes(layout_variant(docx))
            sources.append(src)
            originals[src.resolve()] = (path, docx)
        try:
            made = convert_many(sources, RTF_FORMAT, Path(tmp) / "ut", timeout=timeout)
        except OmstillError:
            return 0
        for src, out in made.items():
            path, docx = originals[src]
            numbered = with_pages(docx, pages_from_rtf(out.read_bytes().decode("latin-1")))
            if numbered is not docx:
                atomic_write_bytes(path, numbered, overwrite=True)
                done += 1
    return done
