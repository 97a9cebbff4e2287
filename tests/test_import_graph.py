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


LIBRARY = (
    "report/context.py",
    "report/batch.py",
    "report/programmes.py",
    "report/variables.py",
    "nextyear.py",
    "validate.py",
    "programme",
    "consolidate",
    "rules",
    "documents",
)


def test_library_text_never_names_a_command_line_flag():
    """Only the commands know their flags: a library message says what is needed, the command adds the flag."""
    import ast
    import re

    flag = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
    found = []
    for item in LIBRARY:
        base = ROOT / "omstill_xl" / item
        for path in sorted(base.rglob("*.py")) if base.is_dir() else [base]:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = {
                id(n.body[0].value)
                for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                and n.body
                and isinstance(n.body[0], ast.Expr)
                and isinstance(n.body[0].value, ast.Constant)
            }
            for node in ast.walk(tree):
                text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
                if text and id(node) not in docstrings and flag.search(text):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[:60]!r}")
    assert found == []
