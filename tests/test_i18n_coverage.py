"""Every text a user reads goes through the catalogues: a scan of the package's string literals for Norwegian
words outside a marked call (``_``, ``N_``, ``gettext``, ``ngettext``, ``both``), and the errors a run meets
before any workbook is read, in nynorsk end to end.

The scan is a net, not a proof: it looks for a short list of Norwegian words (and æ/ø/å) in string literals of
two words or more. What it lets through is listed below, each with its reason."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from omstill_xl import i18n

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "omstill_xl"
NORWEGIAN = re.compile(
    r"\b(ikke|finnes|finner|mangler|filen|fila|arbeidsboka|arbeidsbok|kan|skal|må|eller|og|er|som|med|til|på|uten"
    r"|ingen|ble|har|velg|prøv|kontroller)\b|[æøåÆØÅ]",
    re.IGNORECASE,
)
MARKED = {"_", "N_", "gettext", "ngettext", "both"}
# calls whose string arguments recognise input or are program syntax, never shown as they stand
NOT_SHOWN_CALLS = {"compile", "search", "match", "fullmatch", "sub", "split", "findall", "finditer"}

# Modules whose user texts are NOT yet in the catalogues (issue 15, still to do). Remove a line when its module is
# marked; the test then holds it to the rule.
NOT_YET = {
    "omstill_xl/consolidate",  # the consolidated workbook's sheets, headers and notes
}

# (module, the literal's start): literals that look Norwegian but are not a text a user reads as it stands.
ALLOWED = {
    # example data: the example programmes' own content (names, tiltak, comments), written in the workbooks as data
    ("omstill_xl/examples.py", ""),
    # «Mål og resultater» here is the canonical sheet key of the data given to the workbook writer, not a shown text
    ("omstill_xl/commands/new.py", "Mål og resultater"),
    # Jinja tags of the Word template
    ("omstill_xl/report/make_template.py", "{%"),
    ("omstill_xl/report/lint.py", "{%"),
    # «Ikke validert»: the placeholder text a template author sees in the template (a data key of the preview)
    ("omstill_xl/report/make_template.py", "Ikke validert"),
    # English internal messages (programming errors, never a user's)
    ("omstill_xl/report/__init__.py", ""),
    ("omstill_xl/totals.py", "no rule for formula column"),
    ("omstill_xl/excel/vbawrite.py", "too large for a compound file"),
    # «ukjent målform»: a ValueError for a caller passing a bad code (programming error; the CLI has its own text)
    ("omstill_xl/i18n.py", "ukjent målform"),
    ("omstill_xl/workbook/build.py", "ukjent målform"),
    # marks the Excel button reads back from an existing Avvik comment (either målform), a regex
    ("omstill_xl/excel/marks.py", "^("),
    # «nummeret til X»: the nynorsk form itself (nynorsk has no s-genitive for a name), chosen by målform
    ("omstill_xl/kommuner.py", "nummeret til "),
    # the phase named in the Excel button's support log (a traceback file for whoever helps, not a message)
    ("omstill_xl/excel/button.py", "lesing og kontroll"),
    ("omstill_xl/excel/button.py", "tilkobling til arbeidsboka"),
    ("omstill_xl/excel/button.py", ", arbeidsbok "),
    ("omstill_xl/excel/lite.py", ", arbeidsbok "),
    ("omstill_xl/excel/lite.py", "henting av farger og merknader"),
    # words that recognise what a user wrote (a dict of input words, a regex built from words)
    ("omstill_xl/rules/financing.py", "lønn til ansatte"),
    ("omstill_xl/schema.py", "akkumulert|"),
    # the exports' columns: titles as the receiving registers name them (the same in both målformer), and
    # descriptions used only for the README's table (tests/test_exports.py checks the README against them)
    ("omstill_xl/exports/columns.py", ""),
    # the legal basis written into the register export: the regulation's own Norwegian title (data for the register)
    ("omstill_xl/exports/rows.py", "Forordning (EU)"),
    # the support register's own name, written as a source in the workbook; the same in both målformer
    ("omstill_xl/stottecsv.py", "Støtteregisteret (CSV)"),
    # the Excel ribbon button's caption, a fixed name of the add-in (the same in both målformer)
    ("omstill_xl/excel/report_button.py", "Omstilling – Årsrapport"),
    ("omstill_xl/excel/addin.py", '<button id="arsrapportKnapp" label="Årsrapport"'),
    # check_context's differences between a report context and its declaration: a diagnostic for the tests
    ("omstill_xl/report/variables.py", ": "),
}


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _not_yet(rel: str) -> bool:
    return any(rel == p or rel.startswith(p + "/") for p in NOT_YET)


def _allowed(rel: str, text: str) -> bool:
    return any(rel == m and text.startswith(start) for m, start in ALLOWED)


def _call_name(node: ast.Call) -> str | None:
    f = node.func
    return getattr(f, "id", None) or getattr(f, "attr", None)


def unmarked_texts(path: Path) -> list[tuple[int, str]]:
    """(line, text) of string literals in ``path`` that look like Norwegian a user reads and are not marked."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in MARKED | NOT_SHOWN_CALLS:
            skip.update(id(n) for n in ast.walk(node))
        elif isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))  # a docstring
        elif isinstance(node, ast.Compare):  # «x == "…"», «x in ("…", …)»: recognising input
            skip.update(id(n) for n in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in skip:
            continue
        text = node.value
        if len(text.split()) >= 2 and NORWEGIAN.search(text):
            found.append((node.lineno, text))
    return found


def test_every_user_text_is_marked():
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = _rel(path)
        if _not_yet(rel):
            continue
        missing += [f"{rel}:{line}: {text[:80]!r}" for line, text in unmarked_texts(path) if not _allowed(rel, text)]
    assert not missing, "Norwegian text outside the catalogues (mark it, see omstill_xl/i18n.py):\n" + "\n".join(
        missing
    )


def test_every_module_with_marked_text_has_a_domain():
    """A marked text in a module no domain covers would never reach a catalogue (so never be nynorsk)."""

    def covered(rel: str) -> bool:
        return any(rel == p or rel.startswith(p + "/") for paths in i18n.DOMAINS.values() for p in paths)

    uncovered = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        marked = any(
            isinstance(n, ast.Call) and _call_name(n) in MARKED and n.args and isinstance(n.args[-1], ast.Constant)
            for n in ast.walk(tree)
        )
        if marked and not covered(_rel(path)):
            uncovered.append(_rel(path))
    assert not uncovered, f"marked texts in modules without a domain in i18n.DOMAINS: {uncovered}"


def test_the_scan_finds_an_unmarked_text(tmp_path):
    """The net catches what it is for: an f-string message, a plain literal; it passes marked ones and regexes."""
    src = tmp_path / "m.py"
    src.write_text(
        '"""Docstring på norsk, ikke vist."""\n'
        "import re\n"
        'RX = re.compile(r"ikke et tall")\n'
        "def f(p, _=str):\n"
        '    ok = _("Finner ikke filen {p}.").format(p=p)\n'
        '    if p == "ikke oppgitt":\n'
        "        return ok\n"
        '    raise ValueError(f"Finner ikke filen {p}.")\n'
        'LABEL = "Filen mangler"\n',
        encoding="utf-8",
    )
    assert sorted(text for _line, text in unmarked_texts(src)) == ["Filen mangler", "Finner ikke filen "]


BOKMAAL_WORDS = re.compile(r"\b(ikke|hvordan|hvis|også|fra|filen|finner|mangler|skadet)\b", re.IGNORECASE)


def _omstill(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("omstill")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "omstill_xl", *args]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def _foreign_workbook(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    assert wb.active is not None
    wb.active.title = "Budsjett"
    wb.active["A1"] = "Ikke en handlingsplan"
    wb.save(path)


def _encrypted(path: Path) -> None:
    """A real password-protected .xlsx (Excel writes it as an OLE2 container with EncryptionInfo)."""
    from .conftest import CORPUS

    shutil.copyfile(CORPUS / "real-world" / "pass_protected.xlsx", path)


@pytest.mark.parametrize(
    "make, expected",
    [
        (None, "Finn ikkje fila"),
        (lambda p: p.write_bytes(b"PK\x03\x04 not a zip container at all"), "Fila er skadd"),
        (lambda p: p.write_bytes(b""), "Fila er tom"),
        (_foreign_workbook, "Dette er ikkje ei omstill-arbeidsbok"),
        pytest.param(_encrypted, "Arbeidsboka er passordverna", marks=pytest.mark.corpus),
        (lambda p: p.write_text("id;namn\n1;Eksempel\n", encoding="utf-8"), "ikkje ei Excel-arbeidsbok"),
    ],
    ids=["missing", "damaged", "empty", "not-omstill", "encrypted", "csv-named-xlsx"],
)
def test_errors_before_any_workbook_is_read_are_nynorsk(tmp_path, make, expected):
    path = tmp_path / "handlingsplan.xlsx"
    if make is not None:
        make(path)
    run = _omstill("validate", path.name, "--maalform", "nynorsk", cwd=tmp_path)
    out = run.stdout + run.stderr
    assert run.returncode == 2, out
    assert expected in out, out
    assert "Traceback" not in out
    assert not BOKMAAL_WORDS.search(out), out
    run_nb = _omstill("validate", path.name, cwd=tmp_path)
    assert not re.search(r"\b(ikkje|fila)\b", run_nb.stdout + run_nb.stderr)  # bokmål stays bokmål


def test_output_refusal_and_profile_errors_are_nynorsk(tmp_path):
    """Errors of the edges after intake: an output that exists, a profile file that is not TOML."""
    from omstill_xl.errors import InputError, OutputExistsError
    from omstill_xl.profiles import load_profiles
    from omstill_xl.safeio import atomic_write_bytes

    target = tmp_path / "ut.xlsx"
    target.write_bytes(b"x")
    bad = tmp_path / "profil.toml"
    bad.write_text("[standard\n", encoding="utf-8")
    with i18n.use("nynorsk", explicit=True):
        with pytest.raises(OutputExistsError) as e:
            atomic_write_bytes(target, b"y")
        assert "finst allereie" in e.value.user_text()
        with pytest.raises(InputError) as e2:
            load_profiles(bad)
        assert "Profilfila er ikkje gyldig TOML" in e2.value.user_text()
    for text in (e.value.user_text(), e2.value.user_text()):
        assert not BOKMAAL_WORDS.search(text.split(":", 1)[1]), text


def test_severity_words_of_the_annotated_copy_follow_the_maalform(tmp_path):
    """The Avvik sheet and the cell notes of the marked copy name the severity in the findings' målform."""
    from openpyxl import load_workbook

    from omstill_xl.findings import Finding
    from omstill_xl.workbook.annotate import write_annotated
    from omstill_xl.workbook.build import write_workbook

    source = write_workbook({"Program": {"fields": {"programnavn": "Omstilling Test"}}}, tmp_path / "plan.xlsx")
    finding = Finding("OX-A006", "advarsel", "Avvik", "Tiltak T1 avviker.", "Forklar.", sheet="Program", cell="C5")
    for maalform, word in (("nb", "advarsel"), ("nn", "åtvaring")):
        out = tmp_path / f"med-avvik-{maalform}.xlsx"
        with i18n.use(maalform, explicit=True):
            write_annotated(source, [finding], out)
        wb = load_workbook(out)
        assert wb["Avvik"]["A2"].value == word
        comment = wb["Program"]["C5"].comment
        assert comment is not None
        note = comment.text
        assert note.startswith(f"{word.upper()} OX-A006"), note
