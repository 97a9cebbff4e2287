"""The TOC page-number steps copy the members they do not change (``package.deflated_members``) instead of
inflating and compressing every part again: ``with_pages`` gives the very bytes of the old way (kept here) for
the example reports and synthetic ones, in bokmål and nynorsk, and ``layout_variant`` the same parts. A package
that is not plainly deflated takes the old way."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest

from omstill_xl.cli import main
from omstill_xl.report import toc
from omstill_xl.report.package import deflated_members

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
W = toc.W


def old_with_pages(docx: bytes, pages: Mapping[str, str]) -> bytes:
    """``toc.with_pages`` as it was: every part inflated, the package zipped again."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    results = []
    for instr in root.iter(W + "instrText"):
        m = toc.BOOKMARK.search(instr.text or "")
        if not m:
            continue
        result = toc._field_result(instr.getparent())
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
    from omstill_xl.safeio import deterministic_zip

    return deterministic_zip(toc._zipped(parts))  # the old way: zip, then rewrite it deterministically


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        return {i.filename: z.read(i.filename) for i in z.infolist()}


def numbers(docx: bytes) -> dict[str, str]:
    xml = members(docx)["word/document.xml"].decode("utf-8")
    return {m.group(1): str(n + 2) for n, m in enumerate(toc.BOOKMARK.finditer(xml))}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, bytes]:
    """Example reports (bokmål, nynorsk, the sixth year of six) and synthetic ones, as the renderer writes them."""
    from omstill_xl.workbook.build import write_workbook

    from .generate import synthetic_plan

    out = tmp_path_factory.mktemp("repack")
    synthetic = out / "synthetic"
    synthetic.mkdir()
    for seed, (kommunenummer, navn) in enumerate((("1804", "Bodø"), ("4626", "Øygarden"), ("3401", "Kongsvinger"))):
        data = synthetic_plan(
            8 + 9 * seed, seed=seed, aar=2026, fra=2025, til=2030, kommunenummer=kommunenummer, programnavn=navn
        )
        write_workbook(data, synthetic / f"s{seed}.xlsx")
    runs = ([WORKBOOKS], [WORKBOOKS / "nynorsk"], [WORKBOOKS / "seksaar"], [synthetic])
    for n, inputs in enumerate(runs):
        assert main(["report", *map(str, inputs), "--out", str(out / str(n)), "--uten-sidetall"]) == 0
    found = {p.name: p.read_bytes() for p in sorted(out.rglob("*.docx"))}
    assert len(found) >= 7
    return found


def test_with_pages_gives_the_bytes_of_the_old_way(reports):
    for name, docx in reports.items():
        pages = numbers(docx)
        assert len(pages) >= 10, name
        new = toc.with_pages(docx, pages)
        assert new is not docx and new == old_with_pages(docx, pages), name
        assert toc.has_page_numbers(new)
        missing = dict(list(pages.items())[1:])  # one entry without a number: the report stays as it is
        assert toc.with_pages(docx, missing) is docx


def test_a_package_not_plainly_deflated_takes_the_old_way(reports):
    docx = next(iter(reports.values()))
    parts = members(docx)
    stored = io.BytesIO()
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2001, 2, 3, 4, 5, 6)), data)
    assert deflated_members(stored.getvalue()) is None
    pages = numbers(docx)
    assert toc.with_pages(stored.getvalue(), pages) == old_with_pages(stored.getvalue(), pages)
    assert toc.with_pages(stored.getvalue(), pages) == toc.with_pages(docx, pages)


def test_deflated_members_are_the_stored_bytes(reports):
    docx = next(iter(reports.values()))
    found = deflated_members(docx)
    assert found is not None
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        assert [name for name, _m in found] == z.namelist()
        for name, member in found:
            info = z.getinfo(name)
            assert (member.crc, member.size, len(member.data)) == (info.CRC, info.file_size, info.compress_size)
            assert zipfile.ZipFile(io.BytesIO(docx)).read(name) == __import__("zlib").decompress(member.data, -15)
    broken = bytearray(docx)
    broken[z.getinfo("word/styles.xml").header_offset] ^= 0xFF  # a local header that is not one
    assert deflated_members(bytes(broken)) is None


def test_layout_variant_has_the_parts_of_the_old_way(reports, monkeypatch):
    """Copying the unchanged members gives the parts (and order) of inflating every part and zipping them again,
    the old way, which a package that is not plainly deflated still takes."""
    from omstill_xl.report import package

    new = {name: members(toc.layout_variant(docx)) for name, docx in reports.items()}
    monkeypatch.setattr(package, "deflated_members", lambda data: None)
    for name, docx in reports.items():
        old = members(toc.layout_variant(docx))
        assert list(new[name]) == list(old) and new[name] == old, name
        assert list(old)[-1] == "word/media/omstill-blank.png" and old["word/document.xml"].count(b"<pic:pic") == 3
