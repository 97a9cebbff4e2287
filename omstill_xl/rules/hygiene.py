"""Spreadsheet hygiene: error values, formulas unlike their neighbours, constants in formulas, external
links, manual calculation, hidden sheets the template does not have."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from .. import i18n
from .. import schema as S
from ..findings import Finding
from ..model import Handlingsplan
from ..workbook.grid import col_index, split_ref
from .arithmetic import template_formulas
from .catalogue import make
from .context import Context

_ = i18n.translator("rules")

_STRING = re.compile(r'"[^"]*"')
_SHEETREF = re.compile(r"(?:'[^']+'|[A-Za-z_][\w.]*)!")
_CELL = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\w(])")
_NUMBER = re.compile(r"(?<![\w.$])(\d+(?:\.\d+)?)(?![\w(])")
HARMLESS_NUMBERS = {"0", "1", "2", "4", "10", "12", "100", "1000"}


def r1c1_shape(formula: str, anchor: str) -> str:
    """The formula with every relative reference written as an offset from its cell (ExceLint's idea)."""
    row0, col0 = split_ref(anchor)
    return _shape(formula, row0, col0)


_QUOTED = re.compile(r'("[^"]*")')


def _shape(formula: str, row0: int, col0: int) -> str:
    """``r1c1_shape`` for the cell at (row0, col0)."""

    def repl(m: re.Match[str]) -> str:
        c_abs, letters, r_abs, digits = m.groups()
        return (f"R{digits}" if r_abs else f"R[{int(digits) - row0}]") + (
            f"C{col_index(letters)}" if c_abs else f"C[{col_index(letters) - col0}]"
        )

    if '"' not in formula:  # no text in it (most formulas): one part, as the split below would give
        return _CELL.sub(repl, formula.upper())
    parts = _QUOTED.split(formula)
    return "".join(p if p.startswith('"') else _CELL.sub(repl, p.upper()) for p in parts)


def error_values(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    reported = {(p.cell.sheet, p.cell.ref) for p in plan.problems if p.code == "error_value"}
    for cell in plan.facts.error_cells:
        if (cell.sheet, cell.ref) not in reported:
            yield make("OX-H001", cell, value=str(cell.raw))


def inconsistent_formulas(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    """Within each table column, a formula whose shape differs from the majority's."""
    by_column: dict[tuple[str, int], list[tuple[str, str, str]]] = defaultdict(list)
    table_rows = {s.name: {r.row for r in plan.records(s)} for s in S.SHEETS if s.table}
    for (sheet, ref), cell in plan.facts.formulas.items():
        if sheet not in table_rows or cell.formula is None:
            continue
        row, col = split_ref(ref)
        if row not in table_rows[sheet]:
            continue
        shape = _shape(cell.formula, row, col)  # r1c1_shape(cell.formula, ref)
        by_column[(sheet, col)].append((ref, shape, cell.formula))
    for (sheet, _col), cells in by_column.items():
        if len(cells) < 3:
            continue
        common, n = Counter(shape for _, shape, _ in cells).most_common(1)[0]
        if n < len(cells) / 2:
            continue
        example = next(f for _, shape, f in cells if shape == common)
        for ref, shape, formula in cells:
            if shape != common:
                yield make(
                    "OX-H002",
                    sheet=sheet,
                    ref=ref,
                    value=formula,
                    expected=example,
                    found=formula,
                    expected_pretty=example,
                )


def constants_in_formulas(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    template = {k: v.lstrip("=") for k, v in template_formulas(plan).items()}
    ours = {s.name for s in S.SHEETS}
    for (sheet, ref), cell in plan.facts.formulas.items():
        if sheet not in ours or cell.formula is None or template.get((sheet, ref)) == cell.formula:
            continue
        text = _SHEETREF.sub("", _STRING.sub('""', cell.formula))
        text = _CELL.sub("", text)
        numbers = [n for n in _NUMBER.findall(text) if n not in HARMLESS_NUMBERS]
        if numbers:
            yield make(
                "OX-H003", sheet=sheet, ref=ref, value=numbers[0], expected=_("cellereferanse"), found=cell.formula
            )


def workbook_settings(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    facts = plan.facts
    if facts.external_links:
        yield make("OX-H004", None, value=len(facts.external_links), expected=0)
    if facts.calc_mode == "manual":
        yield make("OX-H005", None, value=_("manuell"), expected=_("automatisk"))
    for name in facts.hidden_sheets:
        if name not in S.TEMPLATE_SHEETS:
            yield make("OX-H006", None, sheet=name, value=name, expected=_("synlig eller fjernet"))


# Text a spreadsheet (or a CSV export opened in one) would run as a formula: it starts with = + - @ and holds a
# function call or a DDE link (cmd|'/C calc'!A0). Formulas that call out of the workbook: DDE, HYPERLINK, …
_FORMULA_TEXT = re.compile(r"^[\s]*[=+\-@].*(?:[A-Za-z_][\w.]*\(|\|)", re.DOTALL)
_FORMULA_STARTS = frozenset("=+-@")
_DDE = re.compile(r"[\w.]+\|'?[^!]*'?!")
_CALLS_OUT = re.compile(r"\b(HYPERLINK|WEBSERVICE|FILTERXML|IMPORTXML|IMPORTDATA|CALL|REGISTER|EXEC)\s*\(", re.I)
_SHOWN = 80


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def formula_like_text(plan: Handlingsplan, ctx: Context) -> Iterator[Finding]:
    """Text cells that would run as a formula, and formulas that reach out of the workbook (DDE, HYPERLINK)."""
    for _sheet, rec in plan.all_records():
        for cell in rec.cells.values():
            raw = cell.raw
            # the first test: what _FORMULA_TEXT needs first (after any white space, one of = + - @)
            if (
                isinstance(raw, str)
                and (raw[:1] in _FORMULA_STARTS or raw[:1].isspace())
                and cell.formula is None
                and _FORMULA_TEXT.match(raw)
            ):
                yield make(
                    "OX-H008",
                    cell,
                    value=_shown(raw),
                    expected=_("vanlig tekst"),
                    why=_(
                        "Teksten begynner som en formel; åpnet i et regneark (eller eksportert til CSV) kan den "
                        "kjøres og for eksempel starte et program eller sende data ut."
                    ),
                    start=f"«{raw.strip()[0]}»",
                )
    for (sheet, ref), cell in plan.facts.formulas.items():
        text = cell.formula or ""
        if '"' in text:
            text = _STRING.sub('""', text)
        # each pattern needs a «|» or a «(» of its own: tested first at C speed (no formula has DDE, few a quote)
        if ("|" in text and _DDE.search(text)) or ("(" in text and _CALLS_OUT.search(text)):
            yield make(
                "OX-H008",
                sheet=sheet,
                ref=ref,
                value=_shown("=" + (cell.formula or "")),
                expected=_("formel innenfor arbeidsboka"),
                why=_("Formelen kaller ut av arbeidsboka (DDE-kobling eller lenke/nettkall)."),
                start="«=»",
            )


RULES = (error_values, inconsistent_formulas, constants_in_formulas, workbook_settings, formula_like_text)

__all__ = ["RULES", "r1c1_shape"]
