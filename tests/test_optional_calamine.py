"""python-calamine is optional (it has no wheel for Pyodide, where xlwings Lite runs the button): the Excel
paths never import it, and the file reader says in Norwegian what to install when it is missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> subprocess.CompletedProcess:
    # a fresh interpreter where «import python_calamine» fails, as on Pyodide
    prelude = "import sys; sys.modules['python_calamine'] = None\n"
    return subprocess.run([sys.executable, "-c", prelude + code], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_excel_paths_never_import_calamine():
    code = (
        "import omstill_xl, omstill_xl.excel.button, omstill_xl.excel.reading, "
        "omstill_xl.excel.marks, omstill_xl.rules, omstill_xl.workbook.read\n"
        "from tests.test_excel_fake import book_from_file\n"
        "from omstill_xl.excel import button\n"
        "r = button.run(book_from_file('workbooks/eksempel-2025.xlsx'))\n"
        "assert r.ok, r.message\n"
        "print('ok', len(r.findings))\n"
    )
    out = _run(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok")


def test_file_reader_without_calamine_says_what_to_install(tmp_path):
    out = _run(
        "from omstill_xl.cli import main\nraise SystemExit(main(['validate', 'workbooks/eksempel-2025.xlsx']))\n"
    )
    assert out.returncode != 0
    assert "python-calamine" in out.stderr and "pip install python-calamine" in out.stderr
    assert "Traceback" not in out.stderr


def test_marker_keeps_calamine_for_desktop_and_drops_it_on_pyodide():
    import tomllib

    from packaging.requirements import Requirement

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (req,) = [Requirement(d) for d in deps if d.startswith("python-calamine")]
    assert req.marker is not None
    for platform in ("win32", "darwin", "linux"):
        assert req.marker.evaluate({"sys_platform": platform})
    assert not req.marker.evaluate({"sys_platform": "emscripten"})
