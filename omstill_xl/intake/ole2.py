"""OLE2 (Compound File Binary): .xls, encrypted OOXML, .doc, .ppt — and the one compound-file reader.

An OLE2 file is never accepted. A minimal, bounded reader of its directory tells which error to
give: encrypted (EncryptionInfo/EncryptedPackage, or a BIFF FILEPASS record in an .xls),
legacy .xls, Word, PowerPoint, another Office file, or damaged.

``OleFile`` is the package's only compound-file parser: ``excel/vba.py`` reads the add-in's vbaProject.bin
streams through it (``OleFile.read``), so the same bounds guard both (no chain longer than the file has sectors,
no loop, no pointer outside the tables, a cap on the bytes read).
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import DamagedFileError, EncryptedFileError, OmstillError
from ..i18n import translator
from .messages import _ENCRYPTED_ADVICE, _unsupported
from .sniff import _open_binary

_ = translator("core")

_ENDOFCHAIN = 0xFFFFFFFE
_MAX_OLE_DIR_ENTRIES = 100_000
_BIFF_FILEPASS = 0x002F
_BIFF_STOP_RECORDS = {0x000A, 0x0085}  # EOF, BOUNDSHEET: FILEPASS always comes before these


_NOSTREAM = 0xFFFFFFFF
_MAX_TREE_DEPTH = 256


@dataclass(frozen=True)
class _OleEntry:
    """One directory entry of a compound file."""

    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    start: int
    size: int
    left: int = _NOSTREAM  # the directory's red-black tree: siblings and a storage's first child
    right: int = _NOSTREAM
    child: int = _NOSTREAM


class OleFile:
    """A minimal, bounded reader of an OLE2 directory and its streams.

    Every inconsistency raises OleFile.Damaged; no chain is followed further than the file has sectors.
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
        (_n_dir, n_fat, first_dir, _txn, self.mini_cutoff, first_minifat, _n_minifat, first_difat, _n_difat) = (
            struct.unpack_from("<9I", header, 0x28)
        )
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
        sid, seen = start, set[int]()
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
                entries.append(self._parse_entry(sector[off : off + 128]))
            if len(entries) > _MAX_OLE_DIR_ENTRIES:
                raise self.Damaged("directory size")
        return entries

    def _parse_entry(self, raw: bytes) -> _OleEntry:
        name_len, kind = struct.unpack_from("<HB", raw, 64)
        left, right, child = struct.unpack_from("<III", raw, 68)
        start, size_low, size_high = struct.unpack_from("<III", raw, 116)
        size = size_low if self.sector_size == 512 else size_low | (size_high << 32)
        if kind not in (1, 2, 5) or not 2 <= name_len <= 64:
            return _OleEntry("", 0, 0, 0)
        name = raw[: name_len - 2].decode("utf-16-le", errors="replace")
        return _OleEntry(name, kind, start, size, left, right, child)

    def paths(self) -> dict[str, _OleEntry]:
        """Every stream and storage by its path from the root (``"VBA/dir"``), walking the directory tree with
        each entry visited once and a bounded depth."""
        out: dict[str, _OleEntry] = {}
        seen: set[int] = set()
        stack = [(self.entries[0].child, "", 0)]
        while stack:
            i, prefix, depth = stack.pop()
            if i == _NOSTREAM or i >= len(self.entries) or i in seen:
                continue
            if depth > _MAX_TREE_DEPTH:
                raise self.Damaged("directory tree depth")
            seen.add(i)
            e = self.entries[i]
            if e.kind in (1, 2):
                out[prefix + e.name] = e
                if e.kind == 1:
                    stack.append((e.child, f"{prefix}{e.name}/", depth + 1))
            stack += [(e.left, prefix, depth + 1), (e.right, prefix, depth + 1)]
        return out

    def read(self, path: str, max_bytes: int) -> bytes:
        """The whole stream at ``path`` (case-insensitive); a stream larger than ``max_bytes`` is refused."""
        entry = next((e for p, e in self.paths().items() if p.lower() == path.lower() and e.kind == 2), None)
        if entry is None:
            raise self.Damaged(f"no stream {path}")
        if entry.size > max_bytes:
            raise self.Damaged(f"stream {path} larger than {max_bytes} bytes")
        data = self.read_head(entry, entry.size)
        if len(data) < entry.size:
            raise self.Damaged(f"stream {path} shorter than its size")
        return data

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
            out += self._sector(ministream[index])[part * 64 : (part + 1) * 64]
            if len(out) >= want:
                break
        return bytes(out[:want])


def _reject_ole2(path: Path) -> None:
    """Raise the right error for an OLE2 file: encrypted, legacy .xls, other Office or damaged."""
    with _open_binary(path) as fh:
        try:
            _classify_ole2(path, OleFile(fh, os.fstat(fh.fileno()).st_size))
        except OmstillError:
            raise
        except Exception as e:  # OleFile.Damaged, struct.error, OSError on a bad seek, …
            raise DamagedFileError(
                _(
                    "Filen ser ut som et eldre Office-dokument (for eksempel .xls), men er skadet og kan ikke leses. "
                    "Åpne den i Excel, velg Lagre som → Excel-arbeidsbok (.xlsx), og prøv igjen."
                ),
                path,
            ) from e
    raise _unsupported(path, "ole2")  # pragma: no cover - _classify_ole2 always raises


def _classify_ole2(path: Path, ole: OleFile) -> None:
    """Always raises: EncryptedFileError or UnsupportedFormatError naming the format."""
    if ole.find("EncryptionInfo", "EncryptedPackage"):
        raise EncryptedFileError(
            _("Arbeidsboka er passordbeskyttet (kryptert). {advice}").format(advice=_(_ENCRYPTED_ADVICE)), path
        )
    book = ole.find("Workbook", "Book")
    if book is not None:
        if _xls_has_filepass(ole, book):
            raise EncryptedFileError(
                _(
                    "Arbeidsboka er passordbeskyttet (kryptert) og i Excel 97–2003-format (.xls). Fjern passordet i "
                    "Excel (Fil → Info → Beskytt arbeidsbok → Krypter med passord → tøm feltet), lagre som "
                    "Excel-arbeidsbok (.xlsx) og prøv igjen."
                ),
                path,
            )
        raise _unsupported(path, "xls")
    if ole.find("WordDocument"):
        raise _unsupported(path, "doc")
    if ole.find("PowerPoint Document"):
        raise _unsupported(path, "ppt")
    raise _unsupported(path, "ole2")


def _xls_has_filepass(ole: OleFile, book: _OleEntry) -> bool:
    """True when the first BIFF records of the Workbook stream include FILEPASS (0x002F)."""
    try:
        data = ole.read_head(book, 16 * 1024)
    except (OleFile.Damaged, struct.error):
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
