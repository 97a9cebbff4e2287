"""Up-front checks on an input file before any spreadsheet parser sees it.

``check_file`` looks at the bytes (never the extension), refuses everything that is not an
.xlsx/.xlsm workbook with a Norwegian explanation, and refuses workbooks that could exhaust
time or memory in openpyxl or python-calamine: zip bombs, XML entity tricks and huge sheet
dimensions. See /work/shared/robustness.md, section 5.

``run_isolated`` runs a parser in a child process with a memory limit and a timeout, because
both libraries can hang or abort the whole process on hostile input.

Every failure is one of the typed errors in :mod:`omstill_xl.errors`; nothing else escapes.

The flow of ``check_file``, one module per step:

1. :mod:`.sniff` — the path must be a regular file; its first bytes say zip, OLE2 or something else.
2. :mod:`.ole2` — an OLE2 file is always refused: encrypted, legacy .xls, other Office, or damaged.
   Anything else that is not a zip is named (PDF, HTML, CSV, …) and refused; then the file size cap.
3. :mod:`.zippkg` — the zip is opened with our own capped inflater; the central directory's member
   count, sizes and compression ratio are checked before anything is decompressed.
4. :mod:`.package` — relationships and content types say whether this is an .xlsx/.xlsm workbook.
5. :mod:`.zippkg` — every member is inflated under hard caps and its length and CRC verified.
6. :mod:`.xmlguard` — no XML part may carry a DTD/ENTITY or an encoding that hides markup.
7. :mod:`.package` — the workbook part gives the worksheet parts, hidden sheets and date system.
8. :mod:`.parts` — the styles and shared-strings parts must be of sane size and entry count.
9. :mod:`.dimensions` — each worksheet's declared and used area, and its number of cell elements (every ``<c>``
   and ``<row>``, with or without ``r=``), must be within the limits.

:mod:`.limits` holds ``Limits`` and ``IntakeReport``, :mod:`.messages` the Norwegian texts and
:mod:`.isolate` ``run_isolated``.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import OmstillError, UnsafeFileError, UnsupportedFormatError
from ..i18n import translator
from .dimensions import _check_sheet_dimensions
from .isolate import run_isolated
from .limits import DEFAULT_LIMITS, IntakeReport, Limits
from .messages import _SHRINK_ADVICE, _damaged, _num, _unsupported
from .package import _identify_package, _read_workbook
from .parts import _check_side_parts
from .sniff import (
    _check_file_size,
    _guess_non_container,
    _open_binary,
    _read_head,
    _require_regular_file,
    _sniff_container,
)
from .xmlguard import _check_xml_prologs
from .zippkg import _check_declared_sizes, _has_vba, _normalise, _verify_members, _ZipPackage

_ = translator("core")

__all__ = ["DEFAULT_LIMITS", "IntakeReport", "Limits", "check_file", "run_isolated"]


def check_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> IntakeReport:
    """Check ``path`` before any spreadsheet parser sees it and describe the workbook.

    Raises FileMissingError, UnsupportedFormatError, EncryptedFileError, DamagedFileError or
    UnsafeFileError (all InputError) with a Norwegian message; never anything else.
    """
    path = Path(path)
    size = _require_regular_file(path)
    head = _read_head(path)
    container = _sniff_container(head)
    if container == "ole2":
        from .ole2 import _reject_ole2  # only for an OLE2 file (always refused)

        _reject_ole2(path)
    if container != "zip":
        if not head:
            raise UnsupportedFormatError(
                _(
                    "Filen er tom (0 byte). Den ble kanskje ikke lagret eller overført helt. "
                    "Lagre arbeidsboka på nytt i Excel og prøv igjen."
                ),
                path,
            )
        raise _unsupported(path, _guess_non_container(head))
    _check_file_size(path, size, limits)
    with _open_binary(path) as fh:
        try:
            with _ZipPackage(path, fh, size, limits) as pkg:
                return _check_zip_package(pkg)
        except OmstillError:
            raise
        except Exception as e:  # a last line of defence: intake must never crash the caller
            raise _damaged(path, _("innholdet kunne ikke tolkes ({reason})").format(reason=type(e).__name__)) from e


def _check_zip_package(pkg: _ZipPackage) -> IntakeReport:
    """Run the zip checks in order and build the report."""
    _check_declared_sizes(pkg)
    pkg.index_members()
    kind, workbook_part = _identify_package(pkg)
    _verify_members(pkg)
    _check_xml_prologs(pkg)
    book = _read_workbook(pkg, workbook_part)
    _check_side_parts(pkg, workbook_part)
    cells = area = 0
    for sheet, part in book.sheet_parts.items():
        sheet_cells, sheet_area = _check_sheet_dimensions(pkg, sheet, pkg.by_key[_normalise(part)])
        cells += sheet_cells
        area = max(area, sheet_area)
        if cells > pkg.limits.max_cell_elements:
            raise UnsafeFileError(
                _("Arbeidsboka har mer enn {limit} celler til sammen. {advice}").format(
                    limit=_num(pkg.limits.max_cell_elements), advice=_(_SHRINK_ADVICE)
                ),
                pkg.path,
            )
    kept = {}
    for part in (*book.sheet_parts.values(), workbook_part):
        info = pkg.info(part)
        data = pkg.kept(info) if info is not None else None
        if data is not None:
            kept[info.filename] = data  # type: ignore[union-attr]
    return IntakeReport(
        path=pkg.path,
        kind=kind,
        size=pkg.size,
        members=dict(pkg.members),
        sheet_parts=book.sheet_parts,
        hidden_sheets=book.hidden_sheets,
        has_macros=_has_vba(pkg),
        date1904=book.date1904,
        cells=cells,
        largest_area=area,
        kept=kept,
        workbook_names=(pkg.by_key[_normalise(workbook_part)].filename, book.defined_names, book.calc_mode),
    )
