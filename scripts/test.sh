#!/usr/bin/env bash
# The README's test command, and what CI runs (.ci/run): on a fresh Debian/Ubuntu machine (as root, or with sudo)
# it installs what the tests need and runs every check:
#   1. Debian packages when missing: LibreOffice (Calc, Writer), poppler, and the fonts the reports and workbooks
#      name (Liberation Sans ≈ Arial, Carlito ≈ Calibri) plus DejaVu;
#   2. a virtual environment .venv-test with the locked test/dev packages (requirements/dev.txt, hashes checked)
#      and omstill_xl itself in editable mode;
#   3. ruff (lint and format), mypy on omstill_xl/, the wheel (python -m build);
#   4. pytest, with any arguments given to this script (e.g. bash scripts/test.sh tests/test_cli.py -x).
# Update the lock with: bash scripts/lock.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
debs=()
command -v soffice >/dev/null 2>&1 || debs+=(libreoffice-calc-nogui libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || debs+=(poppler-utils)
have_font() { command -v fc-list >/dev/null 2>&1 && fc-list | grep -qi "$1"; }
have_font "Liberation Sans" || debs+=(fonts-liberation2)
have_font "Carlito" || debs+=(fonts-crosextra-carlito)
have_font "DejaVu Sans" || debs+=(fonts-dejavu-core fonts-dejavu-extra)
if [ "${#debs[@]}" -gt 0 ]; then
  echo "Installerer Debian-pakker: ${debs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${debs[@]}" >/dev/null
fi

VENV=.venv-test
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
"$PY" -m pip install -q --disable-pip-version-check --require-hashes -r requirements/dev.txt
"$PY" -m pip install -q --disable-pip-version-check --no-deps -e .

echo "ruff, mypy og hjulet (wheel) ..."
"$PY" -m ruff check omstill_xl tests benchmarks scripts
"$PY" -m ruff format --check --quiet omstill_xl tests benchmarks scripts
"$PY" -m mypy --no-error-summary
rm -rf dist/
"$PY" -m build --wheel --outdir dist/ . >/dev/null
ls dist/*.whl

# Node and the pinned pyodide npm package for tests/test_excel_pyodide.py (which fails, never skips, without them)
bash scripts/setup_pyodide.sh

"$PY" -m pytest -q -rs "$@"
