"""What this machine can do: one check per piece a command needs, with what to do when it is missing.

Pure data out (``Check`` rows); ``omstill doctor`` prints them. Nothing is installed or changed here.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata, util

from . import i18n
from .i18n import N_

_ = i18n.translator("cli")

# (distribution on PyPI, module to import): the core (new, validate, the Excel button)
CORE_PACKAGES = (
    ("openpyxl", "openpyxl"),
    ("python-calamine", "python_calamine"),
    ("defusedxml", "defusedxml"),
    ("currencyconverter", "currency_converter"),
)
# the «rapport» extra: reports, consolidation, the Word section on organisasjonsform
REPORT_PACKAGES = (
    ("pandas", "pandas"),
    ("jinja2", "jinja2"),
    ("python-docx", "docx"),
    ("docxtpl", "docxtpl"),
    ("babel", "babel"),
    ("rich", "rich"),
)
MIN_PYTHON = (3, 11)

OK, MISSING, NOTE = "ok", "mangler", "merk"  # status codes; render shows them in the målform
STATUS_WORDS = {OK: N_("ok"), MISSING: N_("mangler"), NOTE: N_("merk")}


@dataclass(frozen=True)
class Check:
    part: str  # what is checked, in Norwegian (the målform in force when the checks ran)
    status: str  # OK | MISSING | NOTE
    found: str  # what was found (a version, a path) or ""
    needed_for: str  # which commands need it
    advice: str = ""  # what to do when it is missing
    core: bool = False  # the core commands cannot run without it


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _package(dist: str, module: str) -> str | None:
    """The installed version when the module can also be found, else None."""
    found = _version(dist)
    return found if found and util.find_spec(module) is not None else None


def _python() -> Check:
    v = sys.version_info
    ok = (v.major, v.minor) >= MIN_PYTHON
    return Check(
        "Python",
        OK if ok else MISSING,
        f"{v.major}.{v.minor}.{v.micro} ({sys.executable})",
        _("alle kommandoer"),
        "" if ok else _("Installer Python 3.11 eller nyere (python.org, eller Microsoft Store på Windows)."),
        core=True,
    )


def _packages() -> Iterator[Check]:
    for dist, module in CORE_PACKAGES:
        version = _package(dist, module)
        yield Check(
            _("kjernepakke {name}").format(name=dist),
            OK if version else MISSING,
            version or "",
            _("new, validate, knappen Valider"),
            ""
            if version
            else _("Installer omstill_xl på nytt: pip install omstill-xl (eller pip install . i mappen)."),
            core=True,
        )
    missing = [dist for dist, module in REPORT_PACKAGES if not _package(dist, module)]
    yield Check(
        _("tilleggspakkene «rapport»"),
        MISSING if missing else OK,
        _("mangler {names}").format(names=", ".join(missing))
        if missing
        else ", ".join(f"{d} {_version(d)}" for d, _ in REPORT_PACKAGES[:3]),
        "report, consolidate, orgform",
        'pip install "omstill-xl[rapport]"' if missing else "",
    )


def _libreoffice() -> Check:
    from .libreoffice import LibreOfficeError, find_soffice

    try:
        soffice = find_soffice()
    except LibreOfficeError:
        return Check(
            "LibreOffice",
            MISSING,
            "",
            _("PDF (report og orgform)"),
            _(
                "Debian/Ubuntu: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui; Windows: "
                "installer LibreOffice fra libreoffice.org."
            ),
        )
    try:
        out = subprocess.run(
            [soffice, "--version"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    version = " ".join(out.split()[:2]) if out else _("versjon ukjent")
    return Check("LibreOffice", OK, f"{version} ({soffice})", _("PDF (report og orgform)"))


def _fonts() -> Iterator[Check]:
    from .fonts import DOCUMENT_FONTS, font_status

    for name in DOCUMENT_FONTS:
        s = font_status(name)
        yield Check(
            _("skrifttypen {name}").format(name=name),
            OK if s.ok else MISSING,
            s.found or "",
            _("PDF med riktige bredder"),
            s.advice,
        )


def _excel() -> Iterator[Check]:
    version = _version("xlwings")
    yield Check(
        "xlwings",
        OK if version else MISSING,
        version or "",
        _("knappen Valider i Excel"),
        "" if version else _("pip install omstill-xl installerer xlwings."),
    )
    if sys.platform != "win32":
        yield Check(_("Excel-tillegget"), NOTE, "", _("knappen Valider"), _("Knappen finnes bare i Excel på Windows."))
        return
    from .errors import OmstillError
    from .excel.addin import Locations

    try:
        loc = Locations.from_environment()
    except OmstillError as e:
        yield Check(_("Excel-tillegget"), MISSING, "", _("knappen Valider"), e.message)
        return
    addin, conf = loc.addin.is_file(), loc.conf.is_file()
    yield Check(
        _("Excel-tillegget"),
        OK if addin else MISSING,
        str(loc.addin) if addin else "",
        _("knappen Valider"),
        "" if addin else _("omstill excel install, og start Excel på nytt."),
    )
    yield Check(
        _("innstillingsfila for tillegget"),
        OK if conf else MISSING,
        str(loc.conf) if conf else "",
        _("knappen Valider"),
        "" if conf else _("omstill excel install skriver den."),
    )


def checks() -> list[Check]:
    """Every check, in the order a user reads them."""
    return [_python(), *_packages(), _libreoffice(), *_fonts(), *_excel()]


def core_ready(rows: list[Check]) -> bool:
    return all(r.status != MISSING for r in rows if r.core)


def render(rows: list[Check]) -> str:
    """A plain table in Norwegian, then what to do for each missing piece."""
    head = (_("del"), _("status"), _("funnet"), _("trengs for"))
    table = [head, *((r.part, _(STATUS_WORDS.get(r.status, r.status)), r.found, r.needed_for) for r in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths)) + "  " + row[3] for row in table]
    lines.insert(1, "-" * min(100, len(lines[0])))
    todo = [f"- {r.part}: {r.advice}" for r in rows if r.advice and r.status == MISSING]
    notes = [f"- {r.part}: {r.advice}" for r in rows if r.advice and r.status == NOTE]
    if todo:
        lines += ["", _("Slik gjør du:"), *todo]
    if notes:
        lines += ["", _("Merk:"), *notes]
    verdict = (
        _("Kjernen virker: new, validate og knappen Valider kan brukes.")
        if core_ready(rows)
        else _("Kjernen mangler noe: rett det som står over, og kjør omstill doctor igjen.")
    )
    return "\n".join([*lines, "", verdict])
