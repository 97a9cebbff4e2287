"""An .xlsx/.xlsm file → grids and workbook facts, for ``read.read_plan``.

Values come from python-calamine (fast, keeps A1 positions with ``skip_empty_area=False``). calamine has
no formulas and returns error cells (``#REF!``) as empty strings, so a streaming scan of each sheet's XML
adds formulas, whether a computed value was saved with them, and error values. The file has passed
``intake.check_file`` first: no parser sees a zip bomb, an entity trick or a giant dimension.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

from .. import schema as S
from ..errors import DamagedFileError, EncryptedFileError, MissingDependencyError
from ..intake import IntakeReport, check_file
from ..model import Cell, Handlingsplan, WorkbookFacts
from .grid import FormulaInfo, Grid, ref_of, split_ref, translate_formula
from .read import read_plan

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def scan_sheet_xml(stream) -> tuple[dict[str, FormulaInfo], dict[str, str]]:  # type: ignore[no-untyped-def]
    """Formulas (with shared formulas resolved to their master) and error values of one worksheet part."""
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
    root = fromstring(zf.read(member))
    for dn in root.iter(NS + "definedName"):
        if dn.get("localSheetId") is None and dn.text:
            names[dn.get("name", "")] = dn.text
    calc = root.find(NS + "calcPr")
    if calc is not None:
        calc_mode = calc.get("calcMode", "auto")
    return names, calc_mode


CALAMINE_MISSING = (
    "Pakken python-calamine mangler, og uten den kan ikke omstill lese .xlsx-filer. Installer den med  "
    "py -m pip install python-calamine  (den følger med omstill-xl på Windows, macOS og Linux; i Excel på "
    "nettet leser knappen Valider verdiene fra Excel og trenger den ikke)."
)


def _calamine(path: Path) -> Any:
    """python-calamine, imported only when a file is read (not on Pyodide, where it has no wheel)."""
    try:
        import python_calamine
    except ImportError as e:
        raise MissingDependencyError(CALAMINE_MISSING, path) from e
    return python_calamine


def load_grids(path: Path, report: IntakeReport) -> tuple[dict[str, Grid], WorkbookFacts]:
    pc = _calamine(path)

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError as e:
        raise EncryptedFileError("Arbeidsboka er passordbeskyttet. Fjern passordet i Excel og prøv igjen.", path) from e
    except Exception as e:  # noqa: BLE001 - any parser failure is a damaged file for the user
        raise DamagedFileError(
            f"Filen kan ikke leses ({type(e).__name__}). Åpne den i Excel, velg Lagre som .xlsx og prøv igjen.", path
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
            except Exception as e:  # noqa: BLE001
                raise DamagedFileError(
                    f"Arket «{meta.name}» kan ikke leses ({type(e).__name__}). Åpne boka i Excel, "
                    "lagre den på nytt og prøv igjen.",
                    path,
                ) from e
            part = report.sheet_parts.get(meta.name)
            formulas, errors = ({}, {})
            if part:
                with zf.open(part) as stream:
                    formulas, errors = scan_sheet_xml(stream)
            grid = Grid(meta.name, rows, formulas, errors)
            grids[meta.name] = grid
            for ref in errors:
                r, c = split_ref(ref)
                error_cells.append(Cell(meta.name, ref, grid.value(r, c)))
            for ref, f in formulas.items():
                r, c = split_ref(ref)
                formulas_all[(meta.name, ref)] = Cell(meta.name, ref, grid.value(r, c), f.text, f.cached)
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


def read_file(path: str | Path) -> Handlingsplan:
    """Check and read one workbook file into the model. Raises an ``InputError`` subclass when it cannot."""
    path = Path(path)
    report = check_file(path)
    grids, facts = load_grids(path, report)
    return read_plan(grids, facts, str(path))
