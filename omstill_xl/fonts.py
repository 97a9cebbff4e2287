"""The fonts our documents name, and whether this machine can print them with the right widths.

Every style we write names its font (never the application's default), and only fonts that have a free twin with
the same metrics: LibreOffice on Linux substitutes Liberation Sans for Arial (and Carlito for Calibri, in workbooks made in Excel) through
fontconfig's metric aliases, so a table laid out for Arial keeps its line breaks. When neither the font nor its
twin is installed, LibreOffice falls back to a font with other widths and amounts break across lines
(«1 050 00|0»): ``--pdf`` then warns, and ``omstill doctor`` says which package to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .i18n import translator

_ = translator("core")

# The one font every style we write names: Word documents, workbook cells, charts (workbook/styles.py,
# report/make_template.py and the charts take it from here).
HOUSE_FONT = "Arial"

# font → (itself and its metric-compatible twins, Debian package that brings a twin)
METRIC_TWINS: dict[str, tuple[tuple[str, ...], str]] = {
    "Arial": (("Arial", "Liberation Sans", "Arimo"), "fonts-liberation2"),
    "Calibri": (("Calibri", "Carlito"), "fonts-crosextra-carlito"),
}
DOCUMENT_FONTS = (HOUSE_FONT,)


@dataclass(frozen=True)
class FontStatus:
    name: str  # the font a document names
    found: str | None  # the family this machine prints it with, when known
    ok: bool  # the font itself or a metric twin
    advice: str  # Norwegian: what to install when not ok

    @property
    def text(self) -> str:
        if self.ok:
            if self.found in (None, self.name):
                return self.name
            return _("{name} (skrives med {found})").format(name=self.name, found=self.found)
        if self.found:
            return _("{name} mangler (erstattes med {found})").format(name=self.name, found=self.found)
        return _("{name} mangler").format(name=self.name)


def _fc_match(name: str) -> str | None:
    fc = shutil.which("fc-match")
    if not fc:
        return None
    try:
        out = subprocess.run([fc, "-f", "%{family[0]}", name], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def _windows_has(name: str) -> bool:
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    stem = name.lower().replace(" ", "")
    return any(p.name.lower().startswith(stem) for folder in folders if folder.is_dir() for p in folder.iterdir())


def font_status(name: str) -> FontStatus:
    twins, package = METRIC_TWINS.get(name, ((name,), ""))
    if sys.platform == "win32":
        ok = _windows_has(name)
        return FontStatus(name, name if ok else None, ok, "" if ok else f"Installer skrifttypen {name} i Windows.")
    found = _fc_match(name)
    if found is None and sys.platform == "darwin":
        return FontStatus(name, None, True, "")  # macOS ships Arial and Calibri with Office; no fontconfig to ask
    ok = found is not None and found.lower() in {t.lower() for t in twins}
    advice = "" if ok else _("Installer {package} (Debian/Ubuntu: apt-get install {package}).").format(package=package)
    return FontStatus(name, found, ok, advice)


def missing_fonts(names: tuple[str, ...] = DOCUMENT_FONTS) -> list[FontStatus]:
    return [s for s in map(font_status, names) if not s.ok]


def pdf_font_warning(names: tuple[str, ...] = DOCUMENT_FONTS) -> str | None:
    """A Norwegian warning when a PDF made here would print with the wrong widths, else None."""
    missing = missing_fonts(names)
    if not missing:
        return None
    what = "; ".join(f"{s.text}. {s.advice}" for s in missing)
    return _(
        "Advarsel: PDF-en kan få tall og ord brutt over to linjer, fordi skrifttypen ikke finnes her: {what} "
        "Se «omstill doctor»."
    ).format(what=what)
