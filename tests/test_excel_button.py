"""The «Valider» button (``omstill_xl.main``) driven with a stand-in desktop-Excel book built from the example
workbooks: the same findings as ``omstill validate``, the Avvik sheet, marks that the next run takes away,
user data untouched, and Norwegian messages for every failure."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import omstill_xl
from omstill_xl.cli import main as cli_main
from omstill_xl.excel import button, marks
from omstill_xl.excel.reading import read_book, read_sheet
from omstill_xl.findings import summary_line
from omstill_xl.validate import validate
from omstill_xl.workbook import annotate
from omstill_xl.workbook.grid import split_ref

from .conftest import require_soffice
from .defects import DEFECTS
from .test_excel_fake import FakeBook, XlError, avvik_rows, book_from_file, sheet_of

DEFECT_CODES = ("OX-S001", "OX-S002", "OX-S004", "OX-A001", "OX-A008", "OX-H001", "OX-H002", "OX-H003", "OX-H006")


def key(f):
    return (f.code, f.severity, f.sheet, f.cell, f.message, f.value, f.expected, f.hint)


def row_of(f):
    """A finding as the Avvik sheet shows it (an error value or a list as its text, as in the annotated copy)."""
    shown = [f.severity, f.code, f.sheet, f.cell, f.message, f.value, f.expected, f.hint]
    return [v if v is None or isinstance(v, (str, int, float)) else str(v) for v in shown]


def snapshot(book: FakeBook) -> dict:
    """Everything a user owns in the book: values, formulas, fills and notes of every sheet but Avvik."""
    return {
        s.name: (dict(s.values), dict(s.formulas), dict(s.fills), dict(s.notes), s.visible)
        for s in book.sheets
        if s.name != marks.AVVIK
    }


@pytest.fixture(scope="module")
def recalculated_defects(tmp_path_factory) -> dict[str, Path]:
    """Defect workbooks as Excel would show them: recalculated by LibreOffice (one soffice run for all)."""
    soffice = require_soffice()
    src, out = tmp_path_factory.mktemp("defects-src"), tmp_path_factory.mktemp("defects-lo")
    for code in DEFECT_CODES:
        path, _ = DEFECTS[code](Path(tempfile.mkdtemp(dir=src)))
        shutil.copy(path, src / f"{code}.xlsx")
    with tempfile.TemporaryDirectory(prefix="omstill-lo-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(out),
                *sorted(map(str, src.glob("*.xlsx"))),
            ],
            capture_output=True,
            timeout=300,
            env={**os.environ, "HOME": profile},
            check=True,
        )
    return {code: out / f"{code}.xlsx" for code in DEFECT_CODES}


# ------------------------------------------------------------------------------------- same findings


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["eksempel-2025.xlsx", "eksempel-2026.xlsx", "fjellbygd-2026.xlsx"])
def test_button_finds_what_omstill_validate_finds(recalculated, name):
    path = recalculated[name]
    book = book_from_file(path)
    result = omstill_xl.main(book)
    expected = validate(path)
    assert result.ok and result.formulas_checked
    assert [key(f) for f in result.findings] == [key(f) for f in expected]
    assert all(f.file == path.name for f in result.findings)
    message = summary_line(expected) + (" — se arket Avvik" if expected else "")
    assert book.app.alerts == [(message, button.TITLE, "info")]
    if expected:
        rows = avvik_rows(book)
        assert rows[0] == list(marks.HEADERS)
        assert [r[:8] for r in rows[1:]] == [row_of(f) for f in expected]
    else:
        assert marks.AVVIK not in [s.name for s in book.sheets]


@pytest.mark.libreoffice
@pytest.mark.parametrize("code", DEFECT_CODES)
def test_button_finds_what_omstill_validate_finds_in_defect_workbooks(recalculated_defects, code):
    path = recalculated_defects[code]
    book = book_from_file(path)
    result = omstill_xl.main(book)
    expected = validate(path)
    assert expected, "the defect should give findings"
    assert [key(f) for f in result.findings] == [key(f) for f in expected]
    assert [r[:8] for r in avvik_rows(book)[1:]] == [row_of(f) for f in expected]
    linked = {
        sheet_of(book, marks.AVVIK).links[(r, 4)][0]
        for r in range(2, len(expected) + 2)
        if (r, 4) in sheet_of(book, marks.AVVIK).links
    }
    assert linked == {f"#'{f.sheet}'!{f.cell}" for f in expected if f.cell}


@pytest.mark.libreoffice
def test_avvik_sheet_equals_the_json_of_omstill_validate(recalculated, capsys):
    path = recalculated["eksempel-2025.xlsx"]
    code = cli_main(["validate", str(path), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    book = book_from_file(path)
    omstill_xl.main(book)
    assert code == 0 and report["findings"]
    assert [r[:8] for r in avvik_rows(book)[1:]] == [
        [f[k] for k in ("severity", "code", "sheet", "cell", "message", "value", "expected", "hint")]
        for f in report["findings"]
    ]


# ------------------------------------------------------------------------------------- marks


def fix(tiltak, before, cells) -> None:
    """The economist sets regnskap = budsjetterte omstillingsmidler, and innvilget with it where the tilsagn was
    lower (regnskap above innvilget is OX-A010); Excel recalculates the sum rows."""
    sum_row = next(r for (r, c), v in tiltak.values.items() if c == 1 and v == "Sum")
    changed = []
    for key_ in cells:
        row, budget = key_[0], tiltak.values[(key_[0], 12)]
        for col in (19, 21):  # innvilget, regnskap
            if col == 21 or (tiltak.values.get((row, col)) or 0) < budget:
                tiltak.values[(sum_row, col)] += budget - (tiltak.values.get((row, col)) or 0)
                tiltak.values[(row, col)] = budget
                changed += [(row, col), (sum_row, col)]
    for key_ in changed:
        before["Tiltak"][0][key_] = tiltak.values[key_]


@pytest.mark.libreoffice
def test_marks_cells_and_the_next_run_takes_them_away(recalculated):
    book = book_from_file(recalculated["eksempel-2025.xlsx"])
    before = snapshot(book)
    first = omstill_xl.main(book)
    tiltak = sheet_of(book, "Tiltak")
    cells = [(int(f.cell[1:]), 21) for f in first.findings]  # U6, U14 (Regnskap)
    for key_ in cells:
        assert tiltak.fills[key_] == (0xF4, 0xB1, 0x83)  # advarsel: orange, apart from the input yellow
        assert tiltak.notes[key_].startswith("ADVARSEL OX-A006: Tiltak T")
    assert first.marks.cells == 2 and not first.marks.failed
    assert sheet_of(book, marks.AVVIK) is next(iter(book.sheets)) and book._active.name == marks.AVVIK

    second = omstill_xl.main(book)  # same findings: old marks removed, new ones made, one Avvik sheet
    assert second.marks.restored == 2 and [s.name for s in book.sheets].count(marks.AVVIK) == 1
    assert [key(f) for f in second.findings] == [key(f) for f in first.findings]

    fix(tiltak, before, cells)
    third = omstill_xl.main(book)
    assert third.findings == [] and book.app.alerts[-1][0] == "Ingen feil funnet"
    assert marks.AVVIK not in [s.name for s in book.sheets]
    assert snapshot(book) == before  # fills and notes as they were, nothing else touched


@pytest.mark.libreoffice
def test_user_data_is_untouched(recalculated):
    book = book_from_file(recalculated["eksempel-2025.xlsx"])
    before = snapshot(book)
    result = omstill_xl.main(book)
    after = snapshot(book)
    marked = {(f.sheet, f.cell) for f in result.findings}
    for name, (values, formulas, fills, notes, visible) in before.items():
        assert (after[name][0], after[name][1], after[name][4]) == (values, formulas, visible), name
        filled = {k for k in set(fills) | set(after[name][2]) if fills.get(k) != after[name][2].get(k)}
        noted = {k for k in set(notes) | set(after[name][3]) if notes.get(k) != after[name][3].get(k)}
        expected = {(r, c) for (sheet, ref) in marked if sheet == name for r, c in [split_ref(ref)]}
        assert filled == expected and noted == expected, name


@pytest.mark.libreoffice
def test_a_users_own_note_is_kept_and_a_changed_fill_left_alone(recalculated):
    book = book_from_file(recalculated["eksempel-2025.xlsx"])
    tiltak = sheet_of(book, "Tiltak")
    tiltak.notes[(6, 21)] = "Min egen merknad"
    omstill_xl.main(book)
    assert tiltak.notes[(6, 21)] == "Min egen merknad"
    assert tiltak.notes[(14, 21)].startswith("ADVARSEL")
    tiltak.fills[(14, 21)] = (0, 176, 80)  # the user colours it green after the run
    omstill_xl.main(book)
    fix(tiltak, snapshot(book), [(6, 21), (14, 21)])
    assert omstill_xl.main(book).findings == []
    assert tiltak.notes.get((6, 21)) == "Min egen merknad" and (14, 21) not in tiltak.notes
    assert tiltak.fills[(14, 21)] == (0, 176, 80)  # the green the user chose is what comes back


def test_avvik_sheet_of_an_annotated_copy_is_cleared_too(eksempel_2025, tmp_path):
    """An annotated copy (omstill validate --annotate) opened in Excel: the button takes those marks away."""
    original = book_from_file(eksempel_2025)
    copy = annotate.write_annotated(eksempel_2025, validate(eksempel_2025), tmp_path / "med-avvik.xlsx")
    book = book_from_file(copy)
    assert sheet_of(book, marks.AVVIK)
    marks.clear_previous(book, result := marks.MarkResult())
    assert result.restored == 2 and marks.AVVIK not in [s.name for s in book.sheets]
    assert snapshot(book) == snapshot(original)


def test_the_button_writes_the_same_sheet_as_the_annotated_copy():
    assert (marks.AVVIK, marks.HEADERS, marks.MARK_FILLS) == (annotate.AVVIK, annotate.HEADERS, annotate.MARK_FILLS)
    assert marks.WIDTHS[:-1] == annotate.WIDTHS[:-1] and marks.WIDTHS[-1] == 0  # hidden column


def test_a_protected_cell_is_listed_but_does_not_stop_the_run(eksempel_2025, monkeypatch):
    from . import test_excel_fake as fake

    book = book_from_file(eksempel_2025)
    original_setter = fake.FakeRange.color.fset

    def refuse(self, value):
        if self.sheet.name == "Program":
            raise RuntimeError("Unable to set the Color property of the Interior class")
        original_setter(self, value)

    monkeypatch.setattr(fake.FakeRange, "color", property(fake.FakeRange.color.fget, refuse))
    result = omstill_xl.main(book)  # openpyxl-built: uncached formulas give findings on Program too
    program = [f"{f.sheet}!{f.cell}" for f in result.findings if f.sheet == "Program" and f.cell]
    assert result.ok and program and sorted(result.marks.failed) == sorted(set(program))
    assert "kunne ikke markeres (er arket beskyttet?)" in result.message


# ------------------------------------------------------------------------------------- reading


def test_used_range_offset_errors_and_text_that_looks_like_a_formula():
    book = FakeBook("b.xlsx")
    sheet = book.sheets.add("Program")
    sheet.values.update({(3, 3): "Tekst", (4, 3): 1.0, (4, 4): XlError("#DIV/0!"), (5, 3): "=ikke formel"})
    sheet.formulas.update({(4, 5): "=C4*2", (5, 3): "=ikke formel"})
    sheet.values[(4, 5)] = 2.0
    grid, got, cut = read_sheet(sheet)
    assert got and not cut and grid.value(3, 3) == "Tekst" and grid.value(1, 1) is None and grid.value(4, 3) == 1.0
    assert grid.errors == {"D4": "#DIV/0!"} and str(grid.value(4, 4)) == "#DIV/0!"
    assert set(grid.formulas) == {"E4"} and grid.formulas["E4"].text == "C4*2" and grid.formulas["E4"].cached


def test_a_sheet_formatted_to_the_bottom_is_read_only_as_far_as_needed(eksempel_2025):
    from omstill_xl.excel import reading

    book = book_from_file(eksempel_2025)
    sheet_of(book, "Tiltak").fills[(1_048_576, 3)] = (255, 255, 0)  # the whole column C filled yellow
    expected = [key(f) for f in omstill_xl.main(book_from_file(eksempel_2025)).findings]
    result = omstill_xl.main(book)
    assert result.trimmed == ("Tiltak",) and [key(f) for f in result.findings] == expected
    assert "«Tiltak»" in result.message and f"{reading.MAX_ROWS:,}".replace(",", "\u00a0") in result.message


def test_facts_hidden_sheets_names_calculation_and_external_links(eksempel_2025):
    book = book_from_file(eksempel_2025)
    book.app.calculation = "manual"
    sheet_of(book, "Lister").visible = 2  # very hidden is hidden too
    extra = book.sheets.add("Gammelt")
    extra.visible = 0
    book.names.append(type("N", (), {"name": "Kilde", "refers_to": "='C:\\data\\[Budsjett 2024.xlsx]Ark1'!$A$1"})())
    facts = read_book(book).facts
    assert facts.hidden_sheets == ("Lister", "Gammelt") and facts.calc_mode == "manual"
    assert facts.external_links == ("Budsjett 2024.xlsx",)
    assert facts.defined_names["Kilde"].startswith("'C:")
    codes = {f.code for f in omstill_xl.main(book).findings}
    assert {"OX-H004", "OX-H005", "OX-H006"} <= codes


# ------------------------------------------------------------------------------------- failures


def test_a_workbook_that_is_not_ours_gets_a_norwegian_message_and_no_changes():
    book = FakeBook("Budsjett.xlsx")
    sheet = book.sheets.add("Ark1")
    sheet.values[(1, 1)] = "Noe annet"
    result = omstill_xl.main(book)
    assert not result.ok and [s.name for s in book.sheets] == ["Ark1"] and sheet.values == {(1, 1): "Noe annet"}
    prompt, title, mode = book.app.alerts[0]
    assert "ikke en omstill-arbeidsbok" in prompt and "Arbeidsboka er ikke endret" in prompt and mode == "critical"


def test_a_foreign_avvik_sheet_is_left_alone(eksempel_2025):
    book = book_from_file(eksempel_2025)
    theirs = book.sheets.add("avvik")
    theirs.values[(1, 1)] = "Mine avvik fra budsjettet"
    result = omstill_xl.main(book)
    assert not result.ok and theirs in list(book.sheets) and theirs.values == {(1, 1): "Mine avvik fra budsjettet"}
    assert "ikke laget av Valider" in book.app.alerts[0][0] and "Gi arket et annet navn" in book.app.alerts[0][0]


@pytest.mark.parametrize("phase", ["read", "write"])
def test_an_unexpected_failure_is_a_norwegian_message_with_a_log(eksempel_2025, tmp_path, monkeypatch, phase):
    from . import test_excel_fake as fake

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    book = book_from_file(eksempel_2025)

    def broken(*args, **kwargs):
        raise KeyError("intern")

    if phase == "read":
        monkeypatch.setattr(fake.FakeSheet, "used_range", property(broken))
    else:
        monkeypatch.setattr(fake.FakeSheets, "add", broken)
    result = omstill_xl.main(book)
    prompt = book.app.alerts[0][0]
    assert not result.ok and book.app.alerts[0][2] == "critical" and book.app.screen_updating is True
    assert "Valider stoppet uventet" in prompt and "Dette kan du gjøre" in prompt and "Traceback" not in prompt
    assert ("skrivebeskyttet" in prompt) == (phase == "write")
    assert result.log == tmp_path / button.LOG_NAME and "Traceback" in result.log.read_text("utf-8")
    assert str(result.log) in prompt


def test_main_outside_excel_says_how_to_start_it(capsys):
    with pytest.raises(SystemExit) as e:
        omstill_xl.main()
    assert e.value.code == 1
    assert "knappen Valider på fanen Omstilling" in capsys.readouterr().err


def test_when_no_alert_can_be_shown_the_message_goes_to_stderr(eksempel_2025, capsys):
    book = book_from_file(eksempel_2025)

    def no_alert(*args, **kwargs):
        raise RuntimeError("Excel is gone")

    book.app.alert = no_alert
    with pytest.raises(SystemExit):
        omstill_xl.main(book)
    assert "se arket Avvik" in capsys.readouterr().err


def test_the_button_module_imports_no_heavy_libraries():
    code = (
        "import sys, omstill_xl, omstill_xl.excel.button, omstill_xl.excel.reading, omstill_xl.excel.marks, "
        "omstill_xl.rules, omstill_xl.workbook.read; "
        "heavy = ('pandas', 'openpyxl', 'xlwings', 'matplotlib', 'docx', 'numpy'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.libreoffice
def test_button_runs_the_organisasjonsform_rules(tmp_path):
    """The button reads the Organisasjonsform sheet too, so OX-O findings match omstill validate."""
    from omstill_xl.libreoffice import recalculate

    from .test_orgform_rules import DEFECTS as ORGFORM_DEFECTS

    path = recalculate(ORGFORM_DEFECTS["OX-O001"](tmp_path), tmp_path / "lo")
    result = omstill_xl.main(book_from_file(path))
    assert "OX-O001" in {f.code for f in result.findings}
    assert [key(f) for f in result.findings] == [key(f) for f in validate(path)]
