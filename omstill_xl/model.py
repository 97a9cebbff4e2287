"""The typed model of one handlingsplan workbook. Every value knows the sheet and cell it came from.

The record types are generic on purpose: their keys come from ``schema`` (one description of the
workbook), so adding a column adds an attribute without touching this module.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import schema as S

if TYPE_CHECKING:  # pragma: no cover
    from .orgform.model import Orgform


@dataclass(frozen=True)
class CellError:
    """An Excel error value in a cell (``#REF!``, ``#DIV/0!``, …)."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class Cell:
    """A cell as read: its address, raw value, and formula (if any)."""

    sheet: str
    ref: str  # A1 address, e.g. "K7"
    raw: object = None
    formula: str | None = None  # formula text without "=", for shared-formula children the master's
    cached: bool = True  # False: a formula cell saved without a computed value
    # the sheet's name in the workbook where it is not the canonical ``sheet`` (a nynorsk workbook's
    # «Innsatsområde»): what ``address`` shows the user
    shown: str | None = None

    @property
    def address(self) -> str:
        return f"{self.shown or self.sheet}!{self.ref}"

    @property
    def row(self) -> int:
        return int("".join(ch for ch in self.ref if ch.isdigit()))

    @property
    def column(self) -> str:
        return "".join(ch for ch in self.ref if ch.isalpha())


@dataclass(frozen=True)
class Problem:
    """A value that could not be taken as its declared type (the validator turns it into a finding)."""

    code: str  # number_as_text | not_a_number | not_integer | error_value | bad_type
    cell: Cell
    kind: str  # the schema kind expected
    parsed: object = None  # what the text was read as, where it could be (e.g. "1 000" → 1000)


class Record:
    """One table row, or the fields of a form sheet: typed values by schema key, and their cells."""

    __slots__ = ("sheet", "row", "values", "cells")

    def __init__(self, sheet: str, row: int | None, values: Mapping[str, Any], cells: Mapping[str, Cell]) -> None:
        object.__setattr__(self, "sheet", sheet)
        object.__setattr__(self, "row", row)
        object.__setattr__(self, "values", dict(values))
        object.__setattr__(self, "cells", dict(cells))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Record is immutable")

    def __reduce__(self) -> tuple[Any, ...]:  # picklable, so a child process can read a file for us
        return (Record, (self.sheet, self.row, self.values, self.cells))

    def __getattr__(self, key: str) -> Any:
        try:
            return self.values[key]
        except KeyError:
            raise AttributeError(key) from None

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value

    def cell(self, key: str) -> Cell:
        return self.cells[key]

    def address(self, key: str) -> str:
        return self.cells[key].address

    def amount(self, key: str) -> float:
        """A numeric value, 0 where empty or unreadable (problems are reported separately)."""
        value = self.values.get(key)
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and (self.sheet, self.row, self.values) == (
            other.sheet,
            other.row,
            other.values,
        )

    def __hash__(self) -> int:
        return hash((self.sheet, self.row))

    def __repr__(self) -> str:
        where = f"{self.sheet}!{self.row}" if self.row else self.sheet
        return f"Record({where}, {self.values!r})"


@dataclass(frozen=True)
class WorkbookFacts:
    """What the hygiene rules need beyond the values: formulas, errors, names, settings."""

    sheet_names: tuple[str, ...] = ()
    hidden_sheets: tuple[str, ...] = ()
    calc_mode: str = "auto"  # "auto" | "manual" | "autoNoTable"
    external_links: tuple[str, ...] = ()
    defined_names: Mapping[str, str] = field(default_factory=dict)
    formulas: Mapping[tuple[str, str], Cell] = field(default_factory=dict)  # (sheet, ref) → formula cell
    error_cells: tuple[Cell, ...] = ()  # error values anywhere in our sheets
    has_macros: bool = False
    date1904: bool = False


def _default_maalform(f: S.Field, value: object) -> bool:
    """Bokmål in the Målform field is left out of the plain form, as in a new workbook (the default)."""
    return f.kind == "maalform" and value == "nb"


@dataclass(frozen=True)
class Handlingsplan:
    """One year's handlingsplan, read from a workbook (or built in code)."""

    source: str
    program: Record
    innsatsomrader: tuple[Record, ...]
    tiltak: tuple[Record, ...]
    finansiering: Record
    ramme: tuple[Record, ...]
    indikatorer: tuple[Record, ...]
    problems: tuple[Problem, ...] = ()
    facts: WorkbookFacts = field(default_factory=WorkbookFacts)
    capacities: Mapping[str, int] = field(default_factory=dict)  # data rows per table sheet
    orgform: Orgform | None = None  # the «Organisasjonsform» sheet; None in workbooks made before it existed
    sum_cells: Mapping[tuple[str, str], Cell] = field(default_factory=dict)  # (sheet, ref) → a «Sum» row's cell
    # the «Programstatusvurdering» sheet (optional: workbooks made before it existed read as empty)
    psv_mote: Record = field(default_factory=lambda: Record(S.PSV.name, None, {}, {}))
    psv: tuple[Record, ...] = ()
    # Layout version 2: the tilsagn register, its payments and other givers' de minimis aid (empty in older books)
    tilsagn: tuple[Record, ...] = ()
    utbetalinger: tuple[Record, ...] = ()
    annen_stotte: tuple[Record, ...] = ()
    layout_version: int = S.SCHEMA_VERSION  # as the workbook records it (1: made before the register existed)
    missing_sheets: tuple[str, ...] = ()  # optional sheets of the current layout that the workbook lacks
    # canonical sheet name → the name the workbook gives it (a nynorsk workbook's «Innsatsområde»); the model
    # itself (records, cells, facts) uses the canonical names
    sheet_names: Mapping[str, str] = field(default_factory=dict)

    @property
    def aar(self) -> int | None:
        return self.program.get("planaar")

    @property
    def maalform(self) -> str:
        """The målform the workbook chose on its Program sheet: ``"nb"`` or ``"nn"`` (bokmål when it has none)."""
        return self.program.get("maalform") or "nb"

    def sheet_title(self, name: str | None) -> str | None:
        """A canonical sheet name as the workbook names it (for a finding's location)."""
        return self.sheet_names.get(name, name) if name else name

    def records(self, sheet: S.Sheet) -> tuple[Record, ...]:
        assert sheet.table is not None
        return getattr(self, sheet.table.key)

    def all_records(self) -> Iterator[tuple[S.Sheet, Record]]:
        for s in S.SHEETS:
            if s.fields and (getattr(self, s.key).cells or not s.optional):  # an optional sheet may be absent
                yield s, getattr(self, s.key)
            if s.table:
                for r in getattr(self, s.table.key):
                    yield s, r

    def to_data(self) -> dict[str, Any]:
        """The plain form (what the template builder takes): input values only, empty ones left out.

        The «Organisasjonsform» comparison is included only when it differs from a new workbook's (default
        weights, no scores), so building from ``to_data()`` gives the same workbook either way."""
        out: dict[str, Any] = {}
        for s in S.SHEETS:
            part: dict[str, Any] = {}
            if s.fields:
                rec: Record = getattr(self, s.key)
                part["fields"] = {
                    f.key: rec.values[f.key]
                    for f in s.fields
                    if f.is_input and rec.values.get(f.key) is not None and not _default_maalform(f, rec.values[f.key])
                }
            if s.table:
                part["rows"] = [
                    {c.key: r.values[c.key] for c in s.table.input_columns if r.values.get(c.key) is not None}
                    for r in getattr(self, s.table.key)
                ]
            if s.since > 1 and not part.get("rows") and not part.get("fields"):
                continue  # an empty later sheet (or a workbook without it) is left out, as in a new workbook
            out[s.name] = part
        if self.orgform is not None and not self.orgform.is_default:  # the default comparison is left out
            out[S.ORGFORM_SHEET] = self.orgform.to_data()
        return out
