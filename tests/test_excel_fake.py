"""A stand-in for an xlwings Book in desktop Excel (Windows COM), implementing exactly the calls the «Valider»
button makes, with Excel's semantics: numbers come back as floats, ``visible`` is -1/0/2, an error value
is a COM error code (a string only with ``err_to_str=True``), ``formula`` of a plain cell is its text,
writing ``"'x"`` stores text, ``"=…"`` a formula and ``"12"`` a number. ``book_from_file`` fills it from a
workbook file (openpyxl: formulas, cached values, fills, notes, names, visibility).

The tests in this file keep the stand-in honest: every attribute it offers exists on xlwings' own classes
with compatible parameters.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

_A1 = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
VISIBILITY = {"visible": -1, "hidden": 0, "veryHidden": 2}


class XlError(str):
    """An error value in a cell (COM hands these over as integer codes; xlwings maps them)."""


def _rc(a1: str) -> tuple[int, int]:
    m = _A1.match(a1.upper())
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _excel_input(v):  # what Excel stores when a script writes v
    if isinstance(v, str) and v.startswith("'"):
        return v[1:], None
    if isinstance(v, str) and v.startswith("=") and len(v) > 1:
        return None, v
    if isinstance(v, str):
        try:
            return float(v.replace(",", ".")), None
        except ValueError:
            return v, None
    return (float(v) if isinstance(v, int) and not isinstance(v, bool) else v), None


class FakeApp:
    def __init__(self, calculation: str = "automatic") -> None:
        self.calculation, self.screen_updating, self.alerts = calculation, True, []
        self.engine = SimpleNamespace(name="excel")

    def alert(self, prompt, title=None, buttons="ok", mode=None, callback=None):
        self.alerts.append((prompt, title, mode))
        return "ok"


class FakeNote:
    def __init__(self, sheet, key) -> None:
        self.sheet, self.key = sheet, key

    @property
    def text(self) -> str:
        return self.sheet.notes[self.key]

    def delete(self) -> None:
        del self.sheet.notes[self.key]


class FakeFont:
    def __init__(self, rng) -> None:
        object.__setattr__(self, "rng", rng)

    def __setattr__(self, name, value):
        assert name in ("bold", "color"), name
        self.rng._format("font_" + name, value)


class FakeOptions:
    def __init__(self, rng, ndim=None, err_to_str=False) -> None:
        self.rng, self.err_to_str = rng, err_to_str

    @property
    def value(self):
        return [
            [(v if self.err_to_str else None) if isinstance(v, XlError) else v for v in row]
            for row in self.rng._grid(self.rng.sheet.values)
        ]


class FakeRange:
    def __init__(self, sheet, r1, c1, r2=None, c2=None) -> None:
        self.sheet, self.row, self.column = sheet, r1, c1
        self.last = (r2 or r1, c2 or c1)

    def _keys(self):
        return [(r, c) for r in range(self.row, self.last[0] + 1) for c in range(self.column, self.last[1] + 1)]

    def _grid(self, store, default=None):
        return [
            [store.get((r, c), default) for c in range(self.column, self.last[1] + 1)]
            for r in range(self.row, self.last[0] + 1)
        ]

    def _format(self, what, value):
        for key in self._keys():
            self.sheet.formats.setdefault(key, {})[what] = value

    @property
    def shape(self):
        return self.last[0] - self.row + 1, self.last[1] - self.column + 1

    def options(self, ndim=None, err_to_str=False):
        return FakeOptions(self, ndim, err_to_str)

    @property
    def value(self):
        grid = FakeOptions(self).value
        return grid[0][0] if len(grid) == 1 and len(grid[0]) == 1 else grid

    @value.setter
    def value(self, rows):
        rows = rows if isinstance(rows, list) and rows and isinstance(rows[0], list) else [[rows]]
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                key = (self.row + i, self.column + j)
                self.sheet.values.pop(key, None), self.sheet.formulas.pop(key, None)
                value, formula = _excel_input(v)
                if formula:
                    self.sheet.formulas[key] = formula
                elif value is not None and value != "":
                    self.sheet.values[key] = value

    @property
    def formula(self):
        grid = [
            [
                self.sheet.formulas.get(k) or ("" if self.sheet.values.get(k) is None else str(self.sheet.values[k]))
                for k in keys
            ]
            for keys in [
                [(r, c) for c in range(self.column, self.last[1] + 1)] for r in range(self.row, self.last[0] + 1)
            ]
        ]
        return grid[0][0] if len(grid) == 1 and len(grid[0]) == 1 else tuple(tuple(r) for r in grid)

    @property
    def color(self):
        return self.sheet.fills.get((self.row, self.column))

    @color.setter
    def color(self, value):
        for key in self._keys():
            if value is None:
                self.sheet.fills.pop(key, None)
            else:
                h = value.lstrip("#") if isinstance(value, str) else "{:02X}{:02X}{:02X}".format(*value)
                self.sheet.fills[key] = (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))

    @property
    def font(self):
        return FakeFont(self)

    def __setattr__(self, name, value):
        if name in ("column_width", "wrap_text"):
            return self._format(name, value)
        object.__setattr__(self, name, value)

    def add_hyperlink(self, address, text_to_display=None, screen_tip=None):
        self.sheet.links[(self.row, self.column)] = (address, text_to_display, screen_tip)
        self.sheet.values[(self.row, self.column)] = text_to_display

    @property
    def note(self):
        return FakeNote(self.sheet, (self.row, self.column)) if (self.row, self.column) in self.sheet.notes else None

    def add_note(self, text):
        assert self.note is None, "This cell already has a note"  # xlwings raises ValueError
        self.sheet.notes[(self.row, self.column)] = text
        return self.note


class FakeSheet:
    def __init__(self, book, name, visible=-1) -> None:
        self.book, self.name, self.visible = book, name, visible
        self.values, self.formulas, self.fills, self.notes, self.links, self.formats = {}, {}, {}, {}, {}, {}

    @property
    def used_range(self):
        keys = set(self.values) | set(self.formulas) | set(self.fills)
        if not keys:
            return FakeRange(self, 1, 1)
        rows, cols = [k[0] for k in keys], [k[1] for k in keys]
        return FakeRange(self, min(rows), min(cols), max(rows), max(cols))

    def range(self, cell1, cell2=None):
        r1, c1 = _rc(cell1) if isinstance(cell1, str) else cell1
        r2, c2 = cell2 if cell2 else (r1, c1)
        return FakeRange(self, r1, c1, r2, c2)

    def delete(self):
        self.book.sheets._list.remove(self)

    def activate(self):
        self.book._active = self

    def autofit(self, axis=None):
        self.formats["autofit"] = axis


class FakeSheets:
    def __init__(self, book) -> None:
        self.book, self._list = book, []

    def __iter__(self):
        return iter(list(self._list))

    def add(self, name=None, before=None, after=None):
        sheet = FakeSheet(self.book, name)
        self._list.insert(self._list.index(before) if before else len(self._list), sheet)
        self.book._active = sheet
        return sheet


class FakeBook:
    def __init__(self, name: str, calculation: str = "automatic") -> None:
        self.name, self.app, self.names, self._active = name, FakeApp(calculation), [], None
        self.sheets = FakeSheets(self)


def sheet_of(book: FakeBook, name: str) -> FakeSheet:
    return next(s for s in book.sheets if s.name == name)


# ------------------------------------------------------------------------------------- from a file


def book_from_file(path: Path) -> FakeBook:
    """A FakeBook with what Excel would show for ``path`` (use a recalculated file: Excel has computed values)."""
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb_f = openpyxl.load_workbook(path)
        wb_v = openpyxl.load_workbook(path, data_only=True)
    book = FakeBook(Path(path).name, "manual" if wb_f.calculation.calcMode == "manual" else "automatic")
    book.names = [SimpleNamespace(name=n, refers_to="=" + d.attr_text) for n, d in wb_f.defined_names.items()]
    for ws_f in wb_f.worksheets:
        ws_v = wb_v[ws_f.title]
        sheet = book.sheets.add(ws_f.title)
        sheet.visible = VISIBILITY[ws_f.sheet_state]
        book.names += [
            SimpleNamespace(name=f"{ws_f.title}!{n}", refers_to="=" + d.attr_text)
            for n, d in ws_f.defined_names.items()
        ]
        for row_f, row_v in zip(ws_f.iter_rows(), ws_v.iter_rows(), strict=True):
            for cf, cv in zip(row_f, row_v, strict=True):
                key = (cf.row, cf.column)
                if cf.data_type == "f":
                    sheet.formulas[key] = str(cf.value)
                if cv.data_type == "e":
                    sheet.values[key] = XlError(cv.value)
                elif cv.value is not None and cv.value != "":
                    sheet.values[key] = (
                        float(cv.value) if isinstance(cv.value, int) and not isinstance(cv.value, bool) else cv.value
                    )
                fill = cf.fill
                if fill is not None and fill.fill_type == "solid" and fill.fgColor.type == "rgb":
                    h = fill.fgColor.rgb[-6:]
                    sheet.fills[key] = (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))
                if cf.comment is not None:
                    sheet.notes[key] = cf.comment.text
    book._active = next(iter(book.sheets))
    return book


def avvik_rows(book: FakeBook) -> list[list]:
    """The Avvik sheet as the user sees it (values only, header included)."""
    sheet = sheet_of(book, "Avvik")
    return sheet.used_range.options(ndim=2).value


# ------------------------------------------------------------------------------------- honesty


def _pairs():
    import xlwings as xw
    from xlwings import main as xm

    return [
        (FakeBook, xw.Book),
        (FakeSheets, xm.Sheets),
        (FakeSheet, xw.Sheet),
        (FakeRange, xw.Range),
        (FakeApp, xw.App),
        (FakeNote, xm.Note),
        (FakeFont, xm.Font),
    ]


@pytest.mark.parametrize("fake, real", _pairs(), ids=lambda c: c.__name__)
def test_the_stand_in_offers_only_what_xlwings_has(fake, real):
    public = {n for n in vars(fake) if not n.startswith("_")}
    for name in public:
        assert hasattr(real, name), f"xlwings {real.__name__} has no {name}"
        ours, theirs = getattr(fake, name), getattr(real, name)
        if inspect.isfunction(ours) and callable(theirs):
            mine = list(inspect.signature(ours).parameters)[1:]
            real_params = inspect.signature(theirs).parameters
            if not any(p.kind is p.VAR_KEYWORD for p in real_params.values()):
                assert set(mine) <= set(real_params), (name, mine, list(real_params))


def test_the_button_sets_only_attributes_xlwings_has():
    import xlwings as xw
    from xlwings import main as xm

    for attr in ("column_width", "wrap_text", "color", "value"):
        assert isinstance(getattr(xw.Range, attr), property) and getattr(xw.Range, attr).fset is not None
    for attr in ("bold", "color"):
        assert getattr(xm.Font, attr).fset is not None
    for attr in ("name", "refers_to"):
        assert hasattr(xm.Name, attr)
    assert hasattr(xw.Book, "names") and hasattr(xw.App, "engine") and hasattr(xw.App, "calculation")
    assert "err_to_str" in inspect.getsource(xw.Range.options) or "err_to_str" in (xw.Range.options.__doc__ or "")


def test_the_stand_in_behaves_like_excel_on_writes():
    book = FakeBook("b.xlsx")
    sheet = book.sheets.add("S")
    sheet.range("A1").value = [["'=SUM(A2)", "'0301", "12", "=A1", 5]]
    assert sheet.range("A1").value == "=SUM(A2)" and sheet.range("B1").value == "0301"
    assert sheet.range("C1").value == 12.0 and sheet.range("D1").formula == "=A1" and sheet.range("E1").value == 5.0
    sheet.values[(2, 1)] = XlError("#REF!")
    assert sheet.range("A2").value is None and sheet.range("A2").options(err_to_str=True).value[0][0] == "#REF!"
    sheet.range((3, 3)).color = "#FFC7CE"
    assert sheet.range("C3").color == (255, 199, 206)
    assert sheet.used_range.row == 1 and sheet.used_range.last == (3, 5)
