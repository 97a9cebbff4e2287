"""Builders for odd and hostile input files, shared by the intake tests and the CLI tests.

Every builder writes into a path the caller chooses (normally under pytest's ``tmp_path``) and
returns that path. Nothing here is committed as a binary fixture: the files are small or are
built by streaming, so building them is fast and needs little memory.

Also here: small top-level functions for ``run_isolated`` tests. They must live in an importable
module (not in a test file) so a spawned/forkserver child can unpickle them.
"""

from __future__ import annotations

import os
import random
import shutil
import struct
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

WORKBOOK_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_WORKBOOK_CT = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

XML_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


# --------------------------------------------------------------------------------------------
# A minimal, valid xlsx skeleton
# --------------------------------------------------------------------------------------------


def sheet_xml(
    cells: Iterable[tuple[str, str]] = (("A1", "1"),), dimension: str | None = "A1", prolog: bytes = XML_DECL
) -> bytes:
    """A worksheet with numeric cells ``(ref, value)``, one row element per cell."""
    rows = []
    for ref, value in cells:
        row = "".join(ch for ch in ref if ch.isdigit())
        rows.append(f'<row r="{row}"><c r="{ref}"><v>{value}</v></c></row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = f'<worksheet xmlns="{MAIN_NS}">{dim}<sheetData>{"".join(rows)}</sheetData></worksheet>'
    return prolog + body.encode()


def xlsx_parts(
    sheets: Sequence[tuple[str, bytes]] = (("Ark1", sheet_xml()),),
    hidden: Sequence[str] = (),
    workbook_ct: str = WORKBOOK_CT,
) -> dict[str, bytes]:
    """Member name -> bytes for a minimal workbook with the given (name, worksheet XML) sheets."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{WORKSHEET_CT}"/>'
        for i in range(1, len(sheets) + 1)
    )
    content_types = (
        f'<Types xmlns="{CT_NS}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{workbook_ct}"/>{overrides}</Types>'
    )
    root_rels = (
        f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
        f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    states = {name: ' state="hidden"' for name in hidden}
    sheet_elements = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"{states.get(name, "")}/>'
        for i, (name, _xml) in enumerate(sheets, start=1)
    )
    workbook = (
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><workbookPr/><sheets>{sheet_elements}</sheets></workbook>'
    )
    workbook_rels = (
        f'<Relationships xmlns="{PKG_REL_NS}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + "</Relationships>"
    )
    parts = {
        "[Content_Types].xml": XML_DECL + content_types.encode(),
        "_rels/.rels": XML_DECL + root_rels.encode(),
        "xl/workbook.xml": XML_DECL + workbook.encode(),
        "xl/_rels/workbook.xml.rels": XML_DECL + workbook_rels.encode(),
    }
    for i, (_name, xml) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    return parts


def write_zip(path: Path, parts: Mapping[str, bytes]) -> Path:
    """Write ``parts`` as a deflated zip."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def write_xlsx(path: Path, sheet: bytes | None = None, **kwargs: object) -> Path:
    """A minimal valid xlsx with one sheet «Ark1» holding ``sheet`` (default: A1 = 1)."""
    sheets = (("Ark1", sheet if sheet is not None else sheet_xml()),)
    return write_zip(path, xlsx_parts(sheets, **kwargs))  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Zip bombs, written by hand so the compressed data can be repeated without compressing 1 GB
# --------------------------------------------------------------------------------------------


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, i = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[i]
        vector >>= 1
        i += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B from crc(A), crc(B) and len(B) (zlib's crc32_combine, in Python)."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def crc32_repeated(unit: bytes, times: int) -> int:
    """CRC-32 of ``unit * times`` without building it (square-and-multiply over crc32_combine)."""
    result, result_len = 0, 0
    power, power_len = zlib.crc32(unit), len(unit)
    while times:
        if times & 1:
            result, result_len = crc32_combine(result, power, power_len), result_len + power_len
        power, power_len = crc32_combine(power, power, power_len), power_len * 2
        times >>= 1
    return result


def _deflate_segment(data: bytes) -> bytes:
    """Raw deflate of ``data`` ending in a full flush: segments can be concatenated freely."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


_DEFLATE_END = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush(zlib.Z_FINISH)  # empty final block


def _local_header(name: bytes, crc: int, compressed: int, declared: int) -> bytes:
    return struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, compressed, declared, len(name), 0) + name


def _central_header(name: bytes, crc: int, compressed: int, declared: int, offset: int) -> bytes:
    return (
        struct.pack(
            "<4s6H3I5H2I",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0x21,
            crc,
            compressed,
            declared,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        + name
    )


def write_raw_zip(path: Path, entries: Iterable[tuple[str, int, int, Iterable[bytes]]]) -> Path:
    """Write a deflate zip by hand from ``(name, crc, declared_size, deflate_chunks)`` entries.

    The declared size and CRC are written as given, so they can lie.
    """
    central = []
    with open(path, "wb") as fh:
        for name, crc, declared, chunks in entries:
            raw_name = name.encode()
            offset = fh.tell()
            fh.write(_local_header(raw_name, crc, 0, declared))
            start = fh.tell()
            for chunk in chunks:
                fh.write(chunk)
            compressed = fh.tell() - start
            fh.seek(offset + 18)
            fh.write(struct.pack("<I", compressed))
            fh.seek(0, os.SEEK_END)
            central.append(_central_header(raw_name, crc, compressed, declared, offset))
        cd_offset = fh.tell()
        for record in central:
            fh.write(record)
        cd_size = fh.tell() - cd_offset
        fh.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(central), len(central), cd_size, cd_offset, 0))
    return path


def _deflated_entry(name: str, data: bytes) -> tuple[str, int, int, list[bytes]]:
    return name, zlib.crc32(data), len(data), [_deflate_segment(data), _DEFLATE_END]


def write_zip_bomb(path: Path, uncompressed: int = 1 << 30, declared: int | None = None) -> Path:
    """An xlsx skeleton whose sheet1.xml inflates to about ``uncompressed`` bytes of cells.

    ``declared`` lets the zip lie about the sheet's uncompressed size (default: the truth).
    The file is a few MB and takes well under a second to build.
    """
    unit = b'<c r="A1"><v>1</v></c>' * 200_000  # 4.4 MB
    repeats = max(1, uncompressed // len(unit))
    head = XML_DECL + f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1">'.encode()
    tail = b"</row></sheetData></worksheet>"
    size = len(head) + len(unit) * repeats + len(tail)
    crc = zlib.crc32(tail, crc32_combine(zlib.crc32(head), crc32_repeated(unit, repeats), len(unit) * repeats))
    unit_segment = _deflate_segment(unit)

    def sheet_chunks() -> Iterator[bytes]:
        yield _deflate_segment(head)
        for _ in range(repeats):
            yield unit_segment
        yield _deflate_segment(tail)
        yield _DEFLATE_END

    skeleton = xlsx_parts()
    del skeleton["xl/worksheets/sheet1.xml"]
    entries = [_deflated_entry(name, data) for name, data in skeleton.items()]
    entries.append(("xl/worksheets/sheet1.xml", crc, size if declared is None else declared, sheet_chunks()))
    return write_raw_zip(path, entries)


# --------------------------------------------------------------------------------------------
# XML entity attacks, huge areas
# --------------------------------------------------------------------------------------------


def billion_laughs_prolog(levels: int = 10) -> bytes:
    """A DOCTYPE with nested entities: &lol9; expands to 10**levels 'lol's."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, levels)
    ]
    return XML_DECL + f"<!DOCTYPE worksheet [{''.join(entities)}]>\n".encode()


def xxe_prolog(target: str = "file:///etc/hostname") -> bytes:
    """A DOCTYPE with an external entity."""
    return XML_DECL + f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{target}">]>\n'.encode()


def entity_sheet(prolog: bytes, entity: str) -> bytes:
    """A worksheet whose A1 is an inline string made of ``&entity;``."""
    return (
        prolog
        + (
            f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&{entity};</t></is>'
            "</c></row></sheetData></worksheet>"
        ).encode()
    )


def write_billion_laughs(path: Path, part: str = "xl/worksheets/sheet1.xml") -> Path:
    """A billion-laughs DTD placed in ``part`` (a sheet, xl/workbook.xml, _rels/.rels, …)."""
    return _write_with_prolog(path, part, billion_laughs_prolog(), "lol9")


def write_xxe(path: Path, part: str = "xl/worksheets/sheet1.xml") -> Path:
    """An external-entity (XXE) reference placed in ``part``."""
    return _write_with_prolog(path, part, xxe_prolog(), "xxe")


def _write_with_prolog(path: Path, part: str, prolog: bytes, entity: str) -> Path:
    parts = xlsx_parts()
    if part == "xl/worksheets/sheet1.xml":
        parts[part] = entity_sheet(prolog, entity)
    else:
        parts[part] = prolog + parts[part].removeprefix(XML_DECL)
    return write_zip(path, parts)


def write_utf16_billion_laughs(path: Path) -> Path:
    """The billion-laughs sheet encoded as UTF-16 with a BOM (byte scans for '<!DOCTYPE' miss it)."""
    text = entity_sheet(billion_laughs_prolog().replace(b"UTF-8", b"UTF-16"), "lol9").decode()
    return write_xlsx(path, sheet=text.encode("utf-16"))


def write_doctype_after_long_comment(path: Path, comment_bytes: int = 200_000) -> Path:
    """A DOCTYPE hidden behind a long comment, past any fixed 'first bytes' window."""
    prolog = XML_DECL + b"<!--" + b"x" * comment_bytes + b"-->" + xxe_prolog().removeprefix(XML_DECL)
    return write_xlsx(path, sheet=entity_sheet(prolog, "xxe"))


def write_utf7_sheet(path: Path) -> Path:
    """A sheet declaring encoding UTF-7, in which markup can be hidden from byte scans."""
    doctype = b'+ADwAIQ-DOCTYPE worksheet [+ADwAIQ-ENTITY xxe SYSTEM "file:///etc/hostname">]>'  # '<!' in UTF-7
    prolog = b'<?xml version="1.0" encoding="UTF-7"?>' + doctype
    return write_xlsx(path, sheet=entity_sheet(prolog, "xxe"))


def write_far_cell(path: Path) -> Path:
    """Two cells, A1 and XFD1048576, and no <dimension>: calamine aborts allocating 512 GiB."""
    return write_xlsx(path, sheet=sheet_xml([("A1", "1"), ("XFD1048576", "2")], dimension=None))


def write_huge_dimension(path: Path, ref: str = "A1:XFD1048576") -> Path:
    """One cell, but a declared <dimension> of ``ref`` (openpyxl read_only pads rows to it)."""
    return write_xlsx(path, sheet=sheet_xml([("A1", "1")], dimension=ref))


def write_plain_sheet(path: Path, rows: int, cols: int = 3) -> Path:
    """An ordinary workbook with a rows × cols block of numbers (about 30 bytes per cell)."""
    letters = [chr(65 + i) for i in range(cols)]
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r * 10 + i}</v></c>' for i, c in enumerate(letters)) + "</row>"
        for r in range(1, rows + 1)
    )
    xml = (
        XML_DECL
        + (
            f'<worksheet xmlns="{MAIN_NS}"><dimension ref="A1:{letters[-1]}{rows}"/>'
            f"<sheetData>{body}</sheetData></worksheet>"
        ).encode()
    )
    return write_xlsx(path, sheet=xml)


# --------------------------------------------------------------------------------------------
# Wrong containers
# --------------------------------------------------------------------------------------------


def write_xls_renamed(path: Path, source: Path | None = None) -> Path:
    """An Excel 97–2003 file under another name (e.g. x.xlsx): a copy of ``source``, or by default a minimal OLE2
    compound file built here whose «Workbook» stream starts with a BIFF8 BOF record (no corpus needed)."""
    if source is not None:
        shutil.copyfile(source, path)
    else:
        path.write_bytes(minimal_xls_bytes())
    return path


def minimal_xls_bytes() -> bytes:
    """A compound file (CFB v3, 512-byte sectors): sector 0 the FAT, sector 1 the directory, sectors 2–9 a
    4 096-byte «Workbook» stream (BOF, EOF, zeros) — big enough to live in normal sectors, not the mini stream."""
    free, end, fatsect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<108I", *([free] * 108))
    )
    fat = [fatsect, end, *range(3, 10), end]
    fat_sector = struct.pack("<128I", *(fat + [free] * (128 - len(fat))))

    def entry(name: str, kind: int, start: int, size: int, child: int = free) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", free, free, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    empty = entry("", 0, 0, 0)[:64] + bytes(64)
    directory = entry("Root Entry", 5, end, 0, child=1) + entry("Workbook", 2, 2, 4096) + empty + empty
    bof = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0006)
    eof = struct.pack("<HH", 0x000A, 0)
    stream = (bof + eof).ljust(4096, b"\0")
    return header + fat_sector + directory + stream


def write_text_as_xlsx(path: Path) -> Path:
    """A semicolon CSV export saved with an .xlsx name."""
    path.write_text("Kommune;Tiltak;Beløp\nBodø;Næringshage;125000\nNarvik;Kompetanse;80000\n", encoding="utf-8")
    return path


def write_html_as_xls(path: Path) -> Path:
    """An HTML table as many reporting systems 'export to Excel'."""
    path.write_text(
        "<html><head><meta charset='utf-8'></head><body><table><tr><td>Bodø</td></tr></table></body></html>",
        encoding="utf-8",
    )
    return path


def write_empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def write_truncated(path: Path, source: Path) -> Path:
    """The first half of ``source``: the zip end record is gone."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def write_openpyxl_workbook(path: Path, hidden: str | None = "Skjult") -> Path:
    """A small workbook written by openpyxl: «Data» (visible) and optionally a hidden sheet."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Kommune", "Beløp"])
    ws.append(["Bodø", 125000])
    if hidden:
        extra = wb.create_sheet(hidden)
        extra["A1"] = "intern"
        extra.sheet_state = "hidden"
    wb.save(path)
    return path


def write_xlsm(path: Path) -> Path:
    """openpyxl output turned into a macro workbook: xl/vbaProject.bin plus the macro content type."""
    plain = write_openpyxl_workbook(path.with_name(path.stem + "-plain.xlsx"))
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(WORKBOOK_CT.encode(), MACRO_WORKBOOK_CT.encode()).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            dst.writestr(info.filename, data)
        dst.writestr("xl/vbaProject.bin", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504)
    plain.unlink()
    return path


# --------------------------------------------------------------------------------------------
# Random damage (deterministic with a seeded random.Random)
# --------------------------------------------------------------------------------------------

_XML_TOKENS = [
    b"<!DOCTYPE x>",
    b'"',
    b"<",
    b">",
    b'r:id="rId9"',
    b'Target="../../x"',
    b'Target="/"',
    b'state="hidden"',
    b'r="XFD99"',
    b"\x00",
    b"\xff\xfe",
    b'<?xml version="1.0" encoding="utf-7"?>',
    b"",
    b'name=""',
    b"&#0;",
    b'<sheet name="A" r:id="rId1"/>',
    b'TargetMode="External"',
]


def write_byte_mutation(path: Path, source: Path, rnd: random.Random) -> Path:
    """``source`` with a few random bytes overwritten, deleted or the tail cut off."""
    data = bytearray(source.read_bytes())
    for _ in range(rnd.choice([1, 2, 5, 20])):
        if not data:
            break
        pos, roll = rnd.randrange(len(data)), rnd.random()
        if roll < 0.6:
            data[pos] = rnd.randrange(256)
        elif roll < 0.8:
            data[pos : pos + 4] = rnd.choice([b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\xfe\xff\xff\xff"])
        elif roll < 0.9:
            del data[pos : pos + rnd.randrange(1, 100)]
        else:
            del data[pos:]
    path.write_bytes(bytes(data))
    return path


def write_part_mutation(path: Path, source: Path, rnd: random.Random) -> Path:
    """``source`` re-zipped (valid CRCs) after damaging one XML part, sometimes dropping a part."""
    with zipfile.ZipFile(source) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    name = rnd.choice([n for n in parts if n.lower().endswith((".xml", ".rels"))])
    data = bytearray(parts[name])
    for _ in range(rnd.choice([1, 2, 4])):
        if not data:
            break
        pos, roll = rnd.randrange(len(data)), rnd.random()
        if roll < 0.4:
            data[pos : pos + rnd.randrange(0, 20)] = rnd.choice(_XML_TOKENS)
        elif roll < 0.7:
            data[pos] = rnd.randrange(256)
        else:
            del data[pos : pos + rnd.randrange(1, 200)]
    parts[name] = bytes(data)
    if rnd.random() < 0.1:
        del parts[rnd.choice(list(parts))]
    return write_zip(path, parts)


# --------------------------------------------------------------------------------------------
# Targets for run_isolated (top level, importable, picklable)
# --------------------------------------------------------------------------------------------


def isolated_return(value: object) -> object:
    return value


def isolated_raise_not_omstill(message: str, path: str | None = None) -> None:
    from omstill_xl.errors import NotOmstillWorkbookError

    raise NotOmstillWorkbookError(message, path)


def isolated_raise_value_error() -> None:
    raise ValueError("noe gikk galt")


def isolated_abort() -> None:
    os.abort()


def isolated_sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "våknet"


def isolated_allocate(megabytes: int) -> int:
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def isolated_read_with_calamine(path: str) -> int:
    """Read every sheet with python-calamine; returns the number of cells."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    return sum(len(row) for name in workbook.sheet_names for row in workbook.get_sheet_by_name(name).to_python())
