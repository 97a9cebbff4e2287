"""No command ever changes an input file; macros in an .xlsm survive an annotated copy byte for byte."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from omstill_xl.cli import main

from .hostile import MACRO_WORKBOOK_CT, WORKBOOK_CT

VBA = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(range(256)) * 4  # opaque macro bytes: must come back unchanged


def make_xlsm(src: Path, dst: Path) -> Path:
    """One of our workbooks as a macro-enabled .xlsm (as a user would save it from Excel)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(WORKBOOK_CT.encode(), MACRO_WORKBOOK_CT.encode()).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" Type="http://schemas.microsoft'
                    b'.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
                    b"</Relationships>",
                )
            zout.writestr(info, data)
        zout.writestr("xl/vbaProject.bin", VBA)
    return dst


@pytest.fixture
def inputs(tmp_path, example_paths) -> dict[str, Path]:
    folder = tmp_path / "inn"
    folder.mkdir()
    files = {name: Path(shutil.copy(path, folder / name)) for name, path in example_paths.items()}
    files["makro.xlsm"] = make_xlsm(example_paths["fjellbygd-2026.xlsx"], folder / "makro.xlsm")
    return files


def digest(files: dict[str, Path]) -> dict[str, tuple[str, int]]:
    return {n: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for n, p in files.items()}


COMMANDS = {
    "validate": lambda f, out: ["validate", *f.values()],
    "validate-json": lambda f, out: ["validate", "--format", "json", *f.values()],
    "validate-annotate": lambda f, out: ["validate", f["makro.xlsm"], "--annotate", out / "avvik.xlsm"],
    "consolidate": lambda f, out: ["consolidate", f["eksempel-2025.xlsx"].parent, "--out", out / "k.xlsx"],
    "report": lambda f, out: ["report", f["eksempel-2025.xlsx"].parent, "--out", out / "rapporter"],
    "orgform": lambda f, out: ["orgform", f["eksempel-2025.xlsx"], "--out", out / "o.docx"],
    "new-from": lambda f, out: ["new", out / "neste.xlsx", "--from", f["eksempel-2026.xlsx"], "--aar", "2027"],
    "demo": lambda f, out: ["demo", "--out", out / "demo", "--workbooks", f["eksempel-2025.xlsx"].parent],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_leaves_inputs_byte_for_byte(tmp_path, inputs, capsys, command):
    before = digest(inputs)
    out = tmp_path / "ut"
    out.mkdir()
    code = main([str(a) for a in COMMANDS[command](inputs, out)])
    capsys.readouterr()
    assert code in (0, 1, 2)
    assert digest(inputs) == before
    assert any(out.iterdir()) or command.startswith("validate") and command != "validate-annotate"


def test_macros_survive_the_annotated_copy(tmp_path, inputs, capsys):
    out = tmp_path / "avvik.xlsm"
    assert main(["validate", str(inputs["makro.xlsm"]), "--annotate", str(out)]) in (0, 1)
    capsys.readouterr()
    with zipfile.ZipFile(out) as z:
        assert z.read("xl/vbaProject.bin") == VBA
        assert MACRO_WORKBOOK_CT.encode() in z.read("[Content_Types].xml")


def test_the_xlsm_example_reads_like_the_xlsx(inputs):
    from omstill_xl.workbook.xlsx import read_file

    assert read_file(inputs["makro.xlsm"]).to_data() == read_file(inputs["fjellbygd-2026.xlsx"]).to_data()
    assert read_file(inputs["makro.xlsm"]).facts.has_macros
