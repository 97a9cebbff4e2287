"""Errors raised when a run cannot go on. Findings are data, not exceptions.

The tree::

    OmstillError                  every error the tool raises on purpose; .message is Norwegian
    ├── InputError                an input file could not be used (CLI exit code 2)
    │   ├── FileMissingError      the path does not exist or is not a file
    │   ├── UnsupportedFormatError  the bytes are not an .xlsx/.xlsm workbook (xls, xlsb, ods, csv, …)
    │   ├── EncryptedFileError    the workbook is password-protected
    │   ├── DamagedFileError      the container or its XML is broken
    │   ├── UnsafeFileError       refused before parsing: zip bomb, entity tricks, huge dimensions
    │   └── NotOmstillWorkbookError  a valid workbook, but not one of ours (sheets missing)
    └── OutputError               an output could not be written (exists, no permission, …)

The edges (CLI, Excel button, batch) turn these into one Norwegian paragraph and an exit code.
"""

from __future__ import annotations

import os
from pathlib import Path


class OmstillError(Exception):
    """Base class. ``message`` is the Norwegian text a user reads."""

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        super().__init__(self.user_text())

    def user_text(self) -> str:
        if self.path:
            return f"{shown_name(self.path)}: {self.message}"
        return self.message


def shown_name(path: str | Path) -> str:
    """A file's name as a person can read it, also when the name is not UTF-8 (Latin-1 bytes read as cp1252)."""
    name = Path(path).name
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("cp1252", errors="replace")


class InputError(OmstillError):
    """An input file could not be used."""


class FileMissingError(InputError):
    """The path does not exist or is not a regular file."""


class UnsupportedFormatError(InputError):
    """The file is not an .xlsx/.xlsm workbook."""


class EncryptedFileError(InputError):
    """The workbook is protected by a password (encrypted)."""


class DamagedFileError(InputError):
    """The file is damaged: a broken zip container or unreadable XML."""


class UnsafeFileError(InputError):
    """The file was refused before parsing because it could exhaust time or memory."""


class NotOmstillWorkbookError(InputError):
    """A readable workbook that is not an omstill_xl workbook."""


class OutputError(OmstillError):
    """An output file could not be written."""
