"""Grids → the typed model. Pure: no file access here (see ``xlsx.py`` for files, ``excel_addin`` for Excel).

``read_plan(grids, facts, source)`` finds every field and table row where the schema puts it (or where the
workbook's defined names say a field has moved), coerces values by kind and records problems as data.

A workbook in either målform reads into the same model: sheet names, headers and code words in bokmål or
nynorsk (or a mix) become the schema's canonical (bokmål) ones, so the rules, totals and reports never see the
difference. The model keeps the workbook's own sheet names (``Handlingsplan.sheet_names``) for the findings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from .. import i18n
from .. import schema as S
from ..coerce import coerce
from ..errors import NotOmstillWorkbookError
from ..model import Cell, Handlingsplan, Problem, Record, WorkbookFacts
from .grid import Grid, ref_of, split_ref

_ = i18n.translator("workbook")


def _codes(codelist: S.CodeList | str | None) -> tuple[str, ...] | None:
    return codelist.values if isinstance(codelist, S.CodeList) else None


def _read_value(kind: str, cell: Cell, codelist: S.CodeList | str | None) -> tuple[object, str | None]:
    """One input cell's value (a code word in either målform as the canonical word; a målform as its code)."""
    if kind == "maalform":
        value, problem = _coerce_input("text", cell, None)
        if value is None or problem:
            return None, problem
        code = i18n.parse(value)
        return (code, None) if code else (None, "bad_type")
    if isinstance(codelist, S.CodeList) and isinstance(cell.raw, str):
        raw = S.canonical_code(codelist, cell.raw)
        if raw != cell.raw:  # a nynorsk (or otherwise spelt) word: the cell as if it held the canonical one
            cell = replace(cell, raw=raw)
    return _coerce_input(kind, cell, _codes(codelist))


def _cell(grid: Grid, row: int, col: int, shown: str | None = None) -> Cell:
    raw = grid.value(row, col)
    f = grid.formula(row, col)
    return Cell(grid.name, ref_of(row, col), raw, f.text if f else None, f.cached if f else True, shown)


_new = object.__new__
_set = object.__setattr__


def _fast_cell(sheet: str, ref: str, raw: object, formula: str | None, cached: bool, shown: str | None) -> Cell:
    """``Cell(sheet, ref, raw, formula, cached, shown)`` without the frozen dataclass's five ``__setattr__`` calls: the
    reader makes one per cell of every table row (a third of reading 5 000 tiltak). Equal to the real thing."""
    cell = _new(Cell)
    _set(
        cell, "__dict__", {"sheet": sheet, "ref": ref, "raw": raw, "formula": formula, "cached": cached, "shown": shown}
    )
    return cell


def _coerce_input(kind: str, cell: Cell, codes: tuple[str, ...] | None) -> tuple[object, str | None]:
    """Coerce an input cell; a formula saved without its computed value cannot be read (robustness §3.5)."""
    raw = cell.raw
    if raw is None:
        if cell.formula is not None and not cell.cached:
            return None, "uncached_formula"
        return None, None  # every kind reads an empty cell as empty (``coerce``), the commonest case
    if type(raw) is float and kind in _NUMERIC and math.isfinite(raw):
        return (int(raw) if raw.is_integer() else raw), None  # as ``coerce.as_amount``: the next commonest
    return coerce(kind, raw, codes)


_NUMERIC = frozenset({"amount", "number"})


def _field_position(s: S.Sheet, f: S.Field, names: Mapping[str, str]) -> tuple[int, int]:
    """Where a field's value is: its defined name if it points into this sheet, else the schema's row."""
    target = names.get(f.defined_name)
    if target and "!" in target:
        sheet_part, ref = target.rsplit("!", 1)
        if S.canonical_sheet(sheet_part.strip("'")) == s.name:
            try:
                return split_ref(ref)
            except ValueError:
                pass
    return S.field_row(s, f.key), S.FIELD_VALUE_COL


def _read_fields(
    s: S.Sheet, grid: Grid, names: Mapping[str, str], problems: list[Problem], shown: str | None = None
) -> Record:
    values, cells = {}, {}
    for f in s.fields:
        row, col = _field_position(s, f, names)
        cell = _cell(grid, row, col, shown)
        cells[f.key] = cell
        if f.formula:
            values[f.key] = cell.raw if cell.raw is not None else None
            continue
        value, problem = _read_value(f.kind, cell, f.codelist)
        if problem:
            problems.append(Problem(problem, cell, "code" if f.kind == "maalform" else f.kind, value))
            if problem != "number_as_text":
                value = None
        # empty, unreadable, or a workbook made before the field: no choice (None), so the run's målform applies
        # (the user's environment, else bokmål; ``Handlingsplan.maalform`` reads it as bokmål)
        values[f.key] = value
    return Record(s.name, None, values, cells)


def _check_header(s: S.Sheet, grid: Grid, header_row: int, shown: str) -> None:
    assert s.table is not None
    found = [grid.text(header_row, ci) for ci in range(1, len(s.table.columns) + 1)]
    forms = [S.header_forms(c.header) for c in s.table.columns]  # a header in bokmål or nynorsk
    ok = [" ".join(a.split()).casefold() in b for a, b in zip(found, forms)]
    if sum(ok) < (len(forms) + 1) // 2 or not ok[0]:
        name = shown  # the sheet's name in the workbook
        expected = ", ".join(S.tr(c.header) for c in s.table.columns[:4])
        raise NotOmstillWorkbookError(
            _(
                "Arket «{sheet}» har ikke kolonnene til en omstill-arbeidsbok i rad {row} ({where}): fant "
                "«{found}», ventet «{expected} …». Lag en ny arbeidsbok med «omstill new» og flytt dataene over."
            ).format(
                sheet=name,
                row=header_row,
                where=f"{name}!A{header_row}",
                found=", ".join(x for x in found if x) or _("ingenting"),
                expected=expected,
            )
        )


def _table_end(s: S.Sheet, grid: Grid, first: int) -> int:
    """Last data row: the row before «Sum» on sheets with a sum row, else the last row with data."""
    assert s.table is not None
    if s.table.sum_row:
        for row in range(first, grid.nrows + 1):
            if _is_sum_row(s, grid, row):
                return row - 1
    return max(grid.nrows, first - 1)


def _is_sum_row(s: S.Sheet, grid: Grid, row: int) -> bool:
    """«Sum» in column A and nothing in the columns that are not totals (a tiltak with the id «Sum» has a name)."""
    assert s.table is not None
    return grid.text(row, 1) in _SUM_WORDS and all(
        grid.value(row, ci) is None for ci, c in enumerate(s.table.columns, start=1) if ci > 1 and not c.total
    )


_SUM_WORDS = frozenset(i18n.both("workbook", "Sum"))


def _read_rows(
    s: S.Sheet, grid: Grid, problems: list[Problem], shown: str | None = None
) -> tuple[tuple[Record, ...], int]:
    t = s.table
    assert t is not None
    header = S.table_header_row(s)
    _check_header(s, grid, header, shown or grid.name)
    first = header + 1
    last = _table_end(s, grid, first)
    inputs = [ci - 1 for ci, c in enumerate(t.columns, start=1) if c.is_input]
    ncols = len(t.columns)
    # per column, once: (index, key, letters, is a formula column, kind, code list)
    columns = [
        (ci - 1, col.key, ref_of(1, ci)[:-1], bool(col.formula), col.kind, col.codelist)
        for ci, col in enumerate(t.columns, start=1)
    ]
    name = grid.name
    records = []
    # what _read_value gives a code cell's text without a formula, by (column, text): a pure function of the two,
    # and the same few words fill a column
    known: dict[tuple[int, str], tuple[object, str | None]] = {}
    for row in range(first, last + 1):
        if grid.blank_row(row):  # the template's empty rows up to the table's capacity
            continue
        raws = grid.row_values(row, ncols)
        if all(raws[i] is None for i in inputs):
            continue
        formulas = grid.row_formulas(row)
        digits = str(row)
        values, cells = {}, {}
        for i, key, letters, is_formula, kind, codelist in columns:
            f = formulas.get(i + 1) if formulas else None
            raw = raws[i]
            # _fast_cell written out (it runs for every cell of every row)
            cell = _new(Cell)
            _set(
                cell,
                "__dict__",
                {
                    "sheet": name,
                    "ref": letters + digits,
                    "raw": raw,
                    "formula": f.text if f else None,
                    "cached": f.cached if f else True,
                    "shown": shown,
                },
            )
            cells[key] = cell
            if is_formula:
                values[key] = raw
                continue
            if f is None:  # the commonest cases of _read_value, with its result
                if raw is None:
                    values[key] = None
                    continue
                if type(raw) is float and kind in _NUMERIC and math.isfinite(raw):
                    values[key] = int(raw) if raw.is_integer() else raw
                    continue
            if f is None and type(raw) is str and kind != "maalform" and isinstance(codelist, S.CodeList):
                got = known.get((i, raw))
                if got is None:
                    got = known[(i, raw)] = _read_value(kind, cell, codelist)
                value, problem = got
            else:
                value, problem = _read_value(kind, cell, codelist)
            if problem:
                problems.append(Problem(problem, cell, kind, value))
                if problem != "number_as_text":
                    value = None
            values[key] = value
        records.append(Record(s.name, row, values, cells))
    return tuple(records), last - first + 1


def _sum_cells(s: S.Sheet, grid: Grid, last: int, shown: str | None = None) -> dict[tuple[str, str], Cell]:
    """The «Sum» row's total cells (what they hold, formula or not), so a rule can say what overwrote one."""
    t = s.table
    assert t is not None
    row = last + 1
    if not t.sum_row or not _is_sum_row(s, grid, row):
        return {}
    out = {}
    for ci, col in enumerate(t.columns, start=1):
        if col.total:
            cell = _cell(grid, row, ci, shown)
            out[(s.name, cell.ref)] = cell
    return out


def _present(sheet_names: list[str] | tuple[str, ...]) -> set[str]:
    """The canonical names of the schema's sheets among ``sheet_names`` (in either målform)."""
    return {c for n in sheet_names if (c := S.canonical_sheet(n)) is not None}


def missing_sheets(sheet_names: list[str] | tuple[str, ...]) -> list[str]:
    """The required sheets (layout version 1) the workbook lacks; later sheets are optional when reading."""
    present = _present(sheet_names)
    return [s.name for s in S.required_sheets() if s.name not in present]


def layout_version(names: Mapping[str, str], sheet_names: list[str] | tuple[str, ...]) -> int:
    """The layout version the workbook records (hidden defined name); 1 when it records none (made before)."""
    raw = str(names.get(S.SCHEMA_VERSION_NAME, "")).strip().lstrip("=").strip('"')
    if raw.isdigit():
        return int(raw)
    present = _present(sheet_names)
    later = [s for s in S.SHEETS if s.since > 1]
    return S.SCHEMA_VERSION if later and all(s.name in present for s in later) else 1


def canonical_grids(
    grids: Mapping[str, Grid], facts: WorkbookFacts
) -> tuple[dict[str, Grid], WorkbookFacts, dict[str, str]]:
    """The grids and facts with the schema's sheets under their canonical names (a nynorsk «Innsatsområde» is
    «Innsatsområder»), and canonical → the workbook's own name for every schema sheet found. Nothing is
    copied when the names are the canonical ones already (a bokmål workbook)."""
    own: dict[str, str] = {}
    rename: dict[str, str] = {}
    for name in grids:
        canonical = S.canonical_sheet(name)
        if canonical is None:
            continue
        own.setdefault(canonical, name)
        if name != canonical:
            rename[name] = canonical
    for name in facts.hidden_sheets:
        canonical = S.canonical_sheet(name)
        if canonical is not None and name != canonical:
            rename[name] = canonical
    if not rename:
        return dict(grids), facts, own

    def to(name: str) -> str:
        return rename.get(name, name)

    def cell(c: Cell) -> Cell:
        return replace(c, sheet=to(c.sheet), shown=c.sheet) if c.sheet in rename else c

    new_grids = {to(n): (Grid(to(n), g.rows, g.formulas, g.errors) if n in rename else g) for n, g in grids.items()}
    new_facts = replace(
        facts,
        hidden_sheets=tuple(to(n) for n in facts.hidden_sheets),
        formulas={(to(sh), ref): cell(c) for (sh, ref), c in facts.formulas.items()},
        error_cells=tuple(cell(c) for c in facts.error_cells),
    )
    return new_grids, new_facts, own


def read_plan(grids: Mapping[str, Grid], facts: WorkbookFacts, source: str) -> Handlingsplan:
    """Build the model from one grid per schema sheet (keys are sheet names as in the workbook, either målform)."""
    missing = missing_sheets(list(grids))
    if missing and len(missing) == len(S.required_sheets()) and S.ORGFORM_SHEET in _present(list(grids)):
        raise NotOmstillWorkbookError(
            _(
                "Boka har bare sammenlikningen av organisasjonsformer (laget med «omstill new … --orgform»), ikke "
                "en handlingsplan. Kontroller og ranger den med «omstill orgform {name}»."
            ).format(name=Path(source).name),
            source,
        )
    if missing:
        have = ", ".join(f"«{n}»" for n in grids) or _("ingen")
        raise NotOmstillWorkbookError(
            _(
                "Dette er ikke en omstill-arbeidsbok: arkene {missing} mangler (boka har {have}). Lag en ny "
                "arbeidsbok med «omstill new», eller åpne et av eksemplene i mappen workbooks/."
            ).format(missing=", ".join(f"«{S.tr(m)}»" for m in missing), have=have),
            source,
        )
    grids, facts, own_names = canonical_grids(grids, facts)
    by_lower = {(S.canonical_sheet(name) or name.strip()).lower(): g for name, g in grids.items()}
    problems: list[Problem] = []
    parts: dict[str, object] = {}
    caps: dict[str, int] = {}
    sum_cells: dict[tuple[str, str], Cell] = {}
    absent: list[str] = []
    for s in S.SHEETS:
        grid = by_lower.get(s.name.lower())
        if grid is None:  # a sheet a later layout added: the workbook reads without it (and a note says so)
            absent.append(s.name)
            if s.table:
                parts[s.table.key] = ()
            continue
        own = own_names.get(s.name, s.name)
        shown = own if own != s.name else None  # the workbook's name for the sheet, where it is not the schema's
        try:
            if s.fields:
                parts[s.key] = _read_fields(s, grid, facts.defined_names, problems, shown)
            if s.table:
                parts[s.table.key], caps[s.name] = _read_rows(s, grid, problems, shown)
                sum_cells.update(_sum_cells(s, grid, S.table_header_row(s) + caps[s.name], shown))
        except NotOmstillWorkbookError as e:
            raise NotOmstillWorkbookError(e.message, source) from None
    orgform_grid = by_lower.get(S.ORGFORM_SHEET.lower())
    if orgform_grid is not None:  # optional: workbooks made before the sheet existed have none
        from ..orgform.model import read_orgform

        parts["orgform"] = read_orgform(orgform_grid, source)
    found = {
        "problems": tuple(problems),
        "facts": facts,
        "capacities": caps,
        "sum_cells": sum_cells,
        "layout_version": layout_version(facts.defined_names, list(grids)),
        "missing_sheets": tuple(absent),
        "sheet_names": own_names,
    }
    return Handlingsplan(source=source, **found, **parts)  # type: ignore[arg-type]


__all__ = ["read_plan", "missing_sheets", "layout_version", "Grid"]
