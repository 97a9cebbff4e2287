#!/usr/bin/env bash
# Update the lock for the test and development environment: requirements/dev.txt pins every package (and the
# hashes pip checks) that `bash scripts/test.sh` installs. Runtime dependencies in pyproject.toml keep their ranges.
# Run after changing a dependency in pyproject.toml, then commit pyproject.toml and the lock together:
#   bash scripts/lock.sh            (add --upgrade to move every pin to the newest allowed release)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q --disable-pip-version-check "uv>=0.5"
python3 -m uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
  --generate-hashes --no-emit-package omstill-xl --custom-compile-command "bash scripts/lock.sh" \
  --quiet -o requirements/dev.txt "$@"
echo "requirements/dev.txt oppdatert."
