"""Målform: bokmål or nynorsk, from gettext message catalogues.

Every text a user reads is written in the code in bokmål; that text is the gettext ``msgid``. Its nynorsk form
comes from the catalogue ``omstill_xl/locale/nn/LC_MESSAGES/<domain>.po``, compiled to the ``.mo`` beside it.
Catalogues are kept by Babel (``python -m omstill_xl.i18n update``: extract the marked strings of each domain,
merge them into the ``.po`` keeping the translations, compile the ``.mo``); ``tests/test_i18n.py`` fails when a
catalogue is out of date, a message has no nynorsk form, or a ``.mo`` differs from its ``.po``. At run time only
the standard library's ``gettext`` reads the compiled ``.mo`` files (no Babel needed, works under Pyodide).

One domain per area of the code (``DOMAINS``), so the catalogues stay small and can be worked on apart.

Marking text:

- ``_ = translator("rules")`` at the top of a module, then ``_("Ingen feil")``: translated into the current
  målform when the line runs.
- ``N_("...")`` marks a text that is declared at import time (a catalogue entry, a schema label) without
  translating it; translate it where it is shown, with ``gettext(domain, text)`` or the module's ``_``.

The current målform is a context variable (``use``); nothing here reads a global setting. Who decides it: an
explicit choice by the user (``use(..., explicit=True)``, e.g. the CLI's option) wins over the workbook's own
choice (the Program sheet, ``resolve``), which wins over the default bokmål.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import io
import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import cache

BOKMAAL = "nb"
NYNORSK = "nn"
DEFAULT = BOKMAAL
# The målform codes and the words a user sees for them (the Program sheet's dropdown holds the words).
NAMES: dict[str, str] = {BOKMAAL: "bokmål", NYNORSK: "nynorsk"}
# The language tag of a document (Word's proofing language, a chart's, the PDF's /Lang) per målform.
LANGUAGE_TAGS: dict[str, str] = {BOKMAAL: "nb-NO", NYNORSK: "nn-NO"}
# One catalogue per area of the code: (domain, the source paths whose marked strings it holds).
DOMAINS: dict[str, tuple[str, ...]] = {
    "cli": (
        "omstill_xl/cli.py",
        "omstill_xl/commands",
        "omstill_xl/doctor.py",
        "omstill_xl/errors.py",
        "omstill_xl/consolidate/__init__.py",  # the summary «omstill consolidate» prints
        "omstill_xl/demo.py",  # what «omstill demo» prints
    ),
    "rules": (
        "omstill_xl/rules",
        "omstill_xl/findings.py",
        "omstill_xl/validate.py",
        "omstill_xl/avvik.py",
        "omstill_xl/output.py",  # the text report of the findings
        "omstill_xl/aid.py",  # the de minimis findings' periods and grant lists
        "omstill_xl/kommuner.py",  # the kommunenummer findings' renumbering sentences
        "omstill_xl/rates.py",  # the exchange rate a de minimis finding names
    ),
    "workbook": ("omstill_xl/schema.py", "omstill_xl/workbook"),
    "report": ("omstill_xl/report",),
    "orgform": ("omstill_xl/orgform",),
    "documents": ("omstill_xl/documents",),
    "excel": ("omstill_xl/excel", "omstill_xl/arsrapport.py"),
    # the errors a run meets before any workbook is read (so they follow the user's choice or the default)
    "core": (
        "omstill_xl/intake",
        "omstill_xl/safeio.py",
        "omstill_xl/libreoffice.py",
        "omstill_xl/fonts.py",
        "omstill_xl/profiles.py",
        "omstill_xl/programme",
        "omstill_xl/nextyear.py",
        "omstill_xl/stottecsv.py",
    ),
    # the exports' warnings (their column names are the receiving registers' own and stay as they are)
    "exports": ("omstill_xl/exports",),
}

_ALIASES = {
    "nb": BOKMAAL,
    "nob": BOKMAAL,
    "no": BOKMAAL,
    "bokmål": BOKMAAL,
    "bokmal": BOKMAAL,
    "bokmaal": BOKMAAL,
    "nb_no": BOKMAAL,
    "nb-no": BOKMAAL,
    "nn": NYNORSK,
    "nno": NYNORSK,
    "nynorsk": NYNORSK,
    "nn_no": NYNORSK,
    "nn-no": NYNORSK,
}

# (målform, explicit): explicit is a user's choice for this run, which a workbook's own choice does not override.
_CURRENT: ContextVar[tuple[str, bool]] = ContextVar("omstill_maalform", default=(DEFAULT, False))


def parse(text: object) -> str | None:
    """The målform code for a user's word (``bokmål``, ``Nynorsk``, ``nn`` …), or None when it is none of them."""
    if text is None:
        return None
    return _ALIASES.get(str(text).strip().casefold())


def current() -> str:
    """The målform texts are translated into now: ``"nb"`` or ``"nn"``."""
    return _CURRENT.get()[0]


def language_tag() -> str:
    """The language tag of the current målform: ``nb-NO`` or ``nn-NO``."""
    return LANGUAGE_TAGS[current()]


def is_explicit() -> bool:
    """Has the user chosen the målform for this run (so a workbook's own choice does not apply)?"""
    return _CURRENT.get()[1]


@contextlib.contextmanager
def use(maalform: str | None, *, explicit: bool = False) -> Iterator[str]:
    """Translate into ``maalform`` inside the block. A non-explicit choice (a workbook's) does not override an
    explicit one already in force; ``None`` keeps what is in force. Yields the målform in force."""
    code = parse(maalform) if maalform is not None else None
    if maalform is not None and code is None:
        raise ValueError(f"ukjent målform: {maalform!r}")
    now, now_explicit = _CURRENT.get()
    if code is None or (now_explicit and not explicit):
        yield now
        return
    token = _CURRENT.set((code, explicit or now_explicit))
    try:
        yield code
    finally:
        _CURRENT.reset(token)


def resolve(workbook_choice: object = None) -> str:
    """The målform for one workbook's output: the user's explicit choice, else the workbook's own, else the one in
    force (``OMSTILL_MAALFORM`` from the CLI, else bokmål)."""
    now, explicit = _CURRENT.get()
    if explicit:
        return now
    return parse(workbook_choice) or now


@cache
def _catalogue(domain: str, maalform: str) -> _gettext.NullTranslations:
    if maalform == BOKMAAL:
        return _gettext.NullTranslations()
    try:
        raw = _package_file("locale", maalform, "LC_MESSAGES", f"{domain}.mo")
    except FileNotFoundError:
        return _gettext.NullTranslations()
    return _gettext.GNUTranslations(io.BytesIO(raw))


def _package_file(*parts: str) -> bytes:
    """A file of this package, through the package's own loader (a folder or a zip archive alike).
    ``importlib.resources`` would do the same at about 7 ms of imports, which every command would pay."""
    loader = globals().get("__loader__")
    if loader is None or not hasattr(loader, "get_data"):  # pragma: no cover - no loader that can read files
        from importlib import resources

        return resources.files(__package__).joinpath(*parts).read_bytes()
    try:
        return bytes(loader.get_data(os.path.join(os.path.dirname(__file__), *parts)))
    except FileNotFoundError:
        raise
    except OSError as e:  # a zip archive's loader says «not found» as a plain OSError
        raise FileNotFoundError(str(e)) from e


def gettext(domain: str, message: str, maalform: str | None = None) -> str:
    """``message`` (bokmål) in ``maalform`` (default: the current one)."""
    if not message:
        return message
    return _catalogue(domain, maalform or current()).gettext(message)


def ngettext(domain: str, singular: str, plural: str, n: int, maalform: str | None = None) -> str:
    return _catalogue(domain, maalform or current()).ngettext(singular, plural, n)


def translator(domain: str) -> Callable[[str], str]:
    """``_`` for a module of ``domain``: translates into the current målform each time it is called."""
    if domain not in DOMAINS:
        raise KeyError(domain)

    def _(message: str) -> str:
        return gettext(domain, message)

    return _


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Marks ``message`` for the catalogue without translating it (translate it where it is shown)."""
    return message


def both(domain: str, message: str) -> tuple[str, str]:
    """The bokmål and nynorsk forms of ``message`` (e.g. for a reader that accepts either)."""
    return message, gettext(domain, message, NYNORSK)
