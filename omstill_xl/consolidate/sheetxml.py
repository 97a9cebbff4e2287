"""The consolidated workbook's cells written straight as sheet XML, without an openpyxl cell per value.

The big sheets («Tiltak», «Tiltak per år») keep their data rows in a ``SheetRows``: plain tuples of (column,
kind, value, style), a style being the openpyxl ``StyleArray`` a styled cell would carry. Everything else — the
heading, the header row, the «Sum» row, column widths, freeze panes, tables, merged cells, print setup, charts —
stays on the openpyxl worksheet. ``workbook_bytes`` saves the workbook with openpyxl, but writes every sheet's
``<sheetData>`` itself: the openpyxl cells and the kept rows merged in row and column order, in the form
openpyxl's own writer gives them (inline strings, ``s`` = the cell's index in the workbook's cell styles,
registered in the order openpyxl registers them), so the bytes are the same as those of the same cells written
by openpyxl (``materialize`` makes the openpyxl cells; ``tests/test_consolidate_sheetxml.py`` compares).

Anything out of the ordinary (a date, rich text, a hyperlink, an array formula) is written by openpyxl's own
cell writer. Without lxml (openpyxl then writes through et_xmlfile) the kept rows become openpyxl cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from io import BytesIO
from typing import TYPE_CHECKING, Any
from warnings import warn

from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.packaging.relationship import Relationship
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.worksheet.related import Related
from openpyxl.worksheet.table import TablePartList
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import xmlfile

from ..safeio import EXCEL_CELL_MAX, XML_ILLEGAL
from ..xlsxtext import escape_ascii, number

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.worksheet.worksheet import Worksheet

EMPTY, TEXT, NUMBER, FORMULA, OTHER = range(5)
Entry = tuple[int, int, Any, "StyleArray | None"]  # column, kind, value, style

_EMPTY_SHEET_DATA = b"<sheetData></sheetData>"


class SheetRows:
    """Data rows of one worksheet, kept as tuples until the sheet is written (or ``materialize``d)."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.rows: dict[int, list[Entry]] = {}

    def style(
        self, *, number_format: str | None = None, font: Any = None, fill: Any = None, alignment: Any = None
    ) -> StyleArray:
        """The style a cell gets from these attributes; the workbook registers the font, fill and format now, as it
        would when a cell got them."""
        probe = Cell(self.ws)
        if font is not None:
            probe.font = font
        if fill is not None:
            probe.fill = fill
        if alignment is not None:
            probe.alignment = alignment
        if number_format is not None:
            probe.number_format = number_format
        assert probe._style is not None
        return probe._style

    def row(self, r: int) -> list[Entry]:
        """The entries of row ``r`` (the row exists from now on, even if it stays empty)."""
        entries = self.rows.get(r)
        if entries is None:
            entries = self.rows[r] = []
        return entries

    def value(self, r: int, col: int, value: Any, style: StyleArray | None = None) -> None:
        """``sheetstyle.set_value`` on a cell: text stays text; NaN and None leave the cell empty; 2.0 is 2."""
        t = type(value)
        if value is None or (t is float and value != value):
            self.row(r).append((col, EMPTY, None, style))
        elif t is str:
            self.row(r).append((col, TEXT, value, style))
        elif t is float:
            self.row(r).append((col, NUMBER, int(value) if value.is_integer() else value, style))
        elif t is int:
            self.row(r).append((col, NUMBER, value, style))
        else:
            self.row(r).append((col, OTHER, self._cell(r, col, value, style, text=True), None))

    def number(self, r: int, col: int, value: int | float, style: StyleArray | None = None) -> None:
        """``ws.cell(r, col, value)`` for a number (NaN is kept, as openpyxl keeps it)."""
        if type(value) in (int, float):
            self.row(r).append((col, NUMBER, value, style))
        else:
            self.row(r).append((col, OTHER, self._cell(r, col, value, style), None))

    def formula(self, r: int, col: int, text: str, style: StyleArray | None = None) -> None:
        """``ws.cell(r, col, "=…")``."""
        assert text.startswith("=") and len(text) > 1
        if len(text) <= EXCEL_CELL_MAX and XML_ILLEGAL.search(text) is None:
            self.row(r).append((col, FORMULA, text, style))
        else:  # openpyxl cleans it first (``safeio.guard_openpyxl_text``)
            self.row(r).append((col, OTHER, self._cell(r, col, text, style), None))

    def _cell(self, r: int, col: int, value: Any, style: StyleArray | None, *, text: bool = False) -> Cell:
        """An openpyxl cell (not yet on the sheet) for a value out of the ordinary: made now, as before."""
        cell = Cell(self.ws, row=r, column=col)
        if text:
            _set_text_or_other(cell, value)
        else:
            cell.value = value
        if style is not None:
            cell._style = copy(style)
        return cell

    # --- the same cells on the openpyxl worksheet ---------------------------------------------------------------

    def materialize(self) -> None:
        """Make the openpyxl cells these rows stand for (what the sheet writers did before they kept tuples)."""
        ws = self.ws
        for r, entries in self.rows.items():
            for col, kind, value, style in entries:
                if kind == OTHER:
                    ws._cells[(r, col)] = value
                    continue
                cell = ws.cell(r, col)
                if kind == TEXT:
                    _set_text_or_other(cell, value)
                elif kind != EMPTY:
                    cell.value = value
                if style is not None:
                    cell._style = copy(style)
        self.rows = {}

    def bounds(self) -> tuple[int, int, int, int] | None:
        """(min_row, min_col, max_row, max_col) of the kept cells, or None."""
        if not self.rows:
            return None
        cols = [e[0] for entries in self.rows.values() for e in entries]
        rows = list(self.rows)
        if not cols:
            return min(rows), 1, max(rows), 1
        return min(rows), min(cols), max(rows), max(cols)


def _set_text_or_other(cell: Any, value: Any) -> None:
    from .sheetstyle import set_value

    set_value(cell, value)


# --- XML ---------------------------------------------------------------------------------------------------------


class _Renderer:
    """Writes the rows of one sheet; style indexes registered in the workbook in the order they are met."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.cell_styles = ws.parent._cell_styles
        self.style_ids: dict[int, str] = {}  # id(StyleArray) → ' s="N"'
        self.keep: list[Any] = []  # the style arrays keyed by id() above stay alive
        self.texts: dict[str, str] = {}  # a cell's text → '<is><t>…</t></is>'
        self.raw: dict[str, str] = {}  # a kept text (before cleaning) → the same
        self.probe = Cell(ws)
        self.letters = [""] + [get_column_letter(i) for i in range(1, 200)]

    def letter(self, col: int) -> str:
        while col >= len(self.letters):
            self.letters.append(get_column_letter(len(self.letters)))
        return self.letters[col]

    def style_attr(self, style: StyleArray | None) -> str:
        if style is None or not any(style):
            return ""
        key = id(style)
        got = self.style_ids.get(key)
        if got is None:
            got = self.style_ids[key] = f' s="{self.cell_styles.add(style)}"'
            self.keep.append(style)
        return got

    def inline(self, value: str) -> str:
        """The ``<is>`` element of a text (``value`` as the cell holds it), or "" for an empty text."""
        got = self.texts.get(value)
        if got is None:
            if value == "":
                got = ""
            elif value != value.strip():
                got = f'<is><t xml:space="preserve">{escape_ascii(value)}</t></is>'
            else:
                got = f"<is><t>{escape_ascii(value)}</t></is>"
            self.texts[value] = got
        return got

    def clean(self, value: str) -> str:
        """A text as a cell given it by ``set_value`` holds it."""
        self.probe.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return self.probe._value  # type: ignore[no-any-return]

    def entry(self, r: int, col: int, kind: int, value: Any, style: StyleArray | None) -> str:
        if kind == OTHER:
            return self.openpyxl_cell(value)
        ref = f"{self.letter(col)}{r}"
        s = self.style_attr(style)
        if kind == NUMBER:
            return f'<c r="{ref}"{s} t="n"><v>{number(value)}</v></c>'
        if kind == TEXT:
            text = self.raw.get(value)
            if text is None:
                text = self.raw[value] = self.inline(self.clean(value))
            return f'<c r="{ref}"{s} t="inlineStr">{text}</c>'
        if kind == FORMULA:
            return f'<c r="{ref}"{s}><f>{escape_ascii(value[1:])}</f><v></v></c>'
        return f'<c r="{ref}"{s} t="n"></c>' if s else ""  # EMPTY

    def kept_row(self, parts: list[str], r: int, entries: list[Entry]) -> None:
        """``entry`` for each of a row's entries (in column order), inlined for the common kinds."""
        letters, style_ids, raw = self.letters, self.style_ids, self.raw
        for col, kind, value, style in entries:
            if style is None:
                s = ""
            else:
                s = style_ids.get(id(style)) or self.style_attr(style)
            if col >= len(letters):
                self.letter(col)
            if kind == NUMBER:
                if type(value) is int:
                    parts.append(f'<c r="{letters[col]}{r}"{s} t="n"><v>{"%.16g" % value}</v></c>')  # noqa: UP031
                else:
                    parts.append(f'<c r="{letters[col]}{r}"{s} t="n"><v>{number(value)}</v></c>')
            elif kind == TEXT:
                text = raw.get(value)
                if text is None:
                    text = raw[value] = self.inline(self.clean(value))
                parts.append(f'<c r="{letters[col]}{r}"{s} t="inlineStr">{text}</c>')
            else:
                parts.append(self.entry(r, col, kind, value, style))

    def openpyxl_cell(self, cell: Any) -> str:
        """One openpyxl cell, as its writer writes it."""
        if cell._comment is not None:
            self.ws._comments.append(CommentRecord.from_cell(cell))
        value = cell._value
        styled = cell.has_style
        if value is None and not styled and not cell._comment:
            return ""
        dt = cell.data_type
        t = type(value)
        if not cell.hyperlink:
            ref = f"{self.letter(cell.column)}{cell.row}"
            s = f' s="{cell.style_id}"' if styled else ""
            if value is None or value == "":
                if dt == "s":
                    return f'<c r="{ref}"{s} t="inlineStr"></c>'
                if dt != "f" and dt != "d":
                    return f'<c r="{ref}"{s} t="{dt}"></c>'
            elif dt == "s" and t is str:
                return f'<c r="{ref}"{s} t="inlineStr">{self.inline(value)}</c>'
            elif dt == "f" and t is str:
                return f'<c r="{ref}"{s}><f>{escape_ascii(value[1:])}</f><v></v></c>'
            elif dt in ("n", "b") and t in (int, float, bool):
                return f'<c r="{ref}"{s} t="{dt}"><v>{number(value)}</v></c>'
            elif dt == "e" and t is str:
                return f'<c r="{ref}"{s} t="e"><v>{escape_ascii(value)}</v></c>'
        out = BytesIO()
        with xmlfile(out) as xf:
            write_cell(xf, self.ws, cell, styled)
        return out.getvalue().decode("ascii")

    def sheet_data(self, kept: SheetRows | None) -> str:
        ws = self.ws
        by_row: dict[int, list[Any]] = {}
        for (r, _col), cell in sorted(ws._cells.items()):
            by_row.setdefault(r, []).append(cell)
        extra = kept.rows if kept is not None else {}
        dims = ws.row_dimensions
        parts: list[str] = []
        for r in sorted(by_row.keys() | extra.keys() | dims.keys()):
            attrs = "".join(f' {k}="{escape_ascii(str(v))}"' for k, v in dims.get(r, {}))
            cells = by_row.get(r, ())
            entries = extra.get(r)
            parts.append(f'<row r="{r}"{attrs}>')
            if not entries:
                parts.extend(self.openpyxl_cell(cell) for cell in cells)
                parts.append("</row>")
                continue
            if not cells and all(a[0] < b[0] for a, b in zip(entries, entries[1:])):
                self.kept_row(parts, r, entries)  # the common case, in column order: no merging
                parts.append("</row>")
                continue
            merged: dict[int, tuple[Any, Entry | None]] = {cell.column: (cell, None) for cell in cells}
            for e in entries:
                other = merged.get(e[0])
                if other is not None:
                    c = other[0]
                    if c is None or c._value is not None or c.has_style or c._comment is not None:
                        raise ValueError(f"{ws.title}: two values for {self.letter(e[0])}{r}")
                merged[e[0]] = (None, e)
            for col in sorted(merged):
                cell, got = merged[col]
                if got is None:
                    parts.append(self.openpyxl_cell(cell))
                else:
                    parts.append(self.entry(r, col, got[1], got[2], got[3]))
            parts.append("</row>")
        return "".join(parts)


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer with the ``<sheetData>`` (and the dimension) written here."""

    def __init__(self, ws: Worksheet, kept: SheetRows | None) -> None:
        super().__init__(ws, out=BytesIO())
        self.kept = kept
        self.body = ""

    def write_dimensions(self) -> None:
        ws = self.ws
        b = self.kept.bounds() if self.kept is not None else None
        if b is None:
            return super().write_dimensions()  # type: ignore[no-any-return]
        rows = [b[0], b[2], *(r for r, _ in ws._cells)]
        cols = [b[1], b[3], *(c for _, c in ws._cells)]
        ref = f"{get_column_letter(min(cols))}{min(rows)}:{get_column_letter(max(cols))}{max(rows)}"
        self.xf.send(SheetDimension(ref).to_tree())

    def write_rows(self) -> None:
        xf = self.xf.send(True)
        self.body = _Renderer(self.ws).sheet_data(self.kept)
        with xf.element("sheetData"):
            pass
        self.xf.send(None)

    def write_tables(self) -> None:
        # openpyxl's, but the column names are read from the header row only (``ws[table.ref]`` would make a cell
        # for every position of the table)
        tables = TablePartList()
        for table in self.ws.tables.values():
            if not table.tableColumns:
                table._initialise_columns()
                if table.headerRowCount:
                    min_col, min_row, max_col, _ = range_boundaries(table.ref)
                    header = next(self.ws.iter_rows(min_row=min_row, max_row=min_row, min_col=min_col, max_col=max_col))
                    for cell, col in zip(header, table.tableColumns):
                        if cell.data_type != "s":
                            warn("File may not be readable: column headings must be strings.", stacklevel=2)
                        col.name = str(cell.value)
            rel = Relationship(Type=table._rel_type, Target="")
            self._rels.append(rel)
            table._rel_id = rel.Id
            tables.append(Related(id=rel.Id))
        if tables:
            self.xf.send(tables.to_tree())

    def data(self) -> bytes:
        xml = self.read()
        assert isinstance(xml, bytes) and xml.count(_EMPTY_SHEET_DATA) >= 1
        at = xml.index(_EMPTY_SHEET_DATA)
        return b"".join(
            (xml[:at], b"<sheetData>", self.body.encode("ascii"), b"</sheetData>", xml[at + len(_EMPTY_SHEET_DATA) :])
        )


class _Writer(ExcelWriter):  # type: ignore[misc]
    def __init__(self, workbook: Workbook, archive: Any, kept: dict[int, SheetRows]) -> None:
        super().__init__(workbook, archive)
        self.kept = kept

    def write_worksheet(self, ws: Worksheet) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws, self.kept.get(id(ws)))
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.data())
        self.manifest.append(ws)


def save(wb: Workbook, kept: Iterable[SheetRows], out: Any) -> None:
    """``Workbook.save`` to the file object ``out``, the kept rows written into their sheets. The parts are stored,
    not compressed: ``workbook_bytes`` compresses each once (``safeio.deterministic_zip``)."""
    from zipfile import ZIP_STORED, ZipFile

    from openpyxl import LXML

    assert not wb.read_only and not wb.write_only
    if not LXML:  # openpyxl writes through et_xmlfile, in another form than lxml's: let it write the cells
        for rows in kept:
            rows.materialize()
        wb.save(out)
        return
    by_sheet = {id(k.ws): k for k in kept}
    with ZipFile(out, "w", ZIP_STORED, allowZip64=True) as archive:
        _Writer(wb, archive, by_sheet).write_data()


__all__ = ["SheetRows", "save"]
