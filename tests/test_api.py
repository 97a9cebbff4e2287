"""The public API in ``omstill_xl/__init__.py``: what the README documents, each name with a docstring, lazy so
``import omstill_xl`` and the core functions work without the ``rapport`` extra."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import omstill_xl

ROOT = Path(__file__).resolve().parents[1]
BLOCKED = ("pandas", "numpy", "docx", "docxtpl", "babel", "matplotlib", "jinja2", "rich")


def test_every_public_name_has_a_docstring():
    for name in omstill_xl.__all__:
        if name == "__version__":
            continue
        value = getattr(omstill_xl, name)
        assert (value.__doc__ or "").strip(), name


def test_the_readme_documents_the_public_api():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Python-API", 1)[1].split("\n### ", 1)[0]
    for name in ("load", "validate", "validate_files", "read", "consolidate", "report", "Programme", "Finding"):
        assert name in section, name
    assert "OmstillError" in section and "InputError" in section


def test_import_and_core_api_need_no_rapport_extra():
    code = (
        "import sys\n"
        f"for m in {BLOCKED!r}: sys.modules[m] = None\n"
        "import omstill_xl as ox\n"
        "assert set(sys.modules) & {'omstill_xl.programme', 'omstill_xl.validate'} == set()\n"
        "p = ox.load(['workbooks/'], workers=1)\n"
        "assert [pr.kommunenummer for pr in p.programmes] == ['3424', '4626', '4638'], p\n"  # 4638: nynorsk/
        "assert isinstance(p.programmes[0], ox.Programme)\n"
        "f = ox.validate('workbooks/eksempel-2025.xlsx')\n"
        "assert all(isinstance(x, ox.Finding) for x in f)\n"
        "try:\n"
        "    ox.read('finnes-ikke.xlsx')\n"
        "except ox.InputError as e:\n"
        "    assert isinstance(e, ox.OmstillError) and e.message\n"
        "print('OK')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip() == "OK", proc.stderr[-2000:]
