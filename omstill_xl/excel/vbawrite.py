"""Write a VBA project (vbaProject.bin) with changed module source, in pure Python, the way MS-OVBA says a
writer must: source only, so Office compiles it again from the source when it loads the project.

- ``compress``: the MS-OVBA compression (2.4.1.3), the inverse of ``vba.decompress``.
- ``write_compound_file``: a compound file (MS-CFB version 3: 512-byte sectors, a mini stream for streams under
  4096 bytes, one FAT of at most 109 sectors, a directory red-black tree per storage).
- ``rewrite_vba_project``: a vbaProject.bin with new source for some modules. Every module stream becomes just
  its compressed source (its MODULEOFFSET record in ``dir`` set to 0, the performance cache dropped),
  ``_VBA_PROJECT`` becomes the 7-byte header with Version 0xFFFF and no cache, ``__SRP_*`` streams (caches
  too) are dropped. Everything else — PROJECT (with CMG/DPB/GC as they were), PROJECTwm, the ``dir``
  records other than MODULEOFFSET, every other stream — is kept byte for byte.

The result is unsigned (like xlwings' template): a signature over the old project would not fit the new one.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import VbaReadError
from .vba import MODULEOFFSET, CompoundFile, decompress, dir_records, read_vba_project

# ---------------------------------------------------------------------------------------------- compression

CHUNK = 4096
_MIN_MATCH = 3


def _compress_chunk(chunk: bytes, raw_chunks: bool) -> bytes:
    """One CompressedChunk (header included) for up to 4096 bytes: the longest match, the nearest of equally long
    ones (the matching of MS-OVBA 2.4.1.3.19.4; it gives the bytes of the specification's examples in 3.2)."""
    out = bytearray(b"\0\0")
    n, pos = len(chunk), 0
    seen: dict[bytes, list[int]] = {}  # 3-byte prefix → earlier positions in this chunk

    def remember(i: int) -> None:
        if i + _MIN_MATCH <= n:
            seen.setdefault(chunk[i : i + _MIN_MATCH], []).append(i)

    while pos < n:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= n:
                break
            best_len = best_off = 0
            bit_count = max((pos - 1).bit_length(), 4) if pos else 4
            for cand in reversed(seen.get(chunk[pos : pos + _MIN_MATCH], ())):
                length = _MIN_MATCH
                while pos + length < n and chunk[cand + length] == chunk[pos + length]:
                    length += 1
                if length > best_len:
                    best_len, best_off = length, pos - cand
            if best_len >= _MIN_MATCH:
                length = min(best_len, (0xFFFF >> bit_count) + 3)
                out += struct.pack("<H", ((best_off - 1) << (16 - bit_count)) | (length - 3))
                flags |= 1 << bit
                for i in range(pos, pos + length):
                    remember(i)
                pos += length
            else:
                out.append(chunk[pos])
                remember(pos)
                pos += 1
        out[flag_at] = flags
    if len(out) - 2 > CHUNK:  # it grew: a raw chunk holds exactly 4096 bytes as they are
        if n != CHUNK or not raw_chunks:
            raise ValueError("a chunk of this data does not compress (too few repeats)")
        return struct.pack("<H", 0x3000 | (CHUNK - 1)) + chunk
    struct.pack_into("<H", out, 0, 0xB000 | (len(out) - 3))  # flag 1, signature 0b011, size - 3
    return bytes(out)


def compress(data: bytes, *, raw_chunks: bool = True) -> bytes:
    """MS-OVBA 2.4.1: bytes → a CompressedContainer (signature 0x01, then one chunk per 4096 bytes).
    ``raw_chunks=False``: refuse data that needs an uncompressed chunk (ValueError) rather than write one — VBA
    source never needs one, and there is a report of Excel dropping a module stored that way."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        out += _compress_chunk(data[start : start + CHUNK], raw_chunks)
    return bytes(out)


# ---------------------------------------------------------------------------------------------- compound file

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
_FREESECT, _ENDOFCHAIN, _FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF
_RED, _BLACK = 0, 1
_MAX_NAME = 31  # UTF-16 code units, the terminator excluded


@dataclass
class _Node:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: dict[str, _Node] = field(default_factory=dict)
    sid: int = 0
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    color: int = _BLACK
    start: int = _ENDOFCHAIN


def _order(name: str) -> tuple[int, str]:
    """MS-CFB 2.6.4: shorter names first, then by the upper-cased UTF-16 code units."""
    return len(name.encode("utf-16-le")) // 2, name.upper()


def _tree(sorted_nodes: list[_Node], depth: int, red_depth: int | None) -> int:
    """A balanced binary search tree of ``sorted_nodes`` (middle as root); returns the root's sid. Nodes at
    ``red_depth`` (the last, incomplete level) are red, all others black: a valid red-black tree."""
    if not sorted_nodes:
        return _NOSTREAM
    mid = len(sorted_nodes) // 2
    node = sorted_nodes[mid]
    node.color = _RED if depth == red_depth else _BLACK
    node.left = _tree(sorted_nodes[:mid], depth + 1, red_depth)
    node.right = _tree(sorted_nodes[mid + 1 :], depth + 1, red_depth)
    return node.sid


def _link(storage: _Node) -> None:
    kids = sorted(storage.children.values(), key=lambda c: _order(c.name))
    if kids:
        height = len(kids).bit_length() - 1  # depth of the deepest level of the balanced tree
        full = len(kids) == (1 << (height + 1)) - 1
        storage.child = _tree(kids, 0, None if full else height)
    for kid in kids:
        _link(kid)


def _chain(fat: list[int], first: int, count: int) -> None:
    for i in range(count):
        fat[first + i] = first + i + 1 if i < count - 1 else _ENDOFCHAIN


def write_compound_file(streams: Mapping[str, bytes], storages: tuple[str, ...] = ()) -> bytes:
    """A compound file holding ``streams`` (paths like ``"VBA/dir"``; storages on the way are created) and the
    (possibly empty) ``storages``. CLSIDs, state bits and times are zero. Same input, same bytes."""
    root = _Node("Root Entry", 5)

    def storage_at(parts: list[str]) -> _Node:
        node = root
        for part in parts:
            node = node.children.setdefault(part.upper(), _Node(part, 1))
            if node.kind != 1:
                raise ValueError(f"{part} is a stream and a storage")
        return node

    for path in storages:
        storage_at(path.split("/"))
    for path, data in streams.items():
        *parents, name = path.split("/")
        parent = storage_at(parents)
        if name.upper() in parent.children:
            raise ValueError(f"two entries named {path}")
        parent.children[name.upper()] = _Node(name, 2, bytes(data))
    nodes: list[_Node] = []

    def number(node: _Node) -> None:
        if not 0 < len(node.name) <= _MAX_NAME or any(c in node.name for c in "/\\:!"):
            raise ValueError(f"not a compound-file name: {node.name!r}")
        node.sid = len(nodes)
        nodes.append(node)
        for kid in sorted(node.children.values(), key=lambda c: _order(c.name)):
            number(kid)

    number(root)
    _link(root)
    # The mini stream: every stream under 4096 bytes, each in whole 64-byte mini sectors.
    mini, minifat, big = bytearray(), list[int](), list[_Node]()
    for node in nodes:
        if node.kind != 2 or not node.data:
            continue
        if len(node.data) < MINI_CUTOFF:
            count = -(-len(node.data) // MINI_SECTOR)
            node.start = len(minifat)
            minifat += [0] * count
            _chain(minifat, node.start, count)
            mini += node.data.ljust(count * MINI_SECTOR, b"\0")
        else:
            big.append(node)
    root.data = bytes(mini)
    # Sectors: FAT, directory, mini FAT, mini stream (the root's), then the large streams.
    dir_count = -(-len(nodes) // 4)
    minifat_count = -(-len(minifat) // (SECTOR // 4))
    payload = [root, *big]
    data_count = dir_count + minifat_count + sum(-(-len(n.data) // SECTOR) for n in payload)
    fat_count = 1
    while fat_count * (SECTOR // 4) < fat_count + data_count:
        fat_count += 1
    if fat_count > 109:
        raise ValueError("too large for a compound file without DIFAT sectors (about 6.8 MB)")
    total = fat_count + data_count
    fat = [_FREESECT] * (fat_count * (SECTOR // 4))
    for i in range(fat_count):
        fat[i] = _FATSECT
    first_dir = fat_count
    _chain(fat, first_dir, dir_count)
    first_minifat = first_dir + dir_count if minifat_count else _ENDOFCHAIN
    if minifat_count:
        _chain(fat, first_minifat, minifat_count)
    nxt = first_dir + dir_count + minifat_count
    for node in payload:
        count = -(-len(node.data) // SECTOR)
        node.start = nxt if count else _ENDOFCHAIN
        _chain(fat, nxt, count)
        nxt += count
    assert nxt == total
    header = bytearray(SECTOR)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x003E, 0x0003, 0xFFFE, 9, 6)
    struct.pack_into(
        "<9I", header, 0x28, 0, fat_count, first_dir, 0, MINI_CUTOFF, first_minifat, minifat_count, _ENDOFCHAIN, 0
    )
    difat = list(range(fat_count)) + [_FREESECT] * (109 - fat_count)
    struct.pack_into("<109I", header, 0x4C, *difat)
    directory = bytearray()
    for node in nodes:
        encoded = node.name.encode("utf-16-le")
        entry = bytearray(128)
        entry[0 : len(encoded)] = encoded
        size = len(node.data) if node.kind != 1 else 0
        start = 0 if node.kind == 1 else (node.start if size else _ENDOFCHAIN)
        struct.pack_into(
            "<HBB3I", entry, 64, len(encoded) + 2, node.kind, node.color, node.left, node.right, node.child
        )
        struct.pack_into("<IQ", entry, 116, start, size)
        directory += entry
    while len(directory) % SECTOR:
        directory += bytes(64) + struct.pack("<HBB3I", 0, 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM) + bytes(48)
    out = bytearray(header)
    out += struct.pack(f"<{len(fat)}I", *fat)
    out += directory
    if minifat_count:
        minifat += [_FREESECT] * (minifat_count * (SECTOR // 4) - len(minifat))
        out += struct.pack(f"<{len(minifat)}I", *minifat)
    for node in payload:
        out += node.data.ljust(-(-len(node.data) // SECTOR) * SECTOR, b"\0")
    assert len(out) == SECTOR * (1 + total)
    return bytes(out)


# ---------------------------------------------------------------------------------------------- VBA project

VBA_PROJECT_HEADER = bytes.fromhex("CC61FFFF000100")  # Reserved1 0x61CC, Version 0xFFFF, Reserved2, Reserved3
_SRP = re.compile(r"^VBA/__SRP_\d+$", re.IGNORECASE)


def _modules(dir_stream: bytes, codepage: int) -> dict[str, tuple[str, int, int]]:
    """Module name → (its stream name, where its MODULEOFFSET value is in the decompressed ``dir``, that value)."""
    out: dict[str, tuple[str, int, int]] = {}
    name = stream = None
    for rec in dir_records(dir_stream):
        body = dir_stream[rec.start : rec.start + rec.size]
        if rec.rid == 0x0019:
            name, stream = body.decode(f"cp{codepage}"), None
        elif rec.rid == 0x001A:
            stream = body.decode(f"cp{codepage}")
        elif rec.rid == MODULEOFFSET and name is not None:
            out[name] = (stream or name, rec.start, struct.unpack("<I", body)[0])
    return out


def rewrite_vba_project(data: bytes, sources: Mapping[str, str]) -> bytes:
    """``data`` (a vbaProject.bin) with the source of the modules in ``sources`` replaced, written source-only;
    the other modules keep their source byte for byte."""
    project = read_vba_project(data)
    unknown = set(sources) - set(project.modules)
    if unknown:
        raise VbaReadError(f"no such module: {', '.join(sorted(unknown))}")
    enc = f"cp{project.codepage}"
    cf = CompoundFile(data)
    dir_stream = bytearray(decompress(cf.read("VBA/dir")))
    modules = _modules(bytes(dir_stream), project.codepage)
    if set(modules) != set(project.modules):
        raise VbaReadError("a module without its MODULEOFFSET record")
    storages = tuple(p for p, e in cf.paths.items() if e.kind == 1)
    streams = {p: cf.read(p) for p, e in cf.paths.items() if e.kind == 2 and not _SRP.match(p)}

    def put(path: str, content: bytes) -> None:  # the stored name's case wins
        streams[next((p for p in streams if p.upper() == path.upper()), path)] = content

    for name, (stream, at, offset) in modules.items():
        try:
            if name in sources:
                plain = sources[name].encode(enc)
            else:
                plain = decompress(cf.read(f"VBA/{stream}")[offset:])
            put(f"VBA/{stream}", compress(plain, raw_chunks=False))
        except UnicodeEncodeError as e:
            bad = sources[name][e.start : e.end]
            raise VbaReadError(f"module {name}: {bad!r} is not in code page {enc}") from e
        except ValueError as e:
            raise VbaReadError(f"module {name}: {e}") from e
        struct.pack_into("<I", dir_stream, at, 0)
    try:
        put("VBA/dir", compress(bytes(dir_stream), raw_chunks=False))
    except ValueError as e:
        raise VbaReadError(f"dir: {e}") from e
    put("VBA/_VBA_PROJECT", VBA_PROJECT_HEADER)
    return write_compound_file(streams, storages)
