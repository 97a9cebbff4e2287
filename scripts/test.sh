#!/usr/bin/env bash
# Install what the tests need (LibreOffice and poppler from Debian when missing, the package with its
# test extras from PyPI) and run the whole test suite. Works on a fresh Debian/Ubuntu machine as root.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils fonts-dejavu-core fonts-dejavu-extra \
    fonts-liberation2 >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
# --- excel (issue 14): Node + the pinned pyodide npm package for tests/test_excel_pyodide.py (fails, never skips) ---
bash scripts/setup_pyodide.sh
# --- end excel ---

python3 -m pytest -q "$@"
