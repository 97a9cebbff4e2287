"""``omstill excel lite --out MAPPE``: the two files an economist or IT pastes into xlwings Lite — ``main.py``
(the «Valider» script) and ``requirements.txt`` (omstill-xl and xlwings pinned to the versions of this
installation, so the browser runs exactly the code that was tested here).

What xlwings Lite cannot do, and so what ``main.py`` does not offer: «Nytt år» and «Årsrapport» both write
a new file (a workbook, a Word document), and a Lite script can only change the open workbook — it has no
access to the PC's files or folders and cannot open a second workbook. Use ``omstill next-year`` and
``omstill report`` (or the Årsrapport button of the VBA add-in) for those.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from .. import __version__, i18n
from ..errors import OmstillError, OutputError, OutputExistsError
from ..i18n import N_
from ..safeio import atomic_write_bytes

_ = i18n.translator("excel")


MAIN_PY = "main.py"
REQUIREMENTS = "requirements.txt"
SCRIPT_NAME = "valider"
_URL = re.compile(r"^https://\S+\.whl$")

# The generated file's texts are fixed when it is made, in the målform current then (like the VBA add-in's
# texts, ``addin.no_workbook_message``): the version check runs before any workbook is read, and a mismatched
# installation may not have the catalogues of this version. What ``lite.valider`` writes follows the workbook.
ABOUT = N_(
    "# Omstilling – Valider\n"
    "\n"
    "Kontrollerer den åpne handlingsplanen med de samme reglene som «omstill validate»: avvikene kommer i\n"
    "arket **Avvik**, cellene får farge og en merknad. Tallene dine endres ikke.\n"
    "\n"
    "Trykk **Valider** (eller F5). Neste gang fjernes først merkene fra forrige gang.\n"
    "Alt skjer her i Excel: ingen data sendes fra PC-en.\n"
    "\n"
    "Laget av omstill-xl {version} (omstill excel lite). Ikke endre denne fila; lag den på nytt ved oppgradering."
)
SCRIPT_DOC = N_("Kontroller handlingsplanen og marker avvikene.")
VERSION_WARNING = N_(
    "Merk: main.py er laget for omstill-xl {expected}, men {installed} er installert. Lag main.py og "
    "requirements.txt på nytt med «omstill excel lite»."
)

MAIN_TEMPLATE = '''"""
{about}
"""

import xlwings as xw
from xlwings import script

import omstill_xl
from omstill_xl.excel import lite

EXPECTED_VERSION = "{version}"


@script(name="Valider")
async def {script}(book: xw.Book):
    """{doc}"""
    if omstill_xl.__version__ != EXPECTED_VERSION:
        print({warning}.format(expected=EXPECTED_VERSION, installed=omstill_xl.__version__))
    await lite.valider(book)
'''


def main_py(version: str = __version__) -> str:
    """The «Valider» script, its texts in the current målform."""
    return MAIN_TEMPLATE.format(
        about=_(ABOUT).format(version=version),
        version=version,
        script=SCRIPT_NAME,
        doc=_(SCRIPT_DOC),
        warning=repr(_(VERSION_WARNING)),
    )


def requirements_txt(version: str = __version__, wheel_url: str | None = None) -> str:
    """omstill-xl (from PyPI, or a wheel IT hosts at ``wheel_url``) and the tested xlwings, both pinned.
    Dependencies come from omstill-xl's metadata (openpyxl, defusedxml); python-calamine is left out on
    Pyodide by its environment marker."""
    if wheel_url is not None and not _URL.match(wheel_url):
        raise OmstillError(
            _(
                "Adressen til hjulet må være en https-adresse som slutter på .whl (fikk «{url}»). xlwings Lite henter "
                "pakker i nettleseren, så serveren må også tillate CORS."
            ).format(url=wheel_url)
        )
    if wheel_url is not None and f"-{version}-" not in wheel_url.rsplit("/", 1)[-1]:
        raise OmstillError(
            _(
                "Hjulet på {url} er ikke omstill-xl {version} ({name}). Bruk hjulet for {version}, eller lag filene "
                "med den omstill-xl-versjonen hjulet er for."
            ).format(url=wheel_url, version=version, name=wheel_url.rsplit("/", 1)[-1])
        )
    first = wheel_url or f"omstill-xl=={version}"
    return (
        _("# omstill-xl {version} for xlwings Lite, laget av «omstill excel lite». Ikke endre versjonene.").format(
            version=version
        )
        + "\n"
        f"{first}\n"
        f"xlwings=={metadata.version('xlwings')}\n"
    )


def write(out: Path, *, wheel_url: str | None = None, overwrite: bool = False) -> list[Path]:
    """Write both files into the folder ``out`` (created if missing); nothing is written if either exists
    and ``overwrite`` is false."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(_("{path} er en fil; de to filene lages i en mappe. Oppgi en mappe.").format(path=out), out)
    files = {MAIN_PY: main_py(), REQUIREMENTS: requirements_txt(wheel_url=wheel_url)}
    existing = [out / name for name in files if (out / name).exists()]
    if existing and not overwrite:
        raise OutputExistsError(
            _("{paths} finnes allerede. Velg en annen mappe, eller erstatt filene.").format(
                paths=", ".join(str(p) for p in existing)
            ),
            existing[0],
        )
    return [atomic_write_bytes(out / name, text.encode("utf-8"), overwrite=True) for name, text in files.items()]
