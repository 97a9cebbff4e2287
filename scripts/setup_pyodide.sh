#!/usr/bin/env bash
# Node.js and the `pyodide` npm package (CPython compiled to WebAssembly, as xlwings Lite runs it in Excel),
# for tests/test_excel_pyodide.py. Node/npm come from Debian when missing; pyodide goes into .pyodide/
# (git-ignored). Idempotent: a second run with everything in place only checks it. Exits non-zero when
# anything cannot be set up, so CI fails instead of skipping the test.
set -euo pipefail
cd "$(dirname "$0")/.."

PYODIDE_VERSION="${PYODIDE_VERSION:-0.29.3}"
DEST=".pyodide"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
node -e 'const [maj] = process.versions.node.split("."); if (+maj < 18) { console.error("Node " + process.versions.node + " er for gammel for Pyodide (trenger 18+)"); process.exit(1); }'

have=""
if [ -f "$DEST/node_modules/pyodide/package.json" ]; then
  have="$(node -p "require('./$DEST/node_modules/pyodide/package.json').version")"
fi
if [ "$have" != "$PYODIDE_VERSION" ]; then
  mkdir -p "$DEST"
  [ -f "$DEST/package.json" ] || echo '{"name": "omstill-pyodide-test", "private": true}' >"$DEST/package.json"
  npm install --prefix "$DEST" --no-audit --no-fund --loglevel=error --save-exact "pyodide@$PYODIDE_VERSION" >/dev/null
fi
node -e "require('./$DEST/node_modules/pyodide/package.json')" >/dev/null
echo "pyodide $PYODIDE_VERSION i $DEST/node_modules/pyodide (node $(node --version))"
