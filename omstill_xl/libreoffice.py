"""LibreOffice headless: recalculate workbooks and convert documents to PDF.

Each conversion gets its own profile directory (parallel runs otherwise collide on the profile lock and
fail silently), a timeout, and a check that the output really exists even when soffice exits with 0.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Any

from .errors import LibreOfficeError
from .i18n import translator

_ = translator("core")


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise LibreOfficeError(
        _(
            "Finner ikke LibreOffice (soffice). Installer det, f.eks. «apt-get install libreoffice-calc-nogui "
            "libreoffice-writer-nogui» på Debian/Ubuntu. «omstill doctor» viser hva maskinen har."
        )
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
        proc = _run_in_own_group(cmd, env, timeout, src)
    if not target.exists() or target.stat().st_size == 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] if (proc.stderr or proc.stdout) else []
        raise LibreOfficeError(
            (
                _("LibreOffice laget ingen {fmt}-fil (exit {code}).").format(fmt=fmt, code=proc.returncode)
                + " "
                + " ".join(detail)
            ).strip(),
            src,
        )
    return target


def _run_in_own_group(cmd: list[str], env: dict[str, str], timeout: float, src: Path) -> Any:
    """Run soffice in its own process group; on timeout the whole group (soffice.bin and helpers) is killed."""
    posix = os.name == "posix"
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
        start_new_session=posix,
        creationflags=0 if posix else getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as e:
        _kill_group(proc)
        raise LibreOfficeError(
            _("LibreOffice brukte mer enn {seconds} s og ble stoppet.").format(seconds=f"{timeout:.0f}"), src
        ) from e
    except BaseException:
        _kill_group(proc)
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen[str]) -> None:
    if os.name == "posix":
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # start_new_session: the group id is soffice's pid
    else:  # Windows: taskkill /T ends the child processes too
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True, check=False)
    proc.kill()
    with suppress(subprocess.TimeoutExpired, ValueError, OSError):
        proc.communicate(timeout=10)


def recalculate(src: str | Path, outdir: str | Path, *, timeout: float = 180) -> Path:
    """Open in LibreOffice, recalculate every formula, save as .xlsx in ``outdir``."""
    return convert(src, "xlsx", outdir, timeout=timeout)


def tagged_pdf_format(*, named_destinations: bool = False) -> str:
    """The ``--convert-to`` argument for an accessible PDF: tagged (structure tree, alt texts, table headers),
    PDF/UA, the document title shown instead of the file name, headings as bookmarks. With
    ``named_destinations`` the document's bookmarks also become named destinations (where a report's
    table-of-contents page numbers are read from its PDF, ``report.toc.pages_from_pdf``)."""
    import json

    options = {
        "UseTaggedPDF": True,
        "PDFUACompliance": True,
        "DisplayPDFDocumentTitle": True,
        "ExportBookmarks": True,
        "ExportNotes": False,
    }
    if named_destinations:
        options["ExportBookmarksToPDFDestination"] = True
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
        # its own process group: on timeout soffice.bin and its helpers end too, not only the soffice script
        _run_in_own_group(cmd, env, timeout, srcs[0])
    made = {}
    for s in srcs:
        target = outdir / (s.stem + "." + fmt.split(":")[0])
        if target.exists() and target.stat().st_size > 0:
            made[s] = target
    return made
