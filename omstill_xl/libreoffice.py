"""LibreOffice headless: recalculate workbooks and convert documents to PDF.

Each conversion gets its own profile directory (parallel runs otherwise collide on the profile lock and
fail silently), a timeout, and a check that the output really exists even when soffice exits with 0.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import LibreOfficeError


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise LibreOfficeError(
        "Finner ikke LibreOffice (soffice). Installer det, f.eks. «apt-get install libreoffice-calc-nogui "
        "libreoffice-writer-nogui» på Debian/Ubuntu. «omstill doctor» viser hva maskinen har."
    )


def convert(src: str | Path, fmt: str, outdir: str | Path, *, timeout: float = 180) -> Path:
    """Convert ``src`` to ``fmt`` (``pdf``, ``xlsx``, …) in ``outdir``; returns the output path."""
    src, outdir = Path(src).resolve(), Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / (src.stem + "." + fmt.split(":")[0])
    if target.resolve() == src:
        raise LibreOfficeError("Konvertering ville overskrive kildefilen.", src)
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="omstill-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ]
        env = {**os.environ, "HOME": profile}
        try:
            proc = subprocess.run(
                cmd, capture_output=True, text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired as e:
            raise LibreOfficeError(f"LibreOffice brukte mer enn {timeout:.0f} s og ble stoppet.", src) from e
    if not target.exists() or target.stat().st_size == 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] if (proc.stderr or proc.stdout) else []
        raise LibreOfficeError(
            f"LibreOffice laget ingen {fmt}-fil (exit {proc.returncode}). {' '.join(detail)}".strip(), src
        )
    return target


def recalculate(src: str | Path, outdir: str | Path, *, timeout: float = 180) -> Path:
    """Open in LibreOffice, recalculate every formula, save as .xlsx in ``outdir``."""
    return convert(src, "xlsx", outdir, timeout=timeout)


def tagged_pdf_format() -> str:
    """The ``--convert-to`` argument for an accessible PDF: tagged (structure tree, alt texts, table headers),
    PDF/UA, the document title shown instead of the file name, headings as bookmarks."""
    import json

    options = {
        "UseTaggedPDF": True,
        "PDFUACompliance": True,
        "DisplayPDFDocumentTitle": True,
        "ExportBookmarks": True,
        "ExportNotes": False,
    }
    typed = {k: {"type": "boolean", "value": "true" if v else "false"} for k, v in options.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(typed, separators=(",", ":"))


def convert_many(srcs: list[Path], fmt: str, outdir: str | Path, *, timeout: float = 180) -> dict[Path, Path]:
    """Convert several files in one LibreOffice run (start-up paid once); {source: output} for those made.

    Files that produced no output are left out of the result (the caller decides what that means).
    """
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    srcs = [Path(s).resolve() for s in srcs]
    if not srcs:
        return {}
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="omstill-lo-") as profile:
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", fmt]
        cmd += ["--outdir", str(outdir), *map(str, srcs)]
        env = {**os.environ, "HOME": profile}
        try:
            subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as e:
            raise LibreOfficeError(f"LibreOffice brukte mer enn {timeout:.0f} s og ble stoppet.", srcs[0]) from e
    made = {}
    for s in srcs:
        target = outdir / (s.stem + "." + fmt.split(":")[0])
        if target.exists() and target.stat().st_size > 0:
            made[s] = target
    return made
