"""Downstream derives from the schema: a financing source added to ``schema.FINANCING_SOURCES`` (one line) shows
up in the template, the validator, the consolidated workbook and the report, with nothing else changed.

The test copies the package, adds the line to the copy's schema.py and runs the pipeline in a fresh process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEW_SOURCE = '    Column("fond", "Næringsfond", "amount", "Kommunens næringsfond.", width=13, total=True),\n'

SCRIPT = r"""
import json, sys
from pathlib import Path
import openpyxl
from omstill_xl import schema as S, consolidate
from omstill_xl.examples import eksempel
from omstill_xl.report.context import Source, build_context, check_context
from omstill_xl.validate import validate
from omstill_xl.workbook.build import write_workbook
from omstill_xl.workbook.xlsx import read_file

out = Path(sys.argv[1])
data = eksempel(2025)
t = next(r for r in data["Tiltak"]["rows"] if r["id"] == "T1.4")
t["fond"] = 100_000
t["budsjett"] += 100_000
good = write_workbook(data, out / "med-fond.xlsx")
t["budsjett"] -= 100_000
bad = write_workbook(data, out / "feil-sum.xlsx")
ws = openpyxl.load_workbook(good)["Tiltak"]
headers = [c.value for c in ws[4]]
plan = read_file(good)
c = consolidate.load([good], workers=1)
c.write(out / "konsolidert.xlsx")
wb = openpyxl.load_workbook(out / "konsolidert.xlsx")
ctx = build_context(Source(plan, good.name, "0" * 64, tuple(validate(plan))))
print(json.dumps({
    "sources": list(S.SOURCE_KEYS),
    "template_headers": headers,
    "read": plan.tiltak[[r.get("id") for r in plan.tiltak].index("T1.4")].get("fond"),
    "good_feil": [f.code for f in validate(good) if f.severity == "feil"],
    "bad": [(f.code, f.cell) for f in validate(bad) if f.severity == "feil"],
    "per_source": sorted(set(c.per_source().reset_index()["source"])),
    "tiltak_per_aar": [x.value for x in wb["Tiltak per år"][4]],
    "oversikt": [r[1].value for r in wb["Oversikt"].iter_rows(min_row=5)],
    "kilder": [(k["navn"], k["belop"]) for k in ctx["finansiering"]["kilder"]],
    "vedlegg_sum": ctx["vedlegg"]["tiltak_sum"].get("fond"),
    "context_problems": check_context(ctx),
}))
"""


def test_a_new_financing_source_reaches_template_validator_consolidation_and_report(tmp_path):
    pkg = tmp_path / "pkg"
    shutil.copytree(ROOT / "omstill_xl", pkg / "omstill_xl", ignore=shutil.ignore_patterns("__pycache__"))
    schema = pkg / "omstill_xl" / "schema.py"
    text = schema.read_text(encoding="utf-8")
    anchor = '    Column("andre", N_("Andre"), "amount", N_("Andre kilder."), width=12, total=True),\n)\nSOURCE_KEYS'
    assert anchor in text
    schema.write_text(text.replace(anchor, NEW_SOURCE + anchor), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(pkg), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout)
    assert got["sources"] == ["omstillingsmidler", "innovasjon_norge", "naeringsliv", "fond", "andre"]
    assert "Næringsfond" in got["template_headers"] and got["read"] == 100_000
    assert got["good_feil"] == []  # «Sum finansiering» and «Differanse» include the new source
    assert any(code.startswith("OX-A") for code, _ in got["bad"]), got["bad"]  # budsjett ≠ the sources
    assert "fond" in got["per_source"] and "Næringsfond" in got["tiltak_per_aar"]
    assert "Næringsfond" in got["oversikt"]
    assert ("Næringsfond", 100_000) in [tuple(k) for k in got["kilder"]] and got["vedlegg_sum"] == 100_000
    assert got["context_problems"] == []
