"""``python -m omstill_xl …``: the ``omstill`` command where the script folder is not on PATH (Windows)."""

import sys

from .cli import main

sys.exit(main())
