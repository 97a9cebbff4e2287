"""Other givers' de minimis aid from a CSV file (the Støtteregister's open data, or a list the undertaking or
another giver made) → rows of the sheet «Annen bagatellmessig støtte». Pure apart from reading the one file.

The format (README «Annen bagatellmessig støtte fra en CSV-fil»): UTF-8 (a BOM is allowed), the first line the
column names, fields separated by semicolons or commas (found from the header line). Column names are matched
without regard to case, spaces and underscores; each column has the names below. Amounts may be written
Norwegian (``1 234 567,50``) or plain (``1234567.50``); dates ``dd.mm.åååå`` or ``åååå-mm-dd``. When a regime
column is there, only rows whose regime mentions «bagatell» or «de minimis» are taken.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from .coerce import as_date, as_digits, parse_number_text
from .errors import InputError
from .i18n import translator

_ = translator("core")

MAX_CSV_BYTES = 20 * 1024 * 1024
# key → accepted column names (normalised: lower case, no spaces/underscores/dots)
COLUMNS: dict[str, tuple[str, ...]] = {
    "orgnr": ("mottakersorganisasjonsnummer", "mottakerorgnr", "orgnr", "organisasjonsnummer"),
    "mottaker": ("mottaker", "mottakersnavn", "mottakernavn"),
    "giver": ("støttegiver", "stottegiver", "giver"),
    "dato": ("tildelingsdato", "dato", "vedtaksdato"),
    "belop_nok": ("beløpnok", "belopnok", "tildeltbeløp", "beløp"),
    "belop_eur": ("beløpeur", "belopeur"),
    "regime": ("støtteregime", "stotteregime", "rettsgrunnlag", "støtteform"),
}
REQUIRED = ("orgnr", "giver", "dato")
SOURCE = "Støtteregisteret (CSV)"


def _norm(name: str) -> str:
    return re.sub(r"[\s_.\-]", "", name.strip().lower())


def parse(text: str, source: str) -> list[dict[str, Any]]:
    """The rows for «Annen bagatellmessig støtte» (keys of ``schema.ANNEN_STOTTE``). Raises ``InputError`` naming
    the line and column of a value that cannot be read."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not lines[0].strip():
        raise InputError(_("CSV-fila er tom; første linje skal ha kolonnenavnene."), source)
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = next(reader)
    where: dict[str, int] = {}
    for i, name in enumerate(header):
        for key, names in COLUMNS.items():
            if _norm(name) in names and key not in where:
                where[key] = i
    missing = [k for k in REQUIRED if k not in where]
    if "belop_nok" not in where and "belop_eur" not in where:
        missing.append(_("belop_nok eller belop_eur"))
    if missing:
        raise InputError(
            _(
                "CSV-fila mangler kolonnene {missing} (fant {found}). Se README, «Annen bagatellmessig støtte fra "
                "en CSV-fil»."
            ).format(missing=", ".join(missing), found=", ".join(header) or _("ingen")),
            source,
        )
    out = []
    for line_no, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue

        def get(key: str, fields: list[str] = fields) -> str:
            i = where.get(key)
            return fields[i].strip() if i is not None and i < len(fields) else ""

        regime = get("regime")
        if "regime" in where and not re.search(r"bagatell|de minimis", regime, re.IGNORECASE):
            continue
        orgnr = as_digits(get("orgnr"), 9)[0]
        if not (isinstance(orgnr, str) and len(orgnr) == 9 and orgnr.isdigit()):
            raise InputError(
                _("Linje {line}: org.nr «{value}» har ikke 9 sifre.").format(line=line_no, value=get("orgnr")), source
            )
        day, problem = as_date(get("dato"))
        if problem or not isinstance(day, dt.date):
            raise InputError(
                _("Linje {line}: datoen «{value}» kan ikke leses (skriv dd.mm.åååå).").format(
                    line=line_no, value=get("dato")
                ),
                source,
            )
        row: dict[str, Any] = {"orgnr": orgnr, "giver": get("giver"), "dato": day, "kilde": SOURCE}
        if get("mottaker"):
            row["mottaker"] = get("mottaker")
        for key in ("belop_nok", "belop_eur"):
            raw = get(key)
            if raw:
                value = parse_number_text(raw)
                if value is None or value < 0:
                    raise InputError(
                        _("Linje {line}: beløpet «{value}» i kolonnen {column} er ikke et tall.").format(
                            line=line_no, value=raw, column=key
                        ),
                        source,
                    )
                row[key] = int(value) if value.is_integer() else value
        if "belop_nok" not in row and "belop_eur" not in row:
            raise InputError(_("Linje {line}: beløp mangler (i kroner eller euro).").format(line=line_no), source)
        out.append(row)
    return out


def read_csv(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_CSV_BYTES:
            raise InputError(_("CSV-fila er {size} MB; høyst 20 MB leses.").format(size=size // 1_000_000), p)
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(_("Fant ikke CSV-fila."), p) from None
    except OSError as e:
        raise InputError(_("CSV-fila kunne ikke leses ({reason}).").format(reason=e.strerror), p) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(_("CSV-fila er ikke UTF-8. Lagre den som «CSV UTF-8» og prøv igjen."), p) from None
    return parse(text, str(p))


def merged(existing: list[dict[str, Any]], new: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The sheet's rows with the CSV's added, the same award (org.nr, giver, date, amounts) once; and how many were
    new."""

    def key(r: dict[str, Any]) -> tuple[object, ...]:
        return (
            r.get("orgnr"),
            str(r.get("giver", "")).casefold(),
            r.get("dato"),
            r.get("belop_nok"),
            r.get("belop_eur"),
        )

    seen = {key(r) for r in existing}
    added = [r for r in new if key(r) not in seen and not seen.add(key(r))]  # type: ignore[func-returns-value]
    return existing + added, len(added)
