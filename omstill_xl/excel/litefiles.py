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
from ..safeio import atomic_write_bytes

_ = i18n.translator("excel")

MAIN_PY = "main.py"
REQUIREMENTS = "requirements.txt"
SCRIPT_NAME = "valider"
_URL = re.compile(r"^https://\S+\.whl$")

MAIN_TEMPLATE = '''"""
# Omstilling – Valider

Kontrollerer den åpne handlingsplanen med de samme reglene som «omstill validate»: avvikene kommer i
arket **Avvik**, cellene får farge og en merknad. Tallene dine endres ikke.

Trykk **Valider** (eller F5). Neste gang fjernes først merkene fra forrige gang.
Alt skjer her i Excel: ingen data sendes fra PC-en.

Laget av omstill-xl {version} (omstill excel lite). Ikke endre denne fila; lag den på nytt ved oppgradering.
"""

import xlwings as xw
from xlwings import script

import omstill_xl
from omstill_xl.excel import lite

EXPECTED_VERSION = "{version}"


@script(name="Valider")
async def {script}(book: xw.Book):
    """Kontroller handlingsplanen og marker avvikene."""
    if omstill_xl.__version__ != EXPECTED_VERSION:
        print(
            f"Merk: main.py er laget for omstill-xl {{EXPECTED_VERSION}}, men {{omstill_xl.__version__}} er "
            "installert. Lag main.py og requirements.txt på nytt med «omstill excel lite»."
        )
    await lite.valider(book)
'''


def main_py(version: str = __version__) -> str:
    return MAIN_TEMPLATE.format(version=version, script=SCRIPT_NAME)


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
        f"# omstill-xl {version} for xlwings Lite, laget av «omstill excel lite». Ikke endre versjonene.\n"
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
