"""The Excel add-in ``omstill_xl.xlam``: built from the installed xlwings' own ribbon template, installed into
Excel's start-up folder, and its xlwings settings file.

Build: ``quickstart_addin_ribbon.xlam`` from the installed xlwings with two parts replaced — our ribbon
(``customUI/customUI.xml``: tab «Omstilling», group «Kontroll», button «Valider») and the ribbon relationship
type in ``_rels/.rels`` (2006, matching the 2006/01 customUI namespace, as xlwings does for its own add-in).
Everything else, the VBA included, stays byte-identical, so the add-in's VBA and the Python package are
always the same xlwings version. The button calls ``RibbonMyAddin.RunMain``, which runs
``import <add-in file name>; <name>.main()`` — hence the file name must stay ``omstill_xl.xlam``.

Install (Windows): the add-in into ``%APPDATA%\\Microsoft\\Excel\\XLSTART`` (a trusted location Excel loads at
start), and ``%USERPROFILE%\\.myaddin\\myaddin.conf`` with the interpreter and
``ADD_WORKBOOK_TO_PYTHONPATH=FALSE``. The template's VBA reads that file with ``Input #``: ANSI (mbcs),
``"KEY","value"`` per line, no blank line at the end.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata, util
from pathlib import Path

from ..errors import OmstillError, OutputError, TemplateChangedError
from ..safeio import atomic_write_bytes

ADDIN_NAME = "omstill_xl.xlam"
TEMPLATE = "quickstart_addin_ribbon.xlam"
CALLBACK = "RibbonMyAddin.RunMain"
PROJECT_NAME = "myaddin"  # the template's VBA constant: decides the config file's name
CUSTOM_UI_PART = "customUI/customUI.xml"
RELS_PART = "_rels/.rels"
VBA_PART = "xl/vbaProject.bin"
UI_REL_2007 = b"http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
UI_REL_2006 = b"http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
SUPERTIP = (
    "Kontrollerer den åpne arbeidsboka med de samme reglene som «omstill validate», skriver avvikene i "
    "arket Avvik og markerer cellene. Dataene dine endres ikke."
)
CUSTOM_UI = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui">
    <ribbon>
        <tabs>
            <tab id="omstillingTab" label="Omstilling">
                <group id="kontrollGruppe" label="Kontroll">
                    <button id="validerKnapp" label="Valider" size="large" imageMso="MacroPlay" onAction="{CALLBACK}"
                            screentip="Valider handlingsplanen"
                            supertip="{SUPERTIP}" />
                </group>
            </tab>
        </tabs>
    </ribbon>
</customUI>
"""
SETTINGS_KEYS = ("INTERPRETER_WIN", "ADD_WORKBOOK_TO_PYTHONPATH")
_CONF_LINE = re.compile(r'^"([^"]*)","([^"]*)"\s*$')


# ---------------------------------------------------------------------------------------------- build


def xlwings_dir() -> Path:
    """The installed xlwings package folder, found without importing xlwings (which is slow)."""
    spec = util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise OmstillError("xlwings er ikke installert. Installer omstill-xl på nytt: py -m pip install omstill-xl")
    return Path(list(spec.submodule_search_locations)[0])


def xlwings_version() -> str:
    return metadata.version("xlwings")


def template_path() -> Path:
    path = xlwings_dir() / TEMPLATE
    if not path.is_file():
        raise TemplateChangedError(
            f"Finner ikke malen {TEMPLATE} i xlwings {xlwings_version()} ({path}). "
            "Installer xlwings-versjonen omstill-xl krever (>=0.37.8,<0.38)."
        )
    return path


def check_template(parts: Mapping[str, bytes], version: str) -> None:
    """Refuse a template that lost what the button needs (a new xlwings): the ribbon callback, the
    relationship to the custom UI, the VBA callback and the config name."""
    from .vba import VbaReadError, read_vba_project

    problems = []
    if CALLBACK.encode() not in parts.get(CUSTOM_UI_PART, b""):
        problems.append(f"{CUSTOM_UI_PART} kaller ikke {CALLBACK}")
    rels = parts.get(RELS_PART, b"")
    if (UI_REL_2007 not in rels and UI_REL_2006 not in rels) or CUSTOM_UI_PART.encode() not in rels:
        problems.append(f"{RELS_PART} peker ikke på {CUSTOM_UI_PART}")
    try:
        vba = read_vba_project(parts[VBA_PART])
        module, _, sub = CALLBACK.partition(".")
        source = vba.modules.get(module, "")
        if not re.search(rf"^Sub {sub}\(control As IRibbonControl\)", source, re.MULTILINE):
            problems.append(f"VBA-modulen {module} har ikke Sub {sub}(control As IRibbonControl)")
        elif "RunPython" not in source or "ThisWorkbook.Name" not in source:
            problems.append(f"{CALLBACK} kjører ikke lenger modulen som har samme navn som tillegget")
        xlw = vba.modules.get("xlwings", "")
        if f'PROJECT_NAME As String = "{PROJECT_NAME}"' not in xlw:
            problems.append(f'VBA-konstanten PROJECT_NAME er ikke "{PROJECT_NAME}"')
        if f'XLWINGS_VERSION As String = "{version}"' not in xlw:
            problems.append(f"VBA-en er ikke for xlwings {version}")
    except (KeyError, VbaReadError) as e:
        problems.append(f"{VBA_PART} kan ikke leses ({e})")
    if problems:
        raise TemplateChangedError(
            f"Ribbon-malen i xlwings {version} har endret seg: "
            + "; ".join(problems)
            + ". Bruk xlwings-versjonen omstill-xl er testet med (>=0.37.8,<0.38)."
        )


def build_bytes(template: Path | None = None, version: str | None = None) -> bytes:
    """The add-in's bytes: the template with our ribbon; the same input always gives the same bytes."""
    template = template or template_path()
    version = version or xlwings_version()
    with zipfile.ZipFile(template) as zin:
        infos = zin.infolist()
        parts = {i.filename: zin.read(i.filename) for i in infos}
    check_template(parts, version)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in infos:  # same order, names, timestamps and attributes as the template
            data = parts[info.filename]
            if info.filename == CUSTOM_UI_PART:
                data = CUSTOM_UI.encode("utf-8")
            elif info.filename == RELS_PART:
                data = data.replace(UI_REL_2007, UI_REL_2006)
            zout.writestr(info, data)
    return out.getvalue()


def resolve_out(out: Path) -> Path:
    """``--out``: a folder (existing, or a name without suffix) gets ``omstill_xl.xlam`` inside; a file must be
    called exactly that."""
    out = Path(out)
    if out.is_dir() or not out.suffix:
        return out / ADDIN_NAME
    if out.name != ADDIN_NAME:
        raise OmstillError(
            f"Tillegget må hete {ADDIN_NAME} (ikke {out.name}): knappen kjører Python-modulen med "
            f"samme navn som fila. Bruk f.eks. --out {out.with_name(ADDIN_NAME)}"
        )
    return out


def build(out: Path, *, overwrite: bool = False) -> Path:
    path = resolve_out(out)
    data = build_bytes()
    try:
        return atomic_write_bytes(path, data, overwrite=overwrite)
    except PermissionError as e:
        raise OutputError(f"Kan ikke skrive {path}: fila er i bruk. Lukk Excel og prøv igjen.", path) from e


# ---------------------------------------------------------------------------------------------- settings


def conf_encoding() -> str:
    """The ANSI code page VBA's ``Input #`` reads: ``mbcs`` on Windows; cp1252 elsewhere (tests)."""
    return "mbcs" if sys.platform.startswith("win") else "cp1252"


def parse_conf(text: str) -> list[tuple[str, str] | str]:
    """Lines of a myaddin.conf: ``(key, value)`` for settings, the raw text for anything else;
    blank lines are dropped (a blank line makes the VBA fail with «error 62»)."""
    out: list[tuple[str, str] | str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _CONF_LINE.match(line)
        out.append((m.group(1), m.group(2)) if m else line)
    return out


def conf_bytes(lines: list[tuple[str, str] | str], encoding: str | None = None) -> bytes:
    """``"KEY","value"`` lines, CRLF, in the ANSI code page, no blank line at the end."""
    encoding = encoding or conf_encoding()
    text_lines = []
    for item in lines:
        if isinstance(item, tuple):
            key, value = item
            if '"' in key or '"' in value or "\n" in value or "\r" in value:
                raise OutputError(f"Innstillingen {key} kan ikke inneholde anførselstegn eller linjeskift: {value}")
            text_lines.append(f'"{key}","{value}"')
        else:
            text_lines.append(item)
    text = "".join(line + "\r\n" for line in text_lines)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as e:
        raise OutputError(
            f"Innstillingene inneholder tegn som Excel ikke kan lese i denne tegnkoden ({encoding}): "
            f"«{text[e.start : e.end]}». Installer Python i en mappe uten slike tegn i navnet og prøv igjen."
        ) from e


def merge_settings(existing: list[tuple[str, str] | str], settings: Mapping[str, str]) -> list[tuple[str, str] | str]:
    """Set our keys (case-insensitive, as the VBA compares them), keep every other line as it was."""
    wanted = {k.upper(): (k, v) for k, v in settings.items()}
    out: list[tuple[str, str] | str] = []
    for item in existing:
        if isinstance(item, tuple) and item[0].upper() in wanted:
            out.append(wanted.pop(item[0].upper()))
        else:
            out.append(item)
    out.extend(wanted.values())
    return out


def remove_settings(existing: list[tuple[str, str] | str], ours: Mapping[str, str]) -> list[tuple[str, str] | str]:
    """Drop our keys where they still have the values we wrote (someone else's settings stay)."""
    mine = {k.upper(): v for k, v in ours.items()}
    return [item for item in existing if not (isinstance(item, tuple) and mine.get(item[0].upper()) == item[1])]


def read_conf(path: Path, encoding: str | None = None) -> list[tuple[str, str] | str]:
    if not path.is_file():
        return []
    data = path.read_bytes()
    for enc in (encoding or conf_encoding(), "utf-8"):
        try:
            return parse_conf(data.decode(enc))
        except UnicodeDecodeError:
            continue
    raise OutputError("Innstillingsfila kan ikke leses. Slett den og kjør «omstill excel install» igjen.", path)


def our_settings(interpreter: str) -> dict[str, str]:
    return {"INTERPRETER_WIN": interpreter, "ADD_WORKBOOK_TO_PYTHONPATH": "FALSE"}


# ---------------------------------------------------------------------------------------------- install


@dataclass(frozen=True)
class Locations:
    xlstart: Path  # %APPDATA%\Microsoft\Excel\XLSTART
    conf: Path  # %USERPROFILE%\.myaddin\myaddin.conf

    @property
    def addin(self) -> Path:
        return self.xlstart / ADDIN_NAME

    @classmethod
    def for_user(cls, appdata: str | Path, userprofile: str | Path) -> Locations:
        return cls(
            Path(appdata) / "Microsoft" / "Excel" / "XLSTART",
            Path(userprofile) / f".{PROJECT_NAME}" / f"{PROJECT_NAME}.conf",
        )

    @classmethod
    def from_environment(cls) -> Locations:
        appdata, profile = os.environ.get("APPDATA"), os.environ.get("USERPROFILE")
        if not appdata or not profile:
            raise OmstillError(
                "Finner ikke mappene APPDATA og USERPROFILE. Kjør kommandoen som vanlig bruker i "
                "Ledetekst eller PowerShell."
            )
        return cls.for_user(appdata, profile)


def install(loc: Locations, interpreter: str, *, encoding: str | None = None) -> list[str]:
    """Put the add-in into XLSTART and write the settings. Returns what was done, in Norwegian."""
    data = build_bytes()
    try:
        atomic_write_bytes(loc.addin, data, overwrite=True)
    except PermissionError as e:
        raise OutputError(
            "Tillegget er i bruk. Lukk Excel helt (alle vinduer) og kjør kommandoen igjen.", loc.addin
        ) from e
    existing = read_conf(loc.conf, encoding)
    before = {k.upper(): v for k, v in (i for i in existing if isinstance(i, tuple))}.get("INTERPRETER_WIN")
    lines = merge_settings(existing, our_settings(interpreter))
    atomic_write_bytes(loc.conf, conf_bytes(lines, encoding), overwrite=True)
    done = [
        f"Tillegget: {loc.addin} (xlwings {xlwings_version()})",
        f"Innstillinger: {loc.conf} (Python: {interpreter})",
    ]
    if before and before != interpreter:
        done.append(
            f"Fila pekte på en annen Python ({before}); den er byttet ut. Andre xlwings-tillegg som deler "
            "fila, bruker nå også denne."
        )
    return done


def uninstall(loc: Locations, interpreter: str, *, encoding: str | None = None) -> list[str]:
    """Remove the add-in and our settings (other add-ins' settings in the same file stay)."""
    done = []
    if loc.addin.exists():
        try:
            loc.addin.unlink()
        except PermissionError as e:
            raise OutputError("Tillegget er i bruk. Lukk Excel helt og kjør kommandoen igjen.", loc.addin) from e
        done.append(f"Fjernet tillegget {loc.addin}")
    if loc.conf.is_file():
        rest = remove_settings(read_conf(loc.conf, encoding), our_settings(interpreter))
        if rest:
            atomic_write_bytes(loc.conf, conf_bytes(rest, encoding), overwrite=True)
            done.append(f"Fjernet våre innstillinger fra {loc.conf} (andre innstillinger står igjen)")
        else:
            loc.conf.unlink()
            with contextlib.suppress(OSError):  # the folder may hold other add-ins' files
                loc.conf.parent.rmdir()
            done.append(f"Fjernet innstillingsfila {loc.conf}")
    return done
