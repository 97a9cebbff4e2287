"""``py -m omstill_xl.excel install`` — the same as ``omstill excel install``, for when the ``omstill`` command
is not on PATH (a ``pip install --user`` on Windows puts it in a folder PATH does not have)."""

import sys

from omstill_xl.cli import main

sys.exit(main(["excel", *sys.argv[1:]]))
