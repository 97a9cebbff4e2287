"""``excel/vbawrite.py``: the MS-OVBA compression, the compound-file writer and the source-only rewrite of the
add-in's VBA project — checked with our reader and with independent ones (olefile for the compound file,
oletools' olevba for the VBA), and the no-workbook check in the built add-ins' ``RunMain``."""

from __future__ import annotations

import io
import os
import struct
import zipfile

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omstill_xl import i18n
from omstill_xl.errors import TemplateChangedError, VbaReadError
from omstill_xl.excel import addin
from omstill_xl.excel.vba import MODULEOFFSET, CompoundFile, decompress, dir_records, read_vba_project
from omstill_xl.excel.vbawrite import VBA_PROJECT_HEADER, compress, rewrite_vba_project, write_compound_file


def template_vba() -> bytes:
    with zipfile.ZipFile(addin.template_path()) as z:
        return z.read(addin.VBA_PART)


def vba_of(xlam: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(xlam)) as z:
        return z.read(addin.VBA_PART)


def olevba():
    import warnings

    with warnings.catch_warnings():  # oletools 0.60 still calls pyparsing's old names at import
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools import olevba

    return olevba


def olevba_modules(data: bytes) -> dict[str, str]:
    """Module name → source as oletools reads it (from a vbaProject.bin or a whole .xlam)."""
    parser = olevba().VBA_Parser("project", data=data)
    try:
        return {path.rsplit("/", 1)[-1]: code for _, path, _, code in parser.extract_macros()}  # key: the stream name
    finally:
        parser.close()


def strict_ole(data: bytes) -> olefile.OleFileIO:
    """olefile with every defect it knows raised, not just the fatal ones."""
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    assert ole.parsing_issues == []
    return ole


RED, BLACK = 0, 1  # MS-CFB 2.6.1 Color Flag


def check_red_black(ole: olefile.OleFileIO) -> None:
    """Every storage's children form a binary search tree in MS-CFB order with the red-black rules: black root,
    no red child of a red node, the same number of black nodes on every path down."""
    entries = ole.direntries

    def key(sid: int) -> tuple[int, str]:
        return len(entries[sid].name), entries[sid].name.upper()

    def walk(sid: int, low, high) -> tuple[int, int]:  # (black height, node count)
        if sid == olefile.NOSTREAM:
            return 1, 0
        e = entries[sid]
        assert (low is None or key(sid) > low) and (high is None or key(sid) < high)
        for kid in (e.sid_left, e.sid_right):
            if e.color == RED and kid != olefile.NOSTREAM:
                assert entries[kid].color == BLACK
        left, n_left = walk(e.sid_left, low, key(sid))
        right, n_right = walk(e.sid_right, key(sid), high)
        assert left == right
        return left + (e.color == BLACK), n_left + n_right + 1

    for e in entries:
        if (
            e is not None
            and e.entry_type in (olefile.STGTY_STORAGE, olefile.STGTY_ROOT)
            and e.sid_child != olefile.NOSTREAM
        ):
            assert entries[e.sid_child].color == BLACK
            _, count = walk(e.sid_child, None, None)
            assert count == len(e.kids)


# ------------------------------------------------------------------------------------- compression


def test_compression_gives_the_specifications_example_bytes():
    """MS-OVBA 3.2.1 and 3.2.2, byte for byte (the nearest of equally long matches, as in 2.4.1.3.19.4)."""
    assert compress(b"abcdefghijklmnopqrstuv.") == bytes.fromhex(
        "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E"
    )
    assert compress(b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa") == bytes.fromhex(
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20 6D 6E 6F 70 06"
        " 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C"
    )
    assert compress(b"") == b"\x01"


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=9000).map(lambda b: bytes(c % 5 + 97 for c in b)) | st.text(max_size=3000).map(str.encode))
def test_compression_round_trips(data):
    packed = compress(data, raw_chunks=False)
    assert decompress(packed) == data
    assert olevba().decompress_stream(bytearray(packed)) == data  # an independent decompressor
    pos, chunks = 1, 0
    while pos < len(packed):  # every chunk compressed (flag set), each for at most 4096 bytes
        header = struct.unpack_from("<H", packed, pos)[0]
        assert header & 0x8000 and header >> 12 & 0b111 == 0b011
        pos += (header & 0x0FFF) + 3
        chunks += 1
    assert pos == len(packed) and chunks == -(-len(data) // 4096)


def test_incompressible_chunks_are_raw_or_refused():
    noise = os.urandom(4096 * 2)
    packed = compress(noise)
    assert decompress(packed) == noise and len(packed) == 1 + 2 * (2 + 4096)
    assert olevba().decompress_stream(bytearray(packed)) == noise
    assert struct.unpack_from("<H", packed, 1)[0] == 0x3FFF  # flag 0: a raw chunk
    with pytest.raises(ValueError, match="does not compress"):
        compress(noise, raw_chunks=False)
    with pytest.raises(ValueError, match="does not compress"):
        compress(noise[:4000])  # a short last chunk cannot be raw


def test_compression_of_the_templates_modules_and_dir():
    """Each stored source (and the dir stream) compressed again: the same bytes back, never larger than stored."""
    cf = CompoundFile(template_vba())
    dir_raw = cf.read("VBA/dir")
    dir_plain = decompress(dir_raw)
    offsets = [struct.unpack_from("<I", dir_plain, r.start)[0] for r in dir_records(dir_plain) if r.rid == MODULEOFFSET]
    names = list(read_vba_project(template_vba()).modules)  # in the order of the dir's MODULE records
    stored = [dir_raw] + [cf.read(f"VBA/{n}")[o:] for n, o in zip(names, offsets, strict=True)]
    assert len(stored) == 6
    for packed in stored:
        plain = decompress(packed)
        ours = compress(plain, raw_chunks=False)
        assert decompress(ours) == plain and len(ours) <= len(packed)


# ------------------------------------------------------------------------------------- compound file


def test_the_compound_file_is_valid_for_olefile_and_our_reader():
    streams = {
        "PROJECT": b"Name=x\r\n",
        "VBA/dir": bytes(range(256)) * 3,  # mini stream
        "VBA/big": bytes(range(251)) * 40,  # 10040 bytes: FAT sectors
        "VBA/exactly": b"e" * 4096,  # the cut-off goes to the FAT
        "VBA/empty": b"",
        "VBA/deeper/inner": b"inner",
        **{f"VBA/Module{i}": f"module {i}".encode() * (i + 1) for i in range(20)},
    }
    data = write_compound_file(streams, storages=("Empty",))
    assert data == write_compound_file(dict(reversed(streams.items())), storages=("Empty",))  # reproducible
    assert len(data) % 512 == 0
    ole = strict_ole(data)
    listed = {"/".join(p) for p in ole.listdir(streams=True, storages=False)}
    assert listed == set(streams)
    assert {"/".join(p) for p in ole.listdir(streams=False, storages=True)} == {"Empty", "VBA", "VBA/deeper"}
    for path, content in streams.items():
        assert ole.get_size(path) == len(content) and ole.openstream(path).read() == content
    check_red_black(ole)
    with pytest.raises(AssertionError):  # the check can fail: xlwings' file has each storage's children as a chain
        check_red_black(olefile.OleFileIO(io.BytesIO(template_vba())))
    cf = CompoundFile(data)
    assert all(cf.read(p) == c for p, c in streams.items())
    with pytest.raises(ValueError, match="not a compound-file name"):
        write_compound_file({"VBA/" + "x" * 32: b""})


def test_every_storage_size_gives_a_red_black_directory():
    for n in range(1, 40):
        names = [f"S{i:02d}" if i % 3 else f"Long{i:03d}" for i in range(n)]  # two lengths: MS-CFB order
        ole = strict_ole(write_compound_file({f"VBA/{name}": b"x" for name in names}))
        assert sorted(p[1] for p in ole.listdir()) == sorted(names)
        check_red_black(ole)


# ------------------------------------------------------------------------------------- the VBA project


def test_rewritten_project_is_source_only_and_otherwise_unchanged():
    before = template_vba()
    after = rewrite_vba_project(before, {"RibbonMyAddin": 'Attribute VB_Name = "RibbonMyAddin"\r\n\' ny\r\n'})
    old, new = CompoundFile(before), CompoundFile(after)
    ole = strict_ole(after)
    check_red_black(ole)
    assert sorted(ole.listdir()) == sorted(olefile.OleFileIO(io.BytesIO(before)).listdir())
    for path in ("PROJECT", "PROJECTwm"):
        assert new.read(path) == old.read(path)  # CMG/DPB/GC, module names: as they were
    assert new.read("VBA/_VBA_PROJECT") == VBA_PROJECT_HEADER and VBA_PROJECT_HEADER[2:4] == b"\xff\xff"
    old_dir, new_dir = decompress(old.read("VBA/dir")), decompress(new.read("VBA/dir"))
    old_recs, new_recs = dir_records(old_dir), dir_records(new_dir)
    assert [r.rid for r in old_recs] == [r.rid for r in new_recs]
    for o, n in zip(old_recs, new_recs, strict=True):
        body = new_dir[n.start : n.start + n.size]
        assert body == (bytes(4) if o.rid == MODULEOFFSET else old_dir[o.start : o.start + o.size])
    ours, theirs = read_vba_project(after), read_vba_project(before)
    assert ours.modules == {**theirs.modules, "RibbonMyAddin": 'Attribute VB_Name = "RibbonMyAddin"\r\n\' ny\r\n'}
    offsets = [struct.unpack_from("<I", old_dir, r.start)[0] for r in old_recs if r.rid == MODULEOFFSET]
    for name, offset in zip(ours.modules, offsets, strict=True):  # each module stream: just its compressed source
        plain = decompress(new.read(f"VBA/{name}"))
        assert plain.decode("cp1252") == ours.modules[name]
        if name != "RibbonMyAddin":
            assert plain == decompress(old.read(f"VBA/{name}")[offset:])  # byte for byte


def test_performance_cache_streams_are_dropped():
    cf = CompoundFile(template_vba())
    streams = {p: cf.read(p) for p, e in cf.paths.items() if e.kind == 2}
    with_srp = write_compound_file({**streams, "VBA/__SRP_0": b"cache" * 100, "VBA/__SRP_12": b"x" * 5000})
    assert "VBA/__SRP_0" in CompoundFile(with_srp).paths
    out = CompoundFile(rewrite_vba_project(with_srp, {}))
    assert not any("__SRP_" in p for p in out.paths) and set(out.paths) == set(cf.paths)


def test_rewrite_refuses_what_it_cannot_write():
    with pytest.raises(VbaReadError, match="no such module"):
        rewrite_vba_project(template_vba(), {"Module9": ""})
    with pytest.raises(VbaReadError, match="code page"):
        rewrite_vba_project(template_vba(), {"RibbonMyAddin": 'MsgBox "Áŋŋa"'})


# ------------------------------------------------------------------------------------- the built add-ins


@pytest.mark.parametrize("spec", addin.ADDINS, ids=lambda a: a.button)
def test_built_addins_runmain_checks_for_a_workbook_first(spec):
    xlam = addin.build_bytes(spec=spec)
    template_modules = olevba_modules(template_vba())
    theirs = olevba_modules(xlam)  # an independent reader, on the whole .xlam
    assert {n for n in theirs if theirs[n] != template_modules[n]} == {"RibbonMyAddin"}
    ribbon = read_vba_project(vba_of(xlam)).modules["RibbonMyAddin"]
    assert theirs == read_vba_project(vba_of(xlam)).modules  # oletools reads every module as we do
    message = addin.no_workbook_message(spec.button)
    assert ribbon == (
        'Attribute VB_Name = "RibbonMyAddin"\r\n'
        "Sub RunMain(control As IRibbonControl)\r\n"
        "    If ActiveWorkbook Is Nothing Then\r\n"
        f'        MsgBox "{message}", vbInformation, "Omstilling"\r\n'
        "        Exit Sub\r\n"
        "    End If\r\n"
        '    mymodule = Left(ThisWorkbook.Name, (InStrRev(ThisWorkbook.Name, ".", -1, vbTextCompare) - 1))\r\n'
        '    RunPython "import " & mymodule & ";" & mymodule & ".main()"\r\n'
        "End Sub\r\n\r\n"
    )
    assert f"trykk {spec.button} igjen" in message and '"' not in message
    strict_ole(vba_of(xlam))
    with zipfile.ZipFile(io.BytesIO(xlam)) as z:
        assert not any("Signature" in n for n in z.namelist())  # unsigned, like xlwings' template


def test_the_message_follows_the_maalform_of_the_build():
    with i18n.use("nn", explicit=True):
        ribbon = read_vba_project(vba_of(addin.build_bytes())).modules["RibbonMyAddin"]
    assert 'MsgBox "Finn inga open arbeidsbok. Opne handlingsplanen i Excel og trykk Valider igjen.' in ribbon


def test_guard_is_inserted_once_and_quotes_are_doubled():
    source = 'Attribute VB_Name = "M"\r\nSub RunMain(control As IRibbonControl)\r\n    RunPython "x"\r\nEnd Sub\r\n'
    out = addin.guarded_source(source, 'Trykk «Valider» eller "OK"')
    assert '        MsgBox "Trykk «Valider» eller ""OK""", vbInformation, "Omstilling"\r\n' in out
    assert out.count("If ActiveWorkbook Is Nothing Then") == 1 and out.endswith('    RunPython "x"\r\nEnd Sub\r\n')
    for broken in (source.replace("RunMain", "Run"), source + source):
        with pytest.raises(TemplateChangedError, match="nøyaktig én Sub RunMain"):
            addin.guarded_source(broken, "x")


def test_install_says_when_the_xlwings_vba_is_kept(tmp_path, monkeypatch):
    loc = addin.Locations.for_user(tmp_path / "AppData", tmp_path / "Users" / "ase")
    monkeypatch.setenv(addin.XLWINGS_VBA_ENV, "1")
    done = addin.install(loc, "C:\\Python313\\python.exe", encoding="cp1252", userprofile="C:\\Users\\ase", temp="")
    assert any("OMSTILL_XLWINGS_VBA er satt" in line and "error '91'" in line for line in done)
    assert vba_of(loc.addin.read_bytes()) == template_vba()
    monkeypatch.delenv(addin.XLWINGS_VBA_ENV)
    done = addin.install(loc, "C:\\Python313\\python.exe", encoding="cp1252", userprofile="C:\\Users\\ase", temp="")
    assert not any("OMSTILL_XLWINGS_VBA" in line for line in done)
    assert "If ActiveWorkbook Is Nothing" in read_vba_project(vba_of(loc.addin.read_bytes())).modules["RibbonMyAddin"]
