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

PDF_TIMEOUT_S = 180.0


def docx_to_pdf(docx: bytes, target: Path, *, overwrite: bool = False, timeout: float = PDF_TIMEOUT_S) -> Path:
    """Convert ``docx`` (the PDF variant from ``render_docx(..., for_pdf=True)``) and write ``target``."""
    from ..errors import OutputExistsError
    from ..libreoffice import convert, tagged_pdf_format
    from ..safeio import atomic_write_bytes

    target = Path(target)
    if target.exists() and not overwrite:
        raise OutputExistsError(f"Filen {target} finnes allerede. Velg et annet navn, eller erstatt den.", target)
    with tempfile.TemporaryDirectory(prefix="omstill-pdf-") as tmp:
        src = Path(tmp) / (target.stem + ".docx")
        src.write_bytes(docx)
        pdf = convert(src, tagged_pdf_format(), Path(tmp) / "ut", timeout=timeout)
        data = pdf.read_bytes()
    if not data.startswith(b"%PDF"):
        from ..libreoffice import LibreOfficeError

        raise LibreOfficeError("LibreOffice laget en fil som ikke er en PDF.", target)
    return atomic_write_bytes(target, data, overwrite=overwrite)
