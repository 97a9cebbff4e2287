"""The first look at a file: is it there, what its first bytes say it is, and is it too big.

Judged by magic bytes and content only, never by the extension.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import BinaryIO

from ..errors import FileMissingError, UnsafeFileError
from ..i18n import translator
from .limits import Limits
from .messages import _SHRINK_ADVICE, _damaged, _mb

_ = translator("core")


_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_HEAD_BYTES = 8192


def _require_regular_file(path: Path) -> int:
    """Return the size of ``path``; FileMissingError when it is absent or not a regular file."""
    try:
        st = path.stat()
    except (OSError, ValueError) as e:
        raise FileMissingError(
            _("Finner ikke filen «{path}». Kontroller navnet og mappen, og prøv igjen.").format(path=path), path
        ) from e
    if not stat.S_ISREG(st.st_mode):
        raise FileMissingError(
            _(
                "Finner ikke filen «{path}»: stien er en mappe eller noe annet enn en vanlig fil. "
                "Velg selve Excel-filen og prøv igjen."
            ).format(path=path),
            path,
        )
    return st.st_size


def _open_binary(path: Path) -> BinaryIO:
    """Open for reading; FileMissingError when that is not allowed or the file vanished."""
    try:
        return open(path, "rb")
    except OSError as e:
        raise FileMissingError(
            _(
                "Får ikke lest filen «{name}» ({reason}). Kontroller at du har tilgang til den og at den ikke er "
                "åpen i et annet program, og prøv igjen."
            ).format(name=path.name, reason=e.strerror or type(e).__name__),
            path,
        ) from e


def _read_head(path: Path) -> bytes:
    """The first bytes of the file, for sniffing."""
    with _open_binary(path) as fh:
        try:
            return fh.read(_HEAD_BYTES)
        except OSError as e:
            raise _damaged(
                path, _("filen kan ikke leses ({reason})").format(reason=e.strerror or type(e).__name__)
            ) from e


def _sniff_container(head: bytes) -> str:
    """'zip', 'ole2' or 'other', judged by magic bytes only."""
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(_OLE2_MAGIC):
        return "ole2"
    return "other"


def _guess_non_container(head: bytes) -> str:
    """Name what a non-zip, non-OLE2 file looks like: a key of _FORMATS."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "image"
    if head.startswith((b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")):
        return "archive"
    text = _decode_text(head)
    if text is None:
        return "unknown"
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return "xml2003"
    if lowered.startswith(("<html", "<!doctype html", "<table", "<head", "<meta", "mime-version")) or (
        "<html" in lowered[:2000] and lowered.startswith("<")
    ):
        return "html"
    if lowered.startswith("<?xml"):
        return "xml"
    return "text"


def _decode_text(head: bytes) -> str | None:
    """Decode the head as text when it plausibly is text; None for binary data."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if b"\x00" in head:
        return None
    text = head.decode("utf-8", errors="replace") if _is_utf8(head) else head.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    return text if controls <= len(text) // 100 else None


def _is_utf8(data: bytes) -> bool:
    """True when ``data`` is UTF-8, allowing a character cut off at the end."""
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError as e:
        return e.start >= len(data) - 3


def _check_file_size(path: Path, size: int, limits: Limits) -> None:
    """UnsafeFileError when the file on disk is larger than the limit."""
    if size > limits.max_file_bytes:
        raise UnsafeFileError(
            _("Filen er {size}, mer enn grensen på {limit}. {advice}").format(
                size=_mb(size), limit=_mb(limits.max_file_bytes), advice=_(_SHRINK_ADVICE)
            ),
            path,
        )
