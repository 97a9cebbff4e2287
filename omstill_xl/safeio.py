"""Safe output: atomic writes, no silent overwrite, safe file names."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import OutputError, OutputExistsError
from .i18n import translator

_ = translator("core")

# Characters XML 1.0 cannot hold (C0 controls but tab, LF, CR; U+FFFE/U+FFFF; lone surrogates). A NUL arrives from
# a workbook whose text holds Excel's escape «_x0000_», which readers decode.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
EXCEL_CELL_MAX = 32_767  # characters in one cell
WORD_PROPERTY_MAX = 255  # characters in a Word core property (title, subject, author, …)


def clean_text(text: str, limit: int | None = None) -> str:
    """``text`` as a writer can store it: XML-illegal characters removed, at most ``limit`` characters (with «…»)."""
    text = XML_ILLEGAL.sub("", text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def clean_values(value: Any) -> Any:
    """``value`` with every string in it (through dicts, lists and tuples) passed through ``clean_text``."""
    if isinstance(value, str):
        return clean_text(value) if XML_ILLEGAL.search(value) else value
    if isinstance(value, dict):
        return {k: clean_values(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(clean_values(v) for v in value) if type(value) in (list, tuple) else value
    return value


def guard_openpyxl_text() -> None:
    """Make openpyxl clean text at the writer instead of raising IllegalCharacterError (installed once).

    Every cell we write goes through ``Cell.check_string``; a programme name holding a NUL (or a text longer than
    a cell can hold) becomes storable text, whichever module writes it.
    """
    from openpyxl.cell import cell as opx_cell

    original = opx_cell.Cell.check_string
    if getattr(original, "_omstill_clean", False):
        return

    def check_string(self: Any, value: Any) -> Any:
        if isinstance(value, str):
            if type(value) is str and len(value) <= EXCEL_CELL_MAX and XML_ILLEGAL.search(value) is None:
                # what the rest returns for clean text, in one scan instead of three (openpyxl's own pattern
                # is a part of XML_ILLEGAL): a consolidated workbook has tens of thousands of texts
                return value
            value = clean_text(value, EXCEL_CELL_MAX)
        return original(self, value)

    check_string._omstill_clean = True  # type: ignore[attr-defined]
    opx_cell.Cell.check_string = check_string

    # Text outside cells (chart titles, sheet properties, …) is serialised through ``safe_string``.
    import sys

    import openpyxl.descriptors.nested  # noqa: F401
    import openpyxl.descriptors.serialisable  # noqa: F401
    from openpyxl.compat import strings

    plain = strings.safe_string

    def safe_string(value: Any) -> Any:
        text = plain(value)
        return XML_ILLEGAL.sub("", text) if isinstance(text, str) and XML_ILLEGAL.search(text) else text

    for name, module in list(sys.modules.items()):
        if name.startswith("openpyxl") and getattr(module, "safe_string", None) is plain:
            module.safe_string = safe_string  # type: ignore[attr-defined]


def guard_docx_text() -> None:
    """Make python-docx clean the text of every run it writes (installed once): no XML-illegal character reaches
    Word, whichever module writes the document."""
    from docx.oxml.text.run import CT_R

    prop = CT_R.__dict__["text"]
    if getattr(prop.fset, "_omstill_clean", False):
        return

    def fset(self: Any, text: Any) -> None:
        prop.fset(self, clean_text(text) if isinstance(text, str) and XML_ILLEGAL.search(text) else text)

    fset._omstill_clean = True  # type: ignore[attr-defined]
    CT_R.text = property(prop.fget, fset, prop.fdel, prop.__doc__)  # type: ignore[method-assign,assignment]


_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


# --- inputs are never outputs -------------------------------------------------------------------------------

_INPUT_SUFFIXES = (".xlsx", ".xlsm")
_protected: set[tuple[int, int] | str] = set()


def _identity(path: Path) -> tuple[int, int] | str | None:
    """(device, inode) of an existing file (hard links and symlinks are the same file), else its absolute path."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        try:
            return str(Path(path).resolve())
        except (OSError, ValueError):
            return None
    return (st.st_dev, st.st_ino)


_OWN_OUTPUT_NAMES = ("sammendrag.xlsx",)  # written by «omstill report» into its output folder


def protect_inputs(paths: Iterable[str | Path | None], outputs: Iterable[str | Path | None] = ()) -> None:
    """Register the inputs of the running command: ``atomic_write_bytes`` never writes over one, whatever the flags.

    A folder protects the workbooks in it (the files a batch command reads from it), except the command's own
    outputs there (``outputs``: an --out file inside the folder, or our summary in an --out folder), which the
    batch commands do not read back.
    """
    skip: set[tuple[int, int] | str] = set()
    for out in outputs:
        if out is None:
            continue
        out = Path(out)
        for candidate in (out, *(out / name for name in _OWN_OUTPUT_NAMES)):
            found = _identity(candidate)
            if found is not None:
                skip.add(found)
    for raw in paths:
        if raw is None:
            continue
        path = Path(raw)
        if path.is_dir():
            try:
                children = [p for p in path.iterdir() if p.suffix.lower() in _INPUT_SUFFIXES]
            except OSError:
                children = []
            for child in children:
                found = _identity(child)
                if found is not None and found not in skip:
                    _protected.add(found)
            continue
        found = _identity(path)
        if found is not None:
            _protected.add(found)


def clear_protected() -> None:
    """Forget the registered inputs (the end of a command)."""
    _protected.clear()


def is_input(path: str | Path) -> bool:
    found = _identity(Path(path))
    return found is not None and found in _protected


def refuse_input_target(path: str | Path) -> None:
    """Raise OutputError when ``path`` is one of the command's inputs."""
    if _protected and is_input(path):
        raise OutputError(
            _(
                "Dette er en av filene kommandoen leser, og den skrives aldri over (heller ikke når eksisterende "
                "filer skal erstattes). Velg et annet navn eller en annen mappe for det som skal lages."
            ),
            path,
        )


def refuse_existing(path: Path, overwrite: bool) -> None:
    """``OutputExistsError`` when ``path`` exists and replacing it was not asked for (the CLI adds how to ask).
    Commands call it before costly work too, so a batch fails before it starts, not after."""
    if not overwrite and Path(path).exists():
        raise OutputExistsError(
            _("Filen {path} finnes allerede. Velg et annet navn, eller erstatt den.").format(path=path), Path(path)
        )


def atomic_write_bytes(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    An existing file is replaced only when ``overwrite`` is true, and never when it is an input of the running
    command (``protect_inputs``); a half-written file never appears.
    """
    path = Path(path)
    refuse_input_target(path)
    refuse_existing(path, overwrite)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        import tempfile  # here: a command that writes nothing (validate) does not pay for it

        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise OutputError(
            _("Kan ikke skrive i mappen {folder}: {reason}.").format(folder=folder, reason=e.strerror), path
        ) from e
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # every member's timestamp in a deterministic package
_FIXED_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def fixed_core_properties(core_xml: bytes) -> bytes:
    """``docProps/core.xml`` with its modified time fixed, as a deterministic package stores it."""
    return _FIXED_MODIFIED.sub(rb"\g<1>2024-01-01T00:00:00Z\g<2>", core_xml)


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip (xlsx/docx) with fixed timestamps so the same content gives the same bytes."""
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    return deterministic_zip_of((info.filename, src.read(info.filename)) for info in src.infolist())


def deterministic_zip_of(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of ``parts`` in order with fixed timestamps and modes and the core properties' modified time fixed:
    what ``deterministic_zip`` makes of a package with those parts."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts:
            fixed = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            if name == "docProps/core.xml":
                content = fixed_core_properties(content)
            dst.writestr(fixed, content)
    return out.getvalue()


def safe_filename(text: str, *, suffix: str = "", max_bytes: int = 255) -> str:
    """A file name made from user text: no separators, no ``..``, no reserved Windows names, ≤ max_bytes."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    text = text.replace("..", "_")
    if not text:
        text = "uten_navn"
    if text.split(".")[0].upper() in _WINDOWS_RESERVED:
        text = "_" + text
    budget = max(1, max_bytes - len(suffix.encode("utf-8")))
    text = text[: budget + 1]  # no more characters than bytes: the cut below then works on a short string
    encoded = text.encode("utf-8")
    if len(encoded) > budget:
        text = encoded[:budget].decode("utf-8", errors="ignore")  # linear; never splits a character
    return text.rstrip(" .") + suffix
