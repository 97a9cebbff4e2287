"""The columns of the two exports, declared once. The writer, the README table (``tests/test_exports.py`` checks
it against this) and the rows all take them from here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportColumn:
    key: str
    header: str
    help: str
    kind: str = "text"  # text | amount | date | rate | percent
    width: float = 16


STOTTEREGISTER: tuple[ExportColumn, ...] = (
    ExportColumn("giver", "Støttegiver", "programorganisasjonen som ga tilsagnet (arket Program)", width=28),
    ExportColumn("kommune", "Kommune", "kommunenummer og navn i dag (kommunenummeret gjennom reformene)", width=20),
    ExportColumn("fylke", "Fylke", "fylket kommunen ligger i", width=14),
    ExportColumn("orgnr", "Mottakers org.nr", "mottakerens organisasjonsnummer", width=14),
    ExportColumn("mottaker", "Mottaker", "mottakerens navn", width=28),
    ExportColumn("tilsagnsnummer", "Tilsagnsnr.", "tilsagnets nummer i registeret", width=13),
    ExportColumn("tilsagnsdato", "Tildelingsdato", "tilsagnsdatoen (datoen støtten ble gitt)", "date", 13),
    ExportColumn("belop_nok", "Beløp NOK", "offentlig støtte: omstillingsmidler + Innovasjon Norge", "amount"),
    ExportColumn("belop_eur", "Beløp EUR", "beløpet i euro etter ECBs kurs på tildelingsdatoen", "amount"),
    ExportColumn("kurs", "Kurs (kr/EUR)", "ECBs referansekurs som er brukt", "rate", 11),
    ExportColumn("kursdato", "Kursdato", "dagen kursen er fra (nærmeste bankdag på eller før)", "date", 12),
    ExportColumn("stotteregime", "Støtteregime", "bagatellmessig støtte, gruppeunntak eller annet", width=20),
    ExportColumn("rettsgrunnlag", "Rettsgrunnlag", "forordningen (og artikkelen for gruppeunntak)", width=36),
    ExportColumn("formal", "Formål (tiltak)", "tiltakets ID og navn", width=32),
    ExportColumn("nace", "NACE", "mottakerens næringskode", width=10),
    ExportColumn("storrelse", "Størrelse", "mottakerens størrelse (mikro, lite, mellomstort, stort)", width=12),
    ExportColumn(
        "frist", "Registreringsfrist", "siste dag for å registrere tildelingen (tom: ingen plikt)", "date", 14
    ),
    ExportColumn("registrert", "Registrert", "ja når tildelingen er registrert (arket Tilsagn)", width=11),
    ExportColumn("fil", "Arbeidsbok", "fila og cellen tilsagnet står i", width=30),
)

REGIONALFORVALTNING: tuple[ExportColumn, ...] = (
    ExportColumn("program", "Program", "programmets navn", width=26),
    ExportColumn("kommune", "Kommune", "kommunenummer og navn i dag", width=20),
    ExportColumn("fylke", "Fylke", "fylket", width=14),
    ExportColumn("aar", "År", "året tilsagnet først står i registeret", width=7),
    ExportColumn("tilsagnsnummer", "Tilsagnsnr.", "tilsagnets nummer", width=13),
    ExportColumn("tiltak", "Tiltak", "tiltakets ID og navn", width=32),
    ExportColumn("mottaker", "Mottaker", "mottakerens navn", width=26),
    ExportColumn("orgnr", "Org.nr", "mottakerens organisasjonsnummer", width=12),
    ExportColumn("tilsagnsdato", "Tilsagnsdato", "datoen tilsagnet ble gitt", "date", 13),
    ExportColumn("kdd_kode", "KDD-kode", "kategorikoden i regionalforvaltning.no", width=9),
    ExportColumn("kdd_navn", "KDD-kategori", "kategoriens navn (årets liste)", width=30),
    ExportColumn("omstillingsmidler", "Omstillingsmidler", "tilsagnet av omstillingsmidler", "amount"),
    ExportColumn(
        "statens_ramme",
        "Omstillingsmidlar (551.60)",
        "delen som føres mot statens ramme: omstillingsmidlene × fylkeskommunens andel",
        "amount",
        18,
    ),
    ExportColumn(
        "kommunens_ramme", "Kommunens ramme", "delen som føres mot kommunens egen ramme (egenandelen)", "amount", 16
    ),
    ExportColumn(
        "fylkesandel",
        "Fylkeskommunens andel",
        "årets andel (tilskudd / omstillingsmidler i alt), høyst den strengeste av fylkets profil og arbeidsboka",
        "percent",
        12,
    ),
    ExportColumn("status", "Status", "tilsagnets status", width=12),
    ExportColumn("frist", "Frist", "fristen for gjennomføring", "date", 12),
    ExportColumn("utbetalt", "Utbetalt", "sum utbetalinger til tilsagnet (arket Utbetalinger)", "amount"),
    ExportColumn("fil", "Arbeidsbok", "fila og cellen tilsagnet står i", width=30),
)

EXPORTS: dict[str, tuple[ExportColumn, ...]] = {
    "stotteregister": STOTTEREGISTER,
    "regionalforvaltning": REGIONALFORVALTNING,
}
