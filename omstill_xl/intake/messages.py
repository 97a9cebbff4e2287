"""Norwegian messages shared by the intake checks.

The table of recognised foreign formats (``_FORMATS``) with what to call them and what to advise,
the error builders ``_unsupported`` and ``_damaged``, the shared advice sentences, and the small
helpers that format sizes, numbers and durations the Norwegian way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DamagedFileError, UnsupportedFormatError
from ..i18n import N_, translator
from .limits import MIB

_ = translator("core")

_RESAVE = N_("Åpne filen i Excel eller LibreOffice, lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen.")
_DAMAGED_ADVICE = N_("Åpne den i Excel, velg Lagre som, og prøv igjen.")
_ENCRYPTED_ADVICE = N_(
    "Fjern passordet i Excel (Fil → Info → Beskytt arbeidsbok → Krypter med passord → tøm feltet), lagre og prøv igjen."
)
_SHRINK_ADVICE = N_("Slett ubrukte rader, kolonner og ark, lagre på nytt og prøv igjen.")


@dataclass(frozen=True)
class _Format:
    """A file type we recognise but do not read: how to name it and what to advise."""

    label: str  # completes "Filen er …" / "… men er egentlig …"
    extensions: tuple[str, ...]  # extensions that would be honest for this content
    advice: str


_FORMATS: dict[str, _Format] = {
    "xls": _Format(
        N_("en Excel 97–2003-fil (.xls)"),
        (".xls", ".xlt"),
        N_(
            "Programmet leser bare Excel-arbeidsbøker (.xlsx og .xlsm). Åpne filen i Excel, velg "
            "Lagre som → Excel-arbeidsbok (.xlsx), og prøv igjen."
        ),
    ),
    "xlsb": _Format(N_("en binær Excel-arbeidsbok (.xlsb)"), (".xlsb",), _RESAVE),
    "ods": _Format(N_("et OpenDocument-regneark (.ods)"), (".ods", ".ots", ".fods"), _RESAVE),
    "odf": _Format(
        N_("et OpenDocument-dokument som ikke er et regneark"),
        (".odt", ".odp", ".odg"),
        N_("Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    ),
    "docx": _Format(
        N_("et Word-dokument (.docx), ikke et regneark"),
        (".docx", ".docm"),
        N_("Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    ),
    "pptx": _Format(
        N_("en PowerPoint-presentasjon (.pptx), ikke et regneark"),
        (".pptx", ".pptm"),
        N_("Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    ),
    "zip": _Format(
        N_("en zip-fil, ikke et regneark"),
        (".zip",),
        N_(
            "Pakk ut filen og velg selve Excel-arbeidsboka (.xlsx), eller lagre arbeidsboka på nytt "
            "fra Excel og prøv igjen."
        ),
    ),
    "doc": _Format(
        N_("et Word 97–2003-dokument (.doc), ikke et regneark"),
        (".doc", ".dot"),
        N_("Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    ),
    "ppt": _Format(
        N_("en PowerPoint 97–2003-presentasjon (.ppt), ikke et regneark"),
        (".ppt", ".pps"),
        N_("Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    ),
    "ole2": _Format(
        N_("et eldre Office-dokument, men ikke et regneark"),
        (),
        N_("Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    ),
    "pdf": _Format(
        N_("en PDF-fil, ikke et regneark"),
        (".pdf",),
        N_("Programmet trenger selve Excel-arbeidsboka (.xlsx), ikke en PDF av den."),
    ),
    "html": _Format(
        N_("en nettside (HTML), ikke en Excel-arbeidsbok"),
        (".html", ".htm", ".mht", ".mhtml"),
        N_(
            "Noen fagsystemer eksporterer nettsider med Excel-filendelse. Åpne filen i Excel eller LibreOffice, lagre den "
            "som Excel-arbeidsbok (.xlsx) og prøv igjen."
        ),
    ),
    "xml2003": _Format(N_("et Excel 2003 XML-regneark"), (".xml",), _RESAVE),
    "xml": _Format(
        N_("en XML-fil, ikke et regneark"), (".xml",), N_("Velg en Excel-arbeidsbok (.xlsx) og prøv igjen.")
    ),
    "rtf": _Format(
        N_("et RTF-dokument, ikke et regneark"), (".rtf",), N_("Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen.")
    ),
    "text": _Format(
        N_("en tekstfil (CSV eller ren tekst), ikke en Excel-arbeidsbok"),
        (".csv", ".txt", ".tsv", ".prn"),
        N_("Åpne filen i Excel, lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen."),
    ),
    "image": _Format(
        N_("et bilde, ikke et regneark"),
        (".png", ".jpg", ".jpeg", ".gif", ".bmp"),
        N_("Velg selve Excel-arbeidsboka (.xlsx) og prøv igjen."),
    ),
    "archive": _Format(
        N_("en komprimert arkivfil, ikke et regneark"),
        (".gz", ".rar", ".7z"),
        N_("Pakk ut filen og velg selve Excel-arbeidsboka (.xlsx)."),
    ),
    "unknown": _Format(
        N_("ikke et regneark som programmet kjenner igjen"), (), N_("Velg en Excel-arbeidsbok (.xlsx) og prøv igjen.")
    ),
}


def _describe_content(path: Path, fmt: _Format) -> str:
    """'Filen er X.' or, when the extension disagrees, 'Filen heter .ext, men er egentlig X.'"""
    ext = path.suffix.lower()
    if ext and fmt.extensions and ext not in fmt.extensions:
        return _("Filen heter {ext}, men er egentlig {what}.").format(ext=ext, what=_(fmt.label))
    return _("Filen er {what}.").format(what=_(fmt.label))


def _unsupported(path: Path, key: str) -> UnsupportedFormatError:
    """The UnsupportedFormatError for a recognised foreign format."""
    fmt = _FORMATS[key]
    return UnsupportedFormatError(f"{_describe_content(path, fmt)} {_(fmt.advice)}", path)


def _damaged(path: Path, detail: str) -> DamagedFileError:
    """The DamagedFileError with a Norwegian detail (no trailing period)."""
    return DamagedFileError(
        _("Filen er skadet: {detail}. {advice}").format(detail=detail, advice=_(_DAMAGED_ADVICE)), path
    )


def _mb(n: int) -> str:
    """Bytes as a Norwegian MB figure: 1,5 MB / 120 MB."""
    value = n / MIB
    text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return text.replace(".", ",") + " MB"


def _num(n: int | float) -> str:
    """A number with Norwegian thousands separators (non-breaking space)."""
    return f"{n:,.0f}".replace(",", "\u00a0")


def _seconds(s: float) -> str:
    """Seconds with a decimal comma: 20 s / 0,5 s."""
    return f"{s:g}".replace(".", ",") + " s"
