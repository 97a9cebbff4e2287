"""Up-front checks on an input file before any spreadsheet parser sees it.

``check_file`` looks at the bytes (never the extension), refuses everything that is not an
.xlsx/.xlsm workbook with a Norwegian explanation, and refuses workbooks that could exhaust
time or memory in openpyxl or python-calamine: zip bombs, XML entity tricks and huge sheet
dimensions. See /work/shared/robustness.md, section 5.

``run_isolated`` runs a parser in a child process with a memory limit and a timeout, because
both libraries can hang or abort the whole process on hostile input.

Every failure is one of the typed errors in :mod:`omstill_xl.errors`; nothing else escapes.
"""

from __future__ import annotations

import codecs
import multiprocessing
import os
import posixpath
import re
import signal
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from .errors import (
    DamagedFileError,
    EncryptedFileError,
    FileMissingError,
    OmstillError,
    UnsafeFileError,
    UnsupportedFormatError,
)

__all__ = ["DEFAULT_LIMITS", "IntakeReport", "Limits", "check_file", "run_isolated"]

MIB = 1024 * 1024


# --------------------------------------------------------------------------------------------
# Public types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """Ceilings applied before parsing. Sizes are bytes (MB means MiB)."""

    max_file_bytes: int = 50 * MIB
    max_total_uncompressed: int = 200 * MIB
    max_member_uncompressed: int = 100 * MIB
    max_compression_ratio: float = 100.0
    ratio_applies_above: int = 1 * MIB  # the ratio is only judged when the total exceeds this
    max_cells: int = 5_000_000  # rows × columns of one sheet
    max_rows: int = 200_000
    max_cols: int = 2_000
    max_members: int = 10_000
    max_structure_part: int = 10 * MIB  # workbook.xml, rels, [Content_Types].xml (parsed to a DOM)
    max_xml_prolog: int = 64 * 1024  # bytes before the root element of an XML part


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class IntakeReport:
    """What ``check_file`` learned about an accepted workbook."""

    path: Path
    kind: str  # "xlsx" or "xlsm"
    size: int  # bytes on disk
    members: dict[str, str]  # normalised member name (lower case, "/" separators) -> real member name
    sheet_parts: dict[str, str]  # worksheet name -> real zip member name of its XML
    hidden_sheets: tuple[str, ...]  # sheets (of any type) with state hidden/veryHidden
    has_macros: bool  # a vbaProject.bin member is present
    date1904: bool  # workbookPr date1904


# --------------------------------------------------------------------------------------------
# Norwegian messages
# --------------------------------------------------------------------------------------------

_RESAVE = "Åpne filen i Excel eller LibreOffice, lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen."
_DAMAGED_ADVICE = "Åpne den i Excel, velg Lagre som, og prøv igjen."
_ENCRYPTED_ADVICE = ("Fjern passordet i Excel (Fil → Info → Beskytt arbeidsbok → Krypter med passord → "
                     "tøm feltet), lagre og prøv igjen.")
_SHRINK_ADVICE = "Slett ubrukte rader, kolonner og ark, lagre på nytt og prøv igjen."


@dataclass(frozen=True)
class _Format:
    """A file type we recognise but do not read: how to name it and what to advise."""

    label: str  # completes "Filen er …" / "… men er egentlig …"
    extensions: tuple[str, ...]  # extensions that would be honest for this content
    advice: str


_FORMATS: dict[str, _Format] = {
    "xls": _Format("en Excel 97–2003-fil (.xls)", (".xls", ".xlt"),
                   "Programmet leser bare Excel-arbeidsbøker (.xlsx og .xlsm). Åpne filen i Excel, velg "
                   "Lagre som → Excel-arbeidsbok (.xlsx), og prøv igjen."),
    "xlsb": _Format("en binær Excel-arbeidsbok (.xlsb)", (".xlsb",), _RESAVE),
    "ods": _Format("et OpenDocument-regneark (.ods)", (".ods", ".ots", ".fods"), _RESAVE),
    "odf": _Format("et OpenDocument-dokument som ikke er et regneark", (".odt", ".odp", ".odg"),
                   "Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    "docx": _Format("et Word-dokument (.docx), ikke et regneark", (".docx", ".docm"),
                    "Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    "pptx": _Format("en PowerPoint-presentasjon (.pptx), ikke et regneark", (".pptx", ".pptm"),
                    "Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    "zip": _Format("en zip-fil, ikke et regneark", (".zip",),
                   "Pakk ut filen og velg selve Excel-arbeidsboka (.xlsx), eller lagre arbeidsboka på nytt "
                   "fra Excel og prøv igjen."),
    "doc": _Format("et Word 97–2003-dokument (.doc), ikke et regneark", (".doc", ".dot"),
                   "Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    "ppt": _Format("en PowerPoint 97–2003-presentasjon (.ppt), ikke et regneark", (".ppt", ".pps"),
                   "Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    "ole2": _Format("et eldre Office-dokument, men ikke et regneark", (),
                    "Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    "pdf": _Format("en PDF-fil, ikke et regneark", (".pdf",),
                   "Programmet trenger selve Excel-arbeidsboka (.xlsx), ikke en PDF av den."),
    "html": _Format("en nettside (HTML), ikke en Excel-arbeidsbok", (".html", ".htm", ".mht", ".mhtml"),
                    "Noen fagsystemer eksporterer nettsider med Excel-filendelse. " + _RESAVE),
    "xml2003": _Format("et Excel 2003 XML-regneark", (".xml",), _RESAVE),
    "xml": _Format("en XML-fil, ikke et regneark", (".xml",), "Velg en Excel-arbeidsbok (.xlsx) og prøv igjen."),
    "rtf": _Format("et RTF-dokument, ikke et regneark", (".rtf",),
                   "Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    "text": _Format("en tekstfil (CSV eller ren tekst), ikke en Excel-arbeidsbok", (".csv", ".txt", ".tsv", ".prn"),
                    "Åpne filen i Excel, lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen."),
    "image": _Format("et bilde, ikke et regneark", (".png", ".jpg", ".jpeg", ".gif", ".bmp"),
                     "Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    "archive": _Format("en komprimert arkivfil, ikke et regneark", (".gz", ".rar", ".7z"),
                       "Pakk ut filen og velg selve Excel-arbeidsboka (.xlsx)."),
    "unknown": _Format("ikke et regneark som programmet kjenner igjen", (),
                       "Velg en Excel-arbeidsbok (.xlsx) og prøv igjen."),
}


def _describe_content(path: Path, fmt: _Format) -> str:
    """'Filen er X.' or, when the extension disagrees, 'Filen heter .ext, men er egentlig X.'"""
    ext = path.suffix.lower()
    if ext and fmt.extensions and ext not in fmt.extensions:
        return f"Filen heter {ext}, men er egentlig {fmt.label}."
    return f"Filen er {fmt.label}."


def _unsupported(path: Path, key: str) -> UnsupportedFormatError:
    """The UnsupportedFormatError for a recognised foreign format."""
    fmt = _FORMATS[key]
    return UnsupportedFormatError(f"{_describe_content(path, fmt)} {fmt.advice}", path)


def _damaged(path: Path, detail: str) -> DamagedFileError:
    """The DamagedFileError with a Norwegian detail (no trailing period)."""
    return DamagedFileError(f"Filen er skadet: {detail}. {_DAMAGED_ADVICE}", path)


def _mb(n: int) -> str:
    """Bytes as a Norwegian MB figure: 1,5 MB / 120 MB."""
    value = n / MIB
    text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return text.replace(".", ",") + " MB"


def _num(n: int | float) -> str:
    """A number with Norwegian thousands separators (non-breaking space)."""
    return f"{n:,.0f}".replace(",", "\u00a0")


def _seconds(s: float) -> str:
    """Seconds with a decimal comma: 20 s / 0,5 s."""
    return f"{s:g}".replace(".", ",") + " s"


# --------------------------------------------------------------------------------------------
# check_file
# --------------------------------------------------------------------------------------------

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_HEAD_BYTES = 8192


def check_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> IntakeReport:
    """Check ``path`` before any spreadsheet parser sees it and describe the workbook.

    Raises FileMissingError, UnsupportedFormatError, EncryptedFileError, DamagedFileError or
    UnsafeFileError (all InputError) with a Norwegian message; never anything else.
    """
    path = Path(path)
    size = _require_regular_file(path)
    head = _read_head(path)
    container = _sniff_container(head)
    if container == "ole2":
        _reject_ole2(path)
    if container != "zip":
        if not head:
            raise UnsupportedFormatError(
                "Filen er tom (0 byte). Den ble kanskje ikke lagret eller overført helt. "
                "Lagre arbeidsboka på nytt i Excel og prøv igjen.", path)
        raise _unsupported(path, _guess_non_container(head))
    _check_file_size(path, size, limits)
    with _open_binary(path) as fh:
        try:
            with _ZipPackage(path, fh, size, limits) as pkg:
                return _check_zip_package(pkg)
        except OmstillError:
            raise
        except Exception as e:  # a last line of defence: intake must never crash the caller
            raise _damaged(path, f"innholdet kunne ikke tolkes ({type(e).__name__})") from e


def _require_regular_file(path: Path) -> int:
    """Return the size of ``path``; FileMissingError when it is absent or not a regular file."""
    try:
        st = path.stat()
    except (OSError, ValueError) as e:
        raise FileMissingError(f"Finner ikke filen «{path}». Kontroller navnet og mappen, og prøv igjen.",
                               path) from e
    if not stat.S_ISREG(st.st_mode):
        raise FileMissingError(f"Finner ikke filen «{path}»: stien er en mappe eller noe annet enn en vanlig fil. "
                               "Velg selve Excel-filen og prøv igjen.", path)
    return st.st_size


def _open_binary(path: Path) -> BinaryIO:
    """Open for reading; FileMissingError when that is not allowed or the file vanished."""
    try:
        return open(path, "rb")
    except OSError as e:
        raise FileMissingError(f"Får ikke lest filen «{path.name}» ({e.strerror or type(e).__name__}). "
                               "Kontroller at du har tilgang til den og at den ikke er åpen i et annet "
                               "program, og prøv igjen.", path) from e


def _read_head(path: Path) -> bytes:
    """The first bytes of the file, for sniffing."""
    with _open_binary(path) as fh:
        try:
            return fh.read(_HEAD_BYTES)
        except OSError as e:
            raise _damaged(path, f"filen kan ikke leses ({e.strerror or type(e).__name__})") from e


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
    if lowered.startswith(("<html", "<!doctype html", "<table", "<head", "<meta", "mime-version")) or \
            ("<html" in lowered[:2000] and lowered.startswith("<")):
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
        raise UnsafeFileError(f"Filen er {_mb(size)}, mer enn grensen på {_mb(limits.max_file_bytes)}. "
                              f"{_SHRINK_ADVICE}", path)


# --------------------------------------------------------------------------------------------
# OLE2 (Compound File Binary): .xls, encrypted OOXML, .doc, .ppt
# --------------------------------------------------------------------------------------------

_ENDOFCHAIN = 0xFFFFFFFE
_MAX_OLE_DIR_ENTRIES = 100_000
_BIFF_FILEPASS = 0x002F
_BIFF_STOP_RECORDS = {0x000A, 0x0085}  # EOF, BOUNDSHEET: FILEPASS always comes before these


@dataclass(frozen=True)
class _OleEntry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    start: int
    size: int


class _OleFile:
    """A minimal, bounded reader of an OLE2 directory and the head of its streams.

    Every inconsistency raises _OleFile.Damaged; no chain is followed further than the file has sectors.
    """

    class Damaged(Exception):
        """The compound file structure is inconsistent."""

    def __init__(self, fh: BinaryIO, size: int) -> None:
        self.fh = fh
        header = self._read_at(0, 512)
        if len(header) < 512:
            raise self.Damaged("header")
        byte_order, sector_shift, mini_shift = struct.unpack_from("<HHH", header, 0x1C)
        if byte_order != 0xFFFE or sector_shift not in (9, 12) or mini_shift != 6:
            raise self.Damaged("header fields")
        self.sector_size = 1 << sector_shift
        (_n_dir, n_fat, first_dir, _txn, self.mini_cutoff, first_minifat, _n_minifat,
         first_difat, _n_difat) = struct.unpack_from("<9I", header, 0x28)
        self.n_sectors = max(0, (size + self.sector_size - 1) // self.sector_size - 1)
        if n_fat > self.n_sectors // (self.sector_size // 4) + 8:
            raise self.Damaged("FAT size")  # more FAT than the file has sectors to describe
        self.fat = self._read_fat(header, n_fat, first_difat)
        self.entries = self._read_directory(first_dir)
        if not self.entries or self.entries[0].kind != 5:
            raise self.Damaged("root entry")
        self.first_minifat = first_minifat

    def _read_at(self, offset: int, n: int) -> bytes:
        self.fh.seek(offset)
        return self.fh.read(n)

    def _sector(self, sid: int) -> bytes:
        if not 0 <= sid < self.n_sectors:
            raise self.Damaged(f"sector {sid}")
        data = self._read_at((sid + 1) * self.sector_size, self.sector_size)
        return data.ljust(self.sector_size, b"\x00")  # tolerate a short last sector

    def _read_fat(self, header: bytes, n_fat: int, first_difat: int) -> tuple[int, ...]:
        fat_sids = [sid for sid in struct.unpack_from("<109I", header, 0x4C) if sid < self.n_sectors][:n_fat]
        per_difat = self.sector_size // 4 - 1
        sid, steps = first_difat, 0
        while len(fat_sids) < n_fat and sid < self.n_sectors:
            steps += 1
            if steps > self.n_sectors:
                raise self.Damaged("DIFAT loop")
            values = struct.unpack(f"<{per_difat + 1}I", self._sector(sid))
            fat_sids.extend(v for v in values[:per_difat] if v < self.n_sectors)
            sid = values[per_difat]
        if len(fat_sids) < n_fat:
            raise self.Damaged("FAT sectors missing")
        data = b"".join(self._sector(s) for s in fat_sids[:n_fat])
        return struct.unpack(f"<{len(data) // 4}I", data)

    def chain(self, start: int, fat: tuple[int, ...], limit: int) -> Iterator[int]:
        """Follow a sector chain, refusing loops and pointers outside the table."""
        sid, seen = start, set()
        while sid != _ENDOFCHAIN:
            if sid >= len(fat) or sid in seen or len(seen) >= limit:
                raise self.Damaged("chain")
            seen.add(sid)
            yield sid
            sid = fat[sid]

    def _read_directory(self, first_dir: int) -> list[_OleEntry]:
        entries: list[_OleEntry] = []
        for sid in self.chain(first_dir, self.fat, self.n_sectors):
            sector = self._sector(sid)
            for off in range(0, self.sector_size, 128):
                entries.append(self._parse_entry(sector[off:off + 128]))
            if len(entries) > _MAX_OLE_DIR_ENTRIES:
                raise self.Damaged("directory size")
        return entries

    def _parse_entry(self, raw: bytes) -> _OleEntry:
        name_len, kind = struct.unpack_from("<HB", raw, 64)
        start, size_low, size_high = struct.unpack_from("<III", raw, 116)
        size = size_low if self.sector_size == 512 else size_low | (size_high << 32)
        if kind not in (1, 2, 5) or not 2 <= name_len <= 64:
            return _OleEntry("", 0, 0, 0)
        name = raw[:name_len - 2].decode("utf-16-le", errors="replace")
        return _OleEntry(name, kind, start, size)

    def find(self, *names: str) -> _OleEntry | None:
        """The first stream or storage whose name matches one of ``names`` (case-insensitive)."""
        wanted = {n.lower() for n in names}
        return next((e for e in self.entries if e.kind in (1, 2) and e.name.lower() in wanted), None)

    def read_head(self, entry: _OleEntry, max_bytes: int) -> bytes:
        """Up to ``max_bytes`` from the start of a stream (regular or mini stream)."""
        want = min(entry.size, max_bytes)
        if entry.size < self.mini_cutoff:
            return self._read_mini(entry.start, want)
        out = bytearray()
        for sid in self.chain(entry.start, self.fat, self.n_sectors):
            out += self._sector(sid)
            if len(out) >= want:
                break
        return bytes(out[:want])

    def _read_mini(self, start: int, want: int) -> bytes:
        root = self.entries[0]
        minifat_data = b"".join(self._sector(s) for s in self.chain(self.first_minifat, self.fat, self.n_sectors))
        minifat = struct.unpack(f"<{len(minifat_data) // 4}I", minifat_data)
        ministream = list(self.chain(root.start, self.fat, self.n_sectors))
        per_sector = self.sector_size // 64
        out = bytearray()
        for msid in self.chain(start, minifat, len(minifat)):
            index, part = divmod(msid, per_sector)
            if index >= len(ministream):
                raise self.Damaged("mini stream")
            out += self._sector(ministream[index])[part * 64:(part + 1) * 64]
            if len(out) >= want:
                break
        return bytes(out[:want])


def _reject_ole2(path: Path) -> None:
    """Raise the right error for an OLE2 file: encrypted, legacy .xls, other Office or damaged."""
    with _open_binary(path) as fh:
        try:
            _classify_ole2(path, _OleFile(fh, os.fstat(fh.fileno()).st_size))
        except OmstillError:
            raise
        except Exception as e:  # _OleFile.Damaged, struct.error, OSError on a bad seek, …
            raise DamagedFileError(
                "Filen ser ut som et eldre Office-dokument (for eksempel .xls), men er skadet og kan ikke leses. "
                "Åpne den i Excel, velg Lagre som → Excel-arbeidsbok (.xlsx), og prøv igjen.", path) from e
    raise _unsupported(path, "ole2")  # pragma: no cover - _classify_ole2 always raises


def _classify_ole2(path: Path, ole: _OleFile) -> None:
    """Always raises: EncryptedFileError or UnsupportedFormatError naming the format."""
    if ole.find("EncryptionInfo", "EncryptedPackage"):
        raise EncryptedFileError(f"Arbeidsboka er passordbeskyttet (kryptert). {_ENCRYPTED_ADVICE}", path)
    book = ole.find("Workbook", "Book")
    if book is not None:
        if _xls_has_filepass(ole, book):
            raise EncryptedFileError(
                "Arbeidsboka er passordbeskyttet (kryptert) og i Excel 97–2003-format (.xls). Fjern passordet i "
                "Excel (Fil → Info → Beskytt arbeidsbok → Krypter med passord → tøm feltet), lagre som "
                "Excel-arbeidsbok (.xlsx) og prøv igjen.", path)
        raise _unsupported(path, "xls")
    if ole.find("WordDocument"):
        raise _unsupported(path, "doc")
    if ole.find("PowerPoint Document"):
        raise _unsupported(path, "ppt")
    raise _unsupported(path, "ole2")


def _xls_has_filepass(ole: _OleFile, book: _OleEntry) -> bool:
    """True when the first BIFF records of the Workbook stream include FILEPASS (0x002F)."""
    try:
        data = ole.read_head(book, 16 * 1024)
    except (_OleFile.Damaged, struct.error):
        return False  # an unreadable stream is still an .xls; say so rather than 'damaged'
    pos = 0
    for _ in range(64):
        if pos + 4 > len(data):
            break
        record_id, length = struct.unpack_from("<HH", data, pos)
        if record_id == _BIFF_FILEPASS:
            return True
        if record_id in _BIFF_STOP_RECORDS:
            break
        pos += 4 + length
    return False


# --------------------------------------------------------------------------------------------
# Zip package access: bounded streaming of members
# --------------------------------------------------------------------------------------------

_RAW_CHUNK = 256 * 1024
_OUT_CHUNK = 1 * MIB
_SIZE_SLACK = 1 * MIB  # extra output tolerated as "damaged size field" before calling it a bomb


def _normalise(name: str) -> str:
    """Member lookup key: '/' separators, no leading '/', lower case."""
    return name.replace("\\", "/").lstrip("/").lower()


class _ZipPackage:
    """An open zip whose members are read with hard byte caps and our own inflater."""

    def __init__(self, path: Path, fh: BinaryIO, size: int, limits: Limits) -> None:
        self.path, self.fh, self.size, self.limits = path, fh, size, limits
        try:
            self.zf = zipfile.ZipFile(fh)
            self.infos = [i for i in self.zf.infolist() if not i.filename.endswith(("/", "\\"))]
        except Exception as e:
            raise _damaged(path, "zip-beholderen kan ikke leses") from e
        self.by_key: dict[str, zipfile.ZipInfo] = {}
        self.members: dict[str, str] = {}

    def __enter__(self) -> _ZipPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.zf.close()

    def index_members(self) -> None:
        """Build the case-insensitive member map; duplicate part names make the package ambiguous."""
        for info in self.infos:
            key = _normalise(info.filename)
            if key in self.by_key:
                raise _damaged(self.path, f"delen «{info.filename}» finnes flere ganger i zip-beholderen")
            self.by_key[key] = info
            self.members[key] = info.filename

    def info(self, name: str) -> zipfile.ZipInfo | None:
        """Look a member up case-insensitively; also tries the URL-decoded form."""
        key = _normalise(name)
        return self.by_key.get(key) or self.by_key.get(_normalise(unquote(name)))

    def stream(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """Yield the decompressed member in chunks, verifying length and CRC at the end.

        Never yields more than the declared size (itself within the member limit). When more data
        comes out, the rest is drained up to a small slack: a stream that ends there is a damaged
        size field (DamagedFileError); one that keeps going is a zip bomb (UnsafeFileError).
        """
        declared = info.file_size
        produced, crc = 0, 0
        chunks = self._decompressed(info)
        for chunk in chunks:
            produced += len(chunk)
            if produced > declared:
                self._judge_overflow(info, chunks, produced)
            crc = zlib.crc32(chunk, crc)
            yield chunk
        if produced != declared:
            raise _damaged(self.path, f"delen «{info.filename}» er kortere enn oppgitt")
        if crc != info.CRC:
            raise _damaged(self.path, f"kontrollsummen for delen «{info.filename}» stemmer ikke")

    def read(self, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
        """The whole member, refusing members larger than ``max_bytes``."""
        if info.file_size > max_bytes:
            raise UnsafeFileError(f"Delen «{info.filename}» er {_mb(info.file_size)}, unormalt stort for denne "
                                  f"typen innhold (grense {_mb(max_bytes)}). {_SHRINK_ADVICE}", self.path)
        return b"".join(self.stream(info))

    def _judge_overflow(self, info: zipfile.ZipInfo, rest: Iterator[bytes], produced: int) -> None:
        """Always raises: DamagedFileError for a slightly wrong size field, UnsafeFileError for a bomb."""
        hard_cap = min(info.file_size + _SIZE_SLACK, self.limits.max_member_uncompressed)
        if produced <= hard_cap:
            for chunk in rest:
                produced += len(chunk)
                if produced > hard_cap:
                    break
            else:
                raise _damaged(self.path, f"delen «{info.filename}» er lengre enn oppgitt")
        raise UnsafeFileError(
            f"Delen «{info.filename}» gir langt mer data enn oppgitt når den pakkes ut. Filen er laget for å lamme "
            "programmer som leser den (zip-bombe), og er avvist. Be avsenderen om en ny fil lagret direkte fra "
            "Excel.", self.path)

    def _decompressed(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        if info.flag_bits & 0x1:
            raise EncryptedFileError(f"Delene i zip-beholderen er passordbeskyttet. {_ENCRYPTED_ADVICE}", self.path)
        if info.compress_type == zipfile.ZIP_STORED:
            return self._raw(info)
        if info.compress_type == zipfile.ZIP_DEFLATED:
            return self._inflate(info)
        raise UnsupportedFormatError(
            f"Filen er pakket med en komprimeringsmetode (nr. {info.compress_type}) som Excel ikke bruker. "
            "Åpne den i programmet som laget den, lagre som Excel-arbeidsbok (.xlsx) og prøv igjen.", self.path)

    def _raw(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The member's stored bytes, read from its local header onwards."""
        pos = self._data_offset(info)
        remaining = info.compress_size
        while remaining > 0:
            self.fh.seek(pos)
            chunk = self.fh.read(min(_RAW_CHUNK, remaining))
            if not chunk:
                raise _damaged(self.path, f"delen «{info.filename}» er avkuttet")
            pos += len(chunk)
            remaining -= len(chunk)
            yield chunk

    def _data_offset(self, info: zipfile.ZipInfo) -> int:
        if not 0 <= info.header_offset < self.size:
            raise _damaged(self.path, f"delen «{info.filename}» peker utenfor filen")
        self.fh.seek(info.header_offset)
        header = self.fh.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise _damaged(self.path, f"lokalhodet for delen «{info.filename}» mangler")
        name_len, extra_len = struct.unpack_from("<HH", header, 26)
        start = info.header_offset + 30 + name_len + extra_len
        if start + info.compress_size > self.size:
            raise _damaged(self.path, f"delen «{info.filename}» går ut over slutten av filen")
        return start

    def _inflate(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """Raw deflate, never producing more than _OUT_CHUNK bytes per step."""
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            for raw in self._raw(info):
                data = raw
                while True:
                    out = inflater.decompress(data, _OUT_CHUNK)
                    if out:
                        yield out
                    if inflater.eof:
                        return
                    data = inflater.unconsumed_tail
                    if not data and len(out) < _OUT_CHUNK:
                        break
        except zlib.error as e:
            raise _damaged(self.path, f"delen «{info.filename}» kan ikke pakkes ut") from e
        raise _damaged(self.path, f"delen «{info.filename}» er avkuttet")


# --------------------------------------------------------------------------------------------
# The zip checks, in order
# --------------------------------------------------------------------------------------------


def _check_zip_package(pkg: _ZipPackage) -> IntakeReport:
    """Run the zip checks in order and build the report."""
    _check_declared_sizes(pkg)
    pkg.index_members()
    kind, workbook_part = _identify_package(pkg)
    _verify_members(pkg)
    _check_xml_prologs(pkg)
    book = _read_workbook(pkg, workbook_part)
    for sheet, part in book.sheet_parts.items():
        _check_sheet_dimensions(pkg, sheet, pkg.by_key[_normalise(part)])
    return IntakeReport(
        path=pkg.path, kind=kind, size=pkg.size, members=dict(pkg.members), sheet_parts=book.sheet_parts,
        hidden_sheets=book.hidden_sheets, has_macros=_has_vba(pkg), date1904=book.date1904)


def _check_declared_sizes(pkg: _ZipPackage) -> None:
    """Refuse by the central directory alone, before anything is decompressed."""
    limits, path = pkg.limits, pkg.path
    if len(pkg.infos) > limits.max_members:
        raise UnsafeFileError(f"Filen består av {_num(len(pkg.infos))} deler, mer enn grensen på "
                              f"{_num(limits.max_members)}. {_SHRINK_ADVICE}", path)
    total = 0
    for info in pkg.infos:
        if info.file_size > limits.max_member_uncompressed:
            raise UnsafeFileError(
                f"Delen «{info.filename}» blir {_mb(info.file_size)} når den pakkes ut, mer enn grensen på "
                f"{_mb(limits.max_member_uncompressed)}. Filen er enten unormalt stor eller laget for å lamme "
                f"programmer (zip-bombe). {_SHRINK_ADVICE}", path)
        total += info.file_size
    if total > limits.max_total_uncompressed:
        raise UnsafeFileError(
            f"Filen blir {_mb(total)} når den pakkes ut, mer enn grensen på {_mb(limits.max_total_uncompressed)}. "
            f"{_SHRINK_ADVICE}", path)
    if total > limits.ratio_applies_above and total > limits.max_compression_ratio * max(pkg.size, 1):
        ratio = total / max(pkg.size, 1)
        raise UnsafeFileError(
            f"Filen er pakket {_num(ratio)} ganger tettere enn vanlig (grense {_num(limits.max_compression_ratio)}), "
            "slik zip-bomber er laget. Den er avvist. Lagre arbeidsboka på nytt fra Excel og prøv igjen.", path)


def _has_vba(pkg: _ZipPackage) -> bool:
    """True when the package holds a VBA project (xl/vbaProject.bin, wherever it is)."""
    return any(posixpath.basename(key) == "vbaproject.bin" for key in pkg.by_key)


def _verify_members(pkg: _ZipPackage) -> None:
    """Decompress every member with hard caps and check its length and CRC."""
    for info in pkg.infos:
        for _ in pkg.stream(info):
            pass


# --------------------------------------------------------------------------------------------
# XML safety: no DTDs, no exotic encodings
# --------------------------------------------------------------------------------------------

_XML_EXTENSIONS = (".xml", ".rels", ".vml")
_WS = re.compile(rb"[ \t\r\n]*")
_ENCODING_DECL = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_EBCDIC_XML = b"\x4c\x6f\xa7\x94"  # '<?xm' in EBCDIC
_SHIFTING_ENCODINGS = {"utf-7", "hz", "iso2022_jp", "iso2022_kr", "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_3",
                       "iso2022_jp_ext", "iso2022_jp_2004"}


def _check_xml_prologs(pkg: _ZipPackage) -> None:
    """Refuse any XML part whose prolog holds a DOCTYPE/ENTITY or another declaration."""
    for info in pkg.infos:
        if info.filename.lower().endswith(_XML_EXTENSIONS) or _starts_like_xml(pkg, info):
            _check_xml_prolog(pkg, info)


def _starts_like_xml(pkg: _ZipPackage, info: zipfile.ZipInfo) -> bool:
    """True when a member without an XML extension starts with '<' (after BOM/whitespace)."""
    first = next(iter(_utf8_view(_head_chunks(pkg, info, 512))), b"")
    return first.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _head_chunks(pkg: _ZipPackage, info: zipfile.ZipInfo, max_bytes: int) -> Iterator[bytes]:
    """Decompressed chunks from the start of a member, stopping after ``max_bytes``."""
    seen = 0
    stream = pkg.stream(info)
    try:
        for chunk in stream:
            yield chunk[:max_bytes - seen]
            seen += len(chunk)
            if seen >= max_bytes:
                return
    finally:
        stream.close()


def _check_xml_prolog(pkg: _ZipPackage, info: zipfile.ZipInfo) -> None:
    """Walk the prolog (XML declaration, comments, PIs) up to the root element, within a byte cap."""
    cap = pkg.limits.max_xml_prolog
    buf, verdict = b"", "more"
    for chunk in _utf8_view(_head_chunks(pkg, info, cap), raw_hook=lambda raw: _refuse_ebcdic(pkg, info, raw)):
        buf += chunk
        verdict = _prolog_verdict(buf, complete=False)
        if verdict != "more":
            break
    if verdict == "more":
        if info.file_size > cap:
            raise UnsafeFileError(
                f"XML-delen «{info.filename}» har en unormalt lang innledning før selve innholdet. Filen er avvist "
                "av sikkerhetshensyn. Lagre arbeidsboka på nytt fra Excel og prøv igjen.", pkg.path)
        verdict = _prolog_verdict(buf, complete=True)
    if verdict == "doctype":
        raise UnsafeFileError(
            f"XML-delen «{info.filename}» inneholder en DTD-erklæring (<!DOCTYPE> eller <!ENTITY>). Excel skriver "
            "aldri slike, og de brukes til angrep som sprenger minnet eller leser andre filer (entitetsutvidelse, "
            "XXE). Filen er avvist. Be avsenderen om en ny fil lagret direkte fra Excel.", pkg.path)
    if verdict == "encoding":
        raise UnsafeFileError(
            f"XML-delen «{info.filename}» bruker en uvanlig tegnkoding som kan skjule farlig innhold. Filen er "
            "avvist. Lagre arbeidsboka på nytt fra Excel og prøv igjen.", pkg.path)


def _refuse_ebcdic(pkg: _ZipPackage, info: zipfile.ZipInfo, raw: bytes) -> None:
    if raw.startswith(_EBCDIC_XML):
        raise UnsafeFileError(
            f"XML-delen «{info.filename}» bruker en uvanlig tegnkoding (EBCDIC) som kan skjule farlig innhold. "
            "Filen er avvist. Lagre arbeidsboka på nytt fra Excel og prøv igjen.", pkg.path)


def _prolog_verdict(buf: bytes, complete: bool) -> str:
    """'ok' (root element reached), 'doctype', 'encoding', 'not_xml' or 'more' (need more bytes)."""
    pos = 3 if buf.startswith(b"\xef\xbb\xbf") else 0
    n = len(buf)
    while True:
        pos = _WS.match(buf, pos).end()
        if not complete and n - pos < 9:
            return "more"
        if pos >= n:
            return "ok"  # empty or truncated: the parser will say so, nothing dangerous
        if buf.startswith(b"<?", pos):
            end = buf.find(b"?>", pos + 2)
            if end < 0:
                return "ok" if complete else "more"
            if not _declared_encoding_ok(buf[pos:end]):
                return "encoding"
            pos = end + 2
        elif buf.startswith(b"<!--", pos):
            end = buf.find(b"-->", pos + 4)
            if end < 0:
                return "ok" if complete else "more"
            pos = end + 3
        elif buf.startswith(b"<!", pos):
            return "doctype"
        elif buf.startswith(b"<", pos):
            return "ok"
        else:
            return "not_xml"


def _declared_encoding_ok(declaration: bytes) -> bool:
    """True when an <?xml … encoding="…"?> names an encoding in which ASCII markup stays ASCII."""
    match = _ENCODING_DECL.search(declaration)
    if not match or not declaration.startswith(b"<?xml"):
        return True
    name = match.group(1).decode("ascii").lower()
    if name.replace("_", "-").startswith(("utf-16", "utf-32", "ucs-2", "ucs-4", "iso-10646")):
        return True  # we transcoded the bytes ourselves when a BOM/NUL pattern said so
    try:
        if codecs.lookup(name).name in _SHIFTING_ENCODINGS:
            return False  # '+ADw-' decodes to '<': markup can hide from byte scans
        return b"<!DOCTYPE x [<!ENTITY a 'b'>]>".decode(name) == "<!DOCTYPE x [<!ENTITY a 'b'>]>"
    except (LookupError, UnicodeDecodeError, ValueError):
        return False  # unknown to Python (EBCDIC variants, …) or not ASCII-compatible


def _text_encoding(first: bytes) -> str | None:
    """The Python codec for a UTF-16/32 XML part detected from its first bytes; None for ASCII-based."""
    if first.startswith((b"\xff\xfe\x00\x00", b"<\x00\x00\x00")):
        return "utf-32-le"
    if first.startswith((b"\x00\x00\xfe\xff", b"\x00\x00\x00<")):
        return "utf-32-be"
    if first.startswith((b"\xff\xfe", b"<\x00")):
        return "utf-16-le"
    if first.startswith((b"\xfe\xff", b"\x00<")):
        return "utf-16-be"
    return None


def _utf8_view(chunks: Iterable[bytes], raw_hook: Callable[[bytes], None] | None = None) -> Iterator[bytes]:
    """Pass ASCII-based chunks through; transcode UTF-16/32 chunks to UTF-8 so byte regexes work."""
    iterator = iter(chunks)
    first = next(iterator, b"")
    if raw_hook:
        raw_hook(first)
    encoding = _text_encoding(first)
    if encoding is None:
        yield first
        yield from iterator
        return
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    yield decoder.decode(first).encode("utf-8")
    for chunk in iterator:
        yield decoder.decode(chunk).encode("utf-8")
    yield decoder.decode(b"", final=True).encode("utf-8")


# --------------------------------------------------------------------------------------------
# Package structure: which part is the workbook, which parts are the sheets
# --------------------------------------------------------------------------------------------

_MACRO_CONTENT = "macroenabled"
_SHEET_STATES_HIDDEN = {"hidden", "veryhidden"}


@dataclass(frozen=True)
class _Relationship:
    type: str  # last segment of the Type URI: officeDocument, worksheet, chartsheet, …
    target: str  # normalised part name, or the raw target for external relationships
    external: bool


@dataclass(frozen=True)
class _Book:
    sheet_parts: dict[str, str]
    hidden_sheets: tuple[str, ...]
    date1904: bool


def _local(tag: str) -> str:
    """The local name of an ElementTree tag or attribute key."""
    return tag.rsplit("}", 1)[-1]


def _parse_xml_part(pkg: _ZipPackage, info: zipfile.ZipInfo) -> Element:
    """Prolog-check, read (size-capped) and parse one structural XML part with defusedxml."""
    _check_xml_prolog(pkg, info)
    data = pkg.read(info, pkg.limits.max_structure_part)
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as e:
        raise UnsafeFileError(f"XML-delen «{info.filename}» inneholder DTD- eller entitetserklæringer. Filen er "
                              "avvist av sikkerhetshensyn.", pkg.path) from e
    except (ParseError, ValueError) as e:
        raise _damaged(pkg.path, f"XML-delen «{info.filename}» er ikke gyldig XML") from e


def _rels_part_for(part: str) -> str:
    """The relationships part of ``part`` ('' for the package itself)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _resolve_target(source_part: str, target: str) -> str:
    """A relationship target as a normalised part name, relative to the source part's folder."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        joined = target
    else:
        joined = posixpath.join(posixpath.dirname(source_part), target)
    return _normalise(posixpath.normpath("/" + joined.lstrip("/")))


def _read_relationships(pkg: _ZipPackage, part: str) -> dict[str, _Relationship] | None:
    """Relationships of ``part`` keyed by Id; None when the part has no relationships part."""
    info = pkg.info(_rels_part_for(part))
    if info is None:
        return None
    root = _parse_xml_part(pkg, info)
    rels: dict[str, _Relationship] = {}
    for el in root.iter():
        if _local(el.tag) != "Relationship":
            continue
        external = el.get("TargetMode", "").lower() == "external"
        target = el.get("Target", "")
        rels[el.get("Id", "")] = _Relationship(
            type=el.get("Type", "").rsplit("/", 1)[-1],
            target=target if external else _resolve_target(part, target),
            external=external)
    return rels


def _identify_package(pkg: _ZipPackage) -> tuple[str, str]:
    """('xlsx' | 'xlsm', real name of the workbook part); UnsupportedFormatError for other zips."""
    foreign = _foreign_zip_format(pkg)
    if foreign:
        raise _unsupported(pkg.path, foreign)
    main = _main_document(pkg)
    if main is None:
        raise _unsupported(pkg.path, _other_office_zip(pkg))
    if main.filename.lower().endswith(".bin"):
        raise _unsupported(pkg.path, "xlsb")
    content_type = _content_type_of(pkg, main.filename).lower()
    if "binary" in content_type:
        raise _unsupported(pkg.path, "xlsb")
    if "spreadsheetml" not in content_type and "ms-excel" not in content_type and \
            posixpath.basename(_normalise(main.filename)) != "workbook.xml":
        raise _unsupported(pkg.path, _other_office_zip(pkg))
    macro = _MACRO_CONTENT in content_type or _has_vba(pkg)
    return ("xlsm" if macro else "xlsx"), main.filename


def _foreign_zip_format(pkg: _ZipPackage) -> str | None:
    """'ods'/'odf' for OpenDocument (by its mimetype member), 'xlsb' for xl/workbook.bin; else None."""
    mimetype = pkg.info("mimetype")
    if mimetype is not None:
        value = b"".join(_head_chunks(pkg, mimetype, 200)).decode("ascii", errors="replace").strip()
        if value.startswith("application/vnd.oasis.opendocument.spreadsheet"):
            return "ods"
        if value.startswith("application/vnd.oasis.opendocument"):
            return "odf"
    if pkg.info("xl/workbook.bin") is not None and pkg.info("xl/workbook.xml") is None:
        return "xlsb"
    return None


def _main_document(pkg: _ZipPackage) -> zipfile.ZipInfo | None:
    """The officeDocument part named by _rels/.rels, else the conventional xl/workbook.xml."""
    rels = _read_relationships(pkg, "") or {}
    for rel in rels.values():
        if rel.type == "officeDocument" and not rel.external:
            info = pkg.info(rel.target)
            if info is not None:
                return info
    return pkg.info("xl/workbook.xml") or pkg.info("xl/workbook.bin")


def _other_office_zip(pkg: _ZipPackage) -> str:
    """Name a non-spreadsheet zip: Word, PowerPoint or plain zip."""
    if pkg.info("word/document.xml") is not None:
        return "docx"
    if pkg.info("ppt/presentation.xml") is not None:
        return "pptx"
    return "zip"


def _content_type_of(pkg: _ZipPackage, part: str) -> str:
    """The content type [Content_Types].xml gives ``part`` (Override, then Default); '' if none."""
    info = pkg.info("[Content_Types].xml")
    if info is None:
        return ""
    root = _parse_xml_part(pkg, info)
    wanted = "/" + _normalise(part)
    extension = posixpath.splitext(wanted)[1].lstrip(".")
    default = ""
    for el in root.iter():
        name = _local(el.tag)
        if name == "Override" and "/" + _normalise(el.get("PartName", "")) == wanted:
            return el.get("ContentType", "")
        if name == "Default" and el.get("Extension", "").lower() == extension:
            default = el.get("ContentType", "")
    return default


def _read_workbook(pkg: _ZipPackage, workbook_part: str) -> _Book:
    """Sheet names, their worksheet parts, hidden sheets and the date system from the workbook part."""
    root = _parse_xml_part(pkg, pkg.by_key[_normalise(workbook_part)])
    if _local(root.tag) != "workbook":
        raise _unsupported(pkg.path, _other_office_zip(pkg))
    rels = _read_relationships(pkg, _normalise(workbook_part))
    if rels is None:
        raise _damaged(pkg.path, "koblingene fra arbeidsboka til arkene mangler")
    sheet_parts: dict[str, str] = {}
    hidden: list[str] = []
    seen: set[str] = set()
    for el in root.iter():
        if _local(el.tag) != "sheet":
            continue
        name = el.get("name", "")
        if name.lower() in seen:
            raise _damaged(pkg.path, f"arket «{name}» finnes flere ganger")
        seen.add(name.lower())
        if el.get("state", "").lower() in _SHEET_STATES_HIDDEN:
            hidden.append(name)
        rel = rels.get(_relationship_id(el) or "")
        if rel is None:
            raise _damaged(pkg.path, f"arket «{name}» mangler i filen")
        if rel.type != "worksheet":
            continue  # chart sheets, dialog sheets, macro sheets hold no table data
        info = pkg.info(rel.target)
        if info is None or rel.external:
            raise _damaged(pkg.path, f"arket «{name}» mangler i filen")
        sheet_parts[name] = info.filename
    return _Book(sheet_parts, tuple(hidden), _is_date1904(root))


def _relationship_id(sheet: Element) -> str | None:
    """The r:id of a <sheet>, whatever prefix or (transitional/strict) namespace it uses."""
    for key, value in sheet.attrib.items():
        if key.startswith("{") and _local(key) == "id" and key[1:].split("}")[0].endswith("relationships"):
            return value
    return None


def _is_date1904(root: Element) -> bool:
    for el in root.iter():
        if _local(el.tag) == "workbookPr":
            return el.get("date1904", "").strip().lower() in ("1", "true", "on")
    return False


# --------------------------------------------------------------------------------------------
# Sheet dimensions: <dimension ref> and the largest r="…"
# --------------------------------------------------------------------------------------------

_SCAN_OVERLAP = 256
_DIMENSION_RE = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref\s*=\s*["']([^"']{0,200})["']""")
# r="…" on <c> and <row>. Anchored on the letter r (a literal prefix keeps the regex fast); other
# attributes ending in r (useFirstPageNumber="1", dtr="0") only ever add small harmless numbers.
_ROW_REF_RE = re.compile(rb"""r\s*=\s*["']\$?[A-Za-z]*\$?(\d+)["']""")
_COL_REF_RE = re.compile(rb"""r\s*=\s*["']\$?([A-Za-z]+)\$?\d""")
_CELL_REF_RE = re.compile(r"\$?([A-Za-z]+)\$?(\d+)")
_HUGE = 10 ** 15


def _column_number(letters: bytes | str) -> int:
    """'A' -> 1, 'XFD' -> 16384; absurdly long references count as huge."""
    if len(letters) > 10:
        return _HUGE
    n = 0
    for ch in (letters.decode("ascii") if isinstance(letters, bytes) else letters).upper():
        n = n * 26 + ord(ch) - 64
    return n


def _row_number(digits: bytes | str) -> int:
    return int(digits) if len(digits) <= 15 else _HUGE


def _max_row(candidates: set[bytes]) -> int:
    """The largest row number among digit strings, without a Python-level loop."""
    if not candidates:
        return 0
    if max(map(len, candidates)) > 15:
        return _HUGE
    return max(map(int, candidates))


def _column_letters(n: int) -> str:
    if n >= _HUGE:
        return "?"
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _parse_range(ref: str) -> tuple[int, int] | None:
    """(last row, last column) of an A1-style range such as 'A1:XFD1048576'; None if unreadable."""
    cells = [_CELL_REF_RE.fullmatch(part.strip()) for part in ref.split(":")]
    if not cells or not all(cells):
        return None
    return (max(_row_number(m.group(2)) for m in cells), max(_column_number(m.group(1)) for m in cells))


def _check_sheet_dimensions(pkg: _ZipPackage, sheet: str, info: zipfile.ZipInfo) -> None:
    """Stream the sheet XML and refuse when its declared or used area exceeds the limits."""
    max_row = max_col = 0
    tail = b""
    dimension_seen = False
    for chunk in _utf8_view(pkg.stream(info)):
        buf = tail + chunk
        if not dimension_seen:
            match = _DIMENSION_RE.search(buf)
            if match:
                dimension_seen = True
                _check_declared_dimension(pkg, sheet, match.group(1).decode("ascii", errors="replace"))
        max_row = max(max_row, _max_row(set(_ROW_REF_RE.findall(buf))))
        max_col = max([max_col, *map(_column_number, set(_COL_REF_RE.findall(buf)))])
        if _too_large(pkg.limits, max_row, max_col):
            raise _too_large_error(pkg, sheet, f"A1:{_column_letters(max_col)}{max_row}", max_row, max_col)
        tail = buf[-_SCAN_OVERLAP:]


def _check_declared_dimension(pkg: _ZipPackage, sheet: str, ref: str) -> None:
    parsed = _parse_range(ref)
    if parsed and _too_large(pkg.limits, *parsed):
        raise _too_large_error(pkg, sheet, ref[:40], *parsed)


def _too_large(limits: Limits, rows: int, cols: int) -> bool:
    return rows > limits.max_rows or cols > limits.max_cols or rows * cols > limits.max_cells


def _too_large_error(pkg: _ZipPackage, sheet: str, ref: str, rows: int, cols: int) -> UnsafeFileError:
    limits = pkg.limits
    size = "et ufattelig stort område" if max(rows, cols) >= _HUGE else f"{_num(rows)} rader × {_num(cols)} kolonner"
    return UnsafeFileError(
        f"Arket «{sheet}» bruker området {ref} ({size}). Grensen er {_num(limits.max_rows)} rader, "
        f"{_num(limits.max_cols)} kolonner og {_num(limits.max_cells)} celler per ark. Slett ubrukte rader og "
        "kolonner og lagre på nytt.", pkg.path)


# --------------------------------------------------------------------------------------------
# run_isolated: parse in a child process with a memory limit and a timeout
# --------------------------------------------------------------------------------------------


def run_isolated(func: Callable[..., Any], *args: Any, timeout: float = 20.0, memory_mb: int = 1024,
                 path: str | Path | None = None) -> Any:
    """Run ``func(*args)`` in a child process limited to ``memory_mb`` of address space.

    ``func`` must be a picklable top-level function, and its result picklable. Returns the result.
    An OmstillError raised in the child is raised again here with the same type, message and path.
    A timeout, a crash (e.g. SIGABRT from calamine), MemoryError or any other exception in the
    child becomes UnsafeFileError or DamagedFileError. ``path`` is only used in those messages.
    """
    ctx = _mp_context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_isolated_child, args=(sender, func, args, memory_mb), daemon=True)
    proc.start()
    sender.close()
    outcome: tuple[Any, ...] | None = ("timeout",)
    try:
        outcome = _await_outcome(receiver, timeout)
    finally:
        _stop(proc, grace=0.0 if outcome == ("timeout",) else 0.5)
        receiver.close()
    return _unpack_outcome(outcome, proc.exitcode, timeout, memory_mb, path)


def _mp_context() -> multiprocessing.context.BaseContext:
    """forkserver where available (cheap and clean), else spawn. Never plain fork."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _isolated_child(conn: Any, func: Callable[..., Any], args: tuple[Any, ...], memory_mb: int) -> None:
    """Child side: limit memory, run, send back ('ok', result) or a description of the failure."""
    _limit_address_space(memory_mb)
    try:
        message: tuple[Any, ...] = ("ok", func(*args))
    except OmstillError as e:
        message = ("omstill", [f"{c.__module__}.{c.__qualname__}" for c in type(e).__mro__], e.message, e.path)
    except MemoryError:
        message = ("memory",)
    except BaseException as e:  # noqa: BLE001 - everything must be reported, not lost
        message = ("exception", type(e).__name__)
    try:
        conn.send(message)
    except Exception as e:  # an unpicklable result
        conn.send(("exception", type(e).__name__))
    finally:
        conn.close()


def _limit_address_space(memory_mb: int) -> None:
    """Set RLIMIT_AS in this process (Linux/macOS; a no-op where the resource module is missing)."""
    try:
        import resource
    except ImportError:
        return
    limit = memory_mb * MIB
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _await_outcome(receiver: Any, timeout: float) -> tuple[Any, ...] | None:
    """The child's message; ('timeout',) when none came in time; None when the child died silently."""
    if not receiver.poll(timeout):
        return ("timeout",)
    try:
        return receiver.recv()
    except (EOFError, OSError):
        return None


def _stop(proc: Any, grace: float) -> None:
    """Make sure the child is gone: a child that has reported exits on its own; kill the rest."""
    proc.join(timeout=grace)
    if proc.is_alive():
        proc.kill()
        proc.join(timeout=5)


def _unpack_outcome(outcome: tuple[Any, ...] | None, exitcode: int | None, timeout: float, memory_mb: int,
                    path: str | Path | None) -> Any:
    """Return the child's result or raise the matching OmstillError."""
    kind = outcome[0] if outcome else "crash"
    if kind == "ok":
        return outcome[1]
    if kind == "omstill":
        raise _rebuild_error(outcome[1], outcome[2], outcome[3])
    if kind == "timeout":
        raise UnsafeFileError(
            f"Lesingen av filen ble avbrutt etter {_seconds(timeout)} fordi den tok for lang tid. Filen er trolig "
            f"svært stor eller har mange tomme, formaterte rader og kolonner. {_SHRINK_ADVICE}", path)
    if kind == "memory":
        raise UnsafeFileError(
            f"Lesingen av filen trengte mer enn {_num(memory_mb)} MB minne og ble stoppet. {_SHRINK_ADVICE}", path)
    if kind == "exception":
        raise DamagedFileError(
            f"Filen kunne ikke leses (feiltype {outcome[1]}). Den kan være skadet eller laget av et program som "
            f"ikke følger Excel-formatet. {_DAMAGED_ADVICE}", path)
    raise _crash_error(exitcode, memory_mb, path)


def _crash_error(exitcode: int | None, memory_mb: int, path: str | Path | None) -> OmstillError:
    """The error for a child that died without reporting: killed (memory) or crashed."""
    if exitcode is not None and exitcode < 0:
        try:
            what = signal.Signals(-exitcode).name
        except ValueError:
            what = f"signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            return UnsafeFileError(
                f"Leseren ble stoppet av operativsystemet ({what}), trolig fordi filen krevde for mye minne. "
                f"{_SHRINK_ADVICE}", path)
    else:
        what = f"avslutningskode {exitcode}"
    return DamagedFileError(
        f"Leseren krasjet på filen ({what}). Det skjer når filen er skadet eller krever mer enn {_num(memory_mb)} MB "
        "minne. Åpne den i Excel, slett ubrukte rader og kolonner, velg Lagre som, og prøv igjen.", path)


def _rebuild_error(mro_names: list[str], message: str, path: str | None) -> OmstillError:
    """Re-create the child's OmstillError in this process: same class when known, else its nearest base."""
    known = {f"{c.__module__}.{c.__qualname__}": c for c in _all_subclasses(OmstillError)}
    known[f"{OmstillError.__module__}.{OmstillError.__qualname__}"] = OmstillError
    for name in mro_names:
        cls = known.get(name)
        if cls is None:
            continue
        try:
            return cls(message, path)
        except TypeError:
            continue  # a subclass with another constructor; fall back to its base
    return DamagedFileError(message, path)


def _all_subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_all_subclasses(sub))
    return out
