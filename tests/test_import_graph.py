"""The package's imports form layers without cycles, and the rules and the programme core never import a
feature: ``scripts/import_graph.py`` checks it and prints the layers."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "import_graph.py"


def _module():
    spec = importlib.util.spec_from_file_location("import_graph", SCRIPT)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_no_import_cycles_and_rules_never_import_features():
    proc = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-1500:] + proc.stderr[-1500:]
    assert "layer  0:" in proc.stdout and " 0 cycles, 0 forbidden imports" in proc.stdout


def test_the_checker_finds_a_cycle_and_a_forbidden_import():
    g = _module()
    graph = {"omstill_xl.a": {"omstill_xl.b"}, "omstill_xl.b": {"omstill_xl.a"}, "omstill_xl.c": set()}
    assert g.cycles(graph) == [["omstill_xl.a", "omstill_xl.b"]]
    assert g.layers({"omstill_xl.x": {"omstill_xl.y"}, "omstill_xl.y": set()}) == {"omstill_xl.x": 1, "omstill_xl.y": 0}
    bad = {"omstill_xl.rules.crossyear": {"omstill_xl.consolidate.frames"}, "omstill_xl.consolidate.frames": set()}
    assert g.forbidden(bad) == ["omstill_xl.rules.crossyear → omstill_xl.consolidate.frames"]


def test_the_graph_sees_lazy_imports_but_not_type_checking_ones(tmp_path):
    g = _module()
    graph = g.graph()
    assert "omstill_xl.excel.button" in graph["omstill_xl"]  # main() imports it inside the function
    assert "omstill_xl.orgform.model" not in graph["omstill_xl.model"]  # only under TYPE_CHECKING
    assert not any(t.startswith("omstill_xl.consolidate") for t in graph["omstill_xl.rules.crossyear"])


# The command line's own modules: they define the flags and may name them. Everything else is library text.
COMMAND_LINE = ("commands", "cli.py", "__main__.py", "excel/__main__.py")
# A command example the user can type, quoted whole («omstill new fil.xlsx --orgform»), names flags on purpose:
# it says what to run, not how to call a function. So does an argument list for another program («--headless»).
_COMMAND_EXAMPLE = r"«omstill [^»]*»"


def _library_strings():
    """(path, line, text) of every string in a library module (outside ``COMMAND_LINE``) that is not a docstring;
    an f-string is joined with «{}» for its placeholders."""
    import ast

    base = ROOT / "omstill_xl"
    for path in sorted(base.rglob("*.py")):
        rel = path.relative_to(base).as_posix()
        if any(rel == c or rel.startswith(c + "/") for c in COMMAND_LINE):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and n.body
            and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, (ast.Constant, ast.JoinedStr))
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                skip.update(id(v) for v in node.values)
                if id(node) not in skip:
                    parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
                    yield rel, node.lineno, "".join(str(p) for p in parts)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                yield rel, node.lineno, node.value


def test_library_text_never_names_a_command_line_flag():
    """Only the commands know their flags: a library message says what is needed (``OmstillError.remedy``), the
    command line adds the flag (``cli.with_remedy``). Covers every module outside the command line's own."""
    import re

    flag = re.compile(r"(?<![\w-])--[a-z][a-z_-]+")
    found = []
    for rel, line, text in _library_strings():
        prose = re.sub(_COMMAND_EXAMPLE, "", text)
        if " " not in text.strip() and text.strip().startswith("--"):
            continue  # an argument for another program (LibreOffice, xlwings' RunPython), not prose
        if flag.search(prose):
            found.append(f"{rel}:{line}: {text[:70]!r}")
    assert found == []


def test_the_flag_advice_is_added_at_the_command_line(tmp_path, capsys):
    """safeio says a file exists and that it may be replaced; ``omstill new`` (which has --overwrite) says how."""
    import pytest

    from omstill_xl.cli import main
    from omstill_xl.errors import OutputExistsError
    from omstill_xl.safeio import atomic_write_bytes

    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"mine")
    with pytest.raises(OutputExistsError) as e:
        atomic_write_bytes(target, b"new")
    assert "--" not in e.value.message and e.value.remedy == "overwrite"
    assert main(["new", str(target)]) == 2
    err = capsys.readouterr().err
    assert (
        "finnes allerede" in err
        and "Bruk --overwrite for å erstatte det som finnes." in err
        and target.read_bytes() == b"mine"
    )
