"""The consolidated workbook's own sheet writer (``consolidate/sheetxml.py``) gives what openpyxl gives.

The big sheets keep their data rows as tuples and write them straight as XML; ``writer.build`` makes openpyxl
cells of the same rows instead (what the sheet writers did before). Both must give the same package — the same
bytes — on the shipped workbooks and a generated multi-programme set; ``differences`` says where two packages
differ in content (cells, styles, sheet properties, the other parts), and is shown to catch one changed number
format.
"""

from __future__ import annotations

import io
import math
import warnings
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.comments import Comment

from omstill_xl import consolidate
from omstill_xl.consolidate.sheetxml import EMPTY, SheetRows, save
from omstill_xl.consolidate.writer import build, build_rows, consolidated_bytes
from omstill_xl.kommuner import kommuner
from omstill_xl.workbook.build import build_workbook
from omstill_xl.workbook.build import workbook_bytes as plan_bytes
from omstill_xl.workbook.styles import (
    BOLD,
    FMT_AMOUNT,
    FMT_DEC,
    FMT_PERCENT,
    HEADER_FILL,
    HEADER_FONT,
    WRAP_TOP,
    new_workbook,
    workbook_bytes,
)

from .generate import synthetic_plan

ROOT = Path(__file__).resolve().parents[1]


def _cell_props(cell) -> tuple:
    return (
        cell.value,
        cell.data_type,
        cell.number_format,
        repr(cell.font),
        repr(cell.fill),
        repr(cell.border),
        repr(cell.alignment),
        repr(cell.protection),
    )


def _sheet_props(ws) -> dict[str, object]:
    ps = ws.page_setup
    return {
        "dimension": ws.calculate_dimension(),
        "widths": {k: (d.width, d.customWidth) for k, d in ws.column_dimensions.items()},
        "heights": {k: (d.height, d.customHeight) for k, d in ws.row_dimensions.items() if d.height},
        "freeze": ws.freeze_panes,
        "filter": ws.auto_filter.ref,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "tables": sorted(
            (t.name, t.ref, repr(t.tableStyleInfo), [c.name for c in t.tableColumns]) for t in ws.tables.values()
        ),
        "validations": sorted((str(v.sqref), v.type, v.formula1) for v in ws.data_validations.dataValidation),
        "print": (ws.print_title_rows, ws.print_title_cols, ps.orientation, ps.paperSize, ps.fitToWidth),
        "fit": (
            ps.fitToHeight,
            ps.pageOrder,
            ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
        ),
        "header": (ws.oddHeader.left.text, ws.oddHeader.right.text, ws.oddFooter.center.text),
        "breaks": [b.id for b in ws.row_breaks.brk],
        "charts": len(ws._charts),
    }


def differences(a: bytes, b: bytes) -> list[str]:
    """Where two xlsx packages differ: per sheet its properties and every cell's value, type, number format and
    style (both loaded with openpyxl), and the bytes of every part that is not a sheet (charts, styles, tables,
    the workbook with its defined names)."""
    out: list[str] = []
    za, zb = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(b))
    if za.namelist() != zb.namelist():
        out.append(f"parts: {za.namelist()} != {zb.namelist()}")
    for name in za.namelist():
        if name.startswith("xl/worksheets/sheet") or name == "xl/styles.xml":  # compared cell by cell below
            continue
        if name in zb.namelist() and za.read(name) != zb.read(name):
            out.append(f"part {name}")
    wa, wb = openpyxl.load_workbook(io.BytesIO(a)), openpyxl.load_workbook(io.BytesIO(b))
    if wa.sheetnames != wb.sheetnames:
        return [*out, f"sheets: {wa.sheetnames} != {wb.sheetnames}"]
    if {n: str(d.value) for n, d in wa.defined_names.items()} != {n: str(d.value) for n, d in wb.defined_names.items()}:
        out.append("defined names")
    for sa, sb in zip(wa.worksheets, wb.worksheets):
        pa, pb = _sheet_props(sa), _sheet_props(sb)
        out.extend(f"{sa.title}: {k}" for k in pa if pa[k] != pb[k])
        ca = {c.coordinate: _cell_props(c) for row in sa.iter_rows() for c in row}
        cb = {c.coordinate: _cell_props(c) for row in sb.iter_rows() for c in row}
        for ref in sorted(ca.keys() | cb.keys()):
            x, y = ca.get(ref), cb.get(ref)
            if x != y:
                fields = ("value", "type", "number format", "font", "fill", "border", "alignment", "protection")
                what = [f for f, p, q in zip(fields, x or (None,) * 8, y or (None,) * 8) if p != q]
                out.append(f"{sa.title}!{ref}: {', '.join(what)}")
    return out


def _generated(folder: Path, programmes: int = 3, years: int = 2, n_tiltak: int = 12) -> list[Path]:
    ks = sorted(kommuner().values(), key=lambda k: k.nummer)[:programmes]
    paths = []
    for i, k in enumerate(ks):
        for y in range(2025, 2025 + years):
            data = synthetic_plan(
                n_tiltak, seed=i, kommunenummer=k.nummer, aar=y, fra=2025, til=2030, programnavn=f"Omstilling {k.navn}"
            )
            path = folder / f"{k.nummer}-{y}.xlsx"
            path.write_bytes(plan_bytes(build_workbook(data)))
            paths.append(path)
    return paths


@pytest.fixture(scope="module")
def generated_set(tmp_path_factory) -> list[Path]:
    return _generated(tmp_path_factory.mktemp("multi"))


@pytest.mark.parametrize("where", ["workbooks", "workbooks/seksaar", "workbooks/nynorsk", "generated"])
def test_own_sheet_writer_gives_the_bytes_of_openpyxl_cells(where, generated_set):
    inputs = generated_set if where == "generated" else [ROOT / where]
    c = consolidate.load(inputs, workers=1)
    assert c.programmes and not c.failures
    fast = consolidated_bytes(c)
    reference = workbook_bytes(build(c)[0])
    assert differences(fast, reference) == []
    assert fast == reference
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # openpyxl reads it without a warning
        book = openpyxl.load_workbook(io.BytesIO(fast))
    if where == "generated":
        assert len(c.programmes) == 3
        ws = book["Tiltak per år"]
        assert ws.max_row == 4 + 3 * 2 * 12 + 1  # header row 4, 12 tiltak a workbook, the «Sum» row


def test_differences_catch_one_changed_number_format(example_paths):
    c = consolidate.load(list(example_paths.values()), workers=1)
    reference = workbook_bytes(build(c)[0])
    wb, _, kept = build_rows(c)
    (rows,) = [k for k in kept if k.ws.title == "Tiltak per år"]
    col, kind, value, style = rows.rows[7][9]  # row 7, column J: an amount
    assert kind != EMPTY and style is not None
    rows.rows[7][9] = (col, kind, value, rows.style(number_format=FMT_DEC))
    changed = workbook_bytes(wb, save=lambda book, out: save(book, kept, out))
    assert changed != reference
    assert differences(changed, reference) == [f"Tiltak per år!{openpyxl.utils.get_column_letter(col)}7: number format"]


# --- the cell writer against openpyxl's, on any text, number and style -------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("&<>\"'\r\n\t \x00\x0b\ufffe"),
    max_size=12,
) | st.sampled_from(["", " lead", "trail ", "=1+1", "#N/A", "@SUM(A1)", "x" * 33_000, "\U0001f600", "\ud800a"])
_NUMBER = (
    st.integers(-(10**18), 10**18)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([0.1, 2.0, -0.0, 1e16, 123456789.125])
)
_STYLES = [
    None,
    {"number_format": FMT_AMOUNT},
    {"number_format": FMT_PERCENT, "font": BOLD},
    {"font": HEADER_FONT, "fill": HEADER_FILL, "alignment": WRAP_TOP},
    {"number_format": "General"},  # a cell given the default format: no style of its own
]
_ENTRY = st.tuples(
    st.sampled_from(["value", "number", "formula"]),
    st.one_of(_TEXT, _NUMBER, st.none(), st.booleans(), st.just(date(2025, 3, 1))),
    st.integers(0, len(_STYLES) - 1),
)


def _write_both(entries) -> tuple[bytes, bytes]:
    books = []
    for fast in (True, False):
        wb = new_workbook()
        ws = wb.active
        ws.title = "Ark"
        ws.cell(1, 1, "Overskrift").font = BOLD  # openpyxl cells around the kept rows
        ws.cell(1, 3, True)
        ws.cell(1, 4, "#N/A")
        ws.cell(1, 5, date(2024, 1, 2))
        ws.cell(1, 6, "lenke").hyperlink = "https://example.org/?a=1&b=2"
        ws.cell(1, 7, "merknad").comment = Comment("Ein merknad", "omstill")
        ws.row_dimensions[3].height = 30
        ws.cell(2, 9)  # an empty cell: the row is there
        rows = SheetRows(ws)
        styles = [None if s is None else rows.style(**s) for s in _STYLES]
        for i, (how, value, style) in enumerate(entries):
            r, col = 3 + i // 4, 1 + i % 4 * 2
            if how == "formula":
                rows.formula(r, col, "=" + (value if isinstance(value, str) and value else "SUM(A1:B2)"), styles[style])
            elif how == "number" and isinstance(value, (int, float)):
                rows.number(r, col, value, styles[style])
            else:
                rows.value(r, col, value, styles[style])
        ws.cell(3 + len(entries) // 4 + 2, 1, "=SUBTOTAL(109,A3:A9)").font = BOLD
        if fast:
            books.append(workbook_bytes(wb, save=lambda book, out, kept=rows: save(book, [kept], out)))
        else:
            rows.materialize()
            books.append(workbook_bytes(wb))
    return books[0], books[1]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(_ENTRY, min_size=1, max_size=24))
def test_cell_writer_writes_what_openpyxl_writes(entries):
    fast, reference = _write_both(entries)
    assert fast == reference


def test_cell_writer_on_hostile_text():
    texts = [
        "a&b<c>d",
        "\r\n\t",
        " x ",
        "æøå ÆØÅ",
        "\U0001f600 emoji",
        "x\x00y\x1f",
        "=1+1",
        "-T1",
        "\ud800",
        "y" * 40_000,
    ]
    numbers = [0, -1, 2.5, 1e300, -1e-300, 10**17 + 1, math.nan, math.inf, -math.inf, 2.0]
    entries = [("value", t, i % len(_STYLES)) for i, t in enumerate(texts)]
    entries += [("number", n, i % len(_STYLES)) for i, n in enumerate(numbers)]
    entries += [("formula", 'IF(H5<>"årlig","",1)', 1), ("value", None, 1), ("value", None, 0), ("value", True, 2)]
    fast, reference = _write_both(entries)
    assert fast == reference
    ws = openpyxl.load_workbook(io.BytesIO(fast))["Ark"]
    assert ws["A3"].value == "a&b<c>d" and ws["C3"].value == "\r\n\t" and ws["E3"].value == " x "


def test_without_lxml_openpyxl_writes_the_cells(monkeypatch, example_paths):
    """openpyxl without lxml writes through et_xmlfile, in a form of its own: the kept rows become its cells."""
    import openpyxl as opx

    c = consolidate.load(list(example_paths.values()), workers=1)
    reference = workbook_bytes(build(c)[0])
    monkeypatch.setattr(opx, "LXML", False)
    wb, _, kept = build_rows(c)
    assert any(k.rows for k in kept)
    data = workbook_bytes(wb, save=lambda book, out: save(book, kept, out))
    assert all(not k.rows for k in kept)  # materialized
    assert data == reference
