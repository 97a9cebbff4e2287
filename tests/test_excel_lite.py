"""xlwings Lite: ``omstill excel lite`` writes main.py and requirements.txt (pinned, the Valider script present),
and the Lite entry point (``excel.lite.valider``) marks and un-marks cells exactly as the VBA button does,
on a stand-in book that behaves like xlwings Lite: formulas, fills and note texts only through ``await``.
(``test_excel_pyodide.py`` runs the same entry point in real Pyodide.)"""

from __future__ import annotations

import ast
import asyncio
from importlib import metadata
from types import SimpleNamespace

import pytest
from packaging.requirements import Requirement

import omstill_xl
from omstill_xl import __version__
from omstill_xl.cli import main as cli_main
from omstill_xl.excel import lite, litefiles, marks

from .test_excel_button import fix, snapshot
from .test_excel_fake import FakeNote, FakeOptions, FakeRange, FakeSheet, FakeSheets, book_from_file, sheet_of

# ------------------------------------------------------------------------------------- the files


def test_lite_writes_main_py_and_pinned_requirements(tmp_path, capsys):
    out = tmp_path / "lite"
    assert cli_main(["excel", "lite", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["main.py", "requirements.txt"]
    assert "xlwings Lite" in capsys.readouterr().out

    reqs = [Requirement(line) for line in (out / "requirements.txt").read_text("utf-8").splitlines() if line[:1] != "#"]
    assert [(r.name, str(r.specifier)) for r in reqs] == [
        ("omstill-xl", f"=={__version__}"),
        ("xlwings", f"=={metadata.version('xlwings')}"),
    ]

    source = (out / "main.py").read_text("utf-8")
    tree = ast.parse(source)
    (script,) = [n for n in tree.body if isinstance(n, ast.AsyncFunctionDef)]
    assert script.name == litefiles.SCRIPT_NAME
    (deco,) = script.decorator_list
    assert isinstance(deco, ast.Call) and deco.func.id == "script"
    assert [(k.arg, k.value.value) for k in deco.keywords] == [("name", "Valider")]
    assert ast.unparse(script.args.args[0].annotation) == "xw.Book"
    assert f'EXPECTED_VERSION = "{__version__}"' in source
    assert "await lite.valider(book)" in source
    assert "calamine" not in source and "openpyxl" not in source


def test_lite_never_overwrites_without_asking(tmp_path, capsys):
    out = tmp_path / "lite"
    assert cli_main(["excel", "lite", "--out", str(out)]) == 0
    (out / "main.py").write_text("# mine\n", encoding="utf-8")
    capsys.readouterr()
    assert cli_main(["excel", "lite", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "finnes allerede" in err and "--overwrite" in err and "Traceback" not in err
    assert (out / "main.py").read_text("utf-8") == "# mine\n"
    assert cli_main(["excel", "lite", "--out", str(out), "--overwrite"]) == 0
    assert "@script" in (out / "main.py").read_text("utf-8")


def test_lite_wheel_url_for_it(tmp_path, capsys):
    url = f"https://intern.kommune.no/pakker/omstill_xl-{__version__}-py3-none-any.whl"
    assert cli_main(["excel", "lite", "--out", str(tmp_path), "--wheel-url", url]) == 0
    lines = (tmp_path / "requirements.txt").read_text("utf-8").splitlines()
    assert lines[1] == url and lines[2].startswith("xlwings==")
    bad = {
        "http://intern/omstill_xl-0.1.0-py3-none-any.whl": "https-adresse",
        "https://intern/omstill_xl-9.9.9-py3-none-any.whl": f"er ikke omstill-xl {__version__}",
    }
    for wrong, said in bad.items():
        capsys.readouterr()
        assert cli_main(["excel", "lite", "--out", str(tmp_path / "x"), "--wheel-url", wrong]) == 2
        assert said in capsys.readouterr().err
        assert not (tmp_path / "x").exists()


# ------------------------------------------------------------------------------------- a Lite-like book


class LiteNote(FakeNote):
    @property
    def text(self):
        raise NotImplementedError("Use 'await mynote.get_text()'")

    async def get_text(self):
        return self.sheet.notes[self.key]


class LiteOptions(FakeOptions):
    async def get_formula(self):
        return [list(r) for r in _matrix(FakeRange.formula.fget(self.rng))]


def _matrix(v):
    if not isinstance(v, (list, tuple)):
        return [[v]]
    return [list(r) for r in v]


class LiteRange(FakeRange):
    """Like xlwings' remote engine under Pyodide: values synchronously, the rest with await."""

    @property
    def formula(self):
        raise NotImplementedError("Use 'await myrange.get_formula()'")

    @property
    def color(self):
        raise NotImplementedError("Use 'await myrange.get_color()'")

    @color.setter
    def color(self, value):
        FakeRange.color.fset(self, value)

    def options(self, ndim=None, err_to_str=False):
        return LiteOptions(self, ndim, err_to_str)

    async def get_colors(self):
        return [
            [self.sheet.fills.get((r, c)) for c in range(self.column, self.last[1] + 1)]
            for r in range(self.row, self.last[0] + 1)
        ]

    @property
    def note(self):
        key = (self.row, self.column)
        return LiteNote(self.sheet, key) if key in self.sheet.notes else None


class LiteSheet(FakeSheet):
    @property
    def used_range(self):
        u = FakeSheet.used_range.fget(self)
        return LiteRange(self, u.row, u.column, *u.last)

    def range(self, cell1, cell2=None):
        r = FakeSheet.range(self, cell1, cell2)
        return LiteRange(self, r.row, r.column, *r.last)


class LiteSheets(FakeSheets):
    def add(self, name=None, before=None, after=None):
        sheet = FakeSheets.add(self, name, before, after)
        sheet.__class__ = LiteSheet
        return sheet


def lite_book(path):
    book = book_from_file(path)
    for sheet in book.sheets:
        sheet.__class__ = LiteSheet
    book.sheets.__class__ = LiteSheets
    book.app.engine = SimpleNamespace(name="remote")
    return book


def run_lite(book):
    return asyncio.run(lite.valider(book))


@pytest.mark.libreoffice
def test_lite_marks_like_the_vba_button_and_takes_the_marks_away(recalculated, capsys):
    path = recalculated["eksempel-2025.xlsx"]
    desktop, web = book_from_file(path), lite_book(path)
    before = snapshot(web)
    with pytest.raises(NotImplementedError):
        sheet_of(web, "Tiltak").range("A1").formula  # noqa: B018 - the stand-in really is Lite-like

    first_d, first_w = omstill_xl.main(desktop), run_lite(web)
    assert first_w.ok and first_w.formulas_checked and first_w.marks.fills and first_w.marks.notes
    assert [f.code for f in first_w.findings] == [f.code for f in first_d.findings]
    assert snapshot(web) == snapshot(desktop)  # the same fills and notes
    assert capsys.readouterr().out.startswith(first_d.message)  # the message is also printed (Output pane)
    assert [r for r in sheet_of(web, marks.AVVIK).values.items()] == [
        r for r in sheet_of(desktop, marks.AVVIK).values.items()
    ]

    second = run_lite(web)
    assert second.marks.restored == first_w.marks.cells == 2
    assert [s.name for s in web.sheets].count(marks.AVVIK) == 1

    cells = [(int(f.cell[1:]), 21) for f in first_w.findings]
    fix(sheet_of(web, "Tiltak"), before, cells)
    third = run_lite(web)
    assert third.findings == [] and marks.AVVIK not in [s.name for s in web.sheets]
    assert snapshot(web) == before


@pytest.mark.libreoffice
def test_lite_without_formula_reads_skips_the_formula_rules_and_says_so(recalculated, monkeypatch, capsys):
    async def no_formulas(self):
        raise NotImplementedError("an older xlwings Lite")

    monkeypatch.setattr(LiteOptions, "get_formula", no_formulas)
    result = run_lite(lite_book(recalculated["eksempel-2025.xlsx"]))
    assert result.ok and not result.formulas_checked
    assert "formelkontrollene" in result.message


@pytest.mark.libreoffice
def test_lite_failure_prints_details_instead_of_a_log(monkeypatch, capsys, recalculated):
    book = lite_book(recalculated["eksempel-2025.xlsx"])

    def broken(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr("omstill_xl.rules.check_plan", broken)
    result = run_lite(book)
    out = capsys.readouterr()
    assert not result.ok and result.log is None
    assert "RuntimeError: boom" in result.message and lite.OUTPUT_HINT in out.out
    assert "Traceback" in out.err and "RuntimeError: boom" in out.err
