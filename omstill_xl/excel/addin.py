"""The Excel add-in ``omstill_xl.xlam``: built from the installed xlwings' own ribbon template, installed into
Excel's start-up folder, and its xlwings settings file.

Build: ``quickstart_addin_ribbon.xlam`` from the installed xlwings with three parts replaced — our ribbon
(``customUI/customUI.xml``: tab «Omstilling», group «Kontroll», button «Valider»), the ribbon relationship
type in ``_rels/.rels`` (2006, matching the 2006/01 customUI namespace, as xlwings does for its own add-in),
and in the VBA one change: the ribbon callback ``RibbonMyAddin.RunMain`` first checks that a workbook is
open and says so in Norwegian (xlwings' ``RunPython`` reads ``ActiveWorkbook`` and stops with «Run-time error
'91'» otherwise). The VBA project is written again source-only (``vbawrite``), so Office compiles it from the
source; every other module's source stays as in xlwings. ``OMSTILL_XLWINGS_VBA=1`` (or
``xlwings_vba=True``) keeps xlwings' vbaProject.bin byte for byte instead — the fallback should an Office
refuse the rewritten project. The add-in's VBA and the Python package are always the same xlwings version.
The button's ``RunMain`` runs ``import <add-in file name>; <name>.main()`` — hence the file name must stay
``omstill_xl.xlam``.

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import metadata, util
from pathlib import Path
from xml.sax.saxutils import quoteattr

from ..errors import OmstillError, OutputError, OutputExistsError, TemplateChangedError
from ..i18n import N_, translator
from ..safeio import atomic_write_bytes

ADDIN_NAME = "omstill_xl.xlam"
TEMPLATE = "quickstart_addin_ribbon.xlam"
_ = translator("excel")

CALLBACK = "RibbonMyAddin.RunMain"
PROJECT_NAME = "myaddin"  # the template's VBA constant: decides the config file's name
CUSTOM_UI_PART = "customUI/customUI.xml"
RELS_PART = "_rels/.rels"
VBA_PART = "xl/vbaProject.bin"
UI_REL_2007 = b"http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
UI_REL_2006 = b"http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
# The ribbon's texts are fixed when the add-in is built, in the målform current then (like no_workbook_message).
SUPERTIP = N_(
    "Kontrollerer den åpne arbeidsboka med de samme reglene som «omstill validate», skriver avvikene i "
    "arket Avvik og markerer cellene. Dataene dine endres ikke. Ha arbeidsboka åpen når du trykker."
)
RAPPORT_SUPERTIP = N_(
    "Lager årsrapporten i Word for den åpne arbeidsboka (samme som «omstill report»), i en ny mappe ved siden "
    "av arbeidsboka, og åpner mappen. Lagre arbeidsboka først. Krever tilleggspakkene (omstill-xl[rapport])."
)
XLWINGS_VBA_ENV = "OMSTILL_XLWINGS_VBA"  # "1": the template's vbaProject.bin byte for byte (no workbook check)
# The first lines of RunMain: with no workbook open (or only one in Protected View) ActiveWorkbook is Nothing.
NO_WORKBOOK_GUARD = (
    "    If ActiveWorkbook Is Nothing Then\r\n"
    '        MsgBox "{message}", vbInformation, "Omstilling"\r\n'
    "        Exit Sub\r\n"
    "    End If\r\n"
)
# Both add-ins put their group on the same tab: a tab shared between add-ins is named with idQ in a namespace
# of our own (the same URI in both files).
TAB_NAMESPACE = "urn:omstill-xl"


def _custom_ui(
    group_id: str, group_label: str, button_id: str, label: str, image: str, screentip: str, supertip: str
) -> str:
    """The ribbon XML: the Omstilling tab with one group and its one large button (texts escaped here)."""
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui" xmlns:o="{TAB_NAMESPACE}">
    <ribbon>
        <tabs>
            <tab idQ="o:omstillingTab" label="Omstilling">
                <group idQ="o:{group_id}" label={quoteattr(group_label)}>
                    <button id="{button_id}" label={quoteattr(label)} size="large" imageMso="{image}" onAction="{CALLBACK}"
                            screentip={quoteattr(screentip)}
                            supertip={quoteattr(supertip)} />
                </group>
            </tab>
        </tabs>
    </ribbon>
</customUI>
"""


def custom_ui() -> str:
    """The Valider add-in's ribbon, in the current målform."""
    return _custom_ui(
        "kontrollGruppe",
        _("Kontroll"),
        "validerKnapp",
        "Valider",
        "MacroPlay",
        _("Valider handlingsplanen"),
        _(SUPERTIP),
    )


def rapport_ui() -> str:
    """The Årsrapport add-in's ribbon, in the current målform."""
    return _custom_ui(
        "rapportGruppe",
        _("Rapport"),
        "arsrapportKnapp",
        "Årsrapport",
        "FileSaveAs",
        _("Lag årsrapporten"),
        _(RAPPORT_SUPERTIP),
    )


@dataclass(frozen=True)
class Addin:
    """One add-in file: its name decides the Python module the (unchanged) VBA imports and runs."""

    file: str
    custom_ui: Callable[[], str]  # the ribbon XML in the current målform (fixed when the add-in is built)
    button: str

    @property
    def module(self) -> str:
        return self.file.rsplit(".", 1)[0]  # what RibbonMyAddin.RunMain computes from ThisWorkbook.Name


VALIDER = Addin(ADDIN_NAME, custom_ui, "Valider")
ARSRAPPORT = Addin("omstill_xl.arsrapport.xlam", rapport_ui, "Årsrapport")
ADDINS = (VALIDER, ARSRAPPORT)
BY_FILE = {a.file: a for a in ADDINS}
SETTINGS_KEYS = ("INTERPRETER_WIN", "ADD_WORKBOOK_TO_PYTHONPATH", "CONDA PATH", "CONDA ENV")
_CONF_LINE = re.compile(r'^"([^"]*)","([^"]*)"\s*$')


# ---------------------------------------------------------------------------------------------- build


def xlwings_dir() -> Path:
    """The installed xlwings package folder, found without importing xlwings (which is slow)."""
    spec = util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise OmstillError(_("xlwings er ikke installert. Installer omstill-xl på nytt: py -m pip install omstill-xl"))
    return Path(list(spec.submodule_search_locations)[0])


def xlwings_version() -> str:
    return metadata.version("xlwings")


def template_path() -> Path:
    path = xlwings_dir() / TEMPLATE
    if not path.is_file():
        raise TemplateChangedError(
            _(
                "Finner ikke malen {template} i xlwings {version} ({path}). "
                "Installer xlwings-versjonen omstill-xl krever (>=0.37.8,<0.38)."
            ).format(template=TEMPLATE, version=xlwings_version(), path=path)
        )
    return path


def check_template(parts: Mapping[str, bytes], version: str) -> None:
    """Refuse a template that lost what the button needs (a new xlwings): the ribbon callback, the
    relationship to the custom UI, the VBA callback and the config name."""
    from .vba import VbaReadError, read_vba_project

    problems = []
    if CALLBACK.encode() not in parts.get(CUSTOM_UI_PART, b""):
        problems.append(_("{part} kaller ikke {callback}").format(part=CUSTOM_UI_PART, callback=CALLBACK))
    rels = parts.get(RELS_PART, b"")
    if (UI_REL_2007 not in rels and UI_REL_2006 not in rels) or CUSTOM_UI_PART.encode() not in rels:
        problems.append(_("{rels} peker ikke på {part}").format(rels=RELS_PART, part=CUSTOM_UI_PART))
    try:
        vba = read_vba_project(parts[VBA_PART])
        module, _sep, sub = CALLBACK.partition(".")
        source = vba.modules.get(module, "")
        if not re.search(rf"^Sub {sub}\(control As IRibbonControl\)", source, re.MULTILINE):
            problems.append(
                _("VBA-modulen {module} har ikke Sub {sub}(control As IRibbonControl)").format(module=module, sub=sub)
            )
        elif "RunPython" not in source or "ThisWorkbook.Name" not in source:
            problems.append(
                _("{callback} kjører ikke lenger modulen som har samme navn som tillegget").format(callback=CALLBACK)
            )
        xlw = vba.modules.get("xlwings", "")
        if f'PROJECT_NAME As String = "{PROJECT_NAME}"' not in xlw:
            problems.append(_('VBA-konstanten PROJECT_NAME er ikke "{name}"').format(name=PROJECT_NAME))
        if f'XLWINGS_VERSION As String = "{version}"' not in xlw:
            problems.append(_("VBA-en er ikke for xlwings {version}").format(version=version))
    except (KeyError, VbaReadError) as e:
        problems.append(_("{part} kan ikke leses ({error})").format(part=VBA_PART, error=e))
    if problems:
        raise TemplateChangedError(
            _(
                "Ribbon-malen i xlwings {version} har endret seg: {problems}. "
                "Bruk xlwings-versjonen omstill-xl er testet med (>=0.37.8,<0.38)."
            ).format(version=version, problems="; ".join(problems))
        )


def no_workbook_message(button: str) -> str:
    """What the click says when no workbook is open, in the current målform (fixed when the add-in is built)."""
    return _(
        "Finner ingen åpen arbeidsbok. Åpne handlingsplanen i Excel og trykk {button} igjen. (Er den åpnet i "
        "beskyttet visning, trykk først «Aktiver redigering».)"
    ).format(button=button)


def guarded_source(source: str, message: str) -> str:
    """``RibbonMyAddin``'s source with the no-workbook check as the first lines of ``RunMain``."""
    module, _sep, sub = CALLBACK.partition(".")
    head = re.compile(rf"^Sub {sub}\(control As IRibbonControl\)\r\n", re.MULTILINE)
    if len(head.findall(source)) != 1:
        raise TemplateChangedError(
            _("VBA-modulen {module} har ikke nøyaktig én Sub {sub}(control As IRibbonControl).").format(
                module=module, sub=sub
            )
        )
    vba_text = message.replace('"', '""')
    return head.sub(lambda m: m.group(0) + NO_WORKBOOK_GUARD.format(message=vba_text), source, count=1)


def guarded_vba(data: bytes, spec: Addin) -> bytes:
    """The template's vbaProject.bin with the no-workbook check in ``RunMain``, written source-only; read back
    and compared before it is used (every other module unchanged, RunMain exactly as intended)."""
    from .vba import VbaReadError, read_vba_project
    from .vbawrite import rewrite_vba_project

    module = CALLBACK.partition(".")[0]
    before = read_vba_project(data)
    wanted = guarded_source(before.modules[module], no_workbook_message(spec.button))
    try:
        new = rewrite_vba_project(data, {module: wanted})
        after = read_vba_project(new)
    except VbaReadError as e:
        raise TemplateChangedError(_("VBA-en i xlwings-malen kan ikke skrives om ({error}).").format(error=e)) from e
    if after.modules != {**before.modules, module: wanted} or after.project_stream != before.project_stream:
        raise TemplateChangedError(_("VBA-en som ble skrevet, leses ikke tilbake likt. Meld fra om feilen."))
    return new


def xlwings_vba_from_environment() -> bool:
    """``OMSTILL_XLWINGS_VBA=1``: build with xlwings' VBA byte for byte (IT's fallback)."""
    return os.environ.get(XLWINGS_VBA_ENV, "").strip() not in ("", "0")


WORKBOOK_PART = "xl/workbook.xml"
CONF_SHEET_PART = "xl/worksheets/sheet1.xml"
_SHEET_DATA = re.compile(rb"<dimension ref=\"[^\"]*\" />(.*)<sheetData>.*</sheetData>", re.DOTALL)


def conf_sheet_xml(original: bytes, settings: Mapping[str, str]) -> bytes:
    """The template's hidden config sheet with our settings in columns A and B (inline strings, so the
    shared strings stay as they are). The VBA reads it from A1 down (``GetConfigFromSheet``)."""
    from xml.sax.saxutils import escape

    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{escape(k)}</t></is></c>'
        f'<c r="B{i}" t="inlineStr"><is><t>{escape(v)}</t></is></c></row>'
        for i, (k, v) in enumerate(settings.items(), start=1)
    )
    new, n = _SHEET_DATA.subn(
        lambda m: (
            f'<dimension ref="A1:B{len(settings)}" />'.encode() + m.group(1) + f"<sheetData>{rows}</sheetData>".encode()
        ),
        original,
    )
    if n != 1:
        raise TemplateChangedError(
            _("{part} i xlwings-malen har ikke den ventede formen.").format(part=CONF_SHEET_PART)
        )
    return new


def build_bytes(
    template: Path | None = None,
    version: str | None = None,
    spec: Addin = VALIDER,
    sheet_settings: Mapping[str, str] | None = None,
    xlwings_vba: bool | None = None,
) -> bytes:
    """The add-in's bytes: the template with our ribbon and the no-workbook check in the VBA; the same input
    always gives the same bytes. ``sheet_settings``: activate the add-in's own config sheet (``myaddin.conf``)
    with these settings — for a user folder whose name VBA cannot read (see ``ansi_settings``).
    ``xlwings_vba``: keep the template's vbaProject.bin byte for byte (default: ``OMSTILL_XLWINGS_VBA``)."""
    template = template or template_path()
    version = version or xlwings_version()
    if xlwings_vba is None:
        xlwings_vba = xlwings_vba_from_environment()
    with zipfile.ZipFile(template) as zin:
        infos = zin.infolist()
        parts = {i.filename: zin.read(i.filename) for i in infos}
    check_template(parts, version)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in infos:  # same order, names, timestamps and attributes as the template
            data = parts[info.filename]
            if info.filename == CUSTOM_UI_PART:
                data = spec.custom_ui().encode("utf-8")
            elif info.filename == RELS_PART:
                data = data.replace(UI_REL_2007, UI_REL_2006)
            elif info.filename == VBA_PART and not xlwings_vba:
                data = guarded_vba(data, spec)
            elif sheet_settings and info.filename == WORKBOOK_PART:
                inactive = f'name="_{PROJECT_NAME}.conf"'.encode()
                if inactive not in data:
                    raise TemplateChangedError(
                        _("{part} i xlwings-malen har ikke arket _{name}.conf.").format(
                            part=WORKBOOK_PART, name=PROJECT_NAME
                        )
                    )
                data = data.replace(inactive, f'name="{PROJECT_NAME}.conf"'.encode())
            elif sheet_settings and info.filename == CONF_SHEET_PART:
                data = conf_sheet_xml(data, sheet_settings)
            zout.writestr(info, data)
    return out.getvalue()


def resolve_out(out: Path) -> Path:
    """``--out``: a folder (existing, or a name without suffix) gets ``omstill_xl.xlam`` inside; a file must be
    called like one of the add-ins."""
    out = Path(out)
    if out.is_dir() or not out.suffix:
        return out / ADDIN_NAME
    if out.name not in BY_FILE:
        raise OmstillError(
            _(
                "Tillegget må hete {name} (ikke {given}): knappen kjører Python-modulen med samme navn som fila, "
                "f.eks. {example} (eller {other} for knappen Årsrapport)."
            ).format(name=ADDIN_NAME, given=out.name, example=out.with_name(ADDIN_NAME), other=ARSRAPPORT.file)
        )
    return out


def build(out: Path, *, overwrite: bool = False) -> Path:
    path = resolve_out(out)
    data = build_bytes(spec=BY_FILE[path.name])
    try:
        return atomic_write_bytes(path, data, overwrite=overwrite)
    except PermissionError as e:
        raise OutputError(
            _("Kan ikke skrive {path}: fila er i bruk. Lukk Excel og prøv igjen.").format(path=path),
            path,
        ) from e


def build_all(folder: Path, *, overwrite: bool = False) -> list[Path]:
    """Both add-ins (Valider and Årsrapport) into ``folder``; nothing is written if one exists already."""
    folder = Path(folder)
    existing = [folder / a.file for a in ADDINS if (folder / a.file).exists()]
    if existing and not overwrite:
        raise OutputExistsError(
            _("{names} finnes allerede i {folder}. Velg en annen mappe, eller erstatt filene.").format(
                names=", ".join(p.name for p in existing), folder=folder
            ),
            existing[0],
        )
    return [build(folder / a.file, overwrite=True) for a in ADDINS]


# ---------------------------------------------------------------------------------------------- IT's own file


@dataclass(frozen=True)
class AddinFile:
    """An add-in file IT hands over (typically signed): checked, then installed byte for byte."""

    spec: Addin
    data: bytes
    signed: bool
    source: Path


def read_addin_file(path: Path, version: str | None = None) -> AddinFile:
    """Check that ``path`` is one of our add-ins, for the installed xlwings, without changing a byte."""
    from .vba import VbaReadError, read_vba_project

    path = Path(path)
    version = version or xlwings_version()
    if path.name not in BY_FILE:
        raise OmstillError(
            _(
                "{given}: tillegget må hete {name} eller {other} (knappen kjører Python-modulen med samme navn som "
                "fila). Gi fila det riktige navnet og prøv igjen; signaturen påvirkes ikke av navnet."
            ).format(given=path.name, name=ADDIN_NAME, other=ARSRAPPORT.file),
            path,
        )
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {n: z.read(n) for n in z.namelist()}
    except FileNotFoundError as e:
        raise OmstillError(_("Finner ikke tillegget {path}.").format(path=path), path) from e
    except (OSError, zipfile.BadZipFile) as e:
        raise OmstillError(
            _("{name} er ikke et Excel-tillegg (.xlam) som kan leses.").format(name=path.name), path
        ) from e
    problems = []
    if CALLBACK.encode() not in parts.get(CUSTOM_UI_PART, b""):
        problems.append(_("båndet kaller ikke {callback}").format(callback=CALLBACK))
    try:
        xlw = read_vba_project(parts[VBA_PART]).modules.get("xlwings", "")
        m = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', xlw)
        if m is None:
            problems.append(_("VBA-en er ikke xlwings' mal"))
        elif m.group(1) != version:
            problems.append(
                _(
                    "VBA-en er for xlwings {found}, men her er xlwings {version} installert (de må være like; "
                    "be IT signere et tillegg bygd med «omstill excel build» for {version})"
                ).format(found=m.group(1), version=version)
            )
    except (KeyError, VbaReadError):
        problems.append(_("VBA-prosjektet mangler eller kan ikke leses"))
    if problems:
        raise OmstillError(
            _("{name} kan ikke brukes: {problems}.").format(name=path.name, problems="; ".join(problems)), path
        )
    signed = any(n.startswith("xl/vbaProjectSignature") for n in parts)
    return AddinFile(BY_FILE[path.name], data, signed, path)


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
                raise OutputError(
                    _("Innstillingen {key} kan ikke inneholde anførselstegn eller linjeskift: {value}").format(
                        key=key, value=value
                    )
                )
            text_lines.append(f'"{key}","{value}"')
        else:
            text_lines.append(item)
    text = "".join(line + "\r\n" for line in text_lines)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as e:
        raise OutputError(
            _(
                "Innstillingene inneholder tegn som Excel ikke kan lese i denne tegnkoden ({encoding}): «{chars}». "
                "Installer Python i en mappe uten slike tegn i navnet og prøv igjen."
            ).format(encoding=encoding, chars=text[e.start : e.end])
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
    raise OutputError(_("Innstillingsfila kan ikke leses. Slett den og kjør «omstill excel install» igjen."), path)


def our_settings(interpreter: str, conda: tuple[str, str] | None = None) -> dict[str, str]:
    """What the button needs: the interpreter; for a conda Python also the conda folder and environment, which
    the VBA activates first (``conda activate ENV && python …``), as xlwings' own installer writes them."""
    settings = {"INTERPRETER_WIN": interpreter, "ADD_WORKBOOK_TO_PYTHONPATH": "FALSE"}
    if conda:
        settings["CONDA PATH"], settings["CONDA ENV"] = conda
    return settings


def conda_settings(environ: Mapping[str, str] | None = None, sep: str = os.sep) -> tuple[str, str] | None:
    """(conda folder, environment) of an activated conda, found the way ``xlwings config create`` finds it:
    ``CONDA_DEFAULT_ENV`` and ``CONDA_EXE`` set, the folder being CONDA_EXE without ``\\Scripts\\conda.exe``."""
    environ = os.environ if environ is None else environ
    env, exe = environ.get("CONDA_DEFAULT_ENV"), environ.get("CONDA_EXE")
    if env and exe:
        return sep.join(exe.split(sep)[:-2]), env
    return None


def is_conda_python(interpreter: str) -> bool:
    """A python.exe in a conda environment (its folder has ``conda-meta``), activated or not."""
    return (Path(interpreter).parent / "conda-meta").is_dir()


# ---------------------------------------------------------------------------------------------- folder names


def not_ansi(text: str, encoding: str | None = None) -> str:
    """The characters of ``text`` the ANSI code page cannot hold (VBA's Environ, Open and GetAttr turn them
    into «?»), each once: «ŋŧ» for «C:\\Users\\Áŋŋa Ŧ»."""
    encoding = encoding or conf_encoding()
    out = []
    for ch in text:
        try:
            ch.encode(encoding)
        except UnicodeEncodeError:
            if ch not in out:
                out.append(ch)
    return "".join(out)


def windows_short_path(path: str) -> str | None:
    """The 8.3 short name of an existing path (``C:\\Users\\AANGA~1\\…``), plain ASCII; None where there is
    none (not Windows, 8.3 names switched off for the disk)."""
    if not sys.platform.startswith("win"):
        return None
    import ctypes

    buf = ctypes.create_unicode_buffer(1024)
    n = ctypes.windll.kernel32.GetShortPathNameW(str(path), buf, len(buf))
    return buf.value if 0 < n < len(buf) else None


UNICODE_HELP = N_(
    "{what} har tegn som Excel-makroene ikke kan lese på denne PC-en (tegnkode {encoding}): «{chars}», og "
    "Windows har ikke noe kort navn (8.3) uten dem. Knappen i Excel kan derfor ikke starte Python herfra.\n"
    "Dette kan du gjøre:\n"
    "1. Bruk knappen Valider i xlwings Lite (Excel på nettet eller Microsoft 365): den trenger ikke Python på "
    "PC-en. Se «Excel på nettet (xlwings Lite)» i README.\n"
    "2. Kontroller fila uten Excel:  «omstill validate fil.xlsx --annotate med-avvik.xlsx»\n"
    "3. Be IT gi mappen et kort navn (fsutil file setshortname) eller installere Python for alle brukere i "
    "C:\\Program Files, og kjør installasjonen igjen med den nye Python-en («omstill excel install --python STI»)."
)


def ansi_settings(
    settings: Mapping[str, str],
    userprofile: str,
    temp: str,
    *,
    encoding: str | None = None,
    short_path: Callable[[str], str | None] = windows_short_path,
) -> dict[str, str] | None:
    """For a user folder or Python path with characters outside the ANSI code page (Sami č, ŋ, ŧ on a
    Norwegian Windows): the settings with 8.3 short paths, plus ``TEMP DIR`` (the VBA's log file goes there),
    to be put in the add-in's own config sheet — the VBA cannot even find %USERPROFILE%\\.myaddin then.
    None when everything is ANSI (the user file works). OutputError when no short path helps."""
    encoding = encoding or conf_encoding()
    paths = {"INTERPRETER_WIN": N_("Python-mappen"), "CONDA PATH": N_("conda-mappen")}
    if not any(not_ansi(v, encoding) for v in (*settings.values(), userprofile, temp)):
        return None
    out = dict(settings)
    for key, value in [*((k, settings[k]) for k in paths if k in settings), ("TEMP DIR", temp)]:
        if not not_ansi(value, encoding):
            out[key] = value
            continue
        short = short_path(value)
        if not short or not_ansi(short, encoding):
            what = _({**paths, "TEMP DIR": N_("TEMP-mappen")}[key])
            raise OutputError(
                _(UNICODE_HELP).format(
                    what=f"{what.capitalize()} ({value})", encoding=encoding, chars=not_ansi(value, encoding)
                )
            )
        out[key] = short
    for key, value in out.items():
        if key not in (*paths, "TEMP DIR") and not_ansi(value, encoding):
            raise OutputError(
                _(UNICODE_HELP).format(
                    what=_("Innstillingen {key} ({value})").format(key=key, value=value),
                    encoding=encoding,
                    chars=not_ansi(value, encoding),
                )
            )
    return out


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
                _(
                    "Finner ikke mappene APPDATA og USERPROFILE. Kjør kommandoen som vanlig bruker i Ledetekst "
                    "eller PowerShell."
                )
            )
        return cls.for_user(appdata, profile)


def install(
    loc: Locations,
    interpreter: str,
    *,
    encoding: str | None = None,
    conda: tuple[str, str] | None = None,
    addins: list[AddinFile] | None = None,
    userprofile: str | None = None,
    temp: str | None = None,
    short_path: Callable[[str], str | None] = windows_short_path,
) -> list[str]:
    """Put the add-ins into XLSTART and write the settings. ``addins``: IT's files, installed byte for byte
    (none built); without it both add-ins are built here. ``userprofile``/``temp``: checked for characters
    VBA cannot read (default: the folders of ``loc``). Returns what was done, in Norwegian."""
    encoding = encoding or conf_encoding()
    settings = our_settings(interpreter, conda)
    profile = userprofile if userprofile is not None else str(loc.conf.parent.parent)
    temp = temp if temp is not None else os.environ.get("TEMP", "")
    sheet = ansi_settings(settings, profile, temp, encoding=encoding, short_path=short_path)
    if sheet and addins:
        raise OutputError(
            _(
                "Brukermappen eller Python-mappen har tegn som Excel-makroene ikke kan lese («{chars}»). Da må "
                "innstillingene ligge i selve tillegget, og et signert tillegg fra IT kan ikke endres. Installer så "
                "tillegget omstill bygger selv (ikke et signert fra IT), eller bruk xlwings Lite (se README)."
            ).format(chars=not_ansi(profile + interpreter + temp, encoding))
        )
    files: list[tuple[Addin, bytes, AddinFile | None]]
    if addins:
        files = [(a.spec, a.data, a) for a in addins]
    else:
        files = [(a, build_bytes(spec=a, sheet_settings=sheet), None) for a in ADDINS]
    done = []
    for spec, data, given in files:
        target = loc.xlstart / spec.file
        try:
            atomic_write_bytes(target, data, overwrite=True)
        except PermissionError as e:
            raise OutputError(
                _("Tillegget er i bruk. Lukk Excel helt (alle vinduer) og kjør kommandoen igjen."),
                target,
            ) from e
        if given is None:
            done.append(
                _("Tillegget {button}: {path} (xlwings {version})").format(
                    button=spec.button, path=target, version=xlwings_version()
                )
            )
        else:
            how = _("signert") if given.signed else _("IKKE signert")
            done.append(
                _("Tillegget {button}: {path} (kopiert uendret fra {source}, {how})").format(
                    button=spec.button, path=target, source=given.source, how=how
                )
            )
    if not addins and xlwings_vba_from_environment():
        done.append(
            _(
                "{env} er satt: tilleggene har xlwings' VBA uendret, så et trykk uten åpen arbeidsbok gir "
                "«Run-time error '91'» i stedet for en forklaring."
            ).format(env=XLWINGS_VBA_ENV)
        )
    existing = read_conf(loc.conf, encoding)
    old = {k.upper(): v for k, v in (i for i in existing if isinstance(i, tuple))}
    before = old.get("INTERPRETER_WIN")
    lines = merge_settings(existing, {k: v for k, v in (sheet or settings).items() if k in settings})
    atomic_write_bytes(loc.conf, conf_bytes(lines, encoding), overwrite=True)
    if conda:
        done.append(
            _("Innstillinger: {path} (Python: {python}, conda-miljø {env})").format(
                path=loc.conf, python=interpreter, env=conda[1]
            )
        )
    else:
        done.append(_("Innstillinger: {path} (Python: {python})").format(path=loc.conf, python=interpreter))
    if sheet:
        done.append(
            _(
                "Mappenavnet har tegn Excel-makroene ikke kan lese («{chars}»): innstillingene ligger derfor også i "
                "tillegget selv, med korte navn (Python: {python})."
            ).format(chars=not_ansi(profile + interpreter + temp, encoding), python=sheet["INTERPRETER_WIN"])
        )
    if before and before != interpreter:
        done.append(
            _(
                "Fila pekte på en annen Python ({before}); den er byttet ut. Andre xlwings-tillegg som deler "
                "fila, bruker nå også denne."
            ).format(before=before)
        )
    if not conda and old.get("CONDA ENV"):
        done.append(
            _(
                "Fila har fortsatt «CONDA ENV» = {env} (fra et annet tillegg eller en tidligere installasjon): "
                "knappen aktiverer det conda-miljøet før Python starter. Fjern linjen hvis det er feil."
            ).format(env=old["CONDA ENV"])
        )
    return done


def uninstall(
    loc: Locations, interpreter: str, *, encoding: str | None = None, conda: tuple[str, str] | None = None
) -> list[str]:
    """Remove the add-ins and our settings (other add-ins' settings in the same file stay)."""
    done = []
    for spec in ADDINS:
        target = loc.xlstart / spec.file
        if target.exists():
            try:
                target.unlink()
            except PermissionError as e:
                raise OutputError(_("Tillegget er i bruk. Lukk Excel helt og kjør kommandoen igjen."), target) from e
            done.append(_("Fjernet tillegget {path}").format(path=target))
    if loc.conf.is_file():
        ours = our_settings(interpreter, conda)
        rest = remove_settings(read_conf(loc.conf, encoding), ours)
        with contextlib.suppress(OutputError):  # installed with short (8.3) paths: those are ours too
            short = ansi_settings(ours, str(loc.conf.parent.parent), os.environ.get("TEMP", ""), encoding=encoding)
            if short:
                rest = remove_settings(rest, {k: v for k, v in short.items() if k in ours})
        if rest:
            atomic_write_bytes(loc.conf, conf_bytes(rest, encoding), overwrite=True)
            done.append(
                _("Fjernet våre innstillinger fra {path} (andre innstillinger står igjen)").format(path=loc.conf)
            )
        else:
            loc.conf.unlink()
            with contextlib.suppress(OSError):  # the folder may hold other add-ins' files
                loc.conf.parent.rmdir()
            done.append(_("Fjernet innstillingsfila {path}").format(path=loc.conf))
    return done
