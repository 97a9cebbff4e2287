"""omstill_xl — Excel workbooks, validation, consolidation and reports for regional omstilling.

Heavy modules are imported lazily so the CLI and the Excel button start fast.
"""

from __future__ import annotations

__version__ = "0.1.0"
