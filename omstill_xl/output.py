"""Findings rendered for people (text, grouped by file and sheet) and machines (JSON, stable shape).

JSON shape (``schema: omstill-findings/1``)::

    {
      "schema": "omstill-findings/1",
      "tool": "omstill_xl 0.1.0",
      "settings": {"eur_nok": 11.5, "de_minimis_eur": 300000, "admin_terskel": 0.25, ...},
      "files": [{"file": "a.xlsx", "status": "ok" | "feil" | "ulesbar", "error": null | "melding"}],
      "findings": [{"code", "severity", "title", "message", "hint", "file", "sheet", "cell", "value", "expected"}],
      "summary": {"files": 1, "unreadable": 0, "feil": 0, "advarsel": 2, "info": 0, "exit_code": 0}
    }
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __version__, i18n
from .errors import shown_name
from .findings import Finding, counts, severity_name, summary_line
from .fmt import kr, number
from .profiles import Profile

SCHEMA_ID = "omstill-findings/1"
_ = i18n.translator("rules")

COLOURS = {"feil": "\033[31m", "advarsel": "\033[33m", "info": "\033[36m"}
BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"


@dataclass(frozen=True)
class FileResult:
    """The result of checking one file: its findings, or the message why it could not be read."""

    file: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None  # the Norwegian message when the file could not be read
    maalform: str | None = None  # the målform of the file's findings (None: the run's)

    @property
    def status(self) -> str:
        if self.error:
            return "ulesbar"
        return "feil" if any(f.severity == "feil" for f in self.findings) else "ok"


def exit_code(results: Sequence[FileResult]) -> int:
    """0 no feil, 1 at least one feil, 2 a file could not be read — the worst wins."""
    if any(r.error for r in results):
        return 2
    return 1 if any(r.status == "feil" for r in results) else 0


def settings_line(profile: Profile) -> str:
    return _("Bagatellmessig støtte er regnet med kurs {rate} kr/EUR: EUR {eur} = {nok}.").format(
        rate=number(profile.eur_nok, 2), eur=number(profile.de_minimis_eur), nok=kr(profile.de_minimis_nok)
    )


def render_text(results: Sequence[FileResult], profile: Profile, *, colour: bool = False) -> str:
    def c(code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if colour else text

    lines: list[str] = []
    for r in results:
        name = shown_name(r.file)
        if r.error:
            lines.append(c(BOLD, name) + "  " + c(COLOURS["feil"], _("kunne ikke leses")))
            lines.append(f"  {r.error}")
            lines.append("")
            continue
        with i18n.use(r.maalform):  # a file's part in its findings' målform
            lines.append(c(BOLD, name) + "  " + summary_line(list(r.findings)))
            sheet: str | None = "\0"
            for f in r.findings:
                if f.sheet != sheet:
                    sheet = f.sheet
                    lines.append("  " + c(BOLD, _("Ark «{sheet}»").format(sheet=sheet) if sheet else _("Arbeidsboka")))
                where = (f.cell or "").ljust(6)
                sev = c(COLOURS[f.severity], severity_name(f.severity).ljust(8))
                lines.append(f"    {where} {sev} {c(DIM, f.code)}  {f.message}")
                lines.append(f"    {'':6} {'':8} {'':7}  → {f.hint}")
        lines.append("")
    total = [f for r in results for f in r.findings]
    n = counts(total)
    unreadable = sum(1 for r in results if r.error)

    summary = _("Sammendrag: {files}, {feil}, {advarsel}, {info}").format(
        files=i18n.ngettext("rules", "{n} fil", "{n} filer", len(results)).format(n=len(results)),
        feil=i18n.ngettext("rules", "{n} feil", "{n} feil", n["feil"]).format(n=n["feil"]),
        advarsel=i18n.ngettext("rules", "{n} advarsel", "{n} advarsler", n["advarsel"]).format(n=n["advarsel"]),
        info=i18n.ngettext("rules", "{n} merknad", "{n} merknader", n["info"]).format(n=n["info"]),
    )
    if unreadable:
        summary += _(", {n} kunne ikke leses").format(n=unreadable)
    lines.append(summary + ".")
    lines.append(settings_line(profile))
    return "\n".join(lines)


def _shown_path(path: str) -> str:
    """A path JSON can hold: a name that is not UTF-8 (bytes from the OS) is shown as cp1252."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return str(Path(path).parent / shown_name(path))


def _finite(value: object) -> object:
    """JSON has no NaN or infinity: such numbers (and any nested in lists or dicts) are written as text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def render_json(results: Sequence[FileResult], profile: Profile, *, ascii_only: bool = False) -> str:
    """The findings as JSON; ``ascii_only`` escapes every non-ASCII character (for a console that is not UTF-8)."""
    findings = [f for r in results for f in r.findings]
    n = counts(findings)
    doc = {
        "schema": SCHEMA_ID,
        "tool": f"omstill_xl {__version__}",
        "settings": {
            "eur_nok": profile.eur_nok,
            "de_minimis_eur": profile.de_minimis_eur,
            "de_minimis_nok": profile.de_minimis_nok,
            "admin_terskel": profile.admin_terskel,
            "maks_fylkesandel": profile.maks_fylkesandel,
            "regnskap_toleranse": profile.regnskap_toleranse,
        },
        "files": [{"file": _shown_path(r.file), "status": r.status, "error": r.error} for r in results],
        "findings": [f.to_dict() for f in findings],
        "summary": {
            "files": len(results),
            "unreadable": sum(1 for r in results if r.error),
            **n,
            "exit_code": exit_code(results),
        },
    }
    import json  # only for this output

    return json.dumps(_finite(doc), ensure_ascii=ascii_only, indent=2, allow_nan=False)
