"""Keep the nynorsk message catalogues (``omstill_xl/locale/nn/LC_MESSAGES/<domain>.po``) with Babel.

    python scripts/catalogues.py update   # extract every domain's marked strings, merge into its .po, compile .mo
    python scripts/catalogues.py check    # exit 1 and list what is wrong (what tests/test_i18n.py asserts)

A message is marked in the code with ``_("…")``, ``N_("…")``, ``gettext(domain, "…")`` or ``both(domain, "…")``
(see ``omstill_xl/i18n.py``); the file it is in decides its domain (``i18n.DOMAINS``). ``update`` keeps existing
translations, adds new messages with an empty nynorsk form (translate them in the .po, then run ``update`` again to
compile) and drops messages no longer in the code. Output is deterministic (sorted, no line numbers, fixed dates).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from omstill_xl.i18n import DOMAINS, NYNORSK  # noqa: E402

KEYWORDS = {"_": None, "N_": None, "gettext": (2,), "both": (2,), "ngettext": (2, 3)}
FIXED_DATE = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
# a marked call with a literal message (``_("…")``, ``gettext("rules", "…")``): what extraction must see
MARKED_LITERAL = re.compile(r"""\b(?:_|N_)\(\s*[rRuU]?['"]|\b(?:n?gettext|both)\(\s*['"][^'"]*['"]\s*,\s*[rRuU]?['"]""")
LOCALE_DIR = ROOT / "omstill_xl" / "locale" / NYNORSK / "LC_MESSAGES"


def source_files(domain: str) -> list[Path]:
    files: list[Path] = []
    for rel in DOMAINS[domain]:
        path = ROOT / rel
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def new_catalog(domain: str) -> Catalog:
    return Catalog(
        locale=NYNORSK,
        domain=domain,
        project="omstill_xl",
        version="",
        header_comment=f"# Nynorsk for omstill_xl, domain «{domain}». Kept with: python scripts/catalogues.py update",
        last_translator="omstill_xl",
        language_team="nynorsk",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
    )


def extract(domain: str) -> Catalog:
    """The domain's messages as they are marked in the code now."""
    catalog = new_catalog(domain)
    for path in source_files(domain):
        rel = path.relative_to(ROOT).as_posix()
        for _lineno, message, comments, context in extract_from_file(
            "python", str(path), keywords=KEYWORDS, comment_tags=("i18n:",), strip_comment_tags=True
        ):
            if not message or (isinstance(message, tuple) and not message[0]):
                continue
            catalog.add(message, None, [(rel, None)], auto_comments=comments, context=context)
    return catalog


def po_path(domain: str) -> Path:
    return LOCALE_DIR / f"{domain}.po"


def read(domain: str) -> Catalog:
    path = po_path(domain)
    if not path.exists():
        return new_catalog(domain)
    with path.open("rb") as fh:
        return read_po(fh, locale=NYNORSK, domain=domain)


def po_bytes(catalog: Catalog) -> bytes:
    catalog.revision_date = FIXED_DATE
    catalog.creation_date = FIXED_DATE
    buf = io.BytesIO()
    write_po(buf, catalog, width=120, sort_output=True, include_lineno=False, omit_header=False)
    return buf.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def merged(domain: str) -> Catalog:
    catalog = read(domain)
    catalog.update(extract(domain), no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    return catalog


def hidden_in_fstrings(domain: str) -> list[str]:
    """Marked messages inside an f-string's braces: Babel's extractor does not look there, so they would never
    reach the catalogue (and stay bokmål). Move the call out of the f-string."""
    import tokenize

    found = []
    for path in source_files(domain):
        with path.open("rb") as fh:
            for tok in tokenize.tokenize(fh.readline):
                text = tok.string
                fstring = (tok.type == tokenize.STRING and text[:2].lower() in ("f'", 'f"', "rf", "fr")) or (
                    tok.type == getattr(tokenize, "FSTRING_MIDDLE", -1)
                )
                if fstring and MARKED_LITERAL.search(text):
                    rel = path.relative_to(ROOT).as_posix()
                    found.append(f"{domain}: a marked message inside an f-string, {rel}:{tok.start[0]}")
    return found


def shadowed_underscore(domain: str) -> list[str]:
    """Scopes that call the translator ``_`` and also bind ``_`` (``for _, x in …``, ``_ = …``): there ``_`` is a
    loop value or unbound, not the translator — a TypeError or UnboundLocalError only when that line runs."""
    import ast

    found = []
    for path in source_files(domain):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))]
        scopes += [
            n for n in ast.walk(tree) if isinstance(n, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))
        ]
        for scope in scopes:
            binds = calls = False
            todo: list[ast.AST] = list(ast.iter_child_nodes(scope))
            while todo:
                node = todo.pop()
                if (
                    isinstance(node, ast.Assign)
                    and isinstance(node.value, ast.Call)
                    and getattr(node.value.func, "id", getattr(node.value.func, "attr", "")) == "translator"
                ):
                    todo.append(node.value)  # «_ = translator(…)»: the translator itself
                    continue
                if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                    binds = True
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
                    calls = True
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                    continue  # a scope of its own
                if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                    todo.extend(g.iter for g in node.generators)  # the rest binds in the comprehension's scope
                    continue
                todo.extend(ast.iter_child_nodes(node))
            if binds and calls:
                rel = path.relative_to(ROOT).as_posix()
                found.append(f"{domain}: «_» is both the translator and a name bound in {rel}:{scope.lineno}")
    return found


def problems(domain: str) -> list[str]:
    """What is wrong with one domain's catalogue (empty when it is current and complete)."""
    found: list[str] = hidden_in_fstrings(domain) + shadowed_underscore(domain)
    po = read(domain)
    code = extract(domain)
    ids_po = {m.id if isinstance(m.id, str) else m.id[0] for m in po if m.id}
    ids_code = {m.id if isinstance(m.id, str) else m.id[0] for m in code if m.id}
    for missing in sorted(ids_code - ids_po):
        found.append(f"{domain}: not in the .po (run update): {missing!r}")
    for extra in sorted(ids_po - ids_code):
        found.append(f"{domain}: in the .po but no longer in the code (run update): {extra!r}")
    for m in po:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strs = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(strs):
            found.append(f"{domain}: no nynorsk form for {ids[0]!r}")
            continue
        want = sorted(PLACEHOLDER.findall(ids[0]))
        for s in strs:
            if sorted(PLACEHOLDER.findall(s)) != want:
                found.append(f"{domain}: placeholders differ in {ids[0]!r}: {s!r}")
    mo = LOCALE_DIR / f"{domain}.mo"
    if not mo.exists() or mo.read_bytes() != mo_bytes(po):
        found.append(f"{domain}: {mo.name} is not compiled from the .po (run update)")
    return found


def update() -> None:
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    for domain in DOMAINS:
        catalog = merged(domain)
        po_path(domain).write_bytes(po_bytes(catalog))
        (LOCALE_DIR / f"{domain}.mo").write_bytes(mo_bytes(read(domain)))
        untranslated = sum(1 for m in catalog if m.id and not m.string)
        print(f"{domain}: {sum(1 for m in catalog if m.id)} messages, {untranslated} without nynorsk")


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        update()
        return 0
    if argv[:1] == ["check"]:
        found = [p for d in DOMAINS for p in problems(d)]
        print("\n".join(found) or "catalogues current and complete")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
