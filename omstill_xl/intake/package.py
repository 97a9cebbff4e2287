"""Package structure: which part is the workbook, which parts are the sheets.

Reads the package relationships and [Content_Types].xml to identify an .xlsx/.xlsm workbook (and
name other zips: OpenDocument, .xlsb, Word, PowerPoint, plain zip), then the workbook part: its
worksheet parts, hidden sheets and the 1904 date system. Structural parts are parsed with
defusedxml after their prolog has been checked and within a size cap.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..errors import UnsafeFileError
from ..i18n import translator
from .messages import _damaged, _unsupported
from .xmlguard import _check_xml_prolog, _head_chunks
from .zippkg import _has_vba, _normalise, _ZipPackage

_ = translator("core")

_MACRO_CONTENT = "macroenabled"
_SHEET_STATES_HIDDEN = {"hidden", "veryhidden"}


@dataclass(frozen=True)
class _Relationship:
    """One relationship of a package part."""

    type: str  # last segment of the Type URI: officeDocument, worksheet, chartsheet, …
    target: str  # normalised part name, or the raw target for external relationships
    external: bool


@dataclass(frozen=True)
class _Book:
    """What workbook.xml says about the sheets and the date system."""

    sheet_parts: dict[str, str]
    hidden_sheets: tuple[str, ...]
    date1904: bool
    defined_names: dict[str, str]  # workbook-level <definedName>s with a text: name → formula
    calc_mode: str  # <calcPr calcMode>, «auto» when absent


def _local(tag: str) -> str:
    """The local name of an ElementTree tag or attribute key."""
    return tag.rsplit("}", 1)[-1]


def _parse_xml_part(pkg: _ZipPackage, info: zipfile.ZipInfo) -> Element:
    """Prolog-check, read (size-capped) and parse one structural XML part with defusedxml."""
    _check_xml_prolog(pkg, info)
    data = pkg.read(info, pkg.limits.max_structure_part)
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as e:
        raise UnsafeFileError(
            _(
                "XML-delen «{part}» inneholder DTD- eller entitetserklæringer. Filen er avvist av sikkerhetshensyn."
            ).format(part=info.filename),
            pkg.path,
        ) from e
    except (ParseError, ValueError) as e:
        raise _damaged(pkg.path, _("XML-delen «{part}» er ikke gyldig XML").format(part=info.filename)) from e


def _rels_part_for(part: str) -> str:
    """The relationships part of ``part`` ('' for the package itself)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _resolve_target(source_part: str, target: str) -> str:
    """A relationship target as a normalised part name, relative to the source part's folder."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        joined = target
    else:
        joined = posixpath.join(posixpath.dirname(source_part), target)
    return _normalise(posixpath.normpath("/" + joined.lstrip("/")))


def _read_relationships(pkg: _ZipPackage, part: str) -> dict[str, _Relationship] | None:
    """Relationships of ``part`` keyed by Id; None when the part has no relationships part."""
    info = pkg.info(_rels_part_for(part))
    if info is None:
        return None
    root = _parse_xml_part(pkg, info)
    rels: dict[str, _Relationship] = {}
    for el in root.iter():
        if _local(el.tag) != "Relationship":
            continue
        external = el.get("TargetMode", "").lower() == "external"
        target = el.get("Target", "")
        rels[el.get("Id", "")] = _Relationship(
            type=el.get("Type", "").rsplit("/", 1)[-1],
            target=target if external else _resolve_target(part, target),
            external=external,
        )
    return rels


def _identify_package(pkg: _ZipPackage) -> tuple[str, str]:
    """('xlsx' | 'xlsm', real name of the workbook part); UnsupportedFormatError for other zips."""
    foreign = _foreign_zip_format(pkg)
    if foreign:
        raise _unsupported(pkg.path, foreign)
    main = _main_document(pkg)
    if main is None:
        raise _unsupported(pkg.path, _other_office_zip(pkg))
    if main.filename.lower().endswith(".bin"):
        raise _unsupported(pkg.path, "xlsb")
    content_type = _content_type_of(pkg, main.filename).lower()
    if "binary" in content_type:
        raise _unsupported(pkg.path, "xlsb")
    if (
        "spreadsheetml" not in content_type
        and "ms-excel" not in content_type
        and posixpath.basename(_normalise(main.filename)) != "workbook.xml"
    ):
        raise _unsupported(pkg.path, _other_office_zip(pkg))
    macro = _MACRO_CONTENT in content_type or _has_vba(pkg)
    return ("xlsm" if macro else "xlsx"), main.filename


def _foreign_zip_format(pkg: _ZipPackage) -> str | None:
    """'ods'/'odf' for OpenDocument (by its mimetype member), 'xlsb' for xl/workbook.bin; else None."""
    mimetype = pkg.info("mimetype")
    if mimetype is not None:
        value = b"".join(_head_chunks(pkg, mimetype, 200)).decode("ascii", errors="replace").strip()
        if value.startswith("application/vnd.oasis.opendocument.spreadsheet"):
            return "ods"
        if value.startswith("application/vnd.oasis.opendocument"):
            return "odf"
    if pkg.info("xl/workbook.bin") is not None and pkg.info("xl/workbook.xml") is None:
        return "xlsb"
    return None


def _main_document(pkg: _ZipPackage) -> zipfile.ZipInfo | None:
    """The officeDocument part named by _rels/.rels, else the conventional xl/workbook.xml."""
    rels = _read_relationships(pkg, "") or {}
    for rel in rels.values():
        if rel.type == "officeDocument" and not rel.external:
            info = pkg.info(rel.target)
            if info is not None:
                return info
    return pkg.info("xl/workbook.xml") or pkg.info("xl/workbook.bin")


def _other_office_zip(pkg: _ZipPackage) -> str:
    """Name a non-spreadsheet zip: Word, PowerPoint or plain zip."""
    if pkg.info("word/document.xml") is not None:
        return "docx"
    if pkg.info("ppt/presentation.xml") is not None:
        return "pptx"
    return "zip"


def _content_type_of(pkg: _ZipPackage, part: str) -> str:
    """The content type [Content_Types].xml gives ``part`` (Override, then Default); '' if none."""
    info = pkg.info("[Content_Types].xml")
    if info is None:
        return ""
    root = _parse_xml_part(pkg, info)
    wanted = "/" + _normalise(part)
    extension = posixpath.splitext(wanted)[1].lstrip(".")
    default = ""
    for el in root.iter():
        name = _local(el.tag)
        if name == "Override" and "/" + _normalise(el.get("PartName", "")) == wanted:
            return el.get("ContentType", "")
        if name == "Default" and el.get("Extension", "").lower() == extension:
            default = el.get("ContentType", "")
    return default


def _read_workbook(pkg: _ZipPackage, workbook_part: str) -> _Book:
    """Sheet names, their worksheet parts, hidden sheets and the date system from the workbook part."""
    root = _parse_xml_part(pkg, pkg.by_key[_normalise(workbook_part)])
    if _local(root.tag) != "workbook":
        raise _unsupported(pkg.path, _other_office_zip(pkg))
    rels = _read_relationships(pkg, _normalise(workbook_part))
    if rels is None:
        raise _damaged(pkg.path, _("koblingene fra arbeidsboka til arkene mangler"))
    sheet_parts: dict[str, str] = {}
    hidden: list[str] = []
    seen: set[str] = set()
    for el in root.iter():
        if _local(el.tag) != "sheet":
            continue
        name = el.get("name", "")
        if name.lower() in seen:
            raise _damaged(pkg.path, _("arket «{name}» finnes flere ganger").format(name=name))
        seen.add(name.lower())
        if el.get("state", "").lower() in _SHEET_STATES_HIDDEN:
            hidden.append(name)
        rel = rels.get(_relationship_id(el) or "")
        if rel is None:
            raise _damaged(pkg.path, _("arket «{name}» mangler i filen").format(name=name))
        if rel.type != "worksheet":
            continue  # chart sheets, dialog sheets, macro sheets hold no table data
        info = pkg.info(rel.target)
        if info is None or rel.external:
            raise _damaged(pkg.path, _("arket «{name}» mangler i filen").format(name=name))
        sheet_parts[name] = info.filename
    names, calc_mode = _names_and_calc_mode(root)
    return _Book(sheet_parts, tuple(hidden), _is_date1904(root), names, calc_mode)


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _names_and_calc_mode(root: Element) -> tuple[dict[str, str], str]:
    """Workbook-level defined names (name → formula) and the calculation mode, read as the reader reads them."""
    names: dict[str, str] = {}
    for dn in root.iter(_MAIN_NS + "definedName"):
        if dn.get("localSheetId") is None and dn.text:
            names[dn.get("name", "")] = dn.text
    calc = root.find(_MAIN_NS + "calcPr")
    return names, ("auto" if calc is None else calc.get("calcMode", "auto"))


def _relationship_id(sheet: Element) -> str | None:
    """The r:id of a <sheet>, whatever prefix or (transitional/strict) namespace it uses."""
    for key, value in sheet.attrib.items():
        if key.startswith("{") and _local(key) == "id" and key[1:].split("}")[0].endswith("relationships"):
            return value
    return None


def _is_date1904(root: Element) -> bool:
    for el in root.iter():
        if _local(el.tag) == "workbookPr":
            return el.get("date1904", "").strip().lower() in ("1", "true", "on")
    return False
