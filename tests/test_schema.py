import re

from omstill_xl import schema as S


def test_keys_and_names_are_unique():
    names = [c.name for c in S.CODE_LISTS] + [S.KOMMUNE_LIST_NAME, S.KOMMUNENR_LIST_NAME, *S.DYNAMIC_LISTS]
    for s in S.SHEETS:
        keys = [f.key for f in s.fields] + ([c.key for c in s.table.columns] if s.table else [])
        if s.fields and s.table:
            assert not set(f.key for f in s.fields) & set(c.key for c in s.table.columns) or s is S.FINANSIERING
        assert len(set(f.key for f in s.fields)) == len(s.fields)
        if s.table:
            assert len({c.key for c in s.table.columns}) == len(s.table.columns)
            names.append(s.table.name)
        names += [f.defined_name for f in s.fields]
        assert keys
    assert len(names) == len(set(n.lower() for n in names))


def test_every_formula_renders():
    caps = {s.name: s.table.capacity for s in S.SHEETS if s.table}
    for s in S.SHEETS:
        templates = [f.formula for f in s.fields if f.formula]
        templates += [c.formula for c in s.table.columns if c.formula] if s.table else []
        for t in templates:
            text = S.render_formula(t, s, 7, caps)
            assert text.startswith("=") and not re.search(r"[{}]", text), text


def test_sheet_titles_are_valid_excel_names():
    for name in S.TEMPLATE_SHEETS:
        assert len(name) <= 31 and not re.search(r"[\\/*?:\[\]]", name)
