"""Zip package access with hard caps, and the checks made on the zip container itself.

``_ZipPackage`` reads members with its own capped inflater: it never yields more than a member's
declared size, and tells a damaged size field (DamagedFileError) from a zip bomb (UnsafeFileError).
``_check_declared_sizes`` refuses by the central directory alone (member count, sizes, compression
ratio) before anything is decompressed; ``_verify_members`` then inflates every member and checks
its length and CRC.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

from ..errors import EncryptedFileError, UnsafeFileError, UnsupportedFormatError
from ..i18n import translator
from .limits import MIB, Limits
from .messages import _ENCRYPTED_ADVICE, _SHRINK_ADVICE, _damaged, _mb, _num

_ = translator("core")

_RAW_CHUNK = 256 * 1024
_OUT_CHUNK = 1 * MIB
_SIZE_SLACK = 1 * MIB  # extra output tolerated as "damaged size field" before calling it a bomb
# Members verified by ``_verify_members`` are kept (as the chunks they came out in) for the checks after it, which
# read most of them again, up to these sizes; larger ones are inflated again when read.
_KEEP_MEMBER = 16 * MIB  # a sheet of 5 000 tiltak is 5.4 MB
_KEEP_TOTAL = 16 * MIB


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
            raise _damaged(path, _("zip-beholderen kan ikke leses")) from e
        self.by_key: dict[str, zipfile.ZipInfo] = {}
        self.members: dict[str, str] = {}
        self._verified: dict[str, tuple[bytes, ...]] = {}  # filename → its chunks, length and CRC checked

    def __enter__(self) -> _ZipPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.zf.close()

    def index_members(self) -> None:
        """Build the case-insensitive member map; duplicate part names make the package ambiguous."""
        for info in self.infos:
            key = _normalise(info.filename)
            if key in self.by_key:
                raise _damaged(
                    self.path, _("delen «{part}» finnes flere ganger i zip-beholderen").format(part=info.filename)
                )
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
        kept = self._verified.get(info.filename)
        if kept is not None:
            yield from kept
            return
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
            raise _damaged(self.path, _("delen «{part}» er kortere enn oppgitt").format(part=info.filename))
        if crc != info.CRC:
            raise _damaged(self.path, _("kontrollsummen for delen «{part}» stemmer ikke").format(part=info.filename))

    def verify_and_keep(self, info: zipfile.ZipInfo) -> None:
        """Inflate and verify the member (as ``stream``) and keep its chunks for the reads after this one."""
        whole = self._small_deflated(info)
        # only once length and CRC are checked
        self._verified[info.filename] = (whole,) if whole is not None else tuple(self.stream(info))

    def _small_deflated(self, info: zipfile.ZipInfo) -> bytes | None:
        """A small deflated member in one step: the first step of ``_inflate`` over its one raw chunk, taken only where
        that step ends the stream with exactly the declared length and CRC, so ``stream`` would yield just this
        chunk and raise nothing; None (let ``stream`` read it, with its verdicts) for anything else."""
        if (
            info.compress_type != zipfile.ZIP_DEFLATED
            or info.flag_bits & 0x1
            or info.compress_size > _RAW_CHUNK
            or info.file_size >= _OUT_CHUNK
            or info.filename in self._verified
        ):
            return None
        try:
            pos = self._data_offset(info)
        except Exception:  # noqa: BLE001 - ``stream`` raises the same again, with its message
            return None
        self.fh.seek(pos)
        raw = self.fh.read(info.compress_size)
        if len(raw) != info.compress_size or not raw:
            return None
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            out = inflater.decompress(raw, _OUT_CHUNK)
        except zlib.error:
            return None
        if not inflater.eof or len(out) != info.file_size or zlib.crc32(out) != info.CRC or not out:
            return None
        return out

    def kept(self, info: zipfile.ZipInfo) -> bytes | None:
        """The member's bytes if ``verify_and_keep`` kept them (length and CRC checked), else None."""
        chunks = self._verified.get(info.filename)
        return None if chunks is None else b"".join(chunks)

    def read(self, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
        """The whole member, refusing members larger than ``max_bytes``."""
        if info.file_size > max_bytes:
            raise UnsafeFileError(
                _("Delen «{part}» er {size}, unormalt stort for denne typen innhold (grense {limit}). {advice}").format(
                    part=info.filename, size=_mb(info.file_size), limit=_mb(max_bytes), advice=_(_SHRINK_ADVICE)
                ),
                self.path,
            )
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
                raise _damaged(self.path, _("delen «{part}» er lengre enn oppgitt").format(part=info.filename))
        raise UnsafeFileError(
            _(
                "Delen «{part}» gir langt mer data enn oppgitt når den pakkes ut. Filen er laget for å lamme "
                "programmer som leser den (zip-bombe), og er avvist. Be avsenderen om en ny fil lagret direkte fra "
                "Excel."
            ).format(part=info.filename),
            self.path,
        )

    def _decompressed(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        if info.flag_bits & 0x1:
            raise EncryptedFileError(
                _("Delene i zip-beholderen er passordbeskyttet. {advice}").format(advice=_(_ENCRYPTED_ADVICE)),
                self.path,
            )
        if info.compress_type == zipfile.ZIP_STORED:
            return self._raw(info)
        if info.compress_type == zipfile.ZIP_DEFLATED:
            return self._inflate(info)
        raise UnsupportedFormatError(
            _(
                "Filen er pakket med en komprimeringsmetode (nr. {method}) som Excel ikke bruker. Åpne den i "
                "programmet som laget den, lagre som Excel-arbeidsbok (.xlsx) og prøv igjen."
            ).format(method=info.compress_type),
            self.path,
        )

    def _raw(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The member's stored bytes, read from its local header onwards."""
        pos = self._data_offset(info)
        remaining = info.compress_size
        while remaining > 0:
            self.fh.seek(pos)
            chunk = self.fh.read(min(_RAW_CHUNK, remaining))
            if not chunk:
                raise _damaged(self.path, _("delen «{part}» er avkuttet").format(part=info.filename))
            pos += len(chunk)
            remaining -= len(chunk)
            yield chunk

    def _data_offset(self, info: zipfile.ZipInfo) -> int:
        if not 0 <= info.header_offset < self.size:
            raise _damaged(self.path, _("delen «{part}» peker utenfor filen").format(part=info.filename))
        self.fh.seek(info.header_offset)
        header = self.fh.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise _damaged(self.path, _("lokalhodet for delen «{part}» mangler").format(part=info.filename))
        name_len, extra_len = struct.unpack_from("<HH", header, 26)
        start = info.header_offset + 30 + name_len + extra_len
        if start + info.compress_size > self.size:
            raise _damaged(self.path, _("delen «{part}» går ut over slutten av filen").format(part=info.filename))
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
            raise _damaged(self.path, _("delen «{part}» kan ikke pakkes ut").format(part=info.filename)) from e
        raise _damaged(self.path, _("delen «{part}» er avkuttet").format(part=info.filename))


def _check_declared_sizes(pkg: _ZipPackage) -> None:
    """Refuse by the central directory alone, before anything is decompressed."""
    limits, path = pkg.limits, pkg.path
    if len(pkg.infos) > limits.max_members:
        raise UnsafeFileError(
            _("Filen består av {count} deler, mer enn grensen på {limit}. {advice}").format(
                count=_num(len(pkg.infos)), limit=_num(limits.max_members), advice=_(_SHRINK_ADVICE)
            ),
            path,
        )
    total = 0
    for info in pkg.infos:
        if info.file_size > limits.max_member_uncompressed:
            raise UnsafeFileError(
                _(
                    "Delen «{part}» blir {size} når den pakkes ut, mer enn grensen på {limit}. Filen er enten "
                    "unormalt stor eller laget for å lamme programmer (zip-bombe). {advice}"
                ).format(
                    part=info.filename,
                    size=_mb(info.file_size),
                    limit=_mb(limits.max_member_uncompressed),
                    advice=_(_SHRINK_ADVICE),
                ),
                path,
            )
        total += info.file_size
    if total > limits.max_total_uncompressed:
        raise UnsafeFileError(
            _("Filen blir {size} når den pakkes ut, mer enn grensen på {limit}. {advice}").format(
                size=_mb(total), limit=_mb(limits.max_total_uncompressed), advice=_(_SHRINK_ADVICE)
            ),
            path,
        )
    if total > limits.ratio_applies_above and total > limits.max_compression_ratio * max(pkg.size, 1):
        ratio = total / max(pkg.size, 1)
        raise UnsafeFileError(
            _(
                "Filen er pakket {ratio} ganger tettere enn vanlig (grense {limit}), slik zip-bomber er laget. Den "
                "er avvist. Lagre arbeidsboka på nytt fra Excel og prøv igjen."
            ).format(ratio=_num(ratio), limit=_num(limits.max_compression_ratio)),
            path,
        )


def _has_vba(pkg: _ZipPackage) -> bool:
    """True when the package holds a VBA project (xl/vbaProject.bin, wherever it is)."""
    return any(posixpath.basename(key) == "vbaproject.bin" for key in pkg.by_key)


def _verify_members(pkg: _ZipPackage) -> None:
    """Decompress every member with hard caps and check its length and CRC."""
    budget = _KEEP_TOTAL
    for info in pkg.infos:
        if info.file_size > min(_KEEP_MEMBER, budget):
            for _ in pkg.stream(info):
                pass
            continue
        pkg.verify_and_keep(info)
        budget -= info.file_size
