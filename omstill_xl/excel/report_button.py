"""The «Årsrapport» button on the «Omstilling» ribbon tab: what ``omstill_xl.arsrapport.main()`` runs.

The second add-in ``omstill_xl.arsrapport.xlam`` has the same, unchanged xlwings VBA as ``omstill_xl.xlam``;
its ``RibbonMyAddin.RunMain`` imports the module named like the file — ``omstill_xl.arsrapport`` — and calls
``main()``. That makes the årsrapport for the open (saved) workbook the way ``omstill report FILE`` does
(``report.batch.run_batch`` with the same options), into a new folder beside the workbook (never over an
earlier report, which the user may have written in), and opens that folder in Explorer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import i18n
from ..errors import OmstillError
from ..i18n import N_
from .button import _who, _write_log, caller_book

_ = i18n.translator("excel")

TITLE = "Omstilling – Årsrapport"
NO_CALLER = N_(
    "Årsrapport må startes fra knappen Årsrapport på fanen Omstilling i Excel, med arbeidsboka åpen.\n"
    "Uten Excel lager du rapporten slik:  omstill report handlingsplan.xlsx\n"
)
RAPPORT_MISSING = N_(
    "Årsrapport trenger tilleggspakkene for rapporter (mangler {name}). Åpne Ledetekst og skriv:\n"
    '  py -m pip install "omstill-xl[rapport]"\n'
    "Trykk Årsrapport igjen etterpå (Excel trenger ikke startes på nytt)."
)


@dataclass
class ReportResult:
    ok: bool = False
    message: str = ""
    folder: Path | None = None
    report: Path | None = None
    shown: bool = False
    log: Path | None = None


def open_folder(folder: Path) -> bool:
    """Show the folder in Explorer (Windows); elsewhere nothing (the message names it)."""
    if sys.platform.startswith("win"):
        os.startfile(folder)  # type: ignore[attr-defined]  # noqa: S606 - a folder we just made
        return True
    return False


def saved_path(book: Any) -> Path:
    """The workbook's file on this PC, saved: the report is made from the file, as ``omstill report`` does."""
    fullname = str(getattr(book, "fullname", "") or "")
    if fullname.lower().startswith(("http://", "https://")):
        raise OmstillError(
            _(
                "Arbeidsboka er åpnet fra OneDrive, Teams eller SharePoint, og Årsrapport trenger en fil på PC-en. "
                "Velg Fil → Lagre som → Denne PC-en (eller den synkroniserte mappen i Utforsker), åpne kopien og "
                "trykk Årsrapport igjen."
            )
        )
    path = Path(fullname)
    if not fullname or not path.is_file():
        raise OmstillError(_("Arbeidsboka er ikke lagret ennå. Lagre den (Ctrl+S) og trykk Årsrapport igjen."))
    try:
        saved = bool(book.api.Saved)  # COM: False while there are unsaved changes
    except Exception:  # noqa: BLE001 - another engine: the file is what there is
        saved = True
    if not saved:
        raise OmstillError(
            _(
                "Arbeidsboka har endringer som ikke er lagret, og rapporten lages fra fila. Lagre (Ctrl+S) og trykk "
                "Årsrapport igjen."
            )
        )
    return path


def _alert(book: Any, message: str, critical: bool) -> bool:
    try:
        book.app.alert(message, title=TITLE, mode="critical" if critical else "info")
        return True
    except Exception:  # noqa: BLE001 - no Excel to show it: RunPython shows stderr
        sys.stderr.write(message + "\n")
        return False


def workbook_maalform(path: Path) -> str | None:
    """The målform the workbook chose on its Program sheet (None: it cannot be read here; the batch will say why)."""
    try:
        from ..rules.context import maalform
        from ..workbook.safe_read import read_workbook

        return maalform(read_workbook(path))
    except Exception:  # noqa: BLE001 - only the language of the messages depends on it
        return None


def run(book: Any, *, now: datetime | None = None, show_folder: Callable[[Path], bool] = open_folder) -> ReportResult:
    """Make the report for ``book``. Never raises: every outcome ends in a message (in the workbook's målform
    once the saved file can be read)."""
    result = ReportResult()
    path: Path | None = None
    try:
        path = saved_path(book)
    except OmstillError as e:
        result.message = e.message
    except Exception as e:  # noqa: BLE001 - no traceback for users
        _unexpected(book, result, e)
    if path is not None:
        with i18n.use(workbook_maalform(path)):
            _make(book, path, result, now, show_folder)
            result.shown = _alert(book, result.message, critical=not result.ok)
        return result
    result.shown = _alert(book, result.message, critical=True)
    return result


def _make(
    book: Any, path: Path, result: ReportResult, now: datetime | None, show_folder: Callable[[Path], bool]
) -> None:
    try:
        from ..commands import require

        try:
            require("docxtpl", "docx", "babel", "jinja2")
        except ModuleNotFoundError as e:
            raise OmstillError(_(RAPPORT_MISSING).format(name=e.name)) from e
        from ..profiles import load_profiles
        from ..report.batch import BatchOptions, run_batch

        load_profiles(None)
        stamp = (now or datetime.now()).strftime("%Y-%m-%d %H.%M.%S")
        result.folder = path.parent / f"Årsrapport {path.stem} {stamp}"
        batch = run_batch([path], BatchOptions(out=result.folder))
        made = [o for o in batch.outcomes if o.ok and o.report]
        if made:
            result.ok, result.report = True, Path(made[0].report or "")
            opened = show_folder(result.folder)
            result.message = _("Årsrapporten er laget:") + f"\n{result.report}"
            if opened:
                result.message += "\n\n" + _("Mappen åpnes nå.")
        else:
            o = batch.outcomes[0] if batch.outcomes else None
            why = f"{o.status}: {o.message}" if o else _("ingen program funnet i arbeidsboka")
            result.message = _(
                "Årsrapporten ble ikke laget ({why}).\n\nTrykk Valider for å se avvikene; rapporten lages bare fra "
                "arbeidsbøker uten feil. Sammendrag: {summary}"
            ).format(why=why, summary=batch.summary)
    except OmstillError as e:
        result.message = e.message
    except Exception as e:  # noqa: BLE001 - no traceback for users
        _unexpected(book, result, e)


def _unexpected(book: Any, result: ReportResult, e: BaseException) -> None:
    result.log = _write_log(book, "årsrapport", e)
    detail = f"{type(e).__name__}: {e}"[:200]
    result.message = (
        _("Årsrapport stoppet uventet ({detail}).").format(detail=detail)
        + "\n\n"
        + _("Dette kan du gjøre:")
        + "\n1. "
        + _("Lagre arbeidsboka, lukk Excel, åpne boka igjen og trykk Årsrapport på nytt.")
        + "\n2. "
        + _("Eller lag rapporten uten Excel: åpne Ledetekst og skriv  omstill report «filnavn».xlsx")
        + "\n3. "
        + _who(result.log)
    )


def main(book: Any = None) -> ReportResult:
    """Entry point of the «Årsrapport» button (``import omstill_xl.arsrapport; omstill_xl.arsrapport.main()``)."""
    if book is None:
        book = caller_book("Årsrapport", outside=NO_CALLER)
    result = run(book)
    if not result.shown:
        raise SystemExit(1)
    return result
