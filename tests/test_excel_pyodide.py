"""The «Valider» script of xlwings Lite under real Pyodide (CPython in WebAssembly, driven from Node), as Excel
on the web runs it: the built omstill-xl wheel and its pure-Python dependencies unpacked into Pyodide's
site-packages, the ``main.py`` that ``omstill excel lite`` writes, the workbook handed over as xlwings Lite
hands it (``xw.Book(json=…)`` through ``xlwings.server.custom_scripts_call``). On every recalculated example
and defect workbook, the «Avvik» rows equal ``omstill validate --format json`` on the same file, and the
cells are filled and noted as the VBA button does.

Set-up: ``scripts/setup_pyodide.sh`` (Node from Debian if missing, the pinned ``pyodide`` npm package in
``.pyodide/``); wheels come from PyPI through pip. When any of it fails, the test fails — it never skips.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement

from omstill_xl import __version__
from omstill_xl.avvik import MARK_FILLS
from omstill_xl.cli import main as cli_main
from omstill_xl.excel import litefiles

from .conftest import ROOT, require_soffice
from .defects import DEFECTS
from .test_excel_remote import payload

pytestmark = pytest.mark.libreoffice  # the workbooks are recalculated by LibreOffice first

PYODIDE = ROOT / ".pyodide"
HARNESS = Path(__file__).with_name("pyodide_harness.mjs")
# Every defect but: OX-F005 (needs a profile file, which Lite has no way to read), OX-A007 (a stale cached value,
# which a recalculation repairs, so it is not a defect Excel can show), OX-H004 (an external-link part that
# LibreOffice drops on saving).
DEFECT_CODES = tuple(sorted(set(DEFECTS) - {"OX-F005", "OX-A007", "OX-H004"}))
PYODIDE_PLATFORM = {"sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix"}
KEYS = ("severity", "code", "sheet", "cell", "message", "value", "expected", "hint")


def _fail(what: str, proc: subprocess.CompletedProcess) -> None:
    pytest.fail(f"{what} failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


def _wheel_requirements(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        text = zf.read(meta).decode("utf-8")
    return [
        Requirement(line.split(":", 1)[1].strip()) for line in text.splitlines() if line.startswith("Requires-Dist:")
    ]


def _applies_on_pyodide(req: Requirement, python: str) -> bool:
    if req.marker is None:
        return True
    env = {**default_environment(), **PYODIDE_PLATFORM, "python_version": python, "extra": ""}
    return req.marker.evaluate(env)


def pyodide_wheels(own_wheel: Path, dest: Path, python: str) -> list[Path]:
    """omstill-xl's dependencies for Pyodide, pure-Python wheels in the versions installed here (so the CLI
    and Pyodide run the same code), resolved with Pyodide's environment markers."""
    from importlib import metadata

    todo, seen, out = list(_wheel_requirements(own_wheel)), set(), [own_wheel]
    while todo:
        req = todo.pop()
        name = req.name.lower().replace("_", "-")
        if name in seen or not _applies_on_pyodide(req, python):
            continue
        seen.add(name)
        pin = f"{req.name}=={metadata.version(req.name)}"
        cached = [p for p in dest.glob("*.whl") if p.name.lower().startswith(name.replace("-", "_") + "-")]
        cached = [p for p in cached if f"-{metadata.version(req.name)}-" in p.name]
        if not cached:
            proc = subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--platform", "any",
                 "--implementation", "py", "--python-version", python, "-d", str(dest), pin],
                capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            if proc.returncode:
                _fail(f"pip download {pin} (pure-Python wheel for Pyodide)", proc)
            cached = [p for p in dest.glob("*.whl") if f"-{metadata.version(req.name)}-" in p.name]
            cached = [p for p in cached if p.name.lower().startswith(name.replace("-", "_") + "-")]
        wheel = cached[0]
        out.append(wheel)
        todo += _wheel_requirements(wheel)
    return out


@pytest.fixture(scope="module")
def pyodide_env(tmp_path_factory) -> dict:
    """Pyodide set up, the wheel built, the dependency wheels fetched: everything or a failure."""
    started = time.monotonic()
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "setup_pyodide.sh")], capture_output=True, text=True)
    if proc.returncode:
        _fail("scripts/setup_pyodide.sh", proc)
    node = shutil.which("node")
    assert node, "node is missing after scripts/setup_pyodide.sh"
    pyodide_dir = PYODIDE / "node_modules" / "pyodide"
    lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    python = ".".join(lock["info"]["python"].split(".")[:2])

    build = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src")  # a clean copy: no stale build/ folder can leak into the wheel
    shutil.copytree(ROOT / "omstill_xl", src / "omstill_xl", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(build), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode:
        _fail("pip wheel --no-deps", proc)
    (own,) = build.glob("omstill_xl-*.whl")
    cache = PYODIDE / "wheels"
    cache.mkdir(parents=True, exist_ok=True)
    wheels = tmp_path_factory.mktemp("site")
    for w in pyodide_wheels(own, cache, python):
        shutil.copy(w, wheels / w.name)
    return {"node": node, "dir": pyodide_dir, "wheels": wheels, "python": python, "setup_s": time.monotonic() - started}


@pytest.fixture(scope="module")
def recalculated_defects(tmp_path_factory) -> dict[str, Path]:
    """The defect workbooks as Excel shows them: recalculated by LibreOffice (one soffice run for all)."""
    soffice = require_soffice()
    src, out = tmp_path_factory.mktemp("pyo-defects"), tmp_path_factory.mktemp("pyo-defects-lo")
    for code in DEFECT_CODES:
        path, _ = DEFECTS[code](Path(tempfile.mkdtemp(dir=src)))
        shutil.copy(path, src / f"{code}.xlsx")
    with tempfile.TemporaryDirectory(prefix="omstill-lo-") as profile:
        proc = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "xlsx",
             "--outdir", str(out), *sorted(map(str, src.glob("*.xlsx")))],
            capture_output=True, text=True, timeout=600, env={**os.environ, "HOME": profile},
        )  # fmt: skip
    if proc.returncode:
        _fail("LibreOffice recalculation of the defect workbooks", proc)
    return {code: out / f"{code}.xlsx" for code in DEFECT_CODES}


def office_js_case(path: Path) -> dict:
    """What the xlwings Lite add-in has for this workbook: the payload it sends, and what Office.js would
    answer on demand (formulas, fills as '#RRGGBB', note texts) per sheet."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    sheets = {}
    for ws in wb.worksheets:
        formulas, fills, notes = {}, {}, {}
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    formulas[c.coordinate] = str(c.value)
                fill = c.fill
                if fill is not None and fill.fill_type == "solid" and fill.fgColor.type == "rgb":
                    fills[c.coordinate] = "#" + fill.fgColor.rgb[-6:].upper()
                if c.comment is not None:
                    notes[c.coordinate] = c.comment.text
        sheets[ws.title] = {"formulas": formulas, "fills": fills, "notes": notes}
    import xlwings

    return {"payload": payload(path, xlwings.__version__), "sheets": sheets}


@pytest.fixture(scope="module")
def lite_run(pyodide_env, recalculated, recalculated_defects, tmp_path_factory) -> dict:
    """One Pyodide session that runs the Valider script on every workbook."""
    files = {
        **{name: p for name, p in recalculated.items()},
        **{f"{c}.xlsx": p for c, p in recalculated_defects.items()},
    }
    work = tmp_path_factory.mktemp("lite")
    (main_py,) = [p for p in litefiles.write(work / "lite") if p.name == "main.py"]
    cases = {name: office_js_case(p) for name, p in files.items()}
    (work / "cases.json").write_text(json.dumps(cases, default=str), encoding="utf-8")
    started = time.monotonic()
    proc = subprocess.run(
        [pyodide_env["node"], str(HARNESS), str(pyodide_env["dir"]), str(pyodide_env["wheels"]), str(main_py),
         str(work / "cases.json"), str(work / "out.json")],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    if proc.returncode:
        _fail("Pyodide under Node", proc)
    out = json.loads((work / "out.json").read_text(encoding="utf-8"))
    out["files"], out["total_s"] = files, time.monotonic() - started
    sys.stderr.write(
        f"\n[pyodide] set-up {pyodide_env['setup_s']:.1f} s, Pyodide start {out['load_seconds']:.1f} s, "
        f"{len(files)} workbooks in {out['total_s']:.1f} s\n"
    )
    return out


def cli_findings(path: Path, capsys) -> list[dict]:
    code = cli_main(["validate", str(path), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code in (0, 1), report
    return report["findings"]


def avvik_rows(actions: list[dict]) -> list[list]:
    written = [a for a in actions if a["func"] == "setValues" and a["sheet_position"] == 0]
    if not written:
        return []
    assert (written[0]["start_row"], written[0]["start_column"]) == (0, 0)
    return [[v[1:] if isinstance(v, str) and v.startswith("'") else v for v in row] for row in written[0]["values"]]


def shown(v):
    """A finding value as the Avvik sheet shows it: a list or a date as its text, nothing as an empty cell
    (the remote engine writes None as "")."""
    if v is None:
        return ""
    return v if isinstance(v, (str, int, float)) else str(v)


def test_runs_in_real_pyodide_without_calamine(lite_run):
    env = lite_run["environment"]
    assert env["platform"] == "emscripten"
    assert env["versions"]["omstill-xl"] == __version__
    assert not env["calamine_importable"]
    assert "pip install python-calamine" in env["file_reader_says"]
    assert [s["function_name"] for s in lite_run["scripts"]] == [litefiles.SCRIPT_NAME]
    assert lite_run["scripts"][0]["name"] == "Valider"


@pytest.mark.libreoffice
def test_findings_equal_omstill_validate_json_on_every_example_and_defect(lite_run, capsys):
    assert len(lite_run["results"]) == len(lite_run["files"]) == 3 + len(DEFECT_CODES)
    mismatched = []
    for name, path in sorted(lite_run["files"].items()):
        res = lite_run["results"][name]
        assert "error" not in res, f"{name}: {res.get('details')}"
        expected = [[shown(f[k]) for k in KEYS] for f in cli_findings(path, capsys)]
        rows = avvik_rows(res["actions"])
        got = [[shown(v) for v in r[:8]] for r in rows[1:]]
        if got != expected:
            mismatched.append((name, got, expected))
        if expected:
            assert res["stdout"].splitlines()[0].endswith("— se arket Avvik"), res["stdout"]
    assert not mismatched, mismatched


@pytest.mark.libreoffice
def test_cells_are_filled_and_noted_like_the_vba_button(lite_run, capsys):
    path = lite_run["files"]["OX-A001.xlsx"]
    res = lite_run["results"]["OX-A001.xlsx"]
    findings = [f for f in cli_findings(path, capsys) if f["cell"]]
    sheet_names = [s["name"] for s in json.loads(json.dumps(office_js_case(path)["payload"]))["sheets"]]
    # the Avvik sheet goes first, so a data sheet's position moves one up
    colored = {
        (sheet_names[a["sheet_position"] - 1], a["start_row"], a["start_column"], a["args"][0])
        for a in res["actions"]
        if a["func"] == "setRangeColor" and a["sheet_position"] > 0
    }
    from omstill_xl.workbook.grid import split_ref

    want = set()
    for f in findings:
        r, c = split_ref(f["cell"])
        want.add((f["sheet"], r - 1, c - 1, "#" + MARK_FILLS[f["severity"]]))
    assert colored == want
    notes = [a["args"] for a in res["actions"] if a["func"] == "addNote"]
    assert sorted(n[0].replace("$", "") for n in notes) == sorted({f["cell"] for f in findings})
    assert all(n[1].startswith(("FEIL OX-", "ADVARSEL OX-", "INFO OX-")) for n in notes)
    # the original fills went to the hidden column of the Avvik sheet (read through get_colors), as on the desktop
    assert any(c[0] == "getRangeData" and "colors" in c[3] for c in res["client_calls"])
    import omstill_xl

    from .test_excel_fake import avvik_rows as desktop_rows
    from .test_excel_fake import book_from_file

    desktop = book_from_file(path)
    omstill_xl.main(desktop)
    lite_fills = [shown((r + [None] * 9)[8]) for r in avvik_rows(res["actions"])[1:]]
    assert lite_fills == [shown(r[8]) for r in desktop_rows(desktop)[1:]] and any(lite_fills)
    assert res["stdout"].startswith("1 feil")


def test_generated_requirements_install_what_pyodide_ran(pyodide_env, lite_run):
    """requirements.txt pins the versions the test just ran under Pyodide."""
    reqs = [Requirement(line) for line in litefiles.requirements_txt().splitlines() if not line.startswith("#")]
    assert {r.name: str(r.specifier) for r in reqs} == {
        "omstill-xl": f"=={lite_run['environment']['versions']['omstill-xl']}",
        "xlwings": f"=={lite_run['environment']['versions']['xlwings']}",
    }
    names = {w.name.split("-")[0].lower() for w in pyodide_env["wheels"].glob("*.whl")}
    assert "python_calamine" not in names and {"omstill_xl", "xlwings", "openpyxl"} <= names
