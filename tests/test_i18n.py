"""Målform: the catalogues are current and complete, and the choice of målform follows its rules."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from omstill_xl import i18n

ROOT = Path(__file__).resolve().parents[1]


def _catalogues():
    spec = importlib.util.spec_from_file_location("catalogues", ROOT / "scripts" / "catalogues.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("catalogues", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("domain", sorted(i18n.DOMAINS))
def test_catalogue_current_complete_and_compiled(domain):
    """Every marked message is in the .po with a nynorsk form, the same placeholders, and a current .mo."""
    assert _catalogues().problems(domain) == []


def test_every_message_has_both_forms_at_run_time():
    cat = _catalogues()
    for domain in i18n.DOMAINS:
        for message in cat.read(domain):
            if not message.id or not isinstance(message.id, str):
                continue
            bokmaal, nynorsk = i18n.both(domain, message.id)
            assert bokmaal == message.id
            assert nynorsk == message.string, (domain, message.id)


def test_placeholder_check_catches_a_lost_field():
    cat = _catalogues()
    assert cat.PLACEHOLDER.findall("«{label}» må fylles ut{context}. {{ikke}}") == ["label", "context"]


def test_translator_follows_the_current_maalform():
    _ = i18n.translator("cli")
    assert _("omstill: avbrutt.") == "omstill: avbrutt."
    with i18n.use("nynorsk"):
        assert i18n.current() == i18n.NYNORSK
        assert _("omstill: avbrutt.") == "omstill: avbroten."
    assert i18n.current() == i18n.BOKMAAL


def test_an_unknown_message_is_itself():
    with i18n.use("nn"):
        assert i18n.gettext("cli", "Ingen slik melding finst") == "Ingen slik melding finst"


@pytest.mark.parametrize(
    ("word", "code"),
    [("bokmål", "nb"), ("Nynorsk", "nn"), (" NN ", "nn"), ("nob", "nb"), ("nno", "nn"), ("", None), ("svensk", None)],
)
def test_parse(word, code):
    assert i18n.parse(word) == code


def test_explicit_choice_wins_over_the_workbook():
    assert i18n.resolve("nynorsk") == "nn"
    assert i18n.resolve(None) == "nb"
    assert i18n.resolve("ukjent") == "nb"
    with i18n.use("bokmål", explicit=True):
        assert i18n.resolve("nynorsk") == "nb"
        with i18n.use("nynorsk"):  # a workbook's own choice does not override the user's
            assert i18n.current() == "nb"
        with i18n.use("nynorsk", explicit=True):
            assert i18n.current() == "nn"
    with i18n.use("nynorsk"), i18n.use("bokmål"):
        assert i18n.current() == "nb"


def test_unknown_maalform_is_refused():
    with pytest.raises(ValueError), i18n.use("svensk"):
        pass


def test_mo_files_are_package_data():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"locale/*/LC_MESSAGES/*.mo"' in text


def test_catalogue_checks_catch_what_babel_cannot_see(tmp_path, monkeypatch):
    """A marked message inside an f-string never reaches the catalogue; a scope binding «_» breaks the translator."""
    cat = _catalogues()
    src = tmp_path / "omstill_xl" / "x.py"
    src.parent.mkdir()
    src.write_text(
        '_ = translator("cli")\n'
        "def f(n):\n"
        "    return f\"{n} {_('kategorier')}\"\n"
        "def g(rows):\n"
        "    return [_('valgt') for _, x in rows]\n"
        "def h(rows):\n"
        "    return [x for x, _ in rows] + [_('ok')]\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(cat, "ROOT", tmp_path)
    monkeypatch.setitem(cat.DOMAINS, "cli", ("omstill_xl/x.py",))
    assert [p.rsplit(":", 1)[1] for p in cat.hidden_in_fstrings("cli")] == ["3"]
    assert [p.rsplit(":", 1)[1] for p in cat.shadowed_underscore("cli")] == ["5"]


def test_one_nynorsk_form_per_message_across_domains():
    """A word in several catalogues («stiftelse», «Kommunens egenandel») has one nynorsk form, or a report and the
    workbook it came from would name the same thing differently (soft hyphens for narrow columns aside)."""
    cat = _catalogues()
    forms: dict[str, dict[str, str]] = {}
    for domain in i18n.DOMAINS:
        for message in cat.read(domain):
            if message.id and isinstance(message.id, str):
                forms.setdefault(message.id, {})[domain] = message.string.replace("\xad", "")
    assert {k: v for k, v in forms.items() if len(set(v.values())) > 1} == {}
