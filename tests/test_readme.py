"""The README's shell examples, run word for word in a temporary folder against the shipped workbooks.

Every command line of a ```bash block is run in README order, in one folder, with the exit code the README
promises (``EXPECTED``). A new or changed example must be added here too, so an example cannot drift from the
program. Not run: ``pip install`` (what every test here runs on) and ``bash scripts/test.sh`` (this very test).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, require_soffice

README = ROOT / "README.md"
NOT_RUN = ("pip install", "bash scripts/test.sh")

# command (as written in the README, comment removed) → the exit code it must give in README order
EXPECTED: dict[str, int] = {
    "omstill demo --out demo/": 0,
    "omstill --help": 0,
    'omstill new handlingsplan-2026.xlsx --kommune 4626 --program "Omstilling Eksempel" --aar 2026': 0,
    "omstill validate handlingsplan-2026.xlsx": 1,  # a new, empty workbook lacks the required values
    "omstill validate handlingsplan-2026.xlsx --annotate med-avvik.xlsx": 1,
    "omstill validate handlingsplan-2025.xlsx handlingsplan-2026.xlsx": 1,
    "omstill validate *.xlsx --format json": 1,
    "omstill validate handlingsplan-2025.xlsx --maalform nynorsk": 0,  # the 2025 example: warnings only
    "OMSTILL_MAALFORM=nynorsk omstill --help": 0,
    "omstill new handlingsplan-2027.xlsx --from handlingsplan-2026.xlsx --aar 2027": 0,
    "omstill orgform handlingsplan-2026.xlsx --out organisasjonsform.docx": 0,
    "omstill new sammenlikning.xlsx --orgform": 0,
    "omstill okonomirapport handlingsplan-2025.xlsx --per 2025-09-30 --out styret/": 0,
    "omstill soknad handlingsplan-2025.xlsx --aar 2025 --out soknad/": 0,
    "omstill psv seksaar/ --out psv/": 0,
    "omstill sluttrapport seksaar/ --out sluttrapport/": 0,
    "omstill okonomirapport innkommet/ --per 2026-06-30 --out styret-alle/ --pdf": 0,
    "omstill soknad innkommet/ --aar 2026 --out soknader/": 0,
    "omstill excel lite --out lite/ --overwrite": 0,
    "omstill validate innkommet/*.xlsx": 0,
    "omstill validate innkommet/*.xlsx --format json > kontroll.json": 0,
    "omstill consolidate innkommet/ --out konsolidert.xlsx": 0,
    "omstill export stotteregister innkommet/ --out stotteregister.xlsx": 0,  # the examples have no register: 0 rows
    "omstill export regionalforvaltning innkommet/ --out regionalforvaltning.xlsx": 0,
    "omstill report innkommet/ --aar 2025 --out rapporter/": 0,
    "omstill report innkommet/ --aar 2025 --out rapporter/ --pdf --overwrite": 0,
    "omstill doctor": 0,
}


def readme_commands(text: str) -> list[str]:
    """Every command of the README's ```bash blocks, in order, without trailing comments."""
    commands = []
    for block in re.findall(r"^```bash\n(.*?)^```", text, flags=re.S | re.M):
        for line in block.splitlines():
            line = re.split(r"\s{2,}#\s", line, maxsplit=1)[0].strip()
            if not line or line.startswith("#"):
                continue
            commands += [part.strip() for part in line.split(" && ") if not part.strip().startswith(NOT_RUN)]
    return commands


def test_every_readme_command_has_an_expected_exit_code():
    commands = readme_commands(README.read_text("utf-8"))
    assert commands, "no ```bash blocks found in README.md"
    assert sorted(set(commands)) == sorted(EXPECTED), "README examples and EXPECTED differ"


def test_readme_examples_run_as_written(tmp_path: Path):
    require_soffice()  # the report example makes PDFs
    work = tmp_path / "bruker"
    (work / "innkommet").mkdir(parents=True)
    shutil.copy(ROOT / "workbooks" / "eksempel-2025.xlsx", work / "handlingsplan-2025.xlsx")
    for book in sorted((ROOT / "workbooks").glob("*.xlsx")):
        shutil.copy(book, work / "innkommet" / book.name)
    shutil.copytree(ROOT / "workbooks" / "seksaar", work / "seksaar")  # the six-year programme
    bindir = Path(sys.executable).parent
    assert (bindir / "omstill").exists(), "the omstill command is not installed beside this Python"
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    failures = []
    for command in readme_commands(README.read_text("utf-8")):
        proc = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=600)
        want = EXPECTED[command]
        if proc.returncode != want or "Traceback" in proc.stderr or "uventet feil" in proc.stderr:
            failures.append(
                f"{command}: exit {proc.returncode}, ventet {want}\n{proc.stdout[-800:]}{proc.stderr[-800:]}"
            )
    assert not failures, "\n\n".join(failures)
    assert (work / "rapporter" / "sammendrag.xlsx").exists() and list((work / "rapporter").rglob("*.pdf"))
    assert (work / "kontroll.json").read_text("utf-8").startswith("{")


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ('pip install ".[rapport]" && omstill demo --out demo/   # install', ["omstill demo --out demo/"]),
        ("omstill validate a.xlsx   # kommentar", ["omstill validate a.xlsx"]),
        ("# bare en kommentar", []),
    ],
)
def test_command_extraction(line, want):
    assert readme_commands(f"```bash\n{line}\n```\n") == want
