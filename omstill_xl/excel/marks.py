"""Findings → the open workbook through xlwings: the «Avvik» sheet, a fill and a note on each offending cell,
and, first, the previous run's marks taken away.

The «Avvik» sheet has the columns of ``workbook.annotate`` (the annotated copy): its hidden last column keeps
each marked cell's original fill, so the next run restores exactly what it changed, whichever of the two
wrote it. A fill is changed only where the engine can read it back, a note only where its text can be read
back (desktop Excel) — so a later run can always take away what this one added, and nothing else.

The xlwings calls used here: ``book.sheets`` (iterate, ``add``), ``book.app.engine.name``, ``sheet.name``,
``sheet.used_range``, ``sheet.range``, ``sheet.delete``, ``sheet.activate``, ``sheet.autofit``,
``range.options(ndim=2).value``, ``range.value =``, ``range.color`` (get/set), ``range.font.bold/color =``,
``range.column_width =``, ``range.wrap_text =``, ``range.add_hyperlink``, ``range.note`` (``.text``,
``.delete()``), ``range.add_note``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import i18n
from ..avvik import AVVIK, HEADERS, MARK_FILLS, WIDTHS  # noqa: F401 - the same sheet as the annotated copy
from ..errors import ForeignAvvikSheetError
from ..findings import SEVERITY_RANK, Finding, severity_name
from ..workbook.grid import split_ref
from .reading import _matrix

HEADER_FILL, HEADER_FONT = "#1F4E79", "#FFFFFF"
NOTE_ENGINES = ("excel",)  # engines whose note text reads back synchronously (Windows/macOS desktop Excel)
_OUR_NOTE = re.compile(r"^(FEIL|ADVARSEL|ÅTVARING|INFO) OX-[A-Z]+\d+: ")  # bokmål or nynorsk
_ = i18n.translator("excel")


def headers() -> list[str]:
    """The Avvik sheet's headers in the current målform."""
    return [i18n.gettext("rules", h) for h in HEADERS]


def _ours(header: list[str]) -> bool:
    """Is this the header row of an Avvik sheet Valider wrote (in either målform)?"""
    forms = [i18n.both("rules", h) for h in HEADERS[:8]]
    return len(header) >= 8 and all(h in pair for h, pair in zip(header, forms))


_HEX = re.compile(r"^(?:[0-9A-Fa-f]{2})?([0-9A-Fa-f]{6})$")


@dataclass
class MarkResult:
    rows: int = 0  # findings written to the Avvik sheet
    cells: int = 0  # cells filled and/or noted
    fills: bool = True  # the engine let us read (and so restore) fills
    notes: bool = True  # the engine lets us read notes back
    failed: list[str] = field(default_factory=list)  # "Tiltak!K7" that could not be marked
    restored: int = 0  # cells of the previous run put back


def can_read_notes(book: Any) -> bool:
    return book.app.engine.name in NOTE_ENGINES


Key = tuple[str, str]  # (sheet name, "K7")


class LiveCells:
    """Fills and notes read from the ranges themselves, when asked (desktop Excel, the stand-in book)."""

    def __init__(self, book: Any) -> None:
        self.notes = can_read_notes(book)

    def color(self, key: Key, rng: Any) -> str | None:
        """'RRGGBB' or None (no fill); NotImplementedError where the engine cannot read it."""
        return rgb_hex(rng.color)

    def set_color(self, key: Key, rng: Any, value: str | None) -> None:
        rng.color = value

    def has_note(self, key: Key, rng: Any) -> bool:
        return rng.note is not None

    def note_text(self, key: Key, rng: Any) -> str | None:
        note = rng.note
        return None if note is None else (note.text or "")

    def delete_note(self, key: Key, rng: Any) -> None:
        rng.note.delete()


class FetchedCells(LiveCells):
    """Fills and note texts fetched beforehand (xlwings Lite reads them only with ``await``); a cell that was
    not fetched counts as unreadable, so it is left as it is."""

    def __init__(self, book: Any, colors: dict[Key, str | None], note_texts: dict[Key, str]) -> None:
        self.notes = True
        self.colors, self.note_texts = dict(colors), dict(note_texts)

    def color(self, key: Key, rng: Any) -> str | None:
        if key not in self.colors:
            raise NotImplementedError(f"fill of {key[0]}!{key[1]} was not fetched")
        return self.colors[key]

    def set_color(self, key: Key, rng: Any, value: str | None) -> None:
        rng.color = value
        self.colors[key] = value.lstrip("#").upper() if value else None

    def note_text(self, key: Key, rng: Any) -> str | None:
        if rng.note is None:
            return None
        return self.note_texts.get(key, "")

    def delete_note(self, key: Key, rng: Any) -> None:
        rng.note.delete()
        self.note_texts.pop(key, None)


def find_sheet(book: Any, name: str) -> Any | None:
    for sh in book.sheets:
        if sh.name.casefold() == name.casefold():
            return sh
    return None


def rgb_hex(color: Any) -> str | None:
    """xlwings' fill colour (None, an (r, g, b) tuple or '#rrggbb') → 'RRGGBB'."""
    if color is None:
        return None
    if isinstance(color, str):
        return color.lstrip("#").upper()
    r, g, b = color
    return f"{r:02X}{g:02X}{b:02X}"


def _original_fill(text: Any) -> tuple[bool, str | None]:
    """The Avvik sheet's last column → (understood, '#RRGGBB' or None for no fill)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return True, None
    m = _HEX.match(str(text).strip())
    return (True, "#" + m.group(1).upper()) if m else (False, None)


def _cell_text(v: Any) -> Any:
    """A value for the Avvik sheet: numbers stay numbers, text is written as text (a leading apostrophe keeps
    Excel from reading «=…», «0301» or «1/2» as a formula, a number or a date)."""
    if v is None or isinstance(v, (int, float)):
        return v
    return "'" + str(v)


def previous_cells(book: Any) -> list[Key]:
    """The cells the previous run's Avvik sheet lists (what ``clear_previous`` will look at)."""
    sh = find_sheet(book, AVVIK)
    if sh is None:
        return []
    out: list[Key] = []
    for row in _matrix(sh.used_range.options(ndim=2).value)[1:]:
        row = list(row) + [None] * 4
        if isinstance(row[2], str) and isinstance(row[3], str) and (row[2], row[3]) not in out:
            out.append((row[2], row[3]))
    return out


def clear_previous(book: Any, result: MarkResult, cells: LiveCells | None = None) -> None:
    """Restore the fills and remove the notes of the previous run, then delete its Avvik sheet."""
    sh = find_sheet(book, AVVIK)
    if sh is None:
        return
    cells = cells or LiveCells(book)
    used = sh.used_range
    rows = _matrix(used.options(ndim=2).value)
    header = [str(x).strip() if x is not None else "" for x in (rows[0] + [None] * 9)[:8]]
    if used.row != 1 or used.column != 1 or not _ours(header):
        raise ForeignAvvikSheetError(
            _(
                "Arbeidsboka har allerede et ark som heter «{name}», men det er ikke laget av Valider. "
                "Gi arket et annet navn (høyreklikk på arkfanen → Gi nytt navn) og trykk Valider igjen."
            ).format(name=sh.name)
        )
    sheets = {s.name: s for s in book.sheets}
    notes = cells.notes
    seen: set[tuple[str, str]] = set()
    for row in rows[1:]:
        row = list(row) + [None] * 9
        name, ref, original = row[2], row[3], row[8]
        if not isinstance(name, str) or not isinstance(ref, str) or (name, ref) in seen or name not in sheets:
            continue
        try:
            split_ref(ref)
        except ValueError:
            continue
        seen.add((name, ref))
        rng = sheets[name].range(ref)
        key = (name, ref)
        if _restore_fill(cells, key, rng, original) | (notes and _remove_our_note(cells, key, rng)):
            result.restored += 1
    sh.delete()


def _restore_fill(cells: LiveCells, key: Key, rng: Any, original: Any) -> bool:
    try:
        current = cells.color(key, rng)
    except NotImplementedError:
        return False
    understood, fill = _original_fill(original)
    if current not in MARK_FILLS.values() or not understood:  # changed by the user since: leave it
        return False
    cells.set_color(key, rng, fill)
    return True


def _remove_our_note(cells: LiveCells, key: Key, rng: Any) -> bool:
    text = cells.note_text(key, rng)
    if text is not None and _OUR_NOTE.match(text):
        cells.delete_note(key, rng)
        return True
    return False


def write_findings(book: Any, findings: Sequence[Finding], result: MarkResult, cells: LiveCells | None = None) -> None:
    """Add the Avvik sheet (first, active) and mark the cells. Call ``clear_previous`` first."""
    if not findings:
        return
    cells = cells or LiveCells(book)
    sheets = {s.name: s for s in book.sheets}
    result.notes = cells.notes
    targets: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.sheet and f.cell and f.sheet in sheets:
            targets.setdefault((f.sheet, f.cell), []).append(f)
    originals: dict[tuple[str, str], str] = {}
    has_note: set[tuple[str, str]] = set()
    ranges = {key: sheets[key[0]].range(key[1]) for key in targets}
    for key, rng in ranges.items():  # read everything first, so the Avvik sheet records it before any change
        if result.fills:
            try:
                fill = cells.color(key, rng)
                originals[key] = "FF" + fill if fill else ""
            except NotImplementedError:
                result.fills = False
        if result.notes and cells.has_note(key, rng):
            has_note.add(key)
    _write_avvik_sheet(book, findings, targets, originals, result)
    for key, found in targets.items():
        rng = ranges[key]
        try:
            if result.fills:
                worst = min((f.severity for f in found), key=lambda s: SEVERITY_RANK.get(s, 9))
                cells.set_color(key, rng, "#" + MARK_FILLS[worst])
            if result.notes and key not in has_note:
                rng.add_note("\n".join(f"{severity_name(f.severity).upper()} {f.code}: {f.message}" for f in found))
        except Exception:  # noqa: BLE001 - e.g. a protected sheet: the Avvik sheet still lists the cell
            result.failed.append(f"{key[0]}!{key[1]}")
            continue
        if result.fills or (result.notes and key not in has_note):
            result.cells += 1


def _write_avvik_sheet(
    book: Any, findings: Sequence[Finding], targets: dict, originals: dict[tuple[str, str], str], result: MarkResult
) -> None:
    first = next(iter(book.sheets))
    sh = book.sheets.add(AVVIK, before=first)
    table: list[list[Any]] = [headers()]
    for f in findings:
        key = (f.sheet or "", f.cell or "")
        values = (
            severity_name(f.severity),
            f.code,
            f.sheet,
            f.cell,
            f.message,
            f.value,
            f.expected,
            f.hint,
            originals.get(key) or None,
        )
        table.append([_cell_text(v if v is None or isinstance(v, (str, int, float)) else str(v)) for v in values])
    sh.range("A1").value = table
    n = len(table)
    header = sh.range((1, 1), (1, len(HEADERS)))
    header.color = HEADER_FILL
    header.font.bold = True
    header.font.color = HEADER_FONT
    for ci, width in enumerate(WIDTHS, start=1):
        sh.range((1, ci)).column_width = width
    for ci in (5, 8):
        sh.range((2, ci), (n, ci)).wrap_text = True
    sh.autofit("r")  # row heights for the wrapped text
    for r, f in enumerate(findings, start=2):
        sh.range((r, 1)).color = "#" + MARK_FILLS[f.severity]
        if (f.sheet, f.cell) in targets:
            sh.range((r, 4)).add_hyperlink(
                f"#'{f.sheet}'!{f.cell}", f.cell, _("Gå til {where}").format(where=f"{f.sheet}!{f.cell}")
            )
    sh.activate()
    result.rows = len(findings)
