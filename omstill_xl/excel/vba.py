"""Read the VBA source of an add-in without Office: a small OLE compound-file reader and the MS-OVBA
decompression, in pure Python (no oletools/olefile dependency).

Used by ``omstill excel build`` to refuse a template whose ribbon callback has gone, and by the tests that
pin the template's VBA. Only reading; the VBA is never changed.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import cast

from ..errors import VbaReadError

_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE


class CompoundFile:
    """Streams of an OLE2 compound file by path (``"VBA/dir"``), read-only."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or data[:8] != _SIGNATURE:
            raise VbaReadError("not an OLE compound file")
        self.data = data
        self.sector_size = 1 << struct.unpack_from("<H", data, 30)[0]
        self.mini_size = 1 << struct.unpack_from("<H", data, 32)[0]
        n_fat, first_dir = struct.unpack_from("<II", data, 44)
        self.cutoff, first_minifat, n_minifat, first_difat, n_difat = struct.unpack_from("<IIIII", data, 56)
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s not in (_FREE, _END)]
        sector, per = first_difat, self.sector_size // 4 - 1
        for _ in range(n_difat):
            if sector in (_FREE, _END):
                break
            entries = struct.unpack_from(f"<{per + 1}I", self._sector(sector))
            fat_sectors += [s for s in entries[:per] if s not in (_FREE, _END)]
            sector = entries[per]
        fat_sectors = fat_sectors[:n_fat]
        self.fat = [x for s in fat_sectors for x in struct.unpack(f"<{self.sector_size // 4}I", self._sector(s))]
        self.entries = self._directory(self._chain(first_dir))
        root = self.entries[0]
        self.mini_stream = self._chain(root["start"])[: root["size"]]
        raw_minifat = self._chain(first_minifat) if n_minifat else b""
        self.minifat = list(struct.unpack(f"<{len(raw_minifat) // 4}I", raw_minifat))
        self.paths = self._paths()

    def _sector(self, n: int) -> bytes:
        start = (n + 1) * self.sector_size
        if start + self.sector_size > len(self.data) + self.sector_size:
            raise VbaReadError(f"sector {n} outside the file")
        return self.data[start : start + self.sector_size]

    def _chain(self, start: int) -> bytes:
        out, seen, n = bytearray(), set(), start
        while n not in (_END, _FREE):
            if n in seen or n >= len(self.fat):
                raise VbaReadError("broken sector chain")
            seen.add(n)
            out += self._sector(n)
            n = self.fat[n]
        return bytes(out)

    def _mini_chain(self, start: int, size: int) -> bytes:
        out, seen, n = bytearray(), set(), start
        while n not in (_END, _FREE) and len(out) < size:
            if n in seen or n >= len(self.minifat):
                raise VbaReadError("broken mini sector chain")
            seen.add(n)
            out += self.mini_stream[n * self.mini_size : (n + 1) * self.mini_size]
            n = self.minifat[n]
        return bytes(out[:size])

    @staticmethod
    def _directory(raw: bytes) -> list[dict]:
        entries = []
        for off in range(0, len(raw) - 127, 128):
            name_len = struct.unpack_from("<H", raw, off + 64)[0]
            name = raw[off : off + max(name_len - 2, 0)].decode("utf-16-le", "replace")
            kind = raw[off + 66]
            left, right, child = struct.unpack_from("<III", raw, off + 68)
            start, size = struct.unpack_from("<IQ", raw, off + 116)
            entries.append(
                {
                    "name": name,
                    "kind": kind,
                    "left": left,
                    "right": right,
                    "child": child,
                    "start": start,
                    "size": size & 0xFFFFFFFF,
                }
            )
        if not entries or entries[0]["kind"] != 5:
            raise VbaReadError("no root entry")
        return entries

    def _paths(self) -> dict[str, int]:
        paths: dict[str, int] = {}

        def siblings(i: int, prefix: str, depth: int) -> None:
            if i == _FREE or i >= len(self.entries) or depth > 64:
                return
            e = self.entries[i]
            siblings(e["left"], prefix, depth + 1)
            path = prefix + e["name"]
            paths[path] = i
            if e["kind"] == 1:
                siblings(e["child"], path + "/", depth + 1)
            siblings(e["right"], prefix, depth + 1)

        siblings(self.entries[0]["child"], "", 0)
        return paths

    def read(self, path: str) -> bytes:
        lowered = {p.lower(): i for p, i in self.paths.items()}
        i = lowered.get(path.lower())
        if i is None:
            raise VbaReadError(f"no stream {path}")
        e = self.entries[i]
        if e["size"] < self.cutoff:
            return self._mini_chain(e["start"], e["size"])
        return self._chain(e["start"])[: e["size"]]


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


def read_vba_project(data: bytes) -> VbaProject:
    """Every module's source text from a vbaProject.bin."""
    cf = CompoundFile(data)
    dir_stream = decompress(cf.read("VBA/dir"))
    codepage, modules, pos = 1252, [], 0
    current: dict[str, object] = {}
    while pos + 6 <= len(dir_stream):
        rid, size = struct.unpack_from("<HI", dir_stream, pos)
        pos += 6
        if rid == 0x0009:  # PROJECTVERSION: the size field is reserved, the data is 6 bytes
            size = 6
        body = dir_stream[pos : pos + size]
        pos += size
        if rid == 0x0003:
            codepage = struct.unpack("<H", body)[0]
        elif rid == 0x0019:
            current = {"name": body}
        elif rid == 0x001A:
            current["stream"] = body
        elif rid == 0x0031:
            current["offset"] = struct.unpack("<I", body)[0]
        elif rid == 0x002B:
            modules.append(current)
            current = {}
        elif rid == 0x0010:
            break
    enc = f"cp{codepage}"
    out = {}
    for m in modules:
        name = bytes(cast(bytes, m["name"])).decode(enc)
        stream = bytes(cast(bytes, m.get("stream", m["name"]))).decode(enc)
        raw = cf.read(f"VBA/{stream}")
        out[name] = decompress(raw[int(m.get("offset", 0)) :]).decode(enc, "replace")  # type: ignore[call-overload]
    project = cf.read("PROJECT").decode(enc, "replace")
    return VbaProject(codepage, out, project)
