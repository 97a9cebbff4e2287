"""An .xlsx/.xlsm file → grids and workbook facts, for ``read.read_plan``.

Values come from python-calamine (fast, keeps A1 positions with ``skip_empty_area=False``). calamine has
no formulas and returns error cells (``#REF!``) as empty strings, so a streaming scan of each sheet's XML
adds formulas, whether a computed value was saved with them, and error values. The file has passed
``intake.check_file`` first: no parser sees a zip bomb, an entity trick or a giant dimension.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse
from xml.parsers import expat

from .. import schema as S
from ..errors import DamagedFileError, EncryptedFileError, MissingDependencyError
from ..i18n import N_, translator
from ..intake import IntakeReport, check_file, run_isolated
from ..model import Cell, Handlingsplan, WorkbookFacts
from .grid import FormulaInfo, Grid, col_index, ref_of, split_ref, translate_formula
from .read import _fast_cell, read_plan

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

# When the parse runs in a child process (``intake.run_isolated``): python-calamine can abort the whole process
# (SIGABRT) where intake cannot bound the work, so large files are parsed where an abort costs one message.
_ = translator("workbook")

ISOLATE_ABOVE_BYTES = 2 * 1024 * 1024  # our workbooks are ~40 kB; 500 tiltak ~60 kB
ISOLATE_ABOVE_CELLS = 200_000  # cell elements, or cells in the largest used area of one sheet
CHILD_TIMEOUT_S = 60.0
CHILD_MEMORY_MB = 1536
_NOT_CAUGHT = (KeyboardInterrupt, SystemExit, GeneratorExit)


def _reader_failed(e: BaseException) -> bool:
    """True for a failure of the parser (including pyo3's PanicException, a BaseException); False for Ctrl-C."""
    return not isinstance(e, _NOT_CAUGHT)


def _bad_xml(path: Path, part: str, e: Exception) -> DamagedFileError:
    where = getattr(e, "position", None)
    at = (
        _(" (linje {line}, kolonne {col})").format(line=where[0], col=where[1])
        if isinstance(where, tuple) and len(where) == 2
        else ""
    )
    return DamagedFileError(
        _(
            "{part} er ikke gyldig XML{at}, for eksempel et kontrolltegn som ikke kan stå i en arbeidsbok. Filen er "
            "trolig laget eller endret av et annet program enn Excel. Åpne den i Excel, velg Lagre som .xlsx og prøv "
            "igjen."
        ).format(part=part, at=at),
        path,
    )


def scan_sheet_xml(
    stream: Any,
) -> tuple[dict[str, FormulaInfo], dict[str, str], dict[tuple[int, int], FormulaInfo] | None]:
    """Formulas (with shared formulas resolved to their master) and error values of one worksheet part, and the
    formulas by (row, column) where the fastest path found them so (else None: the grid places them itself).

    The part is checked to be well-formed XML by expat without building any element (C speed), and then only
    the cells that can hold what is wanted are looked at: those with an ``<f>`` element and those typed as
    errors (``t="e"``) — a few per cent of a data sheet. A part these fast paths cannot take exactly as
    ElementTree would (cells without ``r=``, namespace prefixes, CDATA, another encoding) goes through
    :func:`_scan_sheet_elements` instead, with the same result.
    """
    return scan_sheet_data(stream.read())


def scan_sheet_data(
    data: bytes,
) -> tuple[dict[str, FormulaInfo], dict[str, str], dict[tuple[int, int], FormulaInfo] | None]:
    """:func:`scan_sheet_xml` of the part's bytes."""
    _well_formed(data)
    fastest = _scan_formula_cells(data)
    if fastest is not None:
        return fastest
    fast = _scan_sheet_bytes(data)
    if fast is None:
        fast = _scan_sheet_elements(io.BytesIO(data))
    return fast[0], fast[1], None


def _well_formed(data: bytes) -> None:
    """Raise ``ParseError`` (with ``position``) where expat, the parser behind ElementTree, would."""
    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as e:
        err = ParseError(str(e))
        err.code, err.position = e.code, (e.lineno, e.offset)
        raise err from None


_CELL_START = re.compile(rb"<c[\s/>]")
_CELL_WITH_REF = re.compile(rb'<c r="')
_CELL_TAG = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"([^>]*?)(/?)>')
_T_ATTR = re.compile(rb"""\st\s*=\s*["']([^"']*)["']""")
_F_ELEMENT = re.compile(rb"<f(\s[^>]*?)?(?:/>|>(.*?)</f>)", re.S)
_V_ELEMENT = re.compile(rb"<v(?:\s[^>]*?)?(?:/>|>(.*?)</v>)", re.S)
_ERROR_CELL = re.compile(rb"""<c\s[^>]*?\st\s*=\s*["']e["']""")
_ATTR = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _xml_text(raw: bytes) -> str:
    # expat turns CR LF and lone CR in text into LF before entities are resolved; the same here
    text = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").decode("utf-8")
    if "&" not in text:
        return text
    import html  # here: html.entities is a large table, and most formulas and values have no entity

    return html.unescape(text)


def _has_quoted_e(data: bytes) -> bool:
    """Can ``["']e["']`` occur (as in ``t="e"``)? Two scans for the rare ``e"``/``e'``, at memchr speed; True
    (let the pattern decide) when there are too many of them to look at one by one."""
    looked = 0
    for end in (b'e"', b"e'"):
        pos = data.find(end, 1)
        while pos >= 0:
            looked += 1
            if looked > 10_000 or data[pos - 1 : pos] in (b'"', b"'"):
                return True
            pos = data.find(end, pos + 1)
    return False


# A formula cell in the form Excel, LibreOffice and openpyxl write it: ``<c r="P7" s="15"><f>SUM(L7:O7)</f><v>0</v></c>``
# (no markup inside the texts, no other child). Each start tag ends at the first «>» after it, and is an empty
# element when a «/» comes just before that «>» (even one inside a quoted value), as _scan_sheet_bytes's patterns
# read them: the atomic groups keep a later part of the match from choosing another end.
_FORMULA_CELL = re.compile(
    rb'<c r="(([A-Z]{1,3})(\d{1,7}))"([^<>]*)(?<!/)>'  # 1 ref, 2 letters, 3 digits, 4 the cell's other attributes
    rb"<f(?>(\s[^<>]*?)?(/)?>)(?(6)|([^<]*)</f>)"  # 5 attributes, 6 «/» of an empty <f/>, 7 text
    rb"(?:(<v)(?>(?:\s[^<>]*?)?(/)?>)(?(9)|([^<]*)</v>))?</c>"  # 8 a <v>, 9 «/» of an empty <v/>, 10 text
)
_F_START = re.compile(rb"<f[ \t\n\r/>]")
_PREFIXED = re.compile(rb":(?:c |f[ >])")  # found where «:c », «:f>» or «:f » is
# a match where len(_CELL_START.findall(data)) != data.count(b'<c r="'): a «<c» start tag not followed by « r="»
_NOT_PLAIN_CELL = re.compile(rb'<c(?:[\t\n\r\f\v/>]| (?!r="))')
_COLUMN_OF: dict[bytes, int] = {}  # b"P" → 16, filled as met (at most the 18 278 of three letters)


def _scan_formula_cells(
    data: bytes,
) -> tuple[dict[str, FormulaInfo], dict[str, str], dict[tuple[int, int], FormulaInfo]] | None:
    """:func:`_scan_sheet_bytes` for a part whose every formula cell has the plain form (``_FORMULA_CELL``), with no
    error cell and no two formula cells at one place; None (let that function decide) for any other part.

    It looks at the same cells (the ``<c r="`` before each ``<f`` start tag) in the same order and takes the
    same facts from each, with one regex match per cell instead of five: the match must begin at that cell's
    start tag and reach the very ``<f`` that led to it, or the part goes the general way.
    """
    # the checks of _scan_sheet_bytes, each in one C-speed pass: a prefixed cell or formula, a cell start tag
    # other than «<c r="» (a cell without r=, attributes in another order), an error cell
    head = data[:200].lower()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (b"encoding=" in head and b"utf-8" not in head):
        return None
    if b"<![CDATA[" in data or _PREFIXED.search(data) or _NOT_PLAIN_CELL.search(data):
        return None
    may_have_errors = _has_quoted_e(data) if b"'" in data else b'"e"' in data  # no «'»: only «"e"» can be one
    if may_have_errors and _ERROR_CELL.search(data):
        return None
    formulas: dict[str, FormulaInfo] = {}
    at: dict[tuple[int, int], FormulaInfo] = {}
    shared: dict[str, tuple[str, str]] = {}
    rfind, match, columns = data.rfind, _FORMULA_CELL.match, _COLUMN_OF
    added = 0
    for f_start in _F_START.finditer(data):
        pos = f_start.start()
        start = rfind(b'<c r="', 0, pos)
        cell = match(data, start) if start >= 0 else None
        if cell is None or cell.end(4) + 1 != pos:
            return None
        ref_b, letters, digits, cell_attrs, f_attrs, _f_empty, f_text, v_tag, _v_empty, v_text = cell.groups()
        ref = ref_b.decode("ascii")
        # a saved result: text in <v>, or an empty <v> in a cell typed as a string (see _scan_sheet_elements)
        cached = v_tag is not None and (bool(v_text) or _cell_type(cell_attrs) == b"str")
        text = _xml_text(f_text) if f_text else ""
        info = None
        if f_attrs:
            attrs = {
                m.group(1): (m.group(2) if m.group(2) is not None else m.group(3)) for m in _ATTR.finditer(f_attrs)
            }
            si = attrs.get(b"si")
            if attrs.get(b"t") == b"shared" and si is not None:
                key = si.decode("utf-8")
                if text:
                    shared[key] = (text, ref)
                    info = FormulaInfo(text, ref, cached)
                elif key in shared:
                    master_text, master_ref = shared[key]
                    info = FormulaInfo(translate_formula(master_text, master_ref, ref), master_ref, cached)
            elif text:
                info = FormulaInfo(text, ref, cached)
        elif text:
            info = FormulaInfo(text, ref, cached)
        if info is not None:
            col = columns.get(letters)
            if col is None:
                col = columns[letters] = col_index(letters.decode("ascii"))
            formulas[ref] = at[(int(digits), col)] = info
            added += 1
    if len(formulas) != added or len(at) != added:
        return None  # one place written twice (A7 and A07, or one cell twice): as the general way does it
    return formulas, {}, at


def _cell_type(attrs: bytes) -> bytes | None:
    """The ``t`` attribute's value among a cell's other attributes, as ``_scan_sheet_bytes`` reads it."""
    if b"t" not in attrs:
        return None
    found = _T_ATTR.search(attrs)
    return found.group(1) if found else None


def _scan_sheet_bytes(data: bytes) -> tuple[dict[str, FormulaInfo], dict[str, str]] | None:
    """The fast path of :func:`scan_sheet_xml`; None where it cannot be exact."""
    head = data[:200].lower()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (b"encoding=" in head and b"utf-8" not in head):
        return None
    if b"<![CDATA[" in data or b":c " in data or b":f>" in data or b":f " in data:
        return None
    if len(_CELL_START.findall(data)) != data.count(b'<c r="'):
        return None  # a cell without r="…" (placed by counting), or attributes in another order
    formulas: dict[str, FormulaInfo] = {}
    errors: dict[str, str] = {}
    shared: dict[str, tuple[str, str]] = {}
    starts: list[int] = []
    pos = data.find(b"<f", 0)
    while pos >= 0:
        if data[pos + 2 : pos + 3] in (b" ", b">", b"/", b"\t", b"\n", b"\r"):
            starts.append(data.rfind(b'<c r="', 0, pos))
        pos = data.find(b"<f", pos + 2)
    if _has_quoted_e(data):  # every error cell has one; the pattern is costly on a large sheet without any
        starts += [m.start() for m in _ERROR_CELL.finditer(data)]
    for start in sorted(set(starts)):
        if start < 0:
            return None
        tag = _CELL_TAG.match(data, start)
        if tag is None:
            return None
        ref = (tag.group(1) + tag.group(2)).decode("ascii")
        t_match = _T_ATTR.search(tag.group(3))
        t = t_match.group(1).decode("ascii", "replace") if t_match else None
        if tag.group(4):
            continue  # <c …/>: no content
        end = data.find(b"</c>", tag.end())
        if end < 0:
            return None
        body = data[tag.end() : end]
        v = _V_ELEMENT.search(body)
        v_text = _xml_text(v.group(1)) if v is not None and v.group(1) else None
        if t == "e" and v_text:
            errors[ref] = v_text
        f = _F_ELEMENT.search(body)
        if f is None:
            continue
        attrs = {
            m.group(1): (m.group(2) if m.group(2) is not None else m.group(3))
            for m in _ATTR.finditer(f.group(1) or b"")
        }
        cached = v is not None and (v_text is not None or t == "str")
        text = _xml_text(f.group(2)) if f.group(2) else ""
        si = attrs.get(b"si")
        if attrs.get(b"t") == b"shared" and si is not None:
            key = si.decode("utf-8")
            if text:
                shared[key] = (text, ref)
                formulas[ref] = FormulaInfo(text, ref, cached)
            elif key in shared:
                master_text, master_ref = shared[key]
                formulas[ref] = FormulaInfo(translate_formula(master_text, master_ref, ref), master_ref, cached)
        elif text:
            formulas[ref] = FormulaInfo(text, ref, cached)
    return formulas, errors


def _scan_sheet_elements(stream: Any) -> tuple[dict[str, FormulaInfo], dict[str, str]]:
    """:func:`scan_sheet_xml` element by element (ElementTree), for any part the fast path cannot take."""
    formulas: dict[str, FormulaInfo] = {}
    errors: dict[str, str] = {}
    shared: dict[str, tuple[str, str]] = {}  # si → (master text, master ref)
    row_no, col_no = 0, 0
    for event, el in iterparse(stream, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == NS + "row":
                r = el.get("r")
                row_no = int(r) if r else row_no + 1
                col_no = 0
            continue
        if tag != NS + "c":
            if tag == NS + "row":
                el.clear()
            continue
        ref = el.get("r")
        if ref:
            row_no, col_no = split_ref(ref)
        else:
            col_no += 1
            ref = ref_of(row_no, col_no)
        f = el.find(NS + "f")
        v = el.find(NS + "v")
        if el.get("t") == "e" and v is not None and v.text:
            errors[ref] = v.text
        if f is not None:
            # A saved result: text in <v>, or an empty <v> typed as a string (Excel and LibreOffice write an
            # empty-string result so; openpyxl writes an untyped empty <v> for "not calculated yet").
            cached = v is not None and (v.text is not None or el.get("t") == "str")
            si = f.get("si")
            text = f.text or ""
            if f.get("t") == "shared" and si is not None:
                if text:
                    shared[si] = (text, ref)
                    formulas[ref] = FormulaInfo(text, ref, cached)
                elif si in shared:
                    master_text, master_ref = shared[si]
                    formulas[ref] = FormulaInfo(translate_formula(master_text, master_ref, ref), master_ref, cached)
            elif text:
                formulas[ref] = FormulaInfo(text, ref, cached)
        el.clear()
    return formulas, errors


def _member_bytes(zf: zipfile.ZipFile, member: str, report: IntakeReport) -> bytes:
    """The member's bytes: those the intake inflated and checked where it kept them, else ``zf.read``. The member
    is opened either way, so zipfile's own checks of its local header refuse the same files as before."""
    kept = report.kept.get(member)
    with zf.open(member) as stream:
        return stream.read() if kept is None else kept


def _workbook_xml_facts(zf: zipfile.ZipFile, report: IntakeReport) -> tuple[dict[str, str], str]:
    """Defined names (name → target) and the calculation mode, from xl/workbook.xml."""
    from defusedxml.ElementTree import fromstring

    member = report.members.get("xl/workbook.xml") or next(
        (real for low, real in report.members.items() if low.endswith("workbook.xml")), None
    )
    names: dict[str, str] = {}
    calc_mode = "auto"
    if member is None:
        return names, calc_mode
    if report.workbook_names is not None and report.workbook_names[0] == member:
        # the intake parsed these very bytes (defusedxml, DTDs forbidden): the same tree, read the same way
        with zf.open(member):  # opened all the same: zipfile's checks of its local header refuse what they did
            pass
        return dict(report.workbook_names[1]), report.workbook_names[2]
    try:
        root = fromstring(_member_bytes(zf, member, report))
    except (ParseError, ValueError) as e:
        raise _bad_xml(report.path, _("Arbeidsbokdelen (workbook.xml)"), e) from e
    for dn in root.iter(NS + "definedName"):
        if dn.get("localSheetId") is None and dn.text:
            names[dn.get("name", "")] = dn.text
    calc = root.find(NS + "calcPr")
    if calc is not None:
        calc_mode = calc.get("calcMode", "auto")
    return names, calc_mode


CALAMINE_MISSING = N_(
    "Pakken python-calamine mangler, og uten den kan ikke omstill lese .xlsx-filer. Installer den med  "
    "py -m pip install python-calamine  (den følger med omstill-xl på Windows, macOS og Linux; i Excel på "
    "nettet leser knappen Valider verdiene fra Excel og trenger den ikke)."
)


def _calamine(path: Path) -> Any:
    """python-calamine, imported only when a file is read (not on Pyodide, where it has no wheel)."""
    try:
        import python_calamine
    except ImportError as e:
        raise MissingDependencyError(_(CALAMINE_MISSING), path) from e
    return python_calamine


def _open_calamine(pc: Any, path: Path) -> Any:
    """calamine by path, or from the open file when the name is not valid UTF-8 (a Latin-1 «Bodø» from an old
    archive): Rust cannot take such a name, the operating system can."""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        with open(path, "rb") as fh:
            return pc.CalamineWorkbook.from_filelike(fh)
    return pc.CalamineWorkbook.from_path(name)


def load_grids(path: Path, report: IntakeReport) -> tuple[dict[str, Grid], WorkbookFacts]:
    pc = _calamine(path)

    try:
        wb = _open_calamine(pc, path)
    except pc.PasswordError as e:
        raise EncryptedFileError(
            _("Arbeidsboka er passordbeskyttet. Fjern passordet i Excel og prøv igjen."), path
        ) from e
    except BaseException as e:  # any parser failure (a Rust panic is a BaseException) is a damaged file
        if not _reader_failed(e):
            raise
        raise DamagedFileError(
            _("Filen kan ikke leses ({reason}). Åpne den i Excel, velg Lagre som .xlsx og prøv igjen.").format(
                reason=type(e).__name__
            ),
            path,
        ) from e
    wanted = {name.lower() for name in S.data_sheet_names()}
    grids: dict[str, Grid] = {}
    error_cells: list[Cell] = []
    formulas_all: dict[tuple[str, str], Cell] = {}
    with zipfile.ZipFile(path) as zf:
        names, calc_mode = _workbook_xml_facts(zf, report)
        for meta in wb.sheets_metadata:
            if meta.name.strip().lower() not in wanted:
                continue
            try:
                rows = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            except BaseException as e:  # a Rust panic is a BaseException
                if not _reader_failed(e):
                    raise
                raise DamagedFileError(
                    _(
                        "Arket «{name}» kan ikke leses ({reason}). Åpne boka i Excel, lagre den på nytt og prøv igjen."
                    ).format(name=meta.name, reason=type(e).__name__),
                    path,
                ) from e
            part = report.sheet_parts.get(meta.name)
            formulas: dict[str, FormulaInfo] = {}
            errors: dict[str, str] = {}
            at: dict[tuple[int, int], FormulaInfo] | None = None
            if part:
                try:
                    formulas, errors, at = scan_sheet_data(_member_bytes(zf, part, report))
                except (ParseError, ValueError) as e:
                    raise _bad_xml(path, _("Arket «{name}»").format(name=meta.name), e) from e
            grid = Grid(meta.name, rows, formulas, errors)
            grids[meta.name] = grid
            for ref in errors:
                r, c = split_ref(ref)
                error_cells.append(Cell(meta.name, ref, grid.value(r, c)))
            name = meta.name
            if at is not None:  # the places are known (as split_ref would give them, in the same order)
                grid.place_formulas(at)
                value = grid.value
                for ref, (r, c) in zip(formulas, at):
                    f = formulas[ref]
                    formulas_all[(name, ref)] = _fast_cell(name, ref, value(r, c), f.text, f.cached, None)
            else:
                for ref, f in formulas.items():
                    r, c = split_ref(ref)
                    formulas_all[(name, ref)] = _fast_cell(name, ref, grid.value(r, c), f.text, f.cached, None)
    external = tuple(
        sorted(
            real for low, real in report.members.items() if low.startswith("xl/externallinks/") and low.endswith(".xml")
        )
    )
    facts = WorkbookFacts(
        sheet_names=tuple(m.name for m in wb.sheets_metadata),
        hidden_sheets=tuple(report.hidden_sheets),
        calc_mode=calc_mode,
        external_links=external,
        defined_names=names,
        formulas=formulas_all,
        error_cells=tuple(error_cells),
        has_macros=report.has_macros,
        date1904=report.date1904,
    )
    return grids, facts


def needs_isolation(report: IntakeReport) -> bool:
    """True when intake cannot bound the parse well enough to run it in this process."""
    return (
        report.size > ISOLATE_ABOVE_BYTES
        or report.cells > ISOLATE_ABOVE_CELLS
        or report.largest_area > ISOLATE_ABOVE_CELLS
    )


def read_grids(path: str | Path, *, isolate: bool | None = None) -> tuple[dict[str, Grid], WorkbookFacts]:
    """Check ``path`` and read its grids; in a child process when the file is large (or when ``isolate``)."""
    path = Path(path)
    report = check_file(path)
    if isolate is None:
        isolate = needs_isolation(report)
    if isolate:
        return run_isolated(_grids_in_child, str(path), timeout=CHILD_TIMEOUT_S, memory_mb=CHILD_MEMORY_MB, path=path)
    return load_grids(path, report)


def _grids_in_child(path: str) -> tuple[dict[str, Grid], WorkbookFacts]:
    return load_grids(Path(path), check_file(path))


def _plan_in_child(path: str) -> Handlingsplan:
    grids, facts = load_grids(Path(path), check_file(path))
    return read_plan(grids, facts, path)


def read_file(path: str | Path, *, isolate: bool | None = None) -> Handlingsplan:
    """Check and read one workbook file into the model. Raises an ``InputError`` subclass when it cannot.

    Every failure names the file: a parser that aborts, hangs or runs out of memory does so in a child process
    (for large files, or with ``isolate=True``) and becomes an ``InputError`` here.
    """
    path = Path(path)
    report = check_file(path)
    if isolate is None:
        isolate = needs_isolation(report)
    if isolate:
        return run_isolated(_plan_in_child, str(path), timeout=CHILD_TIMEOUT_S, memory_mb=CHILD_MEMORY_MB, path=path)
    from ..gcpause import paused_gc

    with paused_gc():  # a cell object per cell read, all kept in the plan: a third of the reading was the collector
        grids, facts = load_grids(path, report)
        return read_plan(grids, facts, str(path))
