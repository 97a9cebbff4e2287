"""The sheet scan's fastest path (one regex match per formula cell) gives what the general byte path and the
element-by-element path give, on ordinary sheets, on crafted variants and on random well-formed mutations — or
declines (None), so the general way decides. The formulas' places it hands the grid are those ``split_ref`` gives.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from xml.etree.ElementTree import ParseError

import pytest

from omstill_xl.examples import fjellbygd
from omstill_xl.workbook.build import build_workbook, workbook_bytes
from omstill_xl.workbook.grid import split_ref
from omstill_xl.workbook.xlsx import (
    _scan_formula_cells,
    _scan_sheet_bytes,
    _scan_sheet_elements,
    _well_formed,
    scan_sheet_xml,
)

from .generate import synthetic_plan


def _sheets(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")}


SHEETS = {
    **{f"fjellbygd {n}": x for n, x in _sheets(workbook_bytes(build_workbook(fjellbygd()))).items()},
    "syntetisk tiltak": _sheets(workbook_bytes(build_workbook(synthetic_plan(60, seed=3))))["xl/worksheets/sheet4.xml"],
}
TILTAK = SHEETS["fjellbygd xl/worksheets/sheet4.xml"]

NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHEET = b"<worksheet " + NS + b"><sheetData>%s</sheetData></worksheet>"
CRAFTED = {
    "shared": SHEET % b'<row r="2"><c r="B2"><f t="shared" ref="B2:B4" si="0">A2*2</f><v>2</v></c></row>'
    b'<row r="3"><c r="B3"><f t="shared" si="0"/><v>4</v></c></row><row r="4"><c r="B4"><f t="shared" si="0"/></c>'
    b'<c r="C4"><f t="shared" si="9"/></c></row>',
    "string results": SHEET % b'<row r="1"><c r="A1" t="str"><f>"x"</f><v></v></c><c r="B1"><f>1</f><v></v></c>'
    b'<c r="C1" t="str"><f>"y"</f><v/></c><c r="D1"><f>2</f><v/></c><c r="E1"><f>3</f></c></row>',
    "entities and breaks": SHEET
    % b'<row r="1"><c r="A1"><f>IF(B1&gt;0,"a&amp;b",&#x22;\r\nc&#34;)</f><v>1</v></c></row>',
    "error cells": SHEET
    % b'<row r="1"><c r="A1" t="e"><v>#REF!</v></c><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>',
    "single-quoted error": SHEET % b"<row r='1'><c r='A1' t='e'><v>#N/A</v></c><c r=\"B1\"><f>1</f></c></row>",
    "comment in cell": SHEET % b'<row r="1"><c r="A1"><!-- c --><f>1+1</f><v>2</v></c></row>',
    "commented cell": SHEET % b'<!-- <c r="Z9"><f>1+1</f></c> --><row r="1"><c r="A1"><f>2</f></c></row>',
    "cell without r": SHEET % b'<row r="1"><c><f>1</f></c><c r="B1"><f>2</f></c></row>',
    "self-closing then f": SHEET % b'<row r="1"><c r="A1"/><f>3</f><c r="B1"><f>2</f></c></row>',
    "f outside a cell": SHEET % b'<row r="1"><f>3</f></row><row r="2"><c r="B2"><f>2</f></c></row>',
    "attribute with >": SHEET % b'<row r="1"><c r="A1" x=">"><f>1</f></c><c r="B1"><f a="/>">2</f></c></row>',
    "formula attribute with />": SHEET % b'<row r="1"><c r="B1"><f a="/>">2</f><v>1</v></c></row>',
    "value attribute with />": SHEET % b'<row r="1"><c r="B1"><f>2</f><v a="/>">5</v></c></row>',
    "shared child with />": SHEET % b'<row r="1"><c r="B1"><f t="shared" si="0">A1</f></c>'
    b'<c r="C1"><f t="shared" si="0" a="/>">X</f><v>3</v></c></row>',
    "formula attributes": SHEET % b'<row r="1"><c r="A1"><f ca="1" t="normal">NOW()</f><v>1</v></c></row>',
    "array formula": SHEET % b'<row r="1"><c r="A1"><f t="array" ref="A1:A2">SUM(B1:B2*2)</f><v>1</v></c></row>',
    "empty formula": SHEET % b'<row r="1"><c r="A1"><f></f><v>1</v></c><c r="B1"><f/></c></row>',
    "value before formula": SHEET % b'<row r="1"><c r="A1"><v>1</v><f>2</f></c></row>',
    "inline string too": SHEET % b'<row r="1"><c r="A1" t="inlineStr"><f>1</f><is><t>x</t></is></c></row>',
    "leading zeros": SHEET % b'<row r="7"><c r="A07"><f>1</f></c><c r="A7"><f>2</f></c></row>',
    "one cell twice": SHEET % b'<row r="7"><c r="A7"><f>1</f></c><c r="A7"><f>2</f></c></row>',
    "prefixed": b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
    b'<x:row r="1"><x:c r="A1"><x:f>1</x:f></x:c></x:row></x:sheetData></x:worksheet>',
    "cdata": SHEET % b'<row r="1"><c r="A1"><f><![CDATA[1+1]]></f></c></row>',
    "utf-16": (
        '<?xml version="1.0" encoding="UTF-16"?>' + (SHEET % b'<row r="1"><c r="A1"><f>1</f></c></row>').decode()
    ).encode("utf-16"),
    "attribute order": SHEET % b'<row r="1"><c s="1" r="A1"><f>1</f></c></row>',
    "spaces around r": SHEET % b'<row r="1"><c  r="A1"><f>1</f></c></row>',
    "lower-case ref": SHEET % b'<row r="1"><c r="a1"><f>1</f></c><c r="B1"><f>2</f></c></row>',
    "no formulas": SHEET % b'<row r="1"><c r="A1"><v>1</v></c></row>',
    "empty": SHEET % b"",
}


def _reference(data: bytes) -> tuple[dict, dict]:
    """What ``scan_sheet_xml`` gave before the fastest path existed."""
    old = _scan_sheet_bytes(data)
    return old if old is not None else _scan_sheet_elements(io.BytesIO(data))


def _check(data: bytes) -> bool:
    """The fastest path agrees with the reference (or declines); True when it took the part."""
    fastest = _scan_formula_cells(data)
    try:
        reference = _reference(data)
    except (ParseError, ValueError) as e:  # an unbound prefix, a reference like «A1 t='e'»: refused as before
        assert fastest is None
        with pytest.raises(type(e)) as now:
            scan_sheet_xml(io.BytesIO(data))
        assert str(now.value) == str(e)
        return False
    assert scan_sheet_xml(io.BytesIO(data))[:2] == reference
    if fastest is None:
        return False
    formulas, errors, at = fastest
    assert (formulas, errors) == reference
    assert list(at.items()) == [(split_ref(ref), f) for ref, f in formulas.items()]
    return True


@pytest.mark.parametrize("name", sorted(SHEETS))
def test_ordinary_sheets_take_the_fastest_path(name: str) -> None:
    assert _check(SHEETS[name])


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_sheets_read_as_before(name: str) -> None:
    _well_formed(CRAFTED[name])
    _check(CRAFTED[name])


def test_the_fastest_path_takes_what_it_can_be_sure_of() -> None:
    taken = {name for name, data in CRAFTED.items() if _scan_formula_cells(data) is not None}
    assert {"shared", "string results", "entities and breaks", "formula attributes", "no formulas"} <= taken
    assert not taken & {"error cells", "comment in cell", "cell without r", "prefixed", "cdata", "one cell twice"}


# Pieces a mutation inserts: markup the scans look for, in forms they must either take exactly or decline.
ELEMENTS = [
    b"<f>1+A1</f>",
    b"<f/>",
    b'<f t="shared" si="0"/>',
    b'<f t="shared" ref="A1:A9" si="0">B1</f>',
    b"<v/>",
    b"<v></v>",
    b"<v>7</v>",
    b"<!-- <f>9</f> -->",
    b'<c r="Q1"><f>2</f></c>',
    b'<c r="Q1"/>',
    b"<c><f>3</f></c>",
    b"&amp;",
    b"\r\n",
    b"<x:f xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>1</x:f>",
    b"<is><t>x</t></is>",
]
ATTRIBUTES = [b' t="str"', b' t="e"', b" t='e'", b' x=">"', b' a="/>"', b' ca="1"', b' si="0"', b' t="shared"']


def _mutate(data: bytes, rnd: random.Random) -> bytes:
    for _ in range(rnd.randint(1, 4)):
        kind = rnd.random()
        if kind < 0.5:  # an element or text before a tag
            at = rnd.choice([m.start() for m in re.finditer(rb"<", data)])
            data = data[:at] + rnd.choice(ELEMENTS) + data[at:]
        elif kind < 0.85:  # an attribute at the end of a start tag
            at = rnd.choice([m.start() for m in re.finditer(rb"(?<=[\w\"'])/?>", data)])
            data = data[:at] + rnd.choice(ATTRIBUTES) + data[at:]
        else:  # an element taken out (with its content when it has any)
            found = list(re.finditer(rb"<(\w+)[^<>]*?(?:/>|>[^<]*</\1>)", data))
            if found:
                m = rnd.choice(found)
                data = data[: m.start()] + data[m.end() :]
    return data


def test_random_well_formed_mutations_read_as_before() -> None:
    rnd = random.Random(17)
    bases = [TILTAK, *(CRAFTED[n] for n in ("shared", "string results", "formula attributes"))]
    checked = taken = 0
    for _ in range(2000):
        data = _mutate(rnd.choice(bases), rnd)
        try:
            _well_formed(data)
        except ParseError:
            continue
        checked += 1
        taken += _check(data)
    assert checked > 1000 and taken > 200, (checked, taken)
