"""The VBA route, sturdier: the real exception (shown and logged) when the calling workbook cannot be reached,
conda interpreters detected like xlwings' installer does, ``omstill excel install --addin`` installing IT's
(signed) file byte for byte, and the second button «Årsrapport» (its ribbon XML, the unchanged VBA callback
that imports ``omstill_xl.arsrapport``, and the report it writes beside the workbook)."""

from __future__ import annotations

import importlib
import io
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree as ET

import pytest

from omstill_xl.cli import main
from omstill_xl.errors import OmstillError
from omstill_xl.excel import addin, button, report_button
from omstill_xl.excel.vba import read_vba_project

from .test_excel_fake import FakeBook

CUI = "{http://schemas.microsoft.com/office/2006/01/customui}"
ROOT = Path(__file__).resolve().parents[1]


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


# ------------------------------------------------------------------------------------- the real exception


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(button.tempfile, "gettempdir", lambda: str(tmp_path))
    return tmp_path


def _caller_fails(monkeypatch, exc):
    import xlwings

    def caller():
        raise exc

    monkeypatch.setattr(xlwings.Book, "caller", staticmethod(caller))


def test_unreachable_workbook_shows_and_logs_the_real_exception(monkeypatch, log_dir, capsys):
    _caller_fails(monkeypatch, RuntimeError("(-2147221005, 'Ugyldig klassestreng', None, None)"))
    argv = ["-c", '--wb="Budsjett 2025.xlsx"', "--from_xl=1", "--app=excel.exe", "--hwnd=1"]
    with pytest.raises(SystemExit) as e:
        button.caller_book("Valider", argv)
    assert e.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("Valider fikk ikke kontakt med arbeidsboka «Budsjett 2025.xlsx» i Excel (RuntimeError:")
    assert "Ugyldig klassestreng" in err and "Dette kan du gjøre" in err and "Traceback" not in err
    log = log_dir / button.LOG_NAME
    assert str(log) in err
    text = log.read_text("utf-8")
    assert "Traceback" in text and "Ugyldig klassestreng" in text and "Budsjett 2025.xlsx" in text


def test_missing_pywin32_says_what_to_install(monkeypatch, log_dir, capsys):
    _caller_fails(monkeypatch, ModuleNotFoundError("No module named 'win32com'", name="win32com"))
    with pytest.raises(SystemExit):
        button.caller_book("Valider", ["-c", "--wb=a.xlsx", "--from_xl=1"])
    err = capsys.readouterr().err
    assert "ModuleNotFoundError" in err and "py -m pip install pywin32" in err


def test_outside_excel_no_log_and_the_old_advice(monkeypatch, log_dir, capsys):
    _caller_fails(monkeypatch, RuntimeError("no Excel"))
    with pytest.raises(SystemExit):
        button.caller_book("Valider", ["-c"])
    assert capsys.readouterr().err == button.NO_CALLER
    assert not (log_dir / button.LOG_NAME).exists()


# ------------------------------------------------------------------------------------- conda


def test_conda_found_like_xlwings_config_create():
    env = {"CONDA_DEFAULT_ENV": "omstill", "CONDA_EXE": "C:\\Users\\ase\\miniconda3\\Scripts\\conda.exe"}
    assert addin.conda_settings(env, sep="\\") == ("C:\\Users\\ase\\miniconda3", "omstill")
    assert addin.conda_settings({"CONDA_EXE": env["CONDA_EXE"]}, sep="\\") is None
    assert addin.conda_settings({}, sep="\\") is None
    from xlwings import cli as xlwings_cli  # the same rule as xlwings' own installer

    assert "CONDA_DEFAULT_ENV" in Path(xlwings_cli.__file__).read_text("utf-8")


def test_conda_settings_are_written_and_removed(tmp_path):
    loc = addin.Locations.for_user(tmp_path / "AppData", tmp_path / "Users" / "ase")
    py = "C:\\Users\\ase\\miniconda3\\envs\\omstill\\python.exe"
    conda = ("C:\\Users\\ase\\miniconda3", "omstill")
    done = addin.install(loc, py, encoding="cp1252", conda=conda)
    assert loc.conf.read_bytes().decode("cp1252") == (
        f'"INTERPRETER_WIN","{py}"\r\n"ADD_WORKBOOK_TO_PYTHONPATH","FALSE"\r\n'
        '"CONDA PATH","C:\\Users\\ase\\miniconda3"\r\n"CONDA ENV","omstill"\r\n'
    )
    assert "conda-miljø omstill" in done[-1]
    addin.uninstall(loc, py, encoding="cp1252", conda=conda)
    assert not loc.conf.exists()


def test_cli_install_on_windows_detects_conda(tmp_path, monkeypatch, capsys):
    from omstill_xl.commands import excel as cmd

    env = tmp_path / "miniconda3" / "envs" / "omstill"
    (env / "conda-meta").mkdir(parents=True)
    monkeypatch.setattr(cmd, "_is_windows", lambda: True)
    monkeypatch.setattr(sys, "executable", str(env / "python.exe"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "AppData"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "Users" / "ase"))
    monkeypatch.delenv("CONDA_DEFAULT_ENV", raising=False)
    monkeypatch.delenv("CONDA_EXE", raising=False)
    assert main(["excel", "install"]) == 0
    assert "conda-Python, men conda-miljøet er ikke aktivert" in capsys.readouterr().out

    monkeypatch.setenv("CONDA_DEFAULT_ENV", "omstill")
    monkeypatch.setenv("CONDA_EXE", str(tmp_path / "miniconda3" / "Scripts" / "conda.exe"))
    assert main(["excel", "install"]) == 0
    out = capsys.readouterr().out
    assert "conda-miljø omstill" in out and "ikke aktivert" not in out
    conf = (tmp_path / "Users" / "ase" / ".myaddin" / "myaddin.conf").read_bytes().decode("cp1252")
    assert f'"CONDA PATH","{tmp_path / "miniconda3"}"' in conf and '"CONDA ENV","omstill"' in conf


# ------------------------------------------------------------------------------------- --addin


def signed_copy(folder: Path, spec: addin.Addin = addin.VALIDER) -> Path:
    """An add-in as IT hands it over: built by us, then signed (a signature part added; its bytes are opaque)."""
    src = parts(addin.build_bytes(spec=spec))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in src.items():
            z.writestr(name, data)
        z.writestr("xl/vbaProjectSignature.bin", b"\x01signature by IT\x00")
    path = folder / spec.file
    path.write_bytes(out.getvalue())
    return path


def test_install_addin_copies_the_signed_file_byte_for_byte(tmp_path):
    given = signed_copy(tmp_path)
    loc = addin.Locations.for_user(tmp_path / "AppData", tmp_path / "Users" / "ase")
    info = addin.read_addin_file(given)
    assert info.signed and info.spec is addin.VALIDER
    done = addin.install(loc, "C:\\Python313\\python.exe", encoding="cp1252", addins=[info])
    assert loc.addin.read_bytes() == given.read_bytes()  # not rebuilt: the signature stays valid
    assert not (loc.xlstart / addin.ARSRAPPORT.file).exists()  # nothing unsigned is added beside it
    assert "kopiert uendret" in done[0] and "signert" in done[0] and "IKKE" not in done[0]


def test_install_addin_refuses_what_cannot_work(tmp_path):
    wrong_name = tmp_path / "Valider-signert.xlam"
    shutil.copy(signed_copy(tmp_path), wrong_name)
    with pytest.raises(OmstillError, match="må hete omstill_xl.xlam"):
        addin.read_addin_file(wrong_name)
    with pytest.raises(OmstillError, match="VBA-en er for xlwings .*, men her er xlwings 0.36.0"):
        addin.read_addin_file(tmp_path / addin.ADDIN_NAME, version="0.36.0")
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / addin.ADDIN_NAME).write_bytes(b"not a zip")
    with pytest.raises(OmstillError, match="ikke et Excel-tillegg"):
        addin.read_addin_file(tmp_path / "x" / addin.ADDIN_NAME)
    with pytest.raises(OmstillError, match="Finner ikke"):
        addin.read_addin_file(tmp_path / "y" / addin.ADDIN_NAME)


def test_cli_install_addin_on_windows(tmp_path, monkeypatch, capsys):
    from omstill_xl.commands import excel as cmd

    folder = tmp_path / "fra-it"
    folder.mkdir()
    unsigned = folder / addin.ARSRAPPORT.file
    unsigned.write_bytes(addin.build_bytes(spec=addin.ARSRAPPORT))
    signed = signed_copy(folder)
    monkeypatch.setattr(cmd, "_is_windows", lambda: True)
    monkeypatch.setenv("APPDATA", str(tmp_path / "AppData"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "Users" / "ase"))
    assert main(["excel", "install", "--addin", str(signed), "--addin", str(unsigned)]) == 0
    out = capsys.readouterr().out
    xlstart = tmp_path / "AppData" / "Microsoft" / "Excel" / "XLSTART"
    assert (xlstart / addin.ADDIN_NAME).read_bytes() == signed.read_bytes()
    assert (xlstart / addin.ARSRAPPORT.file).read_bytes() == unsigned.read_bytes()
    assert f"{addin.ARSRAPPORT.file} er ikke signert" in out
    assert main(["excel", "install", "--addin", str(tmp_path / "nei.xlam")]) == 2
    assert "må hete" in capsys.readouterr().err


def test_install_help_names_addin(capsys):
    with pytest.raises(SystemExit):
        main(["excel", "install", "--help"])
    assert "--addin FIL.xlam" in capsys.readouterr().out


# ------------------------------------------------------------------------------------- the Årsrapport button


def test_both_addins_share_the_tab_with_their_own_button():
    uis = {a.file: ET.fromstring(parts(addin.build_bytes(spec=a))["customUI/customUI.xml"]) for a in addin.ADDINS}
    found = {}
    for file, root in uis.items():
        (tab,) = root.iter(f"{CUI}tab")
        (group,) = tab.iter(f"{CUI}group")
        (btn,) = group.iter(f"{CUI}button")
        assert tab.get("idQ") == "o:omstillingTab" and tab.get("label") == "Omstilling"
        assert btn.get("onAction") == addin.CALLBACK
        found[file] = (group.get("idQ"), group.get("label"), btn.get("id"), btn.get("label"))
    assert found == {
        "omstill_xl.xlam": ("o:kontrollGruppe", "Kontroll", "validerKnapp", "Valider"),
        "omstill_xl.arsrapport.xlam": ("o:rapportGruppe", "Rapport", "arsrapportKnapp", "Årsrapport"),
    }
    raw = parts(addin.build_bytes(spec=addin.ARSRAPPORT))["customUI/customUI.xml"].decode("utf-8")
    assert 'xmlns:o="urn:omstill-xl"' in raw and raw.count('xmlns:o="urn:omstill-xl"') == 1


def test_the_vba_callback_runs_omstill_xl_arsrapport(tmp_path):
    template = parts(addin.template_path().read_bytes())
    rapport = parts(addin.build_bytes(spec=addin.ARSRAPPORT))
    ours, theirs = (read_vba_project(p["xl/vbaProject.bin"]).modules for p in (rapport, template))
    assert {n for n in ours if ours[n] != theirs[n]} == {"RibbonMyAddin"}  # only the no-workbook check is new
    ribbon = ours["RibbonMyAddin"]
    assert "trykk Årsrapport igjen" in ribbon
    assert 'mymodule = Left(ThisWorkbook.Name, (InStrRev(ThisWorkbook.Name, ".", -1, vbTextCompare) - 1))' in ribbon
    name = addin.ARSRAPPORT.file
    module = name[: name.rindex(".")]  # what that VBA line computes
    assert module == addin.ARSRAPPORT.module == "omstill_xl.arsrapport"
    assert callable(importlib.import_module(module).main)
    command = f"import {module};{module}.main()"  # RunPython "import " & mymodule & ";" & mymodule & ".main()"
    proc = subprocess.run([sys.executable, "-B", "-c", command], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == report_button.NO_CALLER


def _book(path: Path, saved: bool = True) -> FakeBook:
    book = FakeBook(path.name)
    book.fullname = str(path)
    book.api = SimpleNamespace(Saved=saved)
    return book


def test_arsrapport_button_writes_what_omstill_report_writes_beside_the_workbook(tmp_path, capsys):
    from docx import Document

    src = tmp_path / "plan" / "eksempel-2025.xlsx"
    src.parent.mkdir()
    shutil.copy(ROOT / "workbooks" / "eksempel-2025.xlsx", src)
    shown = []
    book = _book(src)
    result = report_button.run(book, now=datetime(2026, 3, 1, 9, 30), show_folder=lambda f: shown.append(f) or True)
    assert result.ok, result.message
    assert result.folder == src.parent / "Årsrapport eksempel-2025 2026-03-01 09.30.00" and shown == [result.folder]
    assert result.report.parent == result.folder and result.report.suffix == ".docx"
    assert book.app.alerts == [
        (f"Årsrapporten er laget:\n{result.report}\n\nMappen åpnes nå.", report_button.TITLE, "info")
    ]

    cli_out = tmp_path / "cli"
    assert main(["report", str(src), "--out", str(cli_out)]) == 0
    capsys.readouterr()
    cli_docx = cli_out / result.report.name

    def text(p):
        return [para.text for para in Document(str(p)).paragraphs]

    assert text(result.report) == text(cli_docx)

    again = report_button.run(book, now=datetime(2026, 3, 1, 9, 31), show_folder=lambda f: True)
    assert again.ok and again.folder != result.folder and result.report.is_file()  # never over the first one


@pytest.mark.parametrize(
    ("setup", "said"),
    [
        (lambda b: setattr(b, "fullname", "https://kommune.sharepoint.com/x/plan.xlsx"), "OneDrive, Teams eller"),
        (lambda b: setattr(b, "fullname", ""), "ikke lagret ennå"),
        (lambda b: setattr(b.api, "Saved", False), "ikke er lagret"),
    ],
)
def test_arsrapport_button_needs_a_saved_file(tmp_path, setup, said):
    src = tmp_path / "eksempel-2025.xlsx"
    shutil.copy(ROOT / "workbooks" / "eksempel-2025.xlsx", src)
    book = _book(src)
    setup(book)
    result = report_button.run(book, show_folder=lambda f: pytest.fail("no folder to open"))
    assert not result.ok and said in result.message and book.app.alerts[0][2] == "critical"
    assert [p.name for p in tmp_path.iterdir()] == ["eksempel-2025.xlsx"]


def test_arsrapport_button_without_the_rapport_extra(tmp_path, monkeypatch):
    src = tmp_path / "eksempel-2025.xlsx"
    shutil.copy(ROOT / "workbooks" / "eksempel-2025.xlsx", src)

    def missing(*names):
        raise ModuleNotFoundError("No module named 'docxtpl'", name="docxtpl")

    monkeypatch.setattr("omstill_xl.commands.require", missing)
    result = report_button.run(_book(src))
    assert not result.ok and 'py -m pip install "omstill-xl[rapport]"' in result.message and "docxtpl" in result.message


def test_arsrapport_button_on_a_workbook_with_errors_says_why(tmp_path):
    from .defects import DEFECTS

    path, _ = DEFECTS["OX-A001"](tmp_path)
    result = report_button.run(_book(path), show_folder=lambda f: pytest.fail("nothing made"))
    assert not result.ok and "ble ikke laget" in result.message and "Valider" in result.message


# ------------------------------------------------------------------------------------- user folders outside cp1252

SAMI = "C:\\Users\\Čáŋŋa Ŧ"
SAMI_PY = SAMI + "\\AppData\\Local\\Programs\\Python\\Python313\\python.exe"
SAMI_TEMP = SAMI + "\\AppData\\Local\\Temp"
SHORT = {SAMI_PY: "C:\\Users\\AANGA~1\\AppData\\Local\\Programs\\Python\\Python313\\python.exe"}
SHORT[SAMI_TEMP] = "C:\\Users\\AANGA~1\\AppData\\Local\\Temp"


def test_characters_outside_windows_1252_are_found():
    assert addin.not_ansi(SAMI, "cp1252") == "Čŋ Ŧ".replace(" ", "")
    assert addin.not_ansi("C:\\Users\\Åse Ødegård", "cp1252") == ""


def test_sami_user_folder_works_through_short_names_in_the_addins_own_config_sheet(tmp_path):
    loc = addin.Locations.for_user(tmp_path / "AppData", tmp_path / "Users" / "x")
    done = addin.install(loc, SAMI_PY, encoding="cp1252", userprofile=SAMI, temp=SAMI_TEMP, short_path=SHORT.get)
    assert "korte navn" in done[-1] and "Č" in done[-1]
    built = parts(loc.addin.read_bytes())
    assert built["xl/vbaProject.bin"] == parts(addin.build_bytes())["xl/vbaProject.bin"]  # the same VBA as always
    assert b'name="myaddin.conf"' in built["xl/workbook.xml"] and b"_myaddin.conf" not in built["xl/workbook.xml"]
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    sheet = ET.fromstring(built["xl/worksheets/sheet1.xml"])
    cells = {c.get("r"): "".join(c.itertext()) for c in sheet.iter(f"{ns}c")}
    assert cells == {
        "A1": "INTERPRETER_WIN",
        "B1": SHORT[SAMI_PY],
        "A2": "ADD_WORKBOOK_TO_PYTHONPATH",
        "B2": "FALSE",
        "A3": "TEMP DIR",
        "B3": SHORT[SAMI_TEMP],
    }
    assert sheet.find(f"{ns}dimension").get("ref") == "A1:B3"
    rapport = parts((loc.xlstart / addin.ARSRAPPORT.file).read_bytes())
    assert rapport["xl/worksheets/sheet1.xml"] == built["xl/worksheets/sheet1.xml"]
    assert f'"INTERPRETER_WIN","{SHORT[SAMI_PY]}"'.encode("cp1252") in loc.conf.read_bytes()
    # a plain folder name keeps the inactive sheet: the user file decides, as before
    plain = addin.install(loc, "C:\\Python313\\python.exe", encoding="cp1252", userprofile="C:\\Users\\ase", temp="")
    assert b'name="_myaddin.conf"' in parts(loc.addin.read_bytes())["xl/workbook.xml"] and len(plain) == 4


def test_sami_user_folder_without_short_names_gets_a_clear_message(tmp_path):
    loc = addin.Locations.for_user(tmp_path / "AppData", tmp_path / "Users" / "x")
    with pytest.raises(OmstillError) as e:
        addin.install(loc, SAMI_PY, encoding="cp1252", userprofile=SAMI, temp=SAMI_TEMP, short_path=lambda p: None)
    msg = e.value.message
    assert "«ČŋŦ»" in msg and "cp1252" in msg and "xlwings Lite" in msg and "omstill validate" in msg
    assert not loc.addin.exists() and not loc.conf.exists()
    signed = addin.read_addin_file(signed_copy(tmp_path))
    with pytest.raises(OmstillError, match="signert tillegg fra IT kan ikke endres"):
        addin.install(loc, SAMI_PY, encoding="cp1252", userprofile=SAMI, temp=SAMI_TEMP, short_path=SHORT.get,
                      addins=[signed])  # fmt: skip
