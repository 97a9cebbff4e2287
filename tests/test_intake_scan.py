"""The sheet scan's fast path (plain ``<c r="B7"``/``<row r="7"`` tags at C speed) counts and bounds exactly as the
element-by-element loop does, on ordinary and on crafted sheet XML, however the bytes are cut into chunks; and a
member kept from the verification pass reads back as it was inflated."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from omstill_xl.intake import check_file
from omstill_xl.intake.dimensions import _SheetScan
from omstill_xl.intake.limits import DEFAULT_LIMITS
from omstill_xl.intake.zippkg import _verify_members, _ZipPackage


class _LoopOnly(_SheetScan):
    """The scan with the fast path switched off: every element through the loop."""

    __slots__ = ()

    def _feed_fast(self, data: bytes) -> bool:
        return False


def _state(scan: _SheetScan) -> tuple[int, ...]:
    return (scan.row, scan.col, scan.max_row, scan.max_col, scan.cells, scan.rows, scan.covered)


def _feed(scan: _SheetScan, data: bytes, cuts: list[int]) -> _SheetScan:
    """Feed as ``_check_sheet_dimensions`` does: each chunk up to its last '<', the rest carried over."""
    tail = b""
    start = 0
    for end in [*cuts, len(data)]:
        buf = tail + data[start:end]
        start = end
        cut = buf.rfind(b"<")
        if cut < 0 or buf.find(b">", cut) >= 0:
            cut = len(buf)
        scan.feed(buf[:cut])
        tail = buf[cut:]
    scan.feed(tail)
    return scan


def _rows(n: int, cols: str = "ABC") -> bytes:
    return b"".join(
        b'<row r="%d">' % r
        + b"".join(b'<c r="%s%d" s="1"><v>%d</v></c>' % (c.encode(), r, r) for c in cols)
        + b"</row>"
        for r in range(1, n + 1)
    )


SHEET = b'<?xml version="1.0"?><worksheet><dimension ref="A1:C40"/><sheetData>%s</sheetData>%s</worksheet>'
CASES = {
    "plain": SHEET % (_rows(40), b""),
    "merged and linked": SHEET % (_rows(5), b'<mergeCells><mergeCell ref="A1:Z99"/></mergeCells><hyperlink ref="B2"/>'),
    "rows out of order": SHEET % (b'<row r="900"><c r="A900"/></row><row r="3"><c r="Q3"/></row>' + _rows(4), b""),
    "cell below its row": SHEET % (b'<row r="2"><c r="B7000"><v>1</v></c></row>' + _rows(3), b""),
    "cells without r": SHEET % (_rows(3) + b'<row r="9"><c><v>1</v></c><c/><c t="n"/></row>' + _rows(2), b""),
    "rows without r": SHEET % (_rows(3) + b'<row><c r="A1"/></row><row spans="1:2"><c/></row>' + _rows(2), b""),
    "row with letters": SHEET % (_rows(2) + b'<row r="A5"><c/></row>' + _rows(2), b""),
    "lower case and dollars": SHEET % (_rows(2) + b'<row r="4"><c r="xfd4"/><c r="$B$4"/></row>' + _rows(2), b""),
    "prefixed": SHEET % (_rows(2) + b'<x:row r="70"><x:c r="AA70"/></x:row><row r="6"><c r="B6"/></row>', b""),
    "single quotes and spaces": SHEET % (_rows(2) + b"<row  r = '8'><c r='D8'/><c\tr=\"E8\"/></row>" + _rows(1), b""),
    "last row without r": SHEET % (_rows(3) + b"<row><c/><c/></row>", b""),
    "leading zeros": SHEET % (_rows(2) + b'<row r="007"><c r="A0070"/></row><row r="0"><c r="C0"/></row>', b""),
    "huge numbers": SHEET % (_rows(2) + b'<row r="99999999"><c r="ABCD12345678901234567"/></row>' + _rows(1), b""),
    "unclosed tags": SHEET % (_rows(2) + b'<row r="5"<c r="A5"><c r="B5" <c r="C5"></row>' + _rows(1), b""),
    "text that looks like tags": SHEET % (_rows(2) + b'<row r="4"><c r="A4"><v>x:c </v></c></row>' + _rows(2), b""),
    "no cells": SHEET % (b'<row r="1"/><row r="50000"/>', b""),
    # above 32 KiB the fast path guesses the widest column and the last row from the first 16 KiB and proves the guess
    "wider column far down": SHEET % (_rows(2400) + b'<row r="901"><c r="AB901"/></row>' + _rows(3), b""),
    "three letters far down": SHEET % (_rows(2400) + b'<row r="901"><c r="XFD901"/></row>' + _rows(3), b""),
    "a later letter far down": SHEET % (_rows(2400) + b'<row r="901"><c r="Q901"/></row>' + _rows(3), b""),
    "cell below the rows far down": SHEET % (_rows(2400) + b'<row r="5"><c r="A99999"/></row>', b""),
    "longer row number far down": SHEET % (_rows(2400) + b'<row r="6"><c r="B1000000"/></row>', b""),
    "other form far down": SHEET % (_rows(2400) + b'<row r="901"><c r="b901"/><c r="C0901"/></row>', b""),
    "unclosed far down": SHEET % (_rows(2400) + b'<row r="901"><c r="C901" <c r="D901"/></row>', b""),
    # small stretches: the declared dimension's column (C) is a guess the fast path proves
    "a wider column than declared": SHEET % (_rows(20) + b'<row r="21"><c r="D21"/></row>' + _rows(3), b""),
    "a cell below the rows": SHEET % (_rows(20) + b'<row r="21"><c r="A2100"/></row>' + _rows(3), b""),
    "declared column unused": SHEET % (_rows(30, "AB"), b""),
    "declared column only in the last row": SHEET % (_rows(30, "AB") + b'<row r="31"><c r="C31"/></row>', b""),
    "rows only, cells below": SHEET % (b'<row r="3"/>' * 2 + b'<row r="4"><c r="A7"/><c r="A70"/></row>', b""),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_fast_scan_equals_the_loop(name: str) -> None:
    data = CASES[name]
    rng = random.Random(name)
    for cuts in [[], [len(data) // 2], sorted(rng.sample(range(1, len(data)), 7)), list(range(13, len(data), 29))]:
        assert _state(_feed(_SheetScan(), data, cuts)) == _state(_feed(_LoopOnly(), data, cuts)), (name, cuts)


def _hinted(hint: bytes) -> _SheetScan:
    scan = _SheetScan()
    scan.hint = hint
    return scan


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_guess_from_the_dimension_changes_nothing(name: str) -> None:
    """The declared dimension's column is only a guess: right, too wide, too narrow or absent, the scan bounds the
    sheet as the loop does — on a small stretch both the first time (no proving pattern made yet) and the next
    ones (made), on a large one at once."""
    data = CASES[name]
    want = _state(_feed(_LoopOnly(), data, []))
    for hint in (b"A", b"B", b"C", b"D", b"Q", b"Z", b"AA", b"AB", b"XFD", b""):
        for cuts in ([], [len(data) // 2], [], []):
            assert _state(_feed(_hinted(hint), data, cuts)) == want, (name, hint, cuts)


def test_fast_path_is_taken_for_plain_sheets() -> None:
    taken: list[bool] = []

    class Watch(_SheetScan):
        __slots__ = ()

        def _feed_fast(self, data: bytes) -> bool:
            taken.append(super()._feed_fast(data))
            return taken[-1]

    scan = _feed(Watch(), CASES["plain"], [])
    assert taken == [True]
    assert (scan.max_row, scan.max_col, scan.cells, scan.rows) == (40, 3, 120, 40)


def test_kept_members_read_back_as_inflated(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    members = {"xl/a.xml": b"<a>" + b"x" * 3_000_000 + b"</a>", "xl/b.xml": b"<b/>", "big.bin": b"\0" * (17 << 20)}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())
    with path.open("rb") as fh, _ZipPackage(path, fh, path.stat().st_size, DEFAULT_LIMITS) as pkg:
        _verify_members(pkg)
        assert sorted(pkg._verified) == ["xl/a.xml", "xl/b.xml"]  # the 17 MiB member is not kept (16 MiB at most)
        for info in pkg.infos:
            assert b"".join(pkg.stream(info)) == members[info.filename]


@pytest.mark.parametrize("name", ["eksempel-2025.xlsx", "fjellbygd-2026.xlsx"])
def test_example_workbook_reports_equal_the_loop_s(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path(__file__).resolve().parents[1] / "workbooks" / name
    fast = check_file(path)
    monkeypatch.setattr(_SheetScan, "_feed_fast", lambda self, data: False)
    assert check_file(path) == fast
    assert fast.cells > 1000


def test_the_report_keeps_each_sheet_as_zipfile_reads_it() -> None:
    path = Path(__file__).resolve().parents[1] / "workbooks" / "eksempel-2025.xlsx"
    report = check_file(path)
    with zipfile.ZipFile(path) as zf:
        wanted = {*report.sheet_parts.values(), "xl/workbook.xml"}
        assert set(report.kept) == wanted
        assert all(report.kept[name] == zf.read(name) for name in wanted)
