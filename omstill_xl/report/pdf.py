"""A rendered report → PDF through LibreOffice headless, written atomically.

``omstill_xl.libreoffice.convert`` gives each conversion its own profile directory (parallel runs otherwise
collide on the profile lock), a timeout, and checks the PDF exists even when soffice exits with 0. Here the
conversion happens in a private temporary folder and the finished PDF is moved into place with
``safeio.atomic_write_bytes``: an interrupted run never leaves half a PDF in the output folder. The PDF is
tagged (PDF/UA export options): a structure tree with headings, tables with header rows, figures with the
charts' alternative texts, and the document language.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ..i18n import translator

_ = translator("report")

PDF_TIMEOUT_S = 180.0


def docx_to_pdf(docx: bytes, target: Path, *, overwrite: bool = False, timeout: float = PDF_TIMEOUT_S) -> Path:
    """Convert ``docx`` (the PDF variant from ``render_docx(..., for_pdf=True)``) and write ``target``."""
    from ..libreoffice import convert, tagged_pdf_format
    from ..safeio import atomic_write_bytes, refuse_existing

    target = Path(target)
    refuse_existing(target, overwrite)
    with tempfile.TemporaryDirectory(prefix="omstill-pdf-") as tmp:
        src = Path(tmp) / (target.stem + ".docx")
        src.write_bytes(docx)
        pdf = convert(src, tagged_pdf_format(), Path(tmp) / "ut", timeout=timeout)
        data = pdf.read_bytes()
    if not data.startswith(b"%PDF"):
        from ..libreoffice import LibreOfficeError

        raise LibreOfficeError(_("LibreOffice laget en fil som ikke er en PDF."), target)
    from .charts import pdf_with_chart_alts

    data = pdf_with_chart_alts(data, docx)  # the charts' alt texts, which LibreOffice drops
    return atomic_write_bytes(target, data, overwrite=overwrite)


# Documents per LibreOffice run: one run per worker, each of at least PDF_CHUNK_MIN documents (a run's start-up,
# ~0.8 s CPU, costs as much as converting two reports: a few documents share one run rather than use every core)
# and at most PDF_CHUNK (a timeout never costs a whole batch).
PDF_CHUNK_MIN = 10
PDF_CHUNK = 25


def convert_staged(outcomes: list[Any], staging: Path, options: Any, failed: str) -> tuple[list[Any], set[str]]:
    """The PDFs of a batch: each PDF variant that ``make_report`` left in ``staging`` (named after its .docx),
    converted by one LibreOffice run per worker (``PDF_CHUNK_MIN`` to ``PDF_CHUNK`` documents a run), as many
    runs at a time as there are workers, each with its own profile; each PDF checked and moved into place atomically.
    Returns ``outcomes`` with ``pdf`` set, or with status ``failed`` and the reason where no PDF was made, and
    the .docx paths whose table of contents got its page numbers from the PDF (when ``options.toc_pages``):
    LibreOffice exports the bookmarks as named destinations, and the page of each heading's is the number its
    PAGEREF shows (``toc.pages_from_pdf``), so a report is laid out once, for its PDF, and its .docx and PDF
    agree."""
    import os
    from concurrent.futures import ThreadPoolExecutor
    from dataclasses import replace

    from ..errors import OmstillError
    from ..libreoffice import convert_many, find_soffice, tagged_pdf_format
    from ..safeio import atomic_write_bytes
    from .charts import pdf_with_chart_alts

    pending = [
        (i, staging / (Path(o.report).stem + ".docx"))
        for i, o in enumerate(outcomes)
        if o.report and (staging / (Path(o.report).stem + ".docx")).exists()
    ]
    numbered: set[str] = set()
    if not pending:
        return outcomes, numbered
    failures: dict[Path, str] = {}
    made: dict[Path, Path] = {}
    fmt = tagged_pdf_format(named_destinations=bool(options.toc_pages))
    try:
        find_soffice()
    except OmstillError as e:
        failures = {src: e.message for _i, src in pending}
    else:
        sources = [src for _i, src in pending]
        workers = max(1, options.workers or os.cpu_count() or 1)
        size = min(PDF_CHUNK, max(PDF_CHUNK_MIN, -(-len(sources) // workers)))
        chunks = [sources[k : k + size] for k in range(0, len(sources), size)]

        def run(n_chunk: tuple[int, list[Path]]) -> tuple[dict[Path, Path], dict[Path, str]]:
            n, chunk = n_chunk
            try:
                return convert_many(chunk, fmt, staging / f"ut{n}", timeout=options.pdf_timeout), {}
            except OmstillError as e:
                return {}, {src.resolve(): e.message for src in chunk}

        with ThreadPoolExecutor(max_workers=min(workers, len(chunks))) as pool:
            for ok, lost in pool.map(run, enumerate(chunks)):
                made.update(ok)
                failures.update(lost)
    result = list(outcomes)
    for i, src in pending:
        outcome = result[i]
        key = src.resolve()
        message = failures.get(key, _("LibreOffice laget ingen PDF-fil."))
        if key in made:
            data = made[key].read_bytes()
            if data.startswith(b"%PDF"):
                try:
                    variant = src.read_bytes()
                    laid_out = data
                    data = pdf_with_chart_alts(data, variant)  # the charts' alt texts, which LO drops
                    target = Path(outcome.report).with_suffix(".pdf")
                    pdf = atomic_write_bytes(target, data, overwrite=options.overwrite)
                    result[i] = replace(outcome, pdf=str(pdf))
                except OmstillError as e:
                    message = e.message
                else:
                    if options.toc_pages and _numbered_from_pdf(Path(outcome.report), variant, laid_out):
                        numbered.add(outcome.report)
                    continue
            else:
                message = _("LibreOffice laget en fil som ikke er en PDF.")
        result[i] = replace(
            outcome, status=failed, message=_("Word-rapporten er laget, men ikke PDF-en: {error}").format(error=message)
        )
    return result, numbered


def _numbered_from_pdf(report: Path, variant: bytes, pdf: bytes) -> bool:
    """Write the page numbers of ``pdf`` (LibreOffice's layout of ``variant``) into the TOC of the .docx
    ``report``; False (the .docx untouched, for the separate pass) where they cannot be read or the document
    numbers its pages otherwise than 1, 2, 3 … as laid out."""
    from ..errors import OmstillError
    from ..safeio import atomic_write_bytes
    from .toc import numbered_as_laid_out, pages_from_pdf, with_pages

    if not numbered_as_laid_out(variant):
        return False
    pages = pages_from_pdf(pdf)
    if not pages:
        return False
    docx = report.read_bytes()
    numbered = with_pages(docx, pages)
    if numbered is docx:
        return False
    try:
        atomic_write_bytes(report, numbered, overwrite=True)
    except OmstillError:
        return False
    return True
