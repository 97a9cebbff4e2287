"""Writing a document context to Word: the årsrapport's look, through the helpers the organisasjonsform section
already uses (``orgform.section``: styles, bordered tables with a repeated header row, the page-number footer),
and the årsrapport's yellow placeholders (``report.render.highlight_placeholders``)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from .. import i18n
from ..i18n import translator
from ..safeio import WORD_PROPERTY_MAX, clean_text, deterministic_zip, guard_docx_text

_ = translator("documents")


def new_document(title: str, *, author: str = "omstill_xl", landscape: bool = False) -> Any:
    """An A4 document styled like the årsrapport, with ``title`` as its Title paragraph and core property; its
    language is the current målform's."""
    guard_docx_text()
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    from ..orgform.section import FIXED_TIME, _page_number_footer, _report_style

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    _report_style(document)
    from ..report.make_template import DARK, _font

    _font(document.styles["Title"], 22, colour=DARK)  # the årsrapport's Title, a size down
    document.styles["Title"].font.italic = False
    _page_number_footer(document)
    document.add_heading(title, level=0)
    props = document.core_properties
    props.title = clean_text(title, WORD_PROPERTY_MAX)
    props.language = i18n.language_tag()
    props.author = clean_text(author, WORD_PROPERTY_MAX)
    props.last_modified_by = "omstill_xl"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    return document


def text_width_cm(document: Any) -> float:
    from ..orgform.section import _text_width_cm

    return _text_width_cm(document)


def table(
    document: Any,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    numeric_from: int = 1,
    total_rows: int = 0,
    size: float = 8.5,
    numeric: Sequence[int] | None = None,
) -> Any:
    """A table filling the text width; ``widths`` are relative; columns from ``numeric_from`` (or the columns in
    ``numeric``) are right-aligned."""
    from ..orgform.section import _table

    full = text_width_cm(document)
    scale = full / sum(widths)
    right = set(numeric) if numeric is not None else set(range(numeric_from, len(header)))
    align: list[str | None] = ["right" if j in right else None for j in range(len(header))]
    return _table(
        document,
        list(header),
        [list(r) for r in rows],
        [round(w * scale, 2) for w in widths],
        size=size,
        align=align,
        total_rows=total_rows,
        first_bold=False,
    )


def paragraph(document: Any, text: str, *, bold_lead: str = "") -> Any:
    p = document.add_paragraph()
    if bold_lead:
        p.add_run(bold_lead).bold = True
    p.add_run(text)
    return p


def note(document: Any, text: str) -> None:
    from ..orgform.section import _note

    _note(document, text)


def provenance(document: Any, lines: Sequence[str]) -> None:
    """The provenance block at the end: which files (with checksums), which tool, the kontroll result."""
    document.add_heading(_("Grunnlag"), level=1)
    for line in lines:
        note(document, line)


def docx_bytes(document: Any) -> bytes:
    """The document as deterministic .docx bytes, placeholders highlighted."""
    from ..report.render import highlight_placeholders

    highlight_placeholders(document)
    buf = io.BytesIO()
    document.save(buf)
    return deterministic_zip(buf.getvalue())


def checked(file: Any) -> str:
    """The kontroll result of a read workbook («Ingen feil funnet», «2 feil og 1 advarsel»)."""
    from ..findings import summary_line

    return summary_line(list(file.findings)) if file is not None else ""


def made_from(path: str, sha256: str, earlier: Sequence[str] = (), *, checked: str = "") -> str:
    """«Laget med omstill_xl 0.1.0 fra eksempel-2026.xlsx (SHA-256 …), og eksempel-2025.xlsx.»"""
    from pathlib import Path

    from .. import __version__

    text = _("Laget med omstill_xl {version} fra {file}").format(version=__version__, file=Path(path).name) + (
        f" (SHA-256 {sha256})" if sha256 else ""
    )
    if earlier:
        text += _(", med tidligere år fra {files}").format(files=", ".join(Path(p).name for p in earlier))
    if checked:
        text += _("; kontroll: {result}").format(result=checked)
    return text + "."
