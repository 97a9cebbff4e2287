"""The «Valider» button in xlwings Lite: Excel on the web and desktop Excel (Microsoft 365 / 2021+) with Python
running in the add-in's browser runtime (Pyodide). No local Python, no VBA, no ``cmd.exe``.

xlwings Lite hands a script the open workbook's values (``xw.Book(json=…)``, the same remote engine as
xlwings Server). What the desktop button reads synchronously, this one fetches first with ``await``:
the formulas of each data sheet's used range (``Range.get_formula()``), the fills of the cells it is about to
mark or restore (``Range.get_colors()``, one call per sheet) and the texts of their notes
(``Note.get_text()``). Then the same code as the VBA button runs (``button.check`` and ``button.write_back``),
so the findings, the «Avvik» sheet, the fills and the notes are the same.

Differences from the VBA button, all because the add-in runs in a browser sandbox: no log file (the details
go to xlwings Lite's Output pane instead, with ``print``); the message is also printed there, since an
alert may not show on every Excel; no other file can be written (so no «Nytt år» or «Årsrapport» here);
and if the Excel client cannot fetch formulas (an older xlwings Lite), the formula rules are skipped and
the message says so, as on xlwings Server.

Nothing here imports python-calamine or openpyxl: Pyodide has no wheel for calamine.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Any

from .. import i18n
from ..i18n import N_
from .button import ButtonResult, check, write_back
from .marks import FetchedCells, Key, find_sheet, previous_cells, rgb_hex
from .reading import data_sheets, used_range

# Office.js reports a cell without fill as white: treat white as «no fill», so restoring never paints a white
# fill that hides the gridlines (a deliberately white cell then comes back without fill).
NO_FILL = "FFFFFF"
_ = i18n.translator("excel")
OUTPUT_HINT = N_("Detaljene står i Output-vinduet i xlwings Lite (nederst i oppgaveruten).")


def _print_details(book: Any, phase: str, exc: BaseException) -> Path | None:
    """Lite has no file system the user can open: the traceback goes to the Output pane."""
    name = getattr(book, "name", "?")
    sys.stderr.write(f"omstill_xl Valider, {phase}, arbeidsbok {name}\n" + "".join(traceback.format_exception(exc)))
    return None


async def fetch_formulas(book: Any) -> dict[str, Any] | None:
    """Sheet name → the formulas of its used range (as ``Range.formula`` gives them on the desktop), or None
    where this client cannot fetch formulas (then the formula rules are skipped and the user is told)."""
    out: dict[str, Any] = {}
    for sheet in data_sheets(book):
        rng, _ = used_range(sheet)
        try:
            out[sheet.name] = await rng.options(ndim=2).get_formula()
        except NotImplementedError:
            return None
    return out


def _cells_to_fetch(book: Any, findings: list[Any]) -> dict[str, list[tuple[int, int, str]]]:
    """Per sheet: (row, column, ref) of each cell that will be marked, or restored from the last run."""
    from ..workbook.grid import split_ref

    names = {s.name for s in book.sheets}
    keys: list[Key] = [(f.sheet, f.cell) for f in findings if f.sheet and f.cell and f.sheet in names]
    keys += [k for k in previous_cells(book) if k[0] in names]
    out: dict[str, list[tuple[int, int, str]]] = {}
    for sheet, ref in dict.fromkeys(keys):
        try:
            r, c = split_ref(ref)
        except ValueError:
            continue
        out.setdefault(sheet, []).append((r, c, ref))
    return out


async def fetch_cells(book: Any, findings: list[Any]) -> FetchedCells:
    """The fills (one ``get_colors`` per sheet, over the cells' bounding box) and note texts of every cell
    the marks touch."""
    colors: dict[Key, str | None] = {}
    notes: dict[Key, str] = {}
    for name, cells in _cells_to_fetch(book, findings).items():
        sheet = find_sheet(book, name)
        if sheet is None:
            continue
        r1, r2 = min(r for r, _, _ in cells), max(r for r, _, _ in cells)
        c1, c2 = min(c for _, c, _ in cells), max(c for _, c, _ in cells)
        try:
            matrix = await sheet.range((r1, c1), (r2, c2)).get_colors()
        except NotImplementedError:
            matrix = None
        for r, c, ref in cells:
            if matrix is not None:
                fill = rgb_hex(matrix[r - r1][c - c1])
                colors[(name, ref)] = None if fill == NO_FILL else fill
            note = sheet.range(ref).note
            if note is not None:
                notes[(name, ref)] = await note.get_text() or ""
    return FetchedCells(book, colors, notes)


async def valider(book: Any, profiles: Any = None) -> ButtonResult:
    """What the «Valider» script in xlwings Lite runs. Never raises: every outcome ends in a message, shown
    as an alert and printed to the Output pane."""
    result = ButtonResult()
    try:
        formulas = await fetch_formulas(book)
    except Exception as e:  # noqa: BLE001 - the same message as any other unexpected failure
        formulas = None
        _print_details(book, "henting av formler", e)
    if check(book, result, profiles, formulas, log=_print_details):
        try:
            cells = await fetch_cells(book, result.findings)
        except Exception as e:  # noqa: BLE001 - then no fills or notes are touched
            _print_details(book, "henting av farger og merknader", e)
            cells = FetchedCells(book, {}, {})
        write_back(book, result, cells, log=_print_details)
    with i18n.use(result.maalform):
        hint = _(OUTPUT_HINT)
    print(result.message if result.ok or not result.message else result.message + "\n\n" + hint)
    return result
