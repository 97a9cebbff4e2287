"""The «Valider» button on the «Omstilling» ribbon tab: what ``omstill_xl.main()`` runs.

Reads the open workbook through xlwings into the same grids the file reader makes, runs the same rules as
``omstill validate``, takes the previous run's marks away, writes the «Avvik» sheet and marks the cells, and
says in one short Norwegian message what it found. Nothing else in the workbook changes. A failure becomes a
Norwegian message that says what to do; the technical details go to a log file, never to the user's screen.

Imports stay light (no pandas, openpyxl or xlwings here): Excel starts a fresh Python for every click.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import i18n
from ..errors import OmstillError
from ..findings import Finding, summary_line
from ..i18n import N_
from .marks import MarkResult, clear_previous, write_findings

_ = i18n.translator("excel")

TITLE = "Omstilling – Valider"
# Rules that need the formulas; skipped (not reported falsely) when the engine gives values only.
FORMULA_CODES = frozenset({"OX-A007", "OX-A008", "OX-H002", "OX-H003"})
LOG_NAME = "omstill_xl-valider.log"
NO_CALLER = N_(
    "Valider må startes fra knappen Valider på fanen Omstilling i Excel, med arbeidsboka åpen.\n"
    "Uten Excel kontrollerer du en fil slik:  omstill validate handlingsplan.xlsx\n"
)


@dataclass
class ButtonResult:
    findings: list[Finding] = field(default_factory=list)
    message: str = ""
    ok: bool = False  # checked and written back
    formulas_checked: bool = True
    trimmed: tuple[str, ...] = ()  # sheets read only up to reading.MAX_ROWS/MAX_COLS
    marks: MarkResult = field(default_factory=MarkResult)
    shown: bool = False  # the message reached the user (an alert in Excel)
    log: Path | None = None
    maalform: str | None = None  # the workbook's (its Program sheet's «Målform»), once it is read


def log_path() -> Path:
    return Path(tempfile.gettempdir()) / LOG_NAME


def _write_log(book: Any, phase: str, exc: BaseException) -> Path | None:
    path = log_path()
    try:
        name = getattr(book, "name", "?")
        text = (
            f"{datetime.now().isoformat(timespec='seconds')} omstill_xl Valider, {phase}, arbeidsbok {name}\n"
            + "".join(traceback.format_exception(exc))
            + "\n"
        )
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text)
        return path
    except OSError:
        return None


def unexpected_message(phase: str, exc: BaseException, log: Path | None, *, writing: bool) -> str:
    detail = f"{type(exc).__name__}: {exc}".strip()
    detail = detail if len(detail) <= 160 else detail[:157] + "…"
    steps = [_("Lagre arbeidsboka, lukk Excel, åpne boka igjen og trykk Valider på nytt.")]
    if writing:
        steps.insert(
            0,
            _(
                "Sjekk at arbeidsboka ikke er åpnet som skrivebeskyttet, og at strukturen ikke er låst "
                "(Se gjennom → Beskytt arbeidsbok)."
            ),
        )
    steps.append(_("Du kan også kontrollere fila uten Excel: åpne Ledetekst og skriv  omstill validate «filnavn».xlsx"))
    steps.append(_who(log))
    return _("Valider stoppet uventet under {phase} ({detail}).").format(phase=_(phase), detail=detail) + (
        "\n\n" + _("Dette kan du gjøre:") + "\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(steps, start=1))
    )


def _who(log: Path | None) -> str:
    if log:
        return _("Hvis feilen kommer igjen: send fila {log} til den som drifter verktøyet.").format(log=log)
    return _("Hvis feilen kommer igjen: kontakt den som drifter verktøyet.")


# The phases a message names (translated where they are shown).
PHASES = (
    N_("lesing og kontroll av arbeidsboka"),
    N_("skriving av resultatet i arbeidsboka"),
)


def compose_message(
    findings: list[Finding], marks: MarkResult, formulas_checked: bool, trimmed: tuple[str, ...] = ()
) -> str:
    from .reading import MAX_COLS, MAX_ROWS

    lines = [summary_line(findings) + (_(" — se arket Avvik") if findings else "")]
    if trimmed:
        rows = f"{MAX_ROWS:,}".replace(",", "\u00a0")
        lines.append(
            _(
                "Arket {sheets} er i bruk (ofte bare formatert) langt utover tabellene; Valider leste bare de "
                "første {rows} radene og {cols} kolonnene."
            ).format(sheets=_(" og ").join(f"«{t}»" for t in trimmed), rows=rows, cols=MAX_COLS)
        )
    if not formulas_checked:
        lines.append(
            _(
                "Formlene kunne ikke leses her, så formelkontrollene ({codes}) ble hoppet over. Kjør Valider i "
                "Excel på PC-en, eller omstill validate på fila."
            ).format(codes=", ".join(sorted(FORMULA_CODES)))
        )
    if findings and not marks.fills:
        lines.append(_("Cellene ble ikke farget: her kan ikke Valider lese fargene tilbake og rydde etter seg."))
    if marks.failed:
        shown = ", ".join(marks.failed[:5]) + (" …" if len(marks.failed) > 5 else "")
        lines.append(
            _("{n} celler kunne ikke markeres (er arket beskyttet?): {cells}. De står likevel i arket Avvik.").format(
                n=len(marks.failed), cells=shown
            )
        )
    return "\n\n".join(lines)


def _alert(book: Any, message: str, *, critical: bool = False) -> bool:
    try:
        book.app.alert(message, title=TITLE, mode="critical" if critical else "info")
        return True
    except Exception:  # noqa: BLE001 - Excel gone or no alert on this engine: fall back to stderr
        sys.stderr.write(message + "\n")
        return False


def _screen_updating(book: Any, on: bool) -> None:
    with contextlib.suppress(Exception):  # only a speed-up; never a reason to fail
        book.app.screen_updating = on


LogWriter = Callable[[Any, str, BaseException], "Path | None"]


def check(
    book: Any,
    result: ButtonResult,
    profiles: Any = None,
    formulas: dict[str, Any] | None = None,
    log: LogWriter | None = None,
) -> bool:
    """Read ``book`` and run the rules into ``result``. False (and the message shown) when it cannot."""
    log = log or _write_log
    try:
        from ..rules import check_plan
        from ..rules.context import maalform
        from ..workbook.read import read_plan
        from .reading import read_book

        content = read_book(book, formulas)
        plan = read_plan(content.grids, content.facts, source=book.name)
        result.maalform = maalform(plan)
        findings = check_plan(plan, profiles)
        result.formulas_checked, result.trimmed = content.formulas_read, content.trimmed
        if not content.formulas_read:
            findings = [f for f in findings if f.code not in FORMULA_CODES]
        result.findings = findings
        return True
    except OmstillError as e:
        result.message = e.message + "\n\n" + _("Arbeidsboka er ikke endret.")
    except Exception as e:  # noqa: BLE001 - no traceback for users
        result.log = log(book, "lesing og kontroll", e)
        result.message = unexpected_message(PHASES[0], e, result.log, writing=False)
    result.shown = _alert(book, result.message, critical=True)
    return False


def write_back(book: Any, result: ButtonResult, cells: Any = None, log: LogWriter | None = None) -> None:
    """Take the previous run's marks away, write the Avvik sheet and the marks, and say what was found (in the
    workbook's målform)."""
    with i18n.use(result.maalform):
        _write_back(book, result, cells, log)


def _write_back(book: Any, result: ButtonResult, cells: Any, log: LogWriter | None) -> None:
    log = log or _write_log
    _screen_updating(book, False)
    try:
        clear_previous(book, result.marks, cells)
        write_findings(book, result.findings, result.marks, cells)
    except OmstillError as e:
        result.message = e.message
        _screen_updating(book, True)
        result.shown = _alert(book, result.message, critical=True)
        return
    except Exception as e:  # noqa: BLE001
        result.log = log(book, "skriving", e)
        result.message = unexpected_message(PHASES[1], e, result.log, writing=True)
        _screen_updating(book, True)
        result.shown = _alert(book, result.message, critical=True)
        return
    _screen_updating(book, True)
    result.ok = True
    result.message = compose_message(result.findings, result.marks, result.formulas_checked, result.trimmed)
    result.shown = _alert(book, result.message)


def run(book: Any, profiles: Any = None) -> ButtonResult:
    """Check ``book`` and write the results into it. Never raises: every outcome ends in a message."""
    result = ButtonResult()
    if check(book, result, profiles):
        write_back(book, result)
    return result


def _argv_value(name: str, argv: list[str]) -> str | None:
    """``--wb="Budsjett.xlsx"`` and friends, as xlwings' RunPython passes them."""
    for arg in argv:
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1].strip('"')
    return None


def caller_message(button: str, exc: BaseException, log: Path | None, argv: list[str]) -> str:
    """Started from Excel, but the workbook could not be reached: the real reason, and what to do."""
    detail = f"{type(exc).__name__}: {exc}".strip()
    detail = detail if len(detail) <= 200 else detail[:197] + "…"
    name = _argv_value("wb", argv)
    steps = []
    missing = getattr(exc, "name", None) if isinstance(exc, ImportError) else None
    if missing and missing.split(".")[0] in ("win32com", "pywintypes", "pythoncom", "win32api", "xlwings"):
        package = "xlwings" if missing.startswith("xlwings") else "pywin32"
        steps.append(
            _(
                "Pakken {package} mangler i Python-en knappen bruker. Kjør i Ledetekst:  py -m pip install {package}"
            ).format(package=package)
        )
    else:
        steps += [
            _("Lukk andre Excel-vinduer som kjører (også usynlige: se Oppgavebehandling) og prøv igjen."),
            _("Er arbeidsboka åpnet fra Teams, SharePoint eller e-post? Lagre den på PC-en først (Fil → Lagre som)."),
        ]
    steps.append(_("Kjør installasjonen på nytt:  py -m omstill_xl.excel install"))
    steps.append(_who(log))
    book = _("arbeidsboka «{name}»").format(name=name) if name else _("arbeidsboka")
    return (
        _("{button} fikk ikke kontakt med {book} i Excel ({detail}).").format(button=button, book=book, detail=detail)
        + "\n\n"
        + _("Dette kan du gjøre:")
        + "\n"
        + "\n".join(f"{i}. {s}" for i, s in enumerate(steps, start=1))
        + "\n"
    )


def caller_book(button: str = "Valider", argv: list[str] | None = None, outside: str = NO_CALLER) -> Any:
    """The workbook whose button was clicked (``xw.Book.caller()``). Outside Excel: how to start it. Started
    from Excel but unreachable: the real exception, shown and logged. Either way exit 1, which makes
    RunPython show what went to stderr."""
    argv = sys.argv if argv is None else argv
    try:
        from .optional import without_optional_packages

        with without_optional_packages():  # xlwings would import pandas/numpy/matplotlib: ½ s per click
            import xlwings as xw

        return xw.Book.caller()
    except Exception as e:  # noqa: BLE001 - any failure here ends in a message box, not a traceback
        if not any(a.startswith("--from_xl") for a in argv):
            sys.stderr.write(_(outside))
            raise SystemExit(1) from None
        named = type("Caller", (), {"name": _argv_value("wb", argv) or "?"})()
        log = _write_log(named, "tilkobling til arbeidsboka", e)
        sys.stderr.write(caller_message(button, e, log, argv))
        raise SystemExit(1) from None


def main(book: Any = None) -> ButtonResult:
    """Entry point of the ribbon button (``import omstill_xl; omstill_xl.main()``)."""
    if book is None:
        book = caller_book("Valider")
    result = run(book)
    if not result.shown:
        raise SystemExit(1)  # RunPython shows what went to stderr in a message box
    return result
