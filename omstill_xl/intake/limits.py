"""The ceilings intake applies (``Limits``) and what it reports about an accepted workbook."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Ceilings applied before parsing. Sizes are bytes (MB means MiB)."""

    max_file_bytes: int = 50 * MIB
    max_total_uncompressed: int = 200 * MIB
    max_member_uncompressed: int = 100 * MIB
    max_compression_ratio: float = 100.0
    ratio_applies_above: int = 1 * MIB  # the ratio is only judged when the total exceeds this
    max_cells: int = 5_000_000  # rows × columns of one sheet
    max_rows: int = 200_000
    max_cols: int = 2_000
    max_cell_elements: int = 2_000_000  # <c> elements in one sheet, and in the whole workbook
    max_styles: int = 65_000  # entries in each list of the styles part (Excel itself allows 64 000 cell formats)
    max_shared_strings: int = 300_000  # entries in the shared-strings part
    max_styles_part: int = 20 * MIB
    max_shared_strings_part: int = 60 * MIB
    max_members: int = 10_000
    max_structure_part: int = 10 * MIB  # workbook.xml, rels, [Content_Types].xml (parsed to a DOM)
    max_xml_prolog: int = 64 * 1024  # bytes before the root element of an XML part


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class IntakeReport:
    """What ``check_file`` learned about an accepted workbook."""

    path: Path
    kind: str  # "xlsx" or "xlsm"
    size: int  # bytes on disk
    members: dict[str, str]  # normalised member name (lower case, "/" separators) -> real member name
    sheet_parts: dict[str, str]  # worksheet name -> real zip member name of its XML
    hidden_sheets: tuple[str, ...]  # sheets (of any type) with state hidden/veryHidden
    has_macros: bool  # a vbaProject.bin member is present
    date1904: bool  # workbookPr date1904
    cells: int = 0  # <c> elements in all worksheets
    largest_area: int = 0  # rows × columns of the largest used area of one worksheet
    # worksheet and workbook parts as inflated (length and CRC checked) by the intake, real member name → bytes,
    # where they were small enough to keep: the reader takes them instead of inflating them again
    kept: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)
    # what the workbook part's parse gave besides the sheets: (its real member name, the workbook-level defined
    # names → their formulas, the calculation mode), so the reader does not parse the part a second time
    workbook_names: tuple[str, dict[str, str], str] | None = field(default=None, repr=False, compare=False)
