"""The finding record: what the validator reports, as data.

The same list renders as text (``report_text``), JSON (``to_json``), an «Avvik» sheet in an annotated copy,
and marks in the open workbook (the Excel button).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from . import i18n
from .i18n import N_

_ = i18n.translator("rules")

SEVERITIES = ("feil", "advarsel", "info")  # the codes, stable for machines (JSON); words for people: severity_name
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
SEVERITY_NAMES = {"feil": N_("feil"), "advarsel": N_("advarsel"), "info": N_("info")}


def severity_name(severity: str) -> str:
    """The word a user reads for a severity, in the current målform (nynorsk: feil, åtvaring, info)."""
    return _(SEVERITY_NAMES[severity]) if severity in SEVERITY_NAMES else severity


@dataclass(frozen=True)
class Finding:
    """One finding of a rule: code, severity, text, and the cell it is about."""

    code: str  # stable, e.g. "OX-A001"
    severity: str  # feil | advarsel | info
    title: str  # short title from the catalogue
    message: str  # Norwegian, rendered from the catalogue's template
    hint: str  # what to do
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None  # A1 address on ``sheet``
    value: Any = None  # what was found
    expected: Any = None  # what was expected

    @property
    def location(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def with_file(self, file: str) -> Finding:
        return replace(self, file=file)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("value", "expected"):
            original = getattr(self, k)  # asdict would turn a CellError into a dict
            if isinstance(original, (list, tuple)) and all(isinstance(x, (str, int, float)) for x in original):
                d[k] = list(original)
            elif original is not None and not isinstance(original, (str, int, float, bool)):
                d[k] = str(original)
        return d


def sort_key(f: Finding) -> tuple[Any, ...]:
    from .workbook.grid import split_ref

    sheet_order = _sheet_order(f.sheet)
    try:
        row, col = split_ref(f.cell) if f.cell else (0, 0)
    except ValueError:
        row, col = 0, 0
    return (f.file or "", sheet_order, row, col, SEVERITY_RANK.get(f.severity, 9), f.code)


def _sheet_order(sheet: str | None) -> int:
    from .schema import TEMPLATE_SHEETS

    if sheet is None:
        return -1
    return TEMPLATE_SHEETS.index(sheet) if sheet in TEMPLATE_SHEETS else len(TEMPLATE_SHEETS)


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    out = {s: 0 for s in SEVERITIES}
    for f in findings:
        out[f.severity] += 1
    return out


def summary_line(findings: list[Finding]) -> str:
    """«3 feil og 2 advarsler» / «Ingen feil funnet» (in the current målform)."""
    c = counts(findings)
    if not any(c.values()):
        return _("Ingen feil funnet")
    parts = []
    if c["feil"]:
        parts.append(i18n.ngettext("rules", "{n} feil", "{n} feil", c["feil"]).format(n=c["feil"]))
    if c["advarsel"]:
        n = c["advarsel"]
        parts.append(i18n.ngettext("rules", "{n} advarsel", "{n} advarsler", n).format(n=n))
    if c["info"]:
        parts.append(i18n.ngettext("rules", "{n} merknad", "{n} merknader", c["info"]).format(n=c["info"]))
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + _(" og ") + parts[-1]
    if not c["feil"]:
        text = _("Ingen feil, men {counts}").format(counts=text)
    return text
