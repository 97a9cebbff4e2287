"""Tests for omstill_xl.intake: up-front checks and isolated parsing."""

from __future__ import annotations

import random
import time
import zipfile
from pathlib import Path

import pytest

from omstill_xl.errors import (
    DamagedFileError,
    EncryptedFileError,
    FileMissingError,
    InputError,
    NotOmstillWorkbookError,
    UnsafeFileError,
    UnsupportedFormatError,
)
from omstill_xl.intake import DEFAULT_LIMITS, IntakeReport, Limits, check_file, run_isolated

from . import hostile
from .conftest import CORPUS, corpus_files

CORPUS_FILES = corpus_files()


def _id(path: Path) -> str:
    return str(path.relative_to(CORPUS)) if path.is_relative_to(CORPUS) else path.name


# --------------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_corpus_is_present() -> None:
    assert len(CORPUS_FILES) > 100


@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=_id)
def test_corpus_file_gives_report_or_input_error(path: Path) -> None:
    start = time.perf_counter()
    try:
        report = check_file(path)
    except InputError as e:
        assert e.message and e.path == str(path)
        assert "\n" not in e.message
    else:
        assert isinstance(report, IntakeReport)
        assert report.kind in ("xlsx", "xlsm")
        assert report.size == path.stat().st_size
        for name, part in report.sheet_parts.items():
            assert report.members[part.replace("\\", "/").lower()] == part, name
    assert time.perf_counter() - start < 5


# (file, error class or None for an accepted workbook, text the message must contain)
CORPUS_EXPECTATIONS = [
    ("issue_385.xls", EncryptedFileError, "passordbeskyttet"),
    ("pass_protected.xlsb", EncryptedFileError, "Fil → Info → Beskytt arbeidsbok"),
    ("real-world/pass_protected.xlsx", EncryptedFileError, "kryptert"),
    ("biff5_write.xls", UnsupportedFormatError, ".xls"),
    ("real-world/capitalized_wbook_stream.xls", UnsupportedFormatError, "Excel 97–2003"),
    ("date.xlsb", UnsupportedFormatError, ".xlsb"),
    ("real-world/issue_666_panic.xlsb", UnsupportedFormatError, ".xlsb"),
    ("issue252.xlsx", DamagedFileError, "skadet"),
    # issue_174 declares <dimension ref="A1:XFD1048576"/> and has styled cells up to there
    ("issue_174.xlsx", UnsafeFileError, "A1:XFD1048576"),
    ("OOM_alloc3.xls", (DamagedFileError, UnsupportedFormatError), ""),
    ("real-world/OOM_alloc.xls", (DamagedFileError, UnsupportedFormatError), ""),
    ("real-world/OOM_alloc2.xls", (DamagedFileError, UnsupportedFormatError), ""),
    ("real-world/too_small.xls", UnsupportedFormatError, "Filen heter .xls, men er egentlig en tekstfil"),
    ("minimal_package.xlsx", None, ""),  # parts at the package root, found through _rels/.rels
    ("issue_419.xlsx", None, ""),
    ("real-world/strict_iso_paths.xlsx", None, ""),  # strict OOXML namespaces
    ("real-world/issue_530.xlsx", None, ""),  # backslashes in member names
    ("real-world/vba.xlsm", None, ""),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "error", "text"), CORPUS_EXPECTATIONS, ids=[e[0] for e in CORPUS_EXPECTATIONS])
def test_corpus_expectations(name: str, error: type | tuple | None, text: str) -> None:
    path = CORPUS / name
    if error is None:
        assert isinstance(check_file(path), IntakeReport)
        return
    with pytest.raises(error) as info:
        check_file(path)
    assert text in info.value.message


@pytest.mark.corpus
@pytest.mark.parametrize("path", [p for p in CORPUS_FILES if p.suffix == ".ods"] or CORPUS_FILES, ids=_id)
def test_every_ods_is_named(path: Path) -> None:
    with pytest.raises(UnsupportedFormatError, match=r"\.ods"):
        check_file(path)


@pytest.mark.corpus
def test_minimal_package_resolves_parts_at_root() -> None:
    report = check_file(CORPUS / "minimal_package.xlsx")
    assert report.sheet_parts == {"Sheet1": "sheet1.xml"}


@pytest.mark.corpus
def test_backslash_member_names_are_found() -> None:
    report = check_file(CORPUS / "real-world/issue_530.xlsx")
    assert list(report.sheet_parts.values()) == ["xl\\worksheets\\sheet26.xml"]
    assert report.members["xl/worksheets/sheet26.xml"] == "xl\\worksheets\\sheet26.xml"


@pytest.mark.corpus
def test_hidden_and_chart_sheets() -> None:
    report = check_file(CORPUS / "real-world/any_sheets.xlsx")
    assert list(report.sheet_parts) == ["Visible", "Hidden", "VeryHidden"]  # the chart sheet holds no cells
    assert report.hidden_sheets == ("Hidden", "VeryHidden")


@pytest.mark.corpus
def test_date1904_and_macros() -> None:
    assert check_file(CORPUS / "real-world/date_1904.xlsx").date1904 is True
    assert check_file(CORPUS / "real-world/date.xlsx").date1904 is False
    vba = check_file(CORPUS / "real-world/vba.xlsm")
    assert (vba.kind, vba.has_macros) == ("xlsm", True)
    # macro content type without a vbaProject.bin: still an .xlsm, but no macros
    no_vba = check_file(CORPUS / "real-world/issue221.xlsm")
    assert (no_vba.kind, no_vba.has_macros) == ("xlsm", False)


# --------------------------------------------------------------------------------------------
# Missing files and wrong containers
# --------------------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileMissingError, match="Finner ikke filen"):
        check_file(tmp_path / "finnes-ikke.xlsx")


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(FileMissingError, match="Finner ikke filen"):
        check_file(tmp_path)


def test_xls_renamed_to_xlsx(tmp_path: Path) -> None:
    path = hostile.write_xls_renamed(tmp_path / "x.xlsx")
    with pytest.raises(UnsupportedFormatError) as info:
        check_file(path)
    assert "Filen heter .xlsx, men er egentlig en Excel 97–2003-fil (.xls)" in info.value.message


def test_text_named_xlsx(tmp_path: Path) -> None:
    path = hostile.write_text_as_xlsx(tmp_path / "eksport.xlsx")
    with pytest.raises(UnsupportedFormatError, match="Filen heter .xlsx, men er egentlig en tekstfil"):
        check_file(path)


def test_csv_named_csv_does_not_claim_a_mismatch(tmp_path: Path) -> None:
    path = hostile.write_text_as_xlsx(tmp_path / "eksport.csv")
    with pytest.raises(UnsupportedFormatError) as info:
        check_file(path)
    assert info.value.message.startswith("Filen er en tekstfil")


def test_html_named_xls(tmp_path: Path) -> None:
    path = hostile.write_html_as_xls(tmp_path / "rapport.xls")
    with pytest.raises(UnsupportedFormatError, match="HTML"):
        check_file(path)


def test_empty_file(tmp_path: Path) -> None:
    path = hostile.write_empty(tmp_path / "tom.xlsx")
    with pytest.raises(UnsupportedFormatError, match="tom"):
        check_file(path)


def test_pdf(tmp_path: Path) -> None:
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    with pytest.raises(UnsupportedFormatError, match="PDF"):
        check_file(path)


def test_truncated_xlsx(tmp_path: Path) -> None:
    good = hostile.write_openpyxl_workbook(tmp_path / "hel.xlsx")
    path = hostile.write_truncated(tmp_path / "halv.xlsx", good)
    with pytest.raises(DamagedFileError, match="skadet"):
        check_file(path)


def test_plain_zip_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = hostile.write_zip(tmp_path / "arkiv.xlsx", {"les-meg.txt": b"hei"})
    with pytest.raises(UnsupportedFormatError, match="ikke et regneark"):
        check_file(path)


def test_damaged_ole2_header(tmp_path: Path) -> None:
    path = tmp_path / "rot.xls"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\xff" * 600)
    with pytest.raises(DamagedFileError):
        check_file(path)


# --------------------------------------------------------------------------------------------
# Accepted workbooks
# --------------------------------------------------------------------------------------------


def test_openpyxl_workbook_report(tmp_path: Path) -> None:
    path = hostile.write_openpyxl_workbook(tmp_path / "liten.xlsx")
    report = check_file(path)
    assert report.kind == "xlsx"
    assert report.sheet_parts == {"Data": "xl/worksheets/sheet1.xml", "Skjult": "xl/worksheets/sheet2.xml"}
    assert report.hidden_sheets == ("Skjult",)
    assert report.has_macros is False and report.date1904 is False
    assert report.path == path and report.size == path.stat().st_size
    assert report.members["xl/workbook.xml"] == "xl/workbook.xml"


def test_xlsm(tmp_path: Path) -> None:
    report = check_file(hostile.write_xlsm(tmp_path / "makro.xlsm"))
    assert report.kind == "xlsm"
    assert report.has_macros is True


def test_plain_sheet_within_limits_is_fast(tmp_path: Path) -> None:
    path = hostile.write_plain_sheet(tmp_path / "vanlig.xlsx", rows=10_000, cols=3)  # about 1 MB of sheet XML
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size > 1_000_000
    check_file(path)  # warm up imports
    start = time.perf_counter()
    check_file(path)
    assert time.perf_counter() - start < 0.25


# --------------------------------------------------------------------------------------------
# Hostile files
# --------------------------------------------------------------------------------------------


def test_zip_bomb_is_refused_fast(tmp_path: Path) -> None:
    path = hostile.write_zip_bomb(tmp_path / "bombe.xlsx", uncompressed=1 << 30)
    assert path.stat().st_size < 5_000_000
    start = time.perf_counter()
    with pytest.raises(UnsafeFileError, match="zip-bombe"):
        check_file(path)
    assert time.perf_counter() - start < 1


def test_zip_bomb_lying_about_its_size_is_refused_fast(tmp_path: Path) -> None:
    path = hostile.write_zip_bomb(tmp_path / "loegn.xlsx", uncompressed=1 << 30, declared=10_000)
    start = time.perf_counter()
    with pytest.raises(UnsafeFileError, match="mer data enn oppgitt"):
        check_file(path)
    assert time.perf_counter() - start < 1


def test_high_compression_ratio_is_refused(tmp_path: Path) -> None:
    path = hostile.write_zip_bomb(tmp_path / "tett.xlsx", uncompressed=20_000_000)  # within the size limits
    with pytest.raises(UnsafeFileError, match="tettere enn vanlig"):
        check_file(path)


def test_total_size_limit(tmp_path: Path) -> None:
    path = hostile.write_plain_sheet(tmp_path / "stor.xlsx", rows=2_000)
    with pytest.raises(UnsafeFileError, match="grensen"):
        check_file(path, Limits(max_total_uncompressed=10_000))


@pytest.mark.parametrize(
    "part",
    ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"],
)
def test_billion_laughs_is_refused(tmp_path: Path, part: str) -> None:
    path = hostile.write_billion_laughs(tmp_path / "latter.xlsx", part)
    with pytest.raises(UnsafeFileError, match="DOCTYPE"):
        check_file(path)


def test_xxe_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeFileError, match="XXE"):
        check_file(hostile.write_xxe(tmp_path / "xxe.xlsx"))


def test_utf16_billion_laughs_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeFileError, match="DOCTYPE"):
        check_file(hostile.write_utf16_billion_laughs(tmp_path / "utf16.xlsx"))


def test_doctype_behind_long_comment_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeFileError):
        check_file(hostile.write_doctype_after_long_comment(tmp_path / "kommentar.xlsx"))


def test_utf7_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeFileError, match="tegnkoding"):
        check_file(hostile.write_utf7_sheet(tmp_path / "utf7.xlsx"))


def test_far_cell_without_dimension_is_refused(tmp_path: Path) -> None:
    path = hostile.write_far_cell(tmp_path / "langt-unna.xlsx")
    with pytest.raises(UnsafeFileError) as info:
        check_file(path)
    assert "Arket «Ark1» bruker området A1:XFD1048576" in info.value.message


def test_huge_declared_dimension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeFileError, match="A1:XFD1048576"):
        check_file(hostile.write_huge_dimension(tmp_path / "dimensjon.xlsx"))


def test_area_limit_is_rows_times_columns(tmp_path: Path) -> None:
    # 150 000 rows and 1 000 columns are each within limits, but 150 M cells are not
    sheet = hostile.sheet_xml([("ALL1", "1"), ("A150000", "2")], dimension=None)
    path = hostile.write_xlsx(tmp_path / "areal.xlsx", sheet=sheet)
    with pytest.raises(UnsafeFileError, match="ALL150000"):
        check_file(path)


def test_dimension_within_custom_limits(tmp_path: Path) -> None:
    path = hostile.write_plain_sheet(tmp_path / "ti.xlsx", rows=10)
    assert check_file(path, Limits(max_rows=10)).sheet_parts
    with pytest.raises(UnsafeFileError, match="A1:C10"):
        check_file(path, Limits(max_rows=9))


def test_default_limits() -> None:
    assert DEFAULT_LIMITS.max_file_bytes == 50 * 1024 * 1024
    assert (DEFAULT_LIMITS.max_rows, DEFAULT_LIMITS.max_cols, DEFAULT_LIMITS.max_cells) == (200_000, 2_000, 5_000_000)


def test_duplicate_member_names_are_refused(tmp_path: Path) -> None:
    parts = hostile.xlsx_parts()
    path = hostile.write_zip(tmp_path / "dobbel.xlsx", parts)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("XL/Worksheets/Sheet1.xml", hostile.sheet_xml([("XFD1048576", "1")]))
    with pytest.raises(DamagedFileError, match="flere ganger"):
        check_file(path)


FUZZ_SOURCES = [
    "biff5_write.xls",
    "issue_385.xls",
    "pass_protected.xlsb",
    "temperature.xlsx",
    "real-world/any_sheets.xlsx",
    "minimal_package.xlsx",
    "real-world/issue_530.xlsx",
]


@pytest.mark.corpus
@pytest.mark.parametrize("seed", range(4))
def test_random_damage_only_gives_input_errors(tmp_path: Path, seed: int) -> None:
    rnd = random.Random(seed)
    for i in range(150):
        source = CORPUS / rnd.choice(FUZZ_SOURCES)
        if source.suffix == ".xlsx" and rnd.random() < 0.5:
            path = hostile.write_part_mutation(tmp_path / f"{i}.xlsx", source, rnd)
        else:
            path = hostile.write_byte_mutation(tmp_path / f"{i}{source.suffix}", source, rnd)
        start = time.perf_counter()
        try:
            check_file(path)
        except InputError as e:
            assert "kunne ikke tolkes" not in e.message, (seed, i, e.__cause__)  # the catch-all must stay unused
        assert time.perf_counter() - start < 1


# --------------------------------------------------------------------------------------------
# run_isolated
# --------------------------------------------------------------------------------------------


def test_run_isolated_returns_value() -> None:
    assert run_isolated(hostile.isolated_return, {"svar": [1, 2, "æøå"]}) == {"svar": [1, 2, "æøå"]}


def test_run_isolated_reraises_our_error() -> None:
    with pytest.raises(NotOmstillWorkbookError) as info:
        run_isolated(hostile.isolated_raise_not_omstill, "Arket «Tiltak» mangler.", "/tmp/x.xlsx")
    assert type(info.value) is NotOmstillWorkbookError
    assert info.value.message == "Arket «Tiltak» mangler."
    assert info.value.path == "/tmp/x.xlsx"


def test_run_isolated_other_exception_becomes_damaged() -> None:
    with pytest.raises(DamagedFileError, match="ValueError"):
        run_isolated(hostile.isolated_raise_value_error)


def test_run_isolated_survives_abort() -> None:
    with pytest.raises((DamagedFileError, UnsafeFileError), match="Leseren krasjet"):
        run_isolated(hostile.isolated_abort, path="x.xlsx")
    assert run_isolated(hostile.isolated_return, 1) == 1  # the parent and the machinery still work


def test_run_isolated_timeout() -> None:
    start = time.perf_counter()
    with pytest.raises(UnsafeFileError, match="avbrutt etter 1 s"):
        run_isolated(hostile.isolated_sleep, 30, timeout=1.0)
    assert time.perf_counter() - start < 1.0 + 2


def test_run_isolated_memory_limit() -> None:
    with pytest.raises((UnsafeFileError, DamagedFileError), match="minne"):
        run_isolated(hostile.isolated_allocate, 2048, memory_mb=256)


def test_run_isolated_can_run_check_file(tmp_path: Path) -> None:
    path = hostile.write_openpyxl_workbook(tmp_path / "iso.xlsx")
    report = run_isolated(check_file, path)
    assert report.sheet_parts["Data"] == "xl/worksheets/sheet1.xml"
    with pytest.raises(UnsafeFileError, match="XFD1048576"):
        run_isolated(check_file, hostile.write_far_cell(tmp_path / "langt.xlsx"))


@pytest.mark.corpus
def test_run_isolated_contains_calamine_abort(tmp_path: Path) -> None:
    # calamine tries to allocate 512 GiB for A1 + XFD1048576 and aborts the process (SIGABRT)
    path = hostile.write_far_cell(tmp_path / "abort.xlsx")
    with pytest.raises((DamagedFileError, UnsafeFileError)):
        run_isolated(hostile.isolated_read_with_calamine, str(path), path=path)
    assert run_isolated(hostile.isolated_read_with_calamine, str(CORPUS / "temperature.xlsx")) > 0
