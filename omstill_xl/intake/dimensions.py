"""Sheet dimensions: the declared <dimension ref> and the largest r="…" actually used.

Each worksheet part is streamed (never parsed to a DOM) and refused as soon as its declared or used
area exceeds the row, column or cell limits.
"""

from __future__ import annotations

import re
import zipfile

from ..errors import UnsafeFileError
from .limits import Limits
from .messages import _num
from .xmlguard import _utf8_view
from .zippkg import _ZipPackage

_SCAN_OVERLAP = 256
_DIMENSION_RE = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref\s*=\s*["']([^"']{0,200})["']""")
# r="…" on <c> and <row>. Anchored on the letter r (a literal prefix keeps the regex fast); other
# attributes ending in r (useFirstPageNumber="1", dtr="0") only ever add small harmless numbers.
_ROW_REF_RE = re.compile(rb"""r\s*=\s*["']\$?[A-Za-z]*\$?(\d+)["']""")
_COL_REF_RE = re.compile(rb"""r\s*=\s*["']\$?([A-Za-z]+)\$?\d""")
_CELL_REF_RE = re.compile(r"\$?([A-Za-z]+)\$?(\d+)")
_HUGE = 10**15


def _column_number(letters: bytes | str) -> int:
    """'A' -> 1, 'XFD' -> 16384; absurdly long references count as huge."""
    if len(letters) > 10:
        return _HUGE
    n = 0
    for ch in (letters.decode("ascii") if isinstance(letters, bytes) else letters).upper():
        n = n * 26 + ord(ch) - 64
    return n


def _row_number(digits: bytes | str) -> int:
    return int(digits) if len(digits) <= 15 else _HUGE


def _max_row(candidates: set[bytes]) -> int:
    """The largest row number among digit strings, without a Python-level loop."""
    if not candidates:
        return 0
    if max(map(len, candidates)) > 15:
        return _HUGE
    return max(map(int, candidates))


def _column_letters(n: int) -> str:
    if n >= _HUGE:
        return "?"
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _parse_range(ref: str) -> tuple[int, int] | None:
    """(last row, last column) of an A1-style range such as 'A1:XFD1048576'; None if unreadable."""
    cells = [_CELL_REF_RE.fullmatch(part.strip()) for part in ref.split(":")]
    if not cells or not all(cells):
        return None
    return (max(_row_number(m.group(2)) for m in cells), max(_column_number(m.group(1)) for m in cells))


def _check_sheet_dimensions(pkg: _ZipPackage, sheet: str, info: zipfile.ZipInfo) -> None:
    """Stream the sheet XML and refuse when its declared or used area exceeds the limits."""
    max_row = max_col = 0
    tail = b""
    dimension_seen = False
    for chunk in _utf8_view(pkg.stream(info)):
        buf = tail + chunk
        if not dimension_seen:
            match = _DIMENSION_RE.search(buf)
            if match:
                dimension_seen = True
                _check_declared_dimension(pkg, sheet, match.group(1).decode("ascii", errors="replace"))
        max_row = max(max_row, _max_row(set(_ROW_REF_RE.findall(buf))))
        max_col = max([max_col, *map(_column_number, set(_COL_REF_RE.findall(buf)))])
        if _too_large(pkg.limits, max_row, max_col):
            raise _too_large_error(pkg, sheet, f"A1:{_column_letters(max_col)}{max_row}", max_row, max_col)
        tail = buf[-_SCAN_OVERLAP:]


def _check_declared_dimension(pkg: _ZipPackage, sheet: str, ref: str) -> None:
    parsed = _parse_range(ref)
    if parsed and _too_large(pkg.limits, *parsed):
        raise _too_large_error(pkg, sheet, ref[:40], *parsed)


def _too_large(limits: Limits, rows: int, cols: int) -> bool:
    return rows > limits.max_rows or cols > limits.max_cols or rows * cols > limits.max_cells


def _too_large_error(pkg: _ZipPackage, sheet: str, ref: str, rows: int, cols: int) -> UnsafeFileError:
    limits = pkg.limits
    size = "et ufattelig stort område" if max(rows, cols) >= _HUGE else f"{_num(rows)} rader × {_num(cols)} kolonner"
    return UnsafeFileError(
        f"Arket «{sheet}» bruker området {ref} ({size}). Grensen er {_num(limits.max_rows)} rader, "
        f"{_num(limits.max_cols)} kolonner og {_num(limits.max_cells)} celler per ark. Slett ubrukte rader og "
        "kolonner og lagre på nytt.",
        pkg.path,
    )
