"""The same ``main()`` on xlwings' own remote book (``xw.Book(json=…)``, the xlwings Server engine), fed from the
example workbooks — the check that keeps the stand-in book honest.

That engine is in xlwings' PolyForm-Noncommercial part, which permits this testing; the key
``XLWINGS_LICENSE_KEY=noncommercial`` is set here, in the tests only. Users never need a key: the button
runs on the open-source desktop engine.

What the remote engine (xlwings 0.37.8) supports for the button, recorded by these tests:
reads values, sheet visibility, names and the calculation mode from the payload; cannot read formulas,
fills or note texts synchronously (NotImplementedError), so the button skips the formula rules and leaves
cells unmarked there, and says so. It records the writes as actions: sheetDelete, addSheet, setValues,
setRangeColor, setFontProperty, setColumnWidth, setWrapText, setSheetAutofit, addHyperlink, activateSheet,
setScreenUpdating and alert.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import omstill_xl
from omstill_xl.excel import button, marks
from omstill_xl.validate import validate

from .test_excel_fake import avvik_rows, book_from_file

VISIBILITY = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}


@pytest.fixture
def xw(monkeypatch):
    """xlwings with its remote engine, licensed and registered for this test only (undone afterwards)."""
    import xlwings  # first without the key, so nothing licensed outlives the test

    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    from xlwings.pro import _xlremote  # checks the licence key on import

    monkeypatch.setattr(xlwings.engines, "engines", [e for e in xlwings.engines.engines if e.name != "remote"])
    monkeypatch.setattr(
        xlwings.engines, "engines_by_name", {k: v for k, v in xlwings.engines.engines_by_name.items() if k != "remote"}
    )
    xlwings.engines.add(xlwings.main.Engine(impl=_xlremote.engine))
    return xlwings


def payload(path: Path, version: str, extra_sheets: list[dict] | None = None) -> dict:
    """What the xlwings JavaScript client sends for an open workbook (values are what Excel shows)."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, data_only=True)
    sheets = [*(extra_sheets or [])]
    for ws in wb.worksheets:
        values = [["" if c.value is None else c.value for c in row] for row in ws.iter_rows()] or [[]]
        sheets.append(
            {
                "name": ws.title,
                "values": values,
                "pictures": [],
                "tables": [],
                "shapes": [],
                "charts": [],
                "notes": [{"address": c.coordinate} for row in ws.iter_rows() for c in row if c.comment],
                "visibility": VISIBILITY[ws.sheet_state],
            }
        )
    names = [
        {
            "name": n,
            "refers_to": "=" + d.attr_text,
            "book_scope": True,
            "scope_sheet_name": None,
            "scope_sheet_index": None,
            "sheet_index": None,
            "address": None,
        }
        for n, d in wb.defined_names.items()
    ]
    calculation = "Manual" if wb.calculation.calcMode == "manual" else "Automatic"
    return {
        "client": "Office.js",
        "version": version,
        "names": names,
        "sheets": sheets,
        "book": {"name": Path(path).name, "active_sheet_index": 0, "selection": "A1", "calculation": calculation},
    }


def actions(book) -> list[dict]:
    return book.json()["actions"]


def funcs(book) -> set[str]:
    return {a["func"] for a in actions(book)}


@pytest.mark.libreoffice
def test_remote_book_gives_the_findings_of_omstill_validate_except_formula_rules(xw, recalculated):
    path = recalculated["eksempel-2025.xlsx"]
    book = xw.Book(json=payload(path, xw.__version__))
    assert book.app.engine.name == "remote"
    result = omstill_xl.main(book)
    expected = [f for f in validate(path) if f.code not in button.FORMULA_CODES]
    assert result.ok and not result.formulas_checked
    assert [(f.code, f.sheet, f.cell, f.message) for f in result.findings] == [
        (f.code, f.sheet, f.cell, f.message) for f in expected
    ]

    fake = book_from_file(path)  # the stand-in, on the same workbook, writes the same Avvik rows
    omstill_xl.main(fake)
    written = next(a for a in actions(book) if a["func"] == "setValues")
    assert written["sheet_position"] == 0 and (written["start_row"], written["start_column"]) == (0, 0)
    remote_rows = [
        [v[1:] if isinstance(v, str) and v.startswith("'") else v for v in row[:8]] for row in written["values"]
    ]
    assert remote_rows == [row[:8] for row in avvik_rows(fake)]

    assert funcs(book) == {
        "setScreenUpdating",
        "addSheet",
        "setValues",
        "setRangeColor",
        "setFontProperty",
        "setColumnWidth",
        "setWrapText",
        "setSheetAutofit",
        "addHyperlink",
        "activateSheet",
        "alert",
    }
    assert next(a for a in actions(book) if a["func"] == "addSheet")["args"] == [0, marks.AVVIK]
    links = [a["args"] for a in actions(book) if a["func"] == "addHyperlink"]
    assert links == [[f"#'{f.sheet}'!{f.cell}", f.cell, f"Gå til {f.sheet}!{f.cell}"] for f in expected]
    colored = {a["sheet_position"] for a in actions(book) if a["func"] == "setRangeColor"}
    assert colored == {0}  # only the Avvik sheet: data cells cannot be restored here, so they are not touched
    assert not result.marks.fills and not result.marks.notes and result.marks.cells == 0
    prompt, title = next(a for a in actions(book) if a["func"] == "alert")["args"][:2]
    assert prompt.startswith("Ingen feil, men 2 advarsler — se arket Avvik") and title == button.TITLE
    assert "formelkontrollene" in prompt and "ikke farget" in prompt


@pytest.mark.libreoffice
def test_remote_book_removes_the_previous_avvik_sheet_first(xw, recalculated):
    path = recalculated["eksempel-2025.xlsx"]
    fake = book_from_file(path)
    omstill_xl.main(fake)
    previous = {
        "name": marks.AVVIK,
        "values": [["" if v is None else v for v in row] for row in avvik_rows(fake)],
        "pictures": [],
        "tables": [],
        "notes": [],
        "visibility": "Visible",
    }
    book = xw.Book(json=payload(path, xw.__version__, [previous]))
    omstill_xl.main(book)
    order = [a["func"] for a in actions(book)]
    assert order.index("sheetDelete") < order.index("addSheet")
    assert next(a for a in actions(book) if a["func"] == "sheetDelete")["sheet_position"] == 0
    assert [s.name for s in book.sheets].count(marks.AVVIK) == 1


def test_remote_book_that_is_not_ours_gets_the_norwegian_message(xw):
    data = {
        "client": "Office.js",
        "version": xw.__version__,
        "names": [],
        "book": {"name": "Budsjett.xlsx", "active_sheet_index": 0, "selection": "A1"},
        "sheets": [
            {
                "name": "Ark1",
                "values": [["Noe annet"]],
                "pictures": [],
                "tables": [],
                "notes": [],
                "visibility": "Visible",
            }
        ],
    }
    book = xw.Book(json=data)
    result = omstill_xl.main(book)
    assert not result.ok and [a["func"] for a in actions(book)] == ["alert"]
    assert "ikke en omstill-arbeidsbok" in actions(book)[0]["args"][0]


def test_remote_book_formulas_fills_and_note_texts_are_not_readable(xw):
    """If a new xlwings makes these readable, the button could mark cells there too: this test says so."""
    data = {
        "client": "Office.js",
        "version": xw.__version__,
        "names": [],
        "book": {"name": "b.xlsx", "active_sheet_index": 0, "selection": "A1"},
        "sheets": [
            {
                "name": "S",
                "values": [[1]],
                "pictures": [],
                "tables": [],
                "notes": [{"address": "A1"}],
                "visibility": "Visible",
            }
        ],
    }
    rng = xw.Book(json=data).sheets[0].range("A1")
    for read in (lambda: rng.formula, lambda: rng.color, lambda: rng.note.text):
        with pytest.raises(NotImplementedError):
            read()
