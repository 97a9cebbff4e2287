"""The comparison as read from a workbook (or made in code): weights and scores, each with its cell.

Values are kept as the user typed them (``raw``); ``weights``/``scores`` give the numbers the sheet's
formulas use (anything that is not a number counts as empty, as SUM and SUMPRODUCT do). The rules report
values that are not valid; the scoring never guesses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import NotOmstillWorkbookError
from ..i18n import both, translator
from ..model import Cell
from . import layout as L
from .criteria import BY_KEY, CRITERIA, CRITERION_KEYS, DEFAULT_WEIGHTS, FORM_HEADINGS, FORMS

_ = translator("orgform")
Data = dict[str, Any]


def numeric(raw: object) -> float | None:
    """The number a cell holds for the sheet's formulas; None for empty, text, booleans and errors."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return None
    return float(raw)


def _plain(raw: object) -> object:
    return int(raw) if isinstance(raw, float) and raw.is_integer() else raw


@dataclass(frozen=True)
class Orgform:
    """The kommune's weights (one per criterion) and scores (criterion × form), with their cells."""

    source: str
    weight_cells: tuple[Cell, ...]  # CRITERIA order
    score_cells: tuple[tuple[Cell, ...], ...]  # [criterion][form], FORMS order
    formula_cells: Mapping[str, Cell] = field(default_factory=dict)  # computed positions → cell as found
    with_program: bool = True  # the sheet shows the form chosen on the Program sheet

    # -- values ---------------------------------------------------------------------------------------
    @property
    def weights(self) -> dict[str, float | None]:
        return {c.key: numeric(cell.raw) for c, cell in zip(CRITERIA, self.weight_cells)}

    @property
    def scores(self) -> dict[str, dict[str, float | None]]:
        return {
            c.key: {f: numeric(cell.raw) for f, cell in zip(FORMS, row)} for c, row in zip(CRITERIA, self.score_cells)
        }

    def weight_cell(self, key: str) -> Cell:
        return self.weight_cells[CRITERION_KEYS.index(key)]

    def score_cell(self, key: str, form: str) -> Cell:
        return self.score_cells[CRITERION_KEYS.index(key)][FORMS.index(form)]

    @property
    def sum_cell(self) -> Cell:
        ref = L.ref(L.SUM_ROW, L.COL_WEIGHT)
        return self.formula_cells.get(ref) or Cell(L.SHEET, ref)

    @property
    def has_scores(self) -> bool:
        return any(cell.raw is not None for row in self.score_cells for cell in row)

    @property
    def in_use(self) -> bool:
        """Anything typed at all (an empty comparison is not checked)."""
        return self.has_scores or any(cell.raw is not None for cell in self.weight_cells)

    @property
    def is_default(self) -> bool:
        """Exactly as a new workbook has it: default weights, no scores."""
        return not self.has_scores and all(
            cell.raw is not None and numeric(cell.raw) == DEFAULT_WEIGHTS[c.key]
            for c, cell in zip(CRITERIA, self.weight_cells)
        )

    # -- plain data -----------------------------------------------------------------------------------
    def to_data(self) -> Data:
        """The plain form the builder takes: ``{"weights": {key: v}, "scores": {key: {form: v}}}``."""
        weights = {c.key: _plain(cell.raw) for c, cell in zip(CRITERIA, self.weight_cells) if cell.raw is not None}
        scores: Data = {}
        for c, row in zip(CRITERIA, self.score_cells):
            filled = {f: _plain(cell.raw) for f, cell in zip(FORMS, row) if cell.raw is not None}
            if filled:
                scores[c.key] = filled
        return {"weights": weights, "scores": scores}

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None = None, source: str = "") -> Orgform:
        """A comparison made in code (addresses as a new sheet would have them). ``None`` → the default."""
        weights, scores = resolve_data(data)
        wcells = tuple(Cell(L.SHEET, L.weight_ref(i), weights.get(c.key)) for i, c in enumerate(CRITERIA))
        scells = tuple(
            tuple(Cell(L.SHEET, L.score_ref(i, j), scores.get(c.key, {}).get(f)) for j, f in enumerate(FORMS))
            for i, c in enumerate(CRITERIA)
        )
        formulas = {ref: Cell(L.SHEET, ref, None, text.lstrip("="), False) for ref, text in L.formulas().items()}
        return cls(source, wcells, scells, formulas)


def resolve_data(data: Mapping[str, Any] | None) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Weights and scores from plain data, checked: no key given → the default weights and no scores."""
    data = data or {}
    unknown = set(data) - {"weights", "scores"}
    if unknown:
        raise ValueError(f"unknown keys in organisasjonsform data: {sorted(unknown)}")
    weights = dict(DEFAULT_WEIGHTS) if "weights" not in data else dict(data["weights"] or {})
    scores = {k: dict(v or {}) for k, v in (data.get("scores") or {}).items()}
    for key in (*weights, *scores):
        if key not in BY_KEY:
            raise ValueError(f"unknown organisasjonsform criterion {key!r}; known: {', '.join(BY_KEY)}")
    for key, row in scores.items():
        for form in row:
            if form not in FORMS:
                raise ValueError(f"unknown organisasjonsform {form!r} for {key!r}; known: {', '.join(FORMS)}")
    return weights, scores


# ---------------------------------------------------------------------------------------------------
# Reading a grid
# ---------------------------------------------------------------------------------------------------


def _layout_error(source: str, where: str, found: str, expected: str) -> NotOmstillWorkbookError:
    return NotOmstillWorkbookError(
        _(
            "Arket «{sheet}» har ikke oppsettet omstill venter ({sheet}!{where}): fant «{found}», "
            "ventet «{expected}». Ta en kopi av poengene, slett arket og lag det på nytt med «omstill new FIL "
            "--orgform», eller bruk en ny arbeidsbok."
        ).format(sheet=L.SHEET, where=where, found=found or _("ingenting"), expected=_(expected)),
        source or None,
    )


def _label_is(found: str, label: str) -> bool:
    """Is ``found`` the sheet's ``label`` (bokmål) in either målform? A nynorsk sheet reads like a bokmål one."""
    return found.strip().lower() in {form.lower() for form in both("orgform", label)}


def _check_layout(grid: Any, source: str) -> None:
    checks = [(L.SCORE_HEADER_ROW, L.COL_NAME, L.HEAD_NAME), (L.SCORE_HEADER_ROW, L.COL_WEIGHT, L.HEAD_WEIGHT)]
    checks += [(L.SCORE_HEADER_ROW, L.form_col(j), h) for j, h in enumerate(FORM_HEADINGS)]
    checks += [(L.criterion_row(i), L.COL_NAME, c.name_text) for i, c in enumerate(CRITERIA)]
    for row, col, expected in checks:
        found = grid.text(row, col)
        if not _label_is(found, expected):
            raise _layout_error(source, L.ref(row, col), found, expected)


def _cell(grid: Any, row: int, col: int) -> Cell:
    f = grid.formula(row, col)
    return Cell(grid.name, L.ref(row, col), grid.value(row, col), f.text if f else None, f.cached if f else True)


def read_orgform(grid: Any, source: str = "") -> Orgform:
    """The comparison from a ``Grid`` of the «Organisasjonsform» sheet (1-based ``grid.value(r, c)``)."""
    _check_layout(grid, source)
    wcells = tuple(_cell(grid, L.criterion_row(i), L.COL_WEIGHT) for i in range(len(CRITERIA)))
    scells = tuple(
        tuple(_cell(grid, L.criterion_row(i), L.form_col(j)) for j in range(len(FORMS))) for i in range(len(CRITERIA))
    )
    with_program = _label_is(grid.text(L.CHOSEN_ROW, L.COL_NAME), L.LABEL_CHOSEN)
    formula_cells = {}
    for ref in L.formulas(with_program=with_program):
        row, col = _split(ref)
        formula_cells[ref] = _cell(grid, row, col)
    return Orgform(source, wcells, scells, formula_cells, with_program)


def _split(ref: str) -> tuple[int, int]:
    from ..workbook.grid import split_ref

    return split_ref(ref)
