"""The årsrapport to fylkeskommunen as a Word document (``omstill report``).

Modules, each with one job:

- ``variables``: the report context schema, declared once (lint and README are generated from it)
- ``context``: plans → the plain report context (pure)
- ``programmes``: the programme core's programmes → one report job each (pure)
- ``formatting``: the Jinja filters (the one nb-NO formatter, ``omstill_xl.fmt``)
- ``charts``: the context's chart data as native Word charts (``omstill_xl.docxchart``)
- ``make_template``: the built-in Word template, built by code (``templates/arsrapport.docx``)
- ``lint``: checks a user's template before anything is rendered
- ``render``: context + template → .docx bytes (docxtpl in a sandbox; python-docx for the rest)
- ``pdf``: .docx → PDF through LibreOffice headless
- ``batch``: many inputs → many reports, a summary, both cores

Heavy libraries (docx, docxtpl) are imported inside functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .batch import BatchResult


def make_reports(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    aar: int | None = None,
    pdf: bool = False,
    allow_errors: bool = False,
    overwrite: bool = False,
    workers: int | None = None,
    maalform: str | None = None,
) -> BatchResult:
    """One årsrapport per programme found in ``inputs`` (files and folders), written to the folder ``out`` with
    ``sammendrag.xlsx``; what ``omstill report`` does. Returns the outcomes (``BatchResult.exit_code``: 0 when
    every report was made). Needs the ``rapport`` extra; ``pdf`` needs LibreOffice. Each report is in its
    workbook's målform (Program «Målform»); ``maalform`` («bokmål»/«nynorsk», or an explicit ``i18n.use``
    around the call) chooses one for all of them."""
    from .. import i18n
    from .batch import BatchOptions, run_batch

    chosen = i18n.parse(maalform) if maalform is not None else None
    if maalform is not None and chosen is None:
        raise ValueError(f"unknown målform {maalform!r}; use bokmål or nynorsk")
    options = BatchOptions(
        out=Path(out),
        aar=aar,
        pdf=pdf,
        allow_errors=allow_errors,
        overwrite=overwrite,
        workers=workers,
        maalform=chosen,
    )
    return run_batch(inputs, options)
