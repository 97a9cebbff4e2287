"""What the document commands (okonomirapport, soknad, psv, sluttrapport) print: one line per programme, then
where sammendrag.xlsx is. The library's outcomes name what is needed (``remedy``); the flags are named here."""

from __future__ import annotations

from typing import Any

REMEDIES = {
    "allow_errors": "Bruk --allow-errors for å lage dokumentet likevel.",
}


def check_summary(out: Any, overwrite: bool) -> None:
    """Stop before any work when the folder already has a sammendrag.xlsx and --overwrite is not given."""
    from ..errors import OutputError
    from ..report.batch import SUMMARY_NAME

    summary = out / SUMMARY_NAME
    if summary.exists() and not overwrite:
        raise OutputError(f"{summary} finnes allerede. Velg en annen mappe med --out, eller bruk --overwrite.", summary)


def print_outcomes(result: Any, what: str) -> None:
    made = 0
    for o in result.outcomes:
        line = f"{o.programnavn}{f' ({o.aar})' if o.aar else ''}: {o.status}"
        if o.report:
            made += 1
            line += f" – {o.report}" + (" + PDF" if o.pdf else "")
        print(line)
        if o.message:
            print(f"  {o.message}")
        if o.remedy in REMEDIES:
            print(f"  {REMEDIES[o.remedy]}")
    print(f"{made} av {len(result.outcomes)} {what} laget. Sammendrag: {result.summary}")
