"""The add-in ``omstill_xl.xlam``: built reproducibly from the installed xlwings' ribbon template with only the
ribbon and the callback's no-workbook check changed; the VBA still has the callback the button names; install/uninstall and the settings file;
the ``omstill excel`` command. These tests fail when a new xlwings changes what the add-in relies on."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from omstill_xl.cli import main
from omstill_xl.errors import OmstillError, OutputError
from omstill_xl.excel import addin
from omstill_xl.excel.vba import VbaReadError, decompress, read_vba_project

CUI = "{http://schemas.microsoft.com/office/2006/01/customui}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return addin.build(tmp_path_factory.mktemp("addin"))


def parts(path: Path | bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(path) if isinstance(path, bytes) else path) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


# ------------------------------------------------------------------------------------- build


def test_build_is_reproducible_and_named_for_the_module(built, tmp_path):
    again = addin.build(tmp_path / addin.ADDIN_NAME)
    assert built.name == again.name == "omstill_xl.xlam"
    assert hashlib.sha256(built.read_bytes()).digest() == hashlib.sha256(again.read_bytes()).digest()
    with pytest.raises(OmstillError, match="må hete omstill_xl.xlam"):
        addin.build(tmp_path / "knapp.xlam")
    with pytest.raises(OutputError, match="finnes allerede"):
        addin.build(again)


def test_only_the_ribbon_its_relationship_and_the_callbacks_vba_differ_from_the_template(built):
    template, ours = parts(addin.template_path()), parts(built)
    assert list(ours) == list(template)
    changed = {name for name in template if template[name] != ours[name]}
    assert changed == {"customUI/customUI.xml", "_rels/.rels", "xl/vbaProject.bin"}
    before, after = read_vba_project(template["xl/vbaProject.bin"]), read_vba_project(ours["xl/vbaProject.bin"])
    assert {n: s for n, s in after.modules.items() if s != before.modules[n]}.keys() == {"RibbonMyAddin"}
    assert after.project_stream == before.project_stream
    with zipfile.ZipFile(built) as z, zipfile.ZipFile(addin.template_path()) as t:
        assert [i.date_time for i in z.infolist()] == [i.date_time for i in t.infolist()]


def test_the_fallback_keeps_xlwings_vba_byte_for_byte(monkeypatch):
    template = parts(addin.template_path())
    assert parts(addin.build_bytes(xlwings_vba=True))["xl/vbaProject.bin"] == template["xl/vbaProject.bin"]
    monkeypatch.setenv("OMSTILL_XLWINGS_VBA", "1")
    assert addin.build_bytes() == addin.build_bytes(xlwings_vba=True)
    monkeypatch.setenv("OMSTILL_XLWINGS_VBA", "0")
    assert parts(addin.build_bytes())["xl/vbaProject.bin"] != template["xl/vbaProject.bin"]


def test_ribbon_has_the_tab_the_button_and_the_callback(built):
    root = ET.fromstring(parts(built)["customUI/customUI.xml"])
    tab = root.find(f"{CUI}ribbon/{CUI}tabs/{CUI}tab")
    group = tab.find(f"{CUI}group")
    button = group.find(f"{CUI}button")
    assert (tab.get("label"), group.get("label"), button.get("label")) == ("Omstilling", "Kontroll", "Valider")
    assert button.get("onAction") == "RibbonMyAddin.RunMain" and button.get("size") == "large"
    assert "Dataene dine endres ikke" in button.get("supertip")


@pytest.mark.parametrize("spec", addin.ADDINS, ids=lambda a: a.button)
def test_ribbon_texts_are_in_the_maalform_at_build_time_and_stay_valid_xml(spec):
    """Group label, screentip and supertip follow the målform current when the add-in is built; the button's
    name and the tab stay; the XML parses (the texts are escaped)."""
    from omstill_xl import i18n

    def texts(maalform: str) -> tuple[str, str, str, str]:
        with i18n.use(maalform):
            root = ET.fromstring(parts(addin.build_bytes(spec=spec))["customUI/customUI.xml"])
        group = root.find(f"{CUI}ribbon/{CUI}tabs/{CUI}tab/{CUI}group")
        button = group.find(f"{CUI}button")
        return group.get("label"), button.get("label"), button.get("screentip"), button.get("supertip")

    nb, nn = texts("nb"), texts("nn")
    assert nb[1] == nn[1] == spec.button and nb[0] == nn[0]
    assert "den åpne arbeidsboka" in nb[3] and "den opne arbeidsboka" in nn[3] and "ikke" not in nn[3]


def test_install_summary_in_nynorsk(tmp_path):
    from omstill_xl import i18n

    loc = addin.Locations.for_user(tmp_path / "AppData" / "Roaming", tmp_path / "Users" / "ase")
    with i18n.use("nn"):
        done = addin.install(loc, ASE, encoding="cp1252")
        gone = addin.uninstall(loc, ASE, encoding="cp1252")
    assert done[0].startswith("Tillegget Valider: ") and done[-1].startswith("Innstillingar: "), done
    assert all(line.startswith("Fjerna ") for line in gone), gone


def test_relationship_type_matches_the_2006_custom_ui(built):
    rels = ET.fromstring(parts(built)["_rels/.rels"])
    ui = [r for r in rels.iter(f"{PKG_REL}Relationship") if r.get("Target") == "customUI/customUI.xml"]
    assert [r.get("Type") for r in ui] == ["http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"]
    assert b"office/2007/relationships/ui" not in parts(built)["_rels/.rels"]


def test_vba_still_runs_the_module_named_like_the_addin(built):
    vba = read_vba_project(parts(built)["xl/vbaProject.bin"])
    assert {"RibbonMyAddin", "xlwings", "ThisWorkbook"} <= set(vba.modules)
    ribbon = vba.modules["RibbonMyAddin"]
    assert "Sub RunMain(control As IRibbonControl)" in ribbon
    assert 'mymodule = Left(ThisWorkbook.Name, (InStrRev(ThisWorkbook.Name, ".", -1, vbTextCompare) - 1))' in ribbon
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in ribbon
    xlw = vba.modules["xlwings"]
    import xlwings

    assert f'Public Const XLWINGS_VERSION As String = "{xlwings.__version__}"' in xlw
    assert 'Public Const PROJECT_NAME As String = "myaddin"' in xlw
    assert 'GetConfig("ADD_WORKBOOK_TO_PYTHONPATH", "true")' in xlw and 'GetConfig("INTERPRETER_WIN", "")' in xlw
    assert 'Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & PROJECT_NAME & ".conf"' in xlw
    assert "Input #iFileNum, sVarName, sVarValue" in xlw  # why the file is ANSI "KEY","value" lines
    assert "Module=RibbonMyAddin" in vba.project_stream and vba.codepage == 1252
    assert b'name="_myaddin.conf"' in parts(built)["xl/workbook.xml"]  # inactive config sheet: user file wins


def test_a_changed_template_is_refused(tmp_path):
    template = parts(addin.template_path())
    no_callback = {**template, "customUI/customUI.xml": template["customUI/customUI.xml"].replace(b"RunMain", b"Run")}
    with pytest.raises(addin.TemplateChangedError, match="kaller ikke RibbonMyAddin.RunMain"):
        addin.check_template(no_callback, "0.37.8")
    with pytest.raises(addin.TemplateChangedError, match="ikke for xlwings 0.38.0"):
        addin.check_template(template, "0.38.0")
    broken_vba = {**template, "xl/vbaProject.bin": b"not ole"}
    with pytest.raises(addin.TemplateChangedError, match="kan ikke leses"):
        addin.check_template(broken_vba, "0.37.8")


def test_ms_ovba_decompression_matches_the_specification_examples():
    plain = bytes.fromhex("01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E")
    assert decompress(plain) == b"abcdefghijklmnopqrstuv."
    packed = bytes.fromhex(
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 30"
        " 6D 6E 6F 70 06 71 02 70 04 10 72 73 74 75 76 10 77 78 79 7A 00 3C"
    )
    assert decompress(packed) == b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"
    with pytest.raises(VbaReadError):
        decompress(b"\x02abc")


def test_cli_build(capsys, tmp_path):
    code = main(["excel", "build", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0 and (tmp_path / "omstill_xl.xlam").is_file() and "Laget" in out and "Valider" in out
    assert main(["excel", "build", "--out", str(tmp_path / "feil.xlam")]) == 2
    assert "må hete omstill_xl.xlam" in capsys.readouterr().err


# ------------------------------------------------------------------------------------- settings


ASE = "C:\\Users\\Åse Ødegård\\omstill\\.venv\\Scripts\\python.exe"


def test_conf_file_is_ansi_crlf_without_a_blank_last_line():
    data = addin.conf_bytes(list(addin.our_settings(ASE).items()), "cp1252")
    assert data == (
        '"INTERPRETER_WIN","C:\\Users\\Åse Ødegård\\omstill\\.venv\\Scripts\\python.exe"\r\n'
        '"ADD_WORKBOOK_TO_PYTHONPATH","FALSE"\r\n'
    ).encode("cp1252")
    assert "Å".encode("cp1252") in data and b"\r\n\r\n" not in data and data.endswith(b'"\r\n')
    with pytest.raises(OutputError, match="tegnkoden"):
        addin.conf_bytes([("INTERPRETER_WIN", "C:\\Users\\Łukasz\\python.exe")], "cp1252")
    with pytest.raises(OutputError, match="anførselstegn"):
        addin.conf_bytes([("INTERPRETER_WIN", 'C:\\a"b')], "cp1252")


def test_install_and_uninstall_in_a_home_like_folder(tmp_path):
    loc = addin.Locations.for_user(tmp_path / "AppData" / "Roaming", tmp_path / "Users" / "ase")
    other = '"INTERPRETER_WIN","C:\\gammel\\python.exe"\r\n\r\n"CONDA ENV","annet"\r\nrot uten form\r\n\r\n'
    loc.conf.parent.mkdir(parents=True)
    loc.conf.write_bytes(other.encode("cp1252"))
    done = addin.install(loc, ASE, encoding="cp1252")
    assert loc.addin == tmp_path / "AppData/Roaming/Microsoft/Excel/XLSTART/omstill_xl.xlam"
    assert loc.conf == tmp_path / "Users/ase/.myaddin/myaddin.conf"
    assert loc.addin.read_bytes() == addin.build_bytes()
    assert (loc.xlstart / addin.ARSRAPPORT.file).read_bytes() == addin.build_bytes(spec=addin.ARSRAPPORT)
    assert len(done) == 5 and "C:\\gammel" in done[3] and "CONDA ENV" in done[4] and "annet" in done[4]
    assert loc.conf.read_bytes() == (
        f'"INTERPRETER_WIN","{ASE}"\r\n"CONDA ENV","annet"\r\nrot uten form\r\n"ADD_WORKBOOK_TO_PYTHONPATH","FALSE"\r\n'
    ).encode("cp1252")
    assert len(addin.install(loc, ASE, encoding="cp1252")) == 4  # again: same result, the add-ins replaced
    assert loc.conf.read_bytes().count(b"INTERPRETER_WIN") == 1

    done = addin.uninstall(loc, ASE, encoding="cp1252")
    assert not loc.addin.exists() and not (loc.xlstart / addin.ARSRAPPORT.file).exists() and len(done) == 3
    assert loc.conf.read_bytes() == b'"CONDA ENV","annet"\r\nrot uten form\r\n'
    loc.conf.write_bytes(addin.conf_bytes(list(addin.our_settings(ASE).items()), "cp1252"))
    addin.uninstall(loc, ASE, encoding="cp1252")
    assert not loc.conf.exists() and not loc.conf.parent.exists()
    assert addin.uninstall(loc, ASE, encoding="cp1252") == []


@pytest.mark.parametrize("action", ["install", "uninstall"])
def test_install_outside_windows_explains_and_fails(capsys, action):
    assert main(["excel", action]) == 2
    err = capsys.readouterr().err
    assert "virker bare på Windows" in err and "omstill validate" in err


def test_module_entry_point_for_when_omstill_is_not_on_path():
    proc = subprocess.run([sys.executable, "-m", "omstill_xl.excel", "install"], capture_output=True, text=True)
    assert proc.returncode == 2 and "virker bare på Windows" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["excel", "--help"],
        ["excel", "build", "--help"],
        ["excel", "install", "--help"],
        ["excel", "uninstall", "--help"],
        ["excel", "lite", "--help"],
    ],
)
def test_help_is_norwegian(capsys, args):
    with pytest.raises(SystemExit) as e:
        main(args)
    out = capsys.readouterr().out
    assert e.value.code == 0 and "bruk: omstill excel" in out and "valg:" in out
    assert "usage" not in out and "options:" not in out


def test_one_compound_file_reader_with_the_intakes_bounds(built):
    """``excel/vba.py`` reads vbaProject.bin through the intake's bounded OLE2 reader, the package's only one: a
    sector chain that loops, or a stream larger than the cap, is a VbaReadError, never a hang or a huge read."""
    import struct

    from omstill_xl.excel.vba import CompoundFile
    from omstill_xl.intake.ole2 import OleFile

    data = bytearray(parts(built)["xl/vbaProject.bin"])
    cf = CompoundFile(bytes(data))
    assert isinstance(cf._ole, OleFile) and "VBA/dir" in cf.paths and cf.read("vba/DIR") == cf.read("VBA/dir")
    first_dir = struct.unpack_from("<I", data, 0x30)[0]
    fat_sector = struct.unpack_from("<I", data, 0x4C)[0]
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    looped = bytearray(data)
    struct.pack_into("<I", looped, (fat_sector + 1) * sector_size + 4 * first_dir, first_dir)  # dir → itself
    with pytest.raises(VbaReadError):
        read_vba_project(bytes(looped))
    small = CompoundFile(bytes(data))
    small.MAX_STREAM = 16
    with pytest.raises(VbaReadError, match="larger than"):
        small.read("PROJECT")
    root = Path(__file__).resolve().parents[1] / "omstill_xl"
    parsers = [
        p.relative_to(root).as_posix()
        for p in sorted(root.rglob("*.py"))
        if 'unpack_from("<109I"' in p.read_text(encoding="utf-8")  # the header's DIFAT, read: a compound-file parser
    ]
    assert parsers == ["intake/ole2.py"]
