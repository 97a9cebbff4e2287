"""Safe output: atomic writes, no silent overwrite, safe file names."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .errors import OutputError

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def atomic_write_bytes(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    An existing file is replaced only when ``overwrite`` is true; a half-written file never appears.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise OutputError(
            f"Filen {path} finnes allerede. Velg et annet navn, eller bruk --overwrite for å erstatte den.", path
        )
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise OutputError(f"Kan ikke skrive i mappen {folder}: {e.strerror}.", path) from e
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


_FIXED_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip (xlsx/docx) with fixed timestamps so the same content gives the same bytes."""
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _FIXED_MODIFIED.sub(rb"\g<1>2024-01-01T00:00:00Z\g<2>", data)
            dst.writestr(fixed, data)
    return out.getvalue()


def safe_filename(text: str, *, suffix: str = "", max_bytes: int = 255) -> str:
    """A file name made from user text: no separators, no ``..``, no reserved Windows names, ≤ max_bytes."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    text = text.replace("..", "_")
    if not text:
        text = "uten_navn"
    if text.split(".")[0].upper() in _WINDOWS_RESERVED:
        text = "_" + text
    budget = max_bytes - len(suffix.encode("utf-8"))
    while len(text.encode("utf-8")) > budget:
        text = text[:-1]
    return text.rstrip(" .") + suffix
