"""The omstill command: help texts, new, validate (text, JSON, --annotate), demo, exit codes, bad input."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from omstill_xl.cli import main
from omstill_xl.workbook.xlsx import read_file

from .conftest import corpus_files
from .defects import DEFECTS


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _all_help_args() -> list[list[str]]:
    from omstill_xl.commands import command_modules

    return [["--help"]] + [[m.NAME, "--help"] for m in command_modules()] + [["excel", "build", "--help"]]


@pytest.mark.parametrize("args", _all_help_args(), ids=" ".join)
def test_help_reads_in_norwegian(capsys, args):
    with pytest.raises(SystemExit) as e:
        main(args)
    out = capsys.readouterr().out
    assert e.value.code == 0
    assert "bruk: omstill" in out and "valg:" in out
    assert "usage" not in out and "options" not in out and "positional arguments" not in out


def test_console_script_runs():
    proc = subprocess.run([sys.executable, "-m", "omstill_xl.cli", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and "omstill_xl" in proc.stdout


def test_usage_error_is_norwegian_and_exit_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["validate"])
    assert e.value.code == 2
    assert "disse argumentene mangler" in capsys.readouterr().err


def test_new_makes_a_workbook_with_the_programme(capsys, tmp_path):
    out = tmp_path / "handlingsplan-2026.xlsx"
    code, stdout, _ = run(capsys, "new", out, "--kommune", "4626", "--program", "Omstilling Eksempel", "--aar", "2026")
    assert code == 0 and "Laget" in stdout
    plan = read_file(out)
    assert plan.program.kommunenummer == "4626" and plan.program.planaar == 2026
    assert (plan.program.status_fra, plan.program.status_til) == (2026, 2031)
    assert [i.indikator for i in plan.indikatorer][:2] == ["Nye arbeidsplasser", "Sikrede arbeidsplasser"]


def test_new_refuses_to_overwrite(capsys, tmp_path):
    out = tmp_path / "a.xlsx"
    out.write_bytes(b"mine")
    code, _, err = run(capsys, "new", out, "--aar", "2026")
    assert code == 2 and "finnes allerede" in err and "--overwrite" in err
    assert out.read_bytes() == b"mine"
    assert run(capsys, "new", out, "--aar", "2026", "--overwrite")[0] == 0


def test_new_rejects_unknown_kommune(capsys, tmp_path):
    code, _, err = run(capsys, "new", tmp_path / "x.xlsx", "--kommune", "3099")
    assert code == 2 and "3099" in err and not (tmp_path / "x.xlsx").exists()


def test_validate_examples_exit_0(capsys, example_paths):
    code, out, _ = run(capsys, "validate", *example_paths.values())
    assert code == 0
    assert "Sammendrag: 3 filer, 0 feil" in out and "11,50 kr/EUR" in out
    assert "Ark «Tiltak»" in out and "U14" in out


def test_validate_errors_exit_1(capsys, tmp_path):
    path, _ = DEFECTS["OX-A001"](tmp_path)
    code, out, _ = run(capsys, "validate", path)
    assert code == 1 and "OX-A001" in out and "K6" not in out.split("OX-A001")[0][-5:]


def test_validate_json_shape(capsys, tmp_path, example_paths):
    bad, _ = DEFECTS["OX-S009"](tmp_path)
    junk = tmp_path / "tull.xlsx"
    junk.write_text("ikke et regneark")
    code, out, _ = run(capsys, "validate", "--format", "json", example_paths["fjellbygd-2026.xlsx"], bad, junk)
    doc = json.loads(out)
    assert code == 2 and doc["schema"] == "omstill-findings/1"
    assert [f["status"] for f in doc["files"]] == ["ok", "feil", "ulesbar"]
    assert doc["summary"] == {"files": 3, "unreadable": 1, "feil": 1, "advarsel": 0, "info": 0, "exit_code": 2}
    (f,) = doc["findings"]
    assert set(f) == {"code", "severity", "title", "message", "hint", "file", "sheet", "cell", "value", "expected"}
    assert (f["code"], f["sheet"], f["cell"]) == ("OX-S009", "Tiltak", "H6")
    assert doc["settings"]["eur_nok"] == 11.5


def test_annotate_writes_a_marked_copy_and_leaves_the_input(capsys, tmp_path):
    path, _ = DEFECTS["OX-A001"](tmp_path)
    before = sha(path)
    out = tmp_path / "med-avvik.xlsx"
    code, _, err = run(capsys, "validate", path, "--annotate", out)
    assert code == 1 and out.exists() and "Kopi med avvik" in err
    assert sha(path) == before
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Avvik"
    row = [c.value for c in wb["Avvik"][2]]
    assert row[:4] == ["feil", "OX-A001", "Tiltak", "K7"]
    assert wb["Avvik"]["D2"].hyperlink.location == "'Tiltak'!K7" or wb["Avvik"]["D2"].hyperlink.target
    cell = wb["Tiltak"]["K7"]
    assert cell.fill.fgColor.rgb.endswith("FFC7CE") and "OX-A001" in cell.comment.text
    # what we built survives the round trip through openpyxl
    ws = wb["Tiltak"]
    assert "tblTiltak" in ws.tables and ws.protection.sheet
    assert any("Liste_Tiltakstype" in (dv.formula1 or "") for dv in ws.data_validations.dataValidation)
    assert ws["P7"].value == "=SUM(L7:O7)" and "Liste_Kommuner" in wb.defined_names
    assert wb["Lister"].sheet_state == "hidden"


def test_annotating_an_annotated_copy_replaces_the_marks(capsys, tmp_path):
    path, _ = DEFECTS["OX-A001"](tmp_path)
    first = tmp_path / "1.xlsx"
    run(capsys, "validate", path, "--annotate", first)
    # fix the defect in the marked copy, then annotate again: the old marks must go
    wb = openpyxl.load_workbook(first)
    wb["Tiltak"]["K7"] = 500_000
    fixed = tmp_path / "rettet.xlsx"
    wb.save(fixed)
    second = tmp_path / "2.xlsx"
    code, _, _ = run(capsys, "validate", fixed, "--annotate", second)
    assert code == 0
    wb = openpyxl.load_workbook(second)
    assert wb["Tiltak"]["K7"].comment is None
    assert wb["Tiltak"]["K7"].fill.fgColor.rgb.endswith("FFF7D6")  # the input colour is back
    assert wb["Avvik"]["A2"].value == "Ingen avvik funnet."


def test_annotate_refuses_the_input_as_output(capsys, tmp_path):
    path, _ = DEFECTS["OX-A001"](tmp_path)
    before = sha(path)
    code, _, err = run(capsys, "validate", path, "--annotate", path, "--overwrite")
    assert code == 2 and "originalen" in err and sha(path) == before


CORPUS_FILES = corpus_files()


@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_gives_exit_2_and_a_norwegian_paragraph(capsys, path):
    before = sha(path)
    code, out, err = run(capsys, "validate", path)
    assert code == 2, out
    assert "Traceback" not in out + err
    assert "kunne ikke leses" in out and path.name in out
    assert sha(path) == before


def test_demo_runs_everything(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "demo", "--out", tmp_path / "demo")
    assert code == 0
    demo = tmp_path / "demo"
    assert (demo / "validering.txt").exists() and json.loads((demo / "validering.json").read_text())
    assert len(list((demo / "med-avvik").glob("*.xlsx"))) == 3
    assert "eksempel-2025.xlsx" in out and "6 150 000" in out.replace("\u00a0", " ")
    assert (demo / "konsolidert.xlsx").exists() and (demo / "handlingsplan-2027.xlsx").exists()
    # the main folder is the complete year (2025, with regnskap); the 2026 plans have their own folder
    assert [p.name for p in (demo / "rapporter").glob("*.docx")] == ["arsrapport-2025-4626-omstilling-eksempel.docx"]
    assert len(list((demo / "rapporter-2026").glob("*.docx"))) == 2
    assert (demo / "organisasjonsform.docx").exists() and (demo / "omstill_xl.xlam").exists()
    assert read_file(demo / "handlingsplan-2027.xlsx").aar == 2027


def test_new_orgform_makes_a_comparison_only_workbook(capsys, tmp_path):
    out = tmp_path / "sammenlikning.xlsx"
    code, stdout, _ = run(capsys, "new", out, "--orgform")
    assert code == 0 and "Organisasjonsform" in stdout
    wb = openpyxl.load_workbook(out)
    assert "Organisasjonsform" in wb.sheetnames and "Tiltak" not in wb.sheetnames
    code, stdout, _ = run(capsys, "orgform", out)
    assert code == 0 and "ennå ikke fått poeng" in stdout
    code, stdout, _ = run(capsys, "validate", out)  # validate points the user to the right command
    assert code == 2 and f"omstill orgform {out.name}" in stdout


@pytest.mark.parametrize(
    "blocked,args",
    [
        ("docx", ["orgform", "{eks}", "--out", "{tmp}/o.docx"]),
        ("pandas", ["consolidate", "{eks}", "--out", "{tmp}/k.xlsx"]),
        ("docxtpl", ["report", "{eks}", "--out", "{tmp}/r"]),
    ],
)
def test_a_command_that_needs_the_report_extra_says_how_to_install_it(
    capsys, monkeypatch, tmp_path, example_paths, blocked, args
):
    for name in list(sys.modules):
        if name == blocked or name.startswith(blocked + "."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, blocked, None)  # as if the «rapport» extra were not installed
    argv = [a.format(eks=example_paths["eksempel-2025.xlsx"], tmp=tmp_path) for a in args]
    code, out, err = run(capsys, *argv)
    assert code == 2 and "Traceback" not in out + err
    assert 'pip install "omstill-xl[rapport]"' in out + err, out + err


def test_validate_and_new_need_only_the_core(tmp_path):
    """The core commands (and the Excel button) never import the report packages."""
    code = (
        "import sys\n"
        "from omstill_xl.cli import main\n"
        f"main(['validate', {str(Path(__file__).parents[1] / 'workbooks' / 'eksempel-2025.xlsx')!r}])\n"
        f"main(['new', {str(tmp_path / 'ny.xlsx')!r}, '--aar', '2026'])\n"
        "heavy = {'pandas', 'docx', 'docxtpl', 'babel', 'matplotlib', 'jinja2', 'rich'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_readme_json_example_has_the_keys_the_program_prints(capsys, tmp_path, example_paths):
    """README «JSON fra omstill validate --format json» shows every key the program prints, and no other."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### JSON fra `omstill validate --format json`", 1)[1]
    example = json.loads(section.split("```json", 1)[1].split("```", 1)[0])
    bad, _ = DEFECTS["OX-S009"](tmp_path)
    junk = tmp_path / "tull.xlsx"
    junk.write_text("ikke et regneark")
    _, out, _ = run(capsys, "validate", "--format", "json", example_paths["fjellbygd-2026.xlsx"], bad, junk)
    doc = json.loads(out)

    def shape(value):
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items()}
        if isinstance(value, list):
            return [shape(value[0])] if value else []
        return None

    assert shape(example) == shape(doc)
    assert example["schema"] == doc["schema"] and example["tool"].split()[0] == doc["tool"].split()[0]
