"""``omstill validate --format json`` of an older tree against this one: stdout, stderr and exit code per file.

    python benchmarks/compare_validate.py [--old main] [--keep DIR]

The older tree (``--old``: any git revision, default ``main``) is exported with ``git archive`` into a temporary
folder and run from there (``PYTHONPATH``), the current tree from this checkout, each file in a fresh process.
The inputs, built once with this tree's test helpers: the example workbooks (``workbooks/**``), one defect workbook
per rule (``tests/defects.py``), every crafted workbook (``tests/crafted.py``), synthetic workbooks of 500 and
5 000 tiltak, and variants of the sheet XML the reader's scans must take exactly as before (shared formulas,
string results, error cells, entities, line breaks, comments, prefixed tags, cells without ``r=``).
Prints one line per file that differs and exits 1 if any does; a timing is no part of it.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from omstill_xl.examples import fjellbygd  # noqa: E402
from omstill_xl.workbook.build import write_workbook  # noqa: E402
from tests import crafted  # noqa: E402
from tests.defects import DEFECTS, TILTAK_XML  # noqa: E402
from tests.generate import synthetic_plan  # noqa: E402


def _patched(src: Path, dst: Path, change: Callable[[bytes], bytes], member: str = TILTAK_XML) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, change(data) if info.filename == member else data)
    return dst


def _shared(xml: bytes) -> bytes:
    """Column P's formulas as one shared formula (master in the first row, children without text)."""
    rows = [int(m) for m in re.findall(rb'<c r="P(\d+)"[^>]*><f>SUM\(', xml)]
    if not rows:
        return xml
    first, last = min(rows), max(rows)

    def one(m: re.Match[bytes]) -> bytes:
        row = int(m.group(1))
        if row == first:
            return b'<c r="P%d"%s><f t="shared" ref="P%d:P%d" si="0">%s</f>' % (
                row,
                m.group(2),
                first,
                last,
                m.group(3),
            )
        return b'<c r="P%d"%s><f t="shared" si="0"/>' % (row, m.group(2))

    return re.sub(rb'<c r="P(\d+)"([^>]*)><f>(SUM\([^<]*\))</f>', one, xml)


VARIANTS: dict[str, Callable[[bytes], bytes]] = {
    "shared-formulas": _shared,
    "string-results": lambda x: re.sub(rb'(<c r="Q\d+"[^>]*?)>(<f>)', rb'\1 t="str">\2', x),
    "saved-results": lambda x: x.replace(b"</f><v></v>", b"</f><v>0</v>"),
    "error-cells": lambda x: re.sub(
        rb'<c r="(V\d+)" s="(\d+)" t="n"></c>', rb'<c r="\1" s="\2" t="e"><v>#N/A</v></c>', x
    ),
    "error-formula": lambda x: re.sub(
        rb'<c r="(Q\d+)" s="(\d+)"><f>([^<]*)</f><v></v>',
        rb'<c r="\1" s="\2" t="e"><f>\3</f><v>#DIV/0!</v>',
        x,
        count=2,
    ),
    "entities-and-breaks": lambda x: x.replace(b"<f>SUM(", b"<f>SUM(&#x20;\r\n"),
    "comment-in-cell": lambda x: re.sub(rb"(<c r=\"P\d+\"[^>]*>)<f>", rb"\1<!-- x --><f>", x, count=3),
    "commented-cell": lambda x: x.replace(b"<sheetData>", b'<sheetData><!-- <c r="Z1"><f>1+1</f></c> -->', 1),
    "cell-without-r": lambda x: re.sub(rb'<c r="V\d+" (s="\d+" t="n")></c>', rb"<c \1></c>", x, count=2),
    "self-closing-cell": lambda x: re.sub(rb'<c r="(V\d+)" s="(\d+)" t="n"></c>', rb'<c r="\1" s="\2"/>', x),
    "attribute-order": lambda x: re.sub(rb'<c r="(P\d+)" s="(\d+)">', rb'<c s="\2" r="\1">', x, count=1),
    "gt-in-attribute": lambda x: re.sub(rb'<c r="(P\d+)" s="(\d+)">', rb'<c r="\1" s="\2" x=">">', x, count=1),
    "formula-attributes": lambda x: x.replace(b"<f>SUM(", b'<f ca="1">SUM(', 2),
    "empty-formula": lambda x: re.sub(rb"<f>SUM\([^<]*\)</f>", b"<f></f>", x, count=1),
    "value-first": lambda x: re.sub(rb"<f>(SUM\([^<]*\))</f><v></v>", rb"<v>1</v><f>\1</f>", x, count=1),
    "leading-zero-ref": lambda x: re.sub(rb'<c r="P(\d+)"', rb'<c r="P0\1"', x, count=1),
    "duplicate-cell": lambda x: re.sub(rb"(<c r=\"P(\d+)\"[^>]*><f>[^<]*</f><v></v></c>)", rb"\1\1", x, count=1),
    "malformed": lambda x: x.replace(b"</sheetData>", b"</sheetdata>", 1),
}


def build_inputs(folder: Path) -> list[Path]:
    paths = sorted((ROOT / "workbooks").rglob("*.xlsx"))
    for code, make in DEFECTS.items():
        sub = folder / "defects" / code
        sub.mkdir(parents=True)
        paths.append(make(sub)[0])
    paths += sorted(crafted.build_workbooks(folder / "crafted").values())
    for n in (500, 5000):
        paths.append(write_workbook(synthetic_plan(n, seed=n), folder / f"syntetisk-{n}.xlsx"))
    base = write_workbook(fjellbygd(), folder / "variants-base.xlsx")
    for name, change in VARIANTS.items():
        paths.append(_patched(base, folder / f"variant-{name}.xlsx", change))
    return paths


def export(rev: str, folder: Path) -> Path:
    """The tree at ``rev`` (``git archive``), with no change to this checkout or its repository."""
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True).stdout
    with tempfile.TemporaryFile() as fh:
        fh.write(archive)
        fh.seek(0)
        with tarfile.open(fileobj=fh) as tar:
            tar.extractall(folder, filter="data")
    return folder


def run(tree: Path, path: Path) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "OMSTILL_MAALFORM")}
    env["PYTHONPATH"] = str(tree)
    cmd = [sys.executable, "-m", "omstill_xl.cli", "validate", "--format", "json", str(path)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=path.parent, check=False)
    return proc.returncode, proc.stdout, proc.stderr


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", default="main", help="the git revision to compare against")
    ap.add_argument("--keep", type=Path, help="build the inputs here (kept) instead of a temporary folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp) / "inputs"
        work.mkdir(parents=True, exist_ok=True)
        old = export(args.old, Path(tmp) / "old")
        paths = build_inputs(work)
        differ = 0
        for path in paths:
            a, b = run(old, path), run(ROOT, path)
            if a != b:
                differ += 1
                print(
                    f"DIFFERS {path}: exit {a[0]} → {b[0]}\n  old: {(a[1] + a[2])[:300]!r}\n  new: {(b[1] + b[2])[:300]!r}"
                )
        print(f"{len(paths)} files, {differ} differ (old: {args.old}, new: this tree)")
        raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    main()
