"""Read the VBA source of an add-in without Office: the compound file's streams (through the intake's bounded
reader, ``intake.ole2.OleFile``) and the MS-OVBA decompression, in pure Python (no oletools/olefile dependency).

Used by ``omstill excel build`` to refuse a template whose ribbon callback has gone (and to check what
``vbawrite`` wrote), and by the tests that pin the template's VBA. Only reading; writing is ``vbawrite``'s job.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from typing import cast

from ..errors import VbaReadError
from ..intake.ole2 import OleFile

_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


class CompoundFile:
    """Streams of an OLE2 compound file by path (``"VBA/dir"``), read-only.

    A thin face on the intake's bounded reader (``intake.ole2.OleFile``), the package's one compound-file parser:
    its failures become ``VbaReadError``."""

    MAX_STREAM = 64 * 1024 * 1024  # a vbaProject.bin stream is kilobytes; anything this large is not ours

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or data[:8] != _SIGNATURE:
            raise VbaReadError("not an OLE compound file")
        try:
            self._ole = OleFile(io.BytesIO(data), len(data))
            self.paths = {p: e for p, e in self._ole.paths().items()}
        except (OleFile.Damaged, struct.error) as e:
            raise VbaReadError(f"damaged compound file: {e}") from e

    def read(self, path: str) -> bytes:
        try:
            return self._ole.read(path, self.MAX_STREAM)
        except (OleFile.Damaged, struct.error) as e:
            raise VbaReadError(str(e)) from e


def decompress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1: a CompressedContainer → its bytes."""
    if not data or data[0] != 1:
        raise VbaReadError("not an MS-OVBA compressed container")
    out, pos = bytearray(), 1
    while pos < len(data) - 1:
        header = struct.unpack_from("<H", data, pos)[0]
        chunk_end = min(len(data), pos + (header & 0x0FFF) + 3)
        pos += 2
        if not header & 0x8000:  # raw chunk: 4096 bytes as they are
            out += data[pos : pos + 4096]
            pos += 4096
            continue
        chunk_start = len(out)
        while pos < chunk_end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if not flags >> bit & 1:
                    out.append(data[pos])
                    pos += 1
                    continue
                token = struct.unpack_from("<H", data, pos)[0]
                pos += 2
                bit_count = max((len(out) - chunk_start - 1).bit_length(), 4)
                length_mask = 0xFFFF >> bit_count
                length = (token & length_mask) + 3
                offset = (token >> (16 - bit_count)) + 1
                src = len(out) - offset
                if src < 0:
                    raise VbaReadError("copy token before the start")
                for k in range(length):
                    out.append(out[src + k])
    return bytes(out)


@dataclass(frozen=True)
class VbaProject:
    codepage: int
    modules: dict[str, str]  # module name → source text
    project_stream: str  # the PROJECT stream (Name=, Module=, …)


@dataclass(frozen=True)
class DirRecord:
    """One record of the decompressed ``dir`` stream (MS-OVBA 2.3.4.2): its id and where its data lies."""

    rid: int
    start: int  # offset of the record's data in the decompressed stream (after the 6-byte id and size)
    size: int


MODULEOFFSET = 0x0031  # a MODULE record's TextOffset: where the source starts in the module stream
DIR_TERMINATOR = 0x0010


def dir_records(dir_stream: bytes) -> list[DirRecord]:
    """The records of a decompressed ``dir`` stream, up to and including the terminator."""
    out, pos = [], 0
    while pos + 6 <= len(dir_stream):
        rid, size = struct.unpack_from("<HI", dir_stream, pos)
        if rid == 0x0009:  # PROJECTVERSION: the size field is reserved, the data is 6 bytes
            size = 6
        if pos + 6 + size > len(dir_stream):
            raise VbaReadError(f"dir record 0x{rid:04X} runs past the end of the stream")
        out.append(DirRecord(rid, pos + 6, size))
        pos += 6 + size
        if rid == DIR_TERMINATOR:
            break
    return out


def read_vba_project(data: bytes) -> VbaProject:
    """Every module's source text from a vbaProject.bin."""
    cf = CompoundFile(data)
    dir_stream = decompress(cf.read("VBA/dir"))
    codepage, modules = 1252, []
    current: dict[str, object] = {}
    for rec in dir_records(dir_stream):
        body = dir_stream[rec.start : rec.start + rec.size]
        rid = rec.rid
        if rid == 0x0003:
            codepage = struct.unpack("<H", body)[0]
        elif rid == 0x0019:
            current = {"name": body}
        elif rid == 0x001A:
            current["stream"] = body
        elif rid == MODULEOFFSET:
            current["offset"] = struct.unpack("<I", body)[0]
        elif rid == 0x002B:
            modules.append(current)
            current = {}
    enc = f"cp{codepage}"
    out = {}
    for m in modules:
        name = bytes(cast(bytes, m["name"])).decode(enc)
        stream = bytes(cast(bytes, m.get("stream", m["name"]))).decode(enc)
        raw = cf.read(f"VBA/{stream}")
        out[name] = decompress(raw[int(m.get("offset", 0)) :]).decode(enc, "replace")  # type: ignore[call-overload]
    project = cf.read("PROJECT").decode(enc, "replace")
    return VbaProject(codepage, out, project)
