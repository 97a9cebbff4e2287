"""Sheet dimensions: the declared <dimension ref> and the largest r="…" actually used.

Each worksheet part is streamed (never parsed to a DOM) and refused as soon as its declared or used
area exceeds the row, column or cell limits.
"""

from __future__ import annotations

import re
import zipfile
from operator import itemgetter

from ..errors import UnsafeFileError
from ..i18n import translator
from .limits import Limits
from .messages import _SHRINK_ADVICE, _num
from .xmlguard import _utf8_view
from .zippkg import _ZipPackage

_ = translator("core")

_DIMENSION_RE = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref\s*=\s*["']([^"']{0,200})["']""")
# r="…" on <c> and <row>. Anchored on the letter r (a literal prefix keeps the regex fast); other
# attributes ending in r (useFirstPageNumber="1", dtr="0") only ever add small harmless numbers.
# Start tags of <row> and <c> with any namespace prefix (not <cols>, <col>, <rowBreaks>, …), and their r="…".
_TAG_RE = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])(?:[^<>]*?\sr\s*=\s*["']\s*\$?([A-Za-z]{0,12})\$?(\d{0,20})\s*["'])?[^<>]*>"""
)
_MAX_TAG = 1024 * 1024
# Ranges openpyxl turns into one object per cell (MergedCell, a hyperlink on every cell): bounded like cells.
_EXPANDED_RANGE_RE = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?(?:mergeCell|hyperlink)(?=[\s/>])[^<>]*?\sref\s*=\s*["']([^"'<>]{0,100})["']"""
)
_CELL_REF_RE = re.compile(r"\$?([A-Za-z]+)\$?(\d+)")
# The fast path of ``_SheetScan.feed``: the form Excel and openpyxl write (``<c r="B7"``, ``<row r="7"``, no prefix).
# It is taken only for a stretch in which every row and cell start tag ``_TAG_RE`` would see is of that form (the
# start tags counted, a prefixed one refused), so its result always equals the element-by-element loop's.
_FAST_CELL_RE = re.compile(rb"""<c r="([A-Z]{1,3})([1-9]\d{0,6})"[^<>]*>""")
_FAST_ROW_RE = re.compile(rb"""<row r="([1-9]\d{0,6})"[^<>]*>""")
_CELL_START_RE = re.compile(rb"""<c[\s/>]""")
_ROW_START_RE = re.compile(rb"""<row[\s/>]""")
_PREFIXED_RE = re.compile(rb""":(?:row|c)[\s/>]""")  # every prefixed row or cell tag has it (text may too)
_FAST_ROW_START_RE = re.compile(rb"""<row r="[1-9]\d{0,6}"[^<>]*>""")
_NOT_PLAIN_CELL_RE = re.compile(rb"""<c(?:[\t\n\r\f\v/>]| (?!r="))""")  # a _CELL_START_RE tag not «<c r="»
_NOT_PLAIN_ROW_RE = re.compile(rb"""<row(?:[\t\n\r\f\v/>]| (?!r="))""")
_HUGE = 10**15
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


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


def _column_letters(n: int) -> str:
    if n >= _HUGE:
        return "?"
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# b"A" → 1 … b"XFD" → 16384, filled as letters are met (building all 16 384 at import cost 50 ms per process);
# only up to three letters are kept, so a crafted file cannot grow it without bound.
_COLUMNS: dict[bytes, int] = {}


def _parse_range(ref: str) -> tuple[int, int] | None:
    """(last row, last column) of an A1-style range such as 'A1:XFD1048576'; None if unreadable."""
    cells = [_CELL_REF_RE.fullmatch(part.strip()) for part in ref.split(":")]
    if not cells or not all(cells):
        return None
    found = [m for m in cells if m is not None]
    return (max(_row_number(m.group(2)) for m in found), max(_column_number(m.group(1)) for m in found))


def _range_area(ref: str) -> int:
    """Cells in an A1 range ('A1:C3' → 9, 'B2' → 1); an unreadable reference counts as one cell."""
    cells = [_CELL_REF_RE.fullmatch(part.strip()) for part in ref.split(":")]
    if not cells or not all(cells) or len(cells) > 2:
        return 1
    rows = [_row_number(m.group(2)) for m in cells if m]
    cols = [_column_number(m.group(1)) for m in cells if m]
    return (max(rows) - min(rows) + 1) * (max(cols) - min(cols) + 1)


def _check_sheet_dimensions(pkg: _ZipPackage, sheet: str, info: zipfile.ZipInfo) -> tuple[int, int]:
    """Stream the sheet XML and refuse when its declared or used area exceeds the limits.

    Every ``<row>`` and ``<c>`` element counts, whatever its attributes or prefix: one without ``r=`` sits one
    place after the one before it, as python-calamine and openpyxl place it. Returns (cell elements, used area).
    """
    scan = _SheetScan()
    tail = b""
    dimension_seen = False
    for chunk in _utf8_view(pkg.stream(info)):
        buf = tail + chunk
        if not dimension_seen:
            match = _DIMENSION_RE.search(buf)
            if match:
                dimension_seen = True
                scan.hint = _check_declared_dimension(pkg, sheet, match.group(1).decode("ascii", errors="replace"))
        cut = buf.rfind(b"<")
        if cut < 0 or buf.find(b">", cut) >= 0:
            cut = len(buf)
        scan.feed(buf[:cut])
        tail = buf[cut:]
        if len(tail) > _MAX_TAG:
            raise UnsafeFileError(
                _(
                    "Arket «{sheet}» har et XML-element som er unormalt langt. Filen er avvist. Lagre arbeidsboka på "
                    "nytt fra Excel og prøv igjen."
                ).format(sheet=sheet),
                pkg.path,
            )
        _check_scan(pkg, sheet, scan)
    scan.feed(tail)
    _check_scan(pkg, sheet, scan)
    return scan.cells, scan.max_row * scan.max_col


class _SheetScan:
    """Positions of row and cell elements, followed the way spreadsheet readers place them."""

    __slots__ = ("row", "col", "max_row", "max_col", "cells", "rows", "covered", "widest", "hint")

    def __init__(self) -> None:
        self.row = self.col = self.max_row = self.max_col = self.cells = self.rows = self.covered = 0
        self.widest = ""
        self.hint = b""  # the last column letters of the declared <dimension>: a guess only, proved or dropped

    def feed(self, data: bytes) -> None:
        # a match starts at the last "<" before its element name; none can start before the one before the first name
        first = min((i for i in (data.find(b"mergeCell"), data.find(b"hyperlink")) if i >= 0), default=-1)
        if first >= 0:
            for ref in _EXPANDED_RANGE_RE.findall(data, max(0, data.rfind(b"<", 0, first))):
                text = ref.decode("latin-1")
                area = _range_area(text)
                if area > self.covered:
                    self.widest = text[:40]
                self.covered += area
        # Everything before the last row start tag goes the fast way when it can; the rest (that row's cells, which
        # leave the position state for the next chunk) element by element. A row with a plain r="…" sets the
        # position whatever came before it, so the split changes nothing.
        last_row = data.rfind(b'<row r="')
        if last_row > 0 and _FAST_ROW_START_RE.match(data, last_row) and self._feed_fast(data[:last_row]):
            data = data[last_row:]
        row, col, max_row, max_col, cells, rows = self.row, self.col, self.max_row, self.max_col, self.cells, self.rows
        columns = _COLUMNS
        # the loop runs once per row and cell element: cells first, and ``_row_number`` written out in place
        for tag, letters, digits in _TAG_RE.findall(data):
            if tag == b"c":
                cells += 1
                if letters and digits:
                    col = columns.get(letters) or 0
                    if not col:
                        col = _column_number(letters)
                        if len(letters) <= 3:
                            columns[letters] = col
                    cell_row = int(digits) if len(digits) <= 15 else _HUGE
                    if cell_row > row:
                        row = cell_row
                else:
                    col += 1
                if col > max_col:
                    max_col = col
            else:
                rows += 1
                row = (int(digits) if len(digits) <= 15 else _HUGE) if digits and not letters else row + 1
                col = 0
            if row > max_row:
                max_row = row
        self.row, self.col, self.max_row, self.max_col, self.cells, self.rows = row, col, max_row, max_col, cells, rows

    def _feed_fast(self, data: bytes) -> bool:
        """Count and bound ``data`` at C speed when every row and cell tag in it is of the plain form; else False.

        With ``r="…"`` on every element the loop's result is order-free: the largest row is the largest row or cell
        number, the largest column the largest cell column. The position state is left as it was: the caller
        feeds the next stretch from a row start tag, which sets it afresh.
        """
        if _PREFIXED_RE.search(data):
            return False
        # the cheap tests first: a crafted sheet whose tags are not all plain goes to the loop without the rest.
        # No match of _NOT_PLAIN_*: every «<c», «<row» start tag is followed by « r="» (the counts of
        # _CELL_START_RE and «<c r="» agree); _cell_bounds makes sure that each of those is a _FAST_CELL_RE tag.
        if _NOT_PLAIN_CELL_RE.search(data) or _NOT_PLAIN_ROW_RE.search(data):
            return False
        n_cells = data.count(b'<c r="')
        n_rows = data.count(b'<row r="')
        found_rows = _FAST_ROW_RE.findall(data)
        if len(found_rows) != n_rows:
            return False
        max_row, max_col = self.max_row, self.max_col
        if n_rows:
            max_row = max(max_row, max(map(int, found_rows)))
        if n_cells:
            bounds = _cell_bounds(data, n_cells, max(map(int, found_rows)) if n_rows else 0, self.hint)
            if bounds is None:
                return False
            max_row = max(max_row, bounds[0])
            max_col = max(max_col, _column_number(bounds[1]))
        self.max_row, self.max_col = max_row, max_col
        self.cells += n_cells
        self.rows += n_rows
        return True


def _cell_bounds(data: bytes, n_cells: int, rows_top: int, hint: bytes = b"") -> tuple[int, bytes] | None:
    """The largest row number and the widest column letters of the ``n_cells`` «<c r="» tags in ``data``; None where
    one is not a _FAST_CELL_RE tag (the loop takes such a stretch). ``rows_top``: the largest row tag's number in
    ``data`` (the row number returned is the largest of it and the cells' rows).

    Guessed and proved by one search for a cell beyond the guess or of another form, which must find none; else
    every tag is read. The guess: the declared dimension's last column (``hint``) and the rows' top, where the
    proving pattern is at hand or the stretch is large; else the widest column and largest row among the first
    cells of a large stretch.
    """
    # no cell right of column ``hint`` nor below ``rows_top`` nor of another form; and one in column ``hint``
    # (a «<c r="» + hint not followed by a digit would be a wider column or another form, which are excluded)
    if (
        hint
        and rows_top
        and (len(data) > _GUESS_ABOVE or _met_before((hint, rows_top)))
        and _suspect(hint, rows_top).search(data) is None
        and data.find(b'<c r="' + hint) >= 0
    ):
        return rows_top, hint
    sample = _FAST_CELL_RE.findall(data, 0, 16_384) if len(data) > _GUESS_ABOVE else None
    if sample:  # (a pattern is compiled per guess: worth it only on a large stretch)
        letters = max({m[0] for m in sample}, key=lambda s: (len(s), s))
        top = max(rows_top, max(int(m[1]) for m in sample))
        if _suspect(letters, top).search(data) is None:
            return top, letters
    found = _FAST_CELL_RE.findall(data)
    if len(found) != n_cells:
        return None
    return max(map(int, map(_SECOND, found))), max(set(map(_FIRST, found)), key=lambda s: (len(s), s))


_GUESS_ABOVE = 32 * 1024  # (twice the sample)


# The proving patterns made so far, (letters, top) → pattern: a batch of workbooks made from one template meets
# the same few again and again (a pattern costs ~0.15 ms to compile, about what reading 700 cell tags costs).
_SUSPECTS: dict[tuple[bytes, int], re.Pattern[bytes]] = {}
_MAX_SUSPECTS = 512


_MET: set[tuple[bytes, int]] = set()  # guesses met once on a small stretch (a pattern is made at the second)


def _met_before(key: tuple[bytes, int]) -> bool:
    """True when the proving pattern for ``key`` is made, or ``key`` was met before (then it will be)."""
    if key in _SUSPECTS or key in _MET:
        return True
    if len(_MET) >= _MAX_SUSPECTS:
        _MET.clear()
    _MET.add(key)
    return False


def _suspect(letters: bytes, top: int) -> re.Pattern[bytes]:
    """A «<c r="» tag that is no _FAST_CELL_RE tag, or one right of column ``letters`` or below row ``top``."""
    found = _SUSPECTS.get((letters, top))
    if found is None:
        if len(_SUSPECTS) >= _MAX_SUSPECTS:  # bounded whatever a batch of crafted files holds
            _SUSPECTS.clear()
        found = _SUSPECTS[(letters, top)] = _make_suspect(letters, top)
    return found


def _make_suspect(letters: bytes, top: int) -> re.Pattern[bytes]:
    wider = _greater(letters.decode("ascii"), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3)
    lower = _greater(str(top), "0123456789", 7)
    alternatives = [
        r'(?![A-Z]{1,3}[1-9]\d{0,6}"[^<>]*>)',
        f"(?:{wider})[1-9]" if wider else "",
        f'[A-Z]{{1,3}}(?:{lower})"' if lower else "",
    ]
    return re.compile(('<c r="(?:' + "|".join(a for a in alternatives if a) + ")").encode("ascii"))


def _greater(text: str, alphabet: str, longest: int) -> str:
    """A regex for the strings over ``alphabet`` (no leading «0» for digits) that sort after ``text`` the way the
    numbers or column letters they write do: longer ones (up to ``longest``), or as long and greater at some place."""
    low = "1" if alphabet[0] == "0" else alphabet[0]
    parts = (
        [f"[{low}-{alphabet[-1]}][{alphabet[0]}-{alphabet[-1]}]{{{len(text)},{longest - 1}}}"]
        if len(text) < longest
        else []
    )
    for i, ch in enumerate(text):
        nxt = alphabet.index(ch) + 1
        if nxt < len(alphabet):
            rest = f"[{alphabet[0]}-{alphabet[-1]}]{{{len(text) - i - 1}}}" if i < len(text) - 1 else ""
            parts.append(f"{re.escape(text[:i])}[{alphabet[nxt]}-{alphabet[-1]}]{rest}")
    return "|".join(parts)


def _check_scan(pkg: _ZipPackage, sheet: str, scan: _SheetScan) -> None:
    if _too_large(pkg.limits, scan.max_row, scan.max_col):
        raise _too_large_error(
            pkg, sheet, f"A1:{_column_letters(scan.max_col)}{scan.max_row}", scan.max_row, scan.max_col
        )
    if scan.covered > pkg.limits.max_cell_elements:
        raise UnsafeFileError(
            _(
                "Arket «{sheet}» har sammenslåtte celler eller lenker som dekker {count} celler (blant annet "
                "{widest}), mer enn grensen på {limit}. Opphev sammenslåingen eller fjern lenken på de store "
                "områdene, lagre på nytt og prøv igjen."
            ).format(
                sheet=sheet,
                count=_num(min(scan.covered, _HUGE)),
                widest=scan.widest,
                limit=_num(pkg.limits.max_cell_elements),
            ),
            pkg.path,
        )
    if scan.cells > pkg.limits.max_cell_elements or scan.rows > pkg.limits.max_rows:
        raise UnsafeFileError(
            _(
                "Arket «{sheet}» har {count} celle- eller radelementer, mer enn grensen på {limit} per ark. {advice}"
            ).format(
                sheet=sheet,
                count=_num(max(scan.cells, scan.rows)),
                limit=_num(pkg.limits.max_cell_elements),
                advice=_(_SHRINK_ADVICE),
            ),
            pkg.path,
        )


def _check_declared_dimension(pkg: _ZipPackage, sheet: str, ref: str) -> bytes:
    """Refuse a declared dimension beyond the limits; else its last column's letters (b"" if unreadable or more than
    three letters), a guess for the scan to prove."""
    parsed = _parse_range(ref)
    if parsed and _too_large(pkg.limits, *parsed):
        raise _too_large_error(pkg, sheet, ref[:40], *parsed)
    if parsed is None or not 0 < parsed[1] <= 16384:
        return b""
    return _column_letters(parsed[1]).encode("ascii")


def _too_large(limits: Limits, rows: int, cols: int) -> bool:
    return rows > limits.max_rows or cols > limits.max_cols or rows * cols > limits.max_cells


def _too_large_error(pkg: _ZipPackage, sheet: str, ref: str, rows: int, cols: int) -> UnsafeFileError:
    limits = pkg.limits
    size = (
        _("et ufattelig stort område")
        if max(rows, cols) >= _HUGE
        else _("{rows} rader × {cols} kolonner").format(rows=_num(rows), cols=_num(cols))
    )
    return UnsafeFileError(
        _(
            "Arket «{sheet}» bruker området {ref} ({size}). Grensen er {rows} rader, {cols} kolonner og {cells} "
            "celler per ark. Slett ubrukte rader og kolonner og lagre på nytt."
        ).format(
            sheet=sheet,
            ref=ref,
            size=size,
            rows=_num(limits.max_rows),
            cols=_num(limits.max_cols),
            cells=_num(limits.max_cells),
        ),
        pkg.path,
    )
