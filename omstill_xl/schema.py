"""The handlingsplan workbook, declared once.

Everything about the workbook's layout lives here: sheets, key/value fields, tables, columns, types,
code lists, defined names and formulas. The template builder (``workbook/build.py``), the reader
(``workbook/read.py``), the validator's structural rules and the *Veiledning* sheet are all derived from
this module. Adding a column is a one-line change in a ``Table``'s ``columns``.

Conventions:
- ``key`` is the attribute name in the model (English-free domain words, ASCII, snake_case).
- ``label``/``header`` is what the user sees (Norwegian, æøå).
- Formulas are templates: ``{r}`` is the row of the cell, ``{col:key}`` the column letter of another
  column in the same table, ``{first}``/``{last}`` the first/last data row of a table,
  ``{field:key}`` the absolute address of a field (``$B$4``) and ``{sheet:key}`` a sheet-qualified
  reference to a field or table column range (see ``resolve_ref``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

from . import i18n
from .i18n import N_

Kind = Literal[
    "text", "id", "code", "amount", "number", "percent", "year", "date", "orgnr", "kommunenr", "formula", "maalform"
]

# --------------------------------------------------------------------------------------------
# Code lists (the fixed choices; written to the hidden «Lister» sheet and referenced by name)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeList:
    """A fixed list of choices: a defined name on the Lister sheet and the dropdowns that use it."""

    name: str  # defined name in the workbook
    title: str  # column header on the Lister sheet
    values: tuple[str, ...]
    strict: bool = True  # False: the dropdown suggests, but other values are allowed (warning style)


TYPE_ADMIN = N_("administrasjon")
TYPE_TILRETTELEGGENDE = N_("tilretteleggende")
TYPE_BEDRIFTSRETTET = N_("bedriftsrettet")

TILTAKSTYPER = CodeList(
    "Liste_Tiltakstype", N_("Tiltakstype"), (TYPE_ADMIN, TYPE_TILRETTELEGGENDE, TYPE_BEDRIFTSRETTET)
)
PLP_FASER = CodeList(
    "Liste_PLP_fase", N_("PLP-fase"), (N_("forstudie"), N_("forprosjekt"), N_("hovedprosjekt"), N_("ikke relevant"))
)
STATUSER = CodeList(
    "Liste_Status",
    N_("Status"),
    (N_("planlagt"), N_("søkt"), N_("innvilget"), N_("pågår"), N_("avsluttet"), N_("utsatt"), N_("avslått")),
)
ORGANISASJONSFORMER = CodeList(
    "Liste_Organisasjonsform",
    N_("Organisasjonsform"),
    (
        N_("stiftelse"),
        N_("kommunalt foretak (KF)"),
        N_("interkommunalt selskap (IKS)"),
        N_("kommunal avdeling"),
        N_("aksjeselskap (AS)"),
        N_("program"),
    ),
)
# --- Indicators: each declared once, with how it adds up over the years --------------------------------------

FLOW = N_("årlig")  # a flow: each year's result is new (jobs created this year); summed over the years
LEVEL = N_("nivå")  # a level or share at a point in time (private share of employment); never summed
DISTINCT = (
    N_("antall ulike")  # a count of distinct units (firms in projects); the same unit counts every year, never summed
)
INDICATOR_KINDS = (FLOW, LEVEL, DISTINCT)
HIGHER_IS_BETTER = N_("høyere er bedre")
LOWER_IS_BETTER = N_("lavere er bedre")


@dataclass(frozen=True)
class Indicator:
    """A standard indicator: its unit, how it adds up over the years (``kind``) and which way is good.

    ``running_total``: the results are totals to date (they must never fall from one year to the next, OX-X011).
    Baseline (utgangsverdi, utgangsår) and period target (mål for perioden) are per programme: the columns
    ``INDICATOR_GOAL_KEYS`` of «Mål og resultater», read by ``programme.indicators.goals``. The period target
    follows ``kind`` like every total: a flow's is the sum over the years, a level's or distinct count's the value
    at the end of the period."""

    name: str
    unit: str
    kind: str
    direction: str = HIGHER_IS_BETTER
    running_total: bool = False

    @property
    def summed(self) -> bool:
        """Are the yearly values added up into «hittil» and «kumulativt»?"""
        return self.kind == FLOW


STANDARD_INDICATORS: tuple[Indicator, ...] = (
    Indicator(N_("Nye arbeidsplasser"), N_("arbeidsplasser"), FLOW),
    Indicator(N_("Sikrede arbeidsplasser"), N_("arbeidsplasser"), FLOW),
    Indicator(N_("Nyetableringer"), N_("bedrifter"), FLOW),
    Indicator(N_("Bedrifter i prosjekter"), N_("bedrifter"), DISTINCT),
    Indicator(N_("Søknader til Innovasjon Norge"), N_("søknader"), FLOW),
)
JOB_INDICATORS = ("Nye arbeidsplasser", "Sikrede arbeidsplasser")

# The per-indicator (not per-year) columns of «Mål og resultater»: baseline, its year, the target for the period.
INDICATOR_GOAL_KEYS: tuple[str, ...] = ("utgangsverdi", "utgangsaar", "maal_perioden")

INDIKATORER = CodeList("Liste_Indikator", N_("Indikator"), tuple(i.name for i in STANDARD_INDICATORS), strict=False)
INDIKATORTYPER = CodeList("Liste_Indikatortype", N_("Indikatortype"), INDICATOR_KINDS)

# A user's own indicator is classified from its name until the workbook states its kind: shares and levels
# («andel», «%», «nivå») and totals to date («i alt», «akkumulert», «hittil» …) are not summed.
_SHARE_WORDS = r"%|andel|\bprosent|\bnivå"
_RUNNING_WORDS = r"akkumulert|kumulativ|\bi alt\b|\btotalt\b|\bsamlet\b|\btil nå\b|\bhittil\b"


def indicator(name: object, kind: object = None) -> Indicator:
    """The declaration of an indicator by its name. A user's own indicator takes ``kind`` (the «Type» column of
    «Mål og resultater») when it is one of ``INDICATOR_KINDS``, else it is classified from its name."""
    import re

    text = re.sub(r"\s+", " ", str(name or "")).strip()
    for ind in STANDARD_INDICATORS:
        if ind.name.casefold() == text.casefold():
            return ind
    running = bool(re.search(_RUNNING_WORDS, text, re.IGNORECASE))
    stated = str(kind).strip().casefold() if kind is not None else ""
    if stated in INDICATOR_KINDS:
        return Indicator(text, "", stated, running_total=running and stated == LEVEL)
    if running or re.search(_SHARE_WORDS, text, re.IGNORECASE):
        return Indicator(text, "", LEVEL, running_total=running)
    return Indicator(text, "", FLOW)


CODE_LISTS_V1: tuple[CodeList, ...] = (
    TILTAKSTYPER,
    PLP_FASER,
    STATUSER,
    ORGANISASJONSFORMER,
    INDIKATORER,
    INDIKATORTYPER,
)

# Finished tiltak: no money is expected to move any more.
FERDIGE_STATUSER = frozenset({"avsluttet", "avslått"})

# The kommune list is written to the Lister sheet too (number, name, fylke) under this name.
KOMMUNE_LIST_NAME = "Liste_Kommuner"
KOMMUNENR_LIST_NAME = "Liste_Kommunenummer"

# --------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A labelled single value on a form sheet (label in column A, value in B, help in C)."""

    key: str
    label: str
    kind: Kind
    help: str
    required: bool = False
    codelist: CodeList | None = None
    formula: str | None = None
    default: object = None
    name: str | None = None  # defined name; defaults to the key

    @property
    def defined_name(self) -> str:
        return self.name or self.key

    @property
    def is_input(self) -> bool:
        return self.formula is None


@dataclass(frozen=True)
class Column:
    """A column of a table."""

    key: str
    header: str
    kind: Kind
    help: str
    width: float = 14
    required: bool = False
    codelist: CodeList | str | None = None  # a CodeList, or the defined name of a dynamic list
    formula: str | None = None
    total: bool = False  # summed in the row under the table
    label: str = ""  # short name in reports and overviews (default: the header)

    @property
    def is_input(self) -> bool:
        return self.formula is None

    @property
    def short(self) -> str:
        return self.label or self.header


@dataclass(frozen=True)
class Table:
    """An Excel table: header row, ``capacity`` data rows, optionally a «Sum» row under it."""

    name: str  # Excel table name, unique in the workbook
    title: str  # heading above the table (form sheets) — empty on table-only sheets
    columns: tuple[Column, ...]
    capacity: int  # data rows in a new template
    key_column: str  # the id column: a row is in use when any input cell is filled
    key: str = ""  # attribute of the model holding the rows (Handlingsplan.<key>)
    sum_row: bool = False

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def index(self, key: str) -> int:
        """Zero-based column index of ``key``."""
        return [c.key for c in self.columns].index(key)

    @property
    def input_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.is_input)


@dataclass(frozen=True)
class Sheet:
    """A worksheet: a block of fields at the top, a table below it, or both."""

    name: str
    title: str
    intro: str
    fields: tuple[Field, ...] = ()
    table: Table | None = None
    landscape: bool = False
    key: str = ""  # attribute of the model holding the field record (Handlingsplan.<key>)
    since: int = 1  # the layout version (SCHEMA_VERSION) that added the sheet; older workbooks read without it

    @property
    def optional(self) -> bool:
        """Added after workbooks were in use: a workbook without it reads as empty (and a note says so)."""
        return self.since > 1

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


# Layout constants shared by builder and reader (1-based rows, as Excel shows them).
TITLE_ROW = 1
INTRO_ROW = 2
FIRST_FIELD_ROW = 4
FIELD_LABEL_COL = 1  # A
FIELD_VALUE_COL = 2  # B
FIELD_HELP_COL = 3  # C
TABLE_GAP = 2  # empty rows between the last field and a table's title row


def field_row(sheet: Sheet, key: str) -> int:
    return FIRST_FIELD_ROW + [f.key for f in sheet.fields].index(key)


def table_header_row(sheet: Sheet) -> int:
    """Row of the table header: row 4 on a table-only sheet, below the fields (and a title) otherwise."""
    if not sheet.fields:
        return FIRST_FIELD_ROW
    return FIRST_FIELD_ROW + len(sheet.fields) + TABLE_GAP + 1


# --------------------------------------------------------------------------------------------
# The sheets
# --------------------------------------------------------------------------------------------

PROGRAM = Sheet(
    name=N_("Program"),
    key="program",
    title=N_("Omstillingsprogrammet"),
    intro=N_("Grunndata for programmet. Gule celler fylles ut; grå celler regnes ut."),
    fields=(
        Field(
            "kommunenummer",
            N_("Kommunenummer"),
            "kommunenr",
            N_("Fire sifre, f.eks. 4626. Velg fra listen."),
            required=True,
            codelist=None,
            name="Kommunenummer",
        ),
        Field(
            "kommune",
            N_("Kommune"),
            "formula",
            N_("Hentes fra kommunelisten (2024, 357 kommuner)."),
            formula=f'=IFERROR(VLOOKUP({{field:kommunenummer}},{KOMMUNE_LIST_NAME},2,FALSE),"")',
            name="Kommune",
        ),
        Field(
            "fylke",
            N_("Fylke"),
            "formula",
            N_("Hentes fra kommunelisten."),
            formula=f'=IFERROR(VLOOKUP({{field:kommunenummer}},{KOMMUNE_LIST_NAME},4,FALSE),"")',
            name="Fylke",
        ),
        Field(
            "programnavn",
            N_("Programmets navn"),
            "text",
            N_("Navnet programmet er kjent under."),
            required=True,
            name="Programnavn",
        ),
        Field(
            "organisasjonsform",
            N_("Organisasjonsform"),
            "code",
            N_("Hvordan programmet er organisert."),
            required=True,
            codelist=ORGANISASJONSFORMER,
            name="Organisasjonsform",
        ),
        Field(
            "organisasjon",
            N_("Programorganisasjon"),
            "text",
            N_("Navnet på foretaket, selskapet eller avdelingen."),
            name="Programorganisasjon",
        ),
        Field("programleder", N_("Programleder"), "text", N_("Navn på programleder."), name="Programleder"),
        Field(
            "status_fra",
            N_("Omstillingsstatus fra (år)"),
            "year",
            N_("Første år med omstillingsstatus."),
            required=True,
            name="Status_fra",
        ),
        Field(
            "status_til",
            N_("Omstillingsstatus til (år)"),
            "year",
            N_("Siste år med status. Perioden kan være høyst seks år."),
            required=True,
            name="Status_til",
        ),
        Field(
            "planaar",
            N_("Handlingsplanens år"),
            "year",
            N_("Året denne handlingsplanen gjelder."),
            required=True,
            name="Planaar",
        ),
        Field(
            "maks_fylkesandel",
            N_("Fylkeskommunens maksimale andel"),
            "percent",
            N_("Høyeste andel av omstillingsmidlene fylkeskommunen dekker (vanligvis 75 %)."),
            required=True,
            default=0.75,
            name="Maks_fylkesandel",
        ),
        Field("hovedmaal", N_("Hovedmål"), "text", N_("Programmets hovedmål fra omstillingsplanen."), name="Hovedmaal"),
        # The last field, so workbooks made before it keep their rows; a workbook without it reads as bokmål.
        Field(
            "maalform",
            N_("Målform"),
            "maalform",
            N_("Bokmål eller nynorsk: målformen for arbeidsboka, årsrapporten og meldingene. Standard er bokmål."),
            default=i18n.NAMES[i18n.BOKMAAL],
            name="Maalform",
        ),
    ),
)

INNSATSOMRADER = Sheet(
    name=N_("Innsatsområder"),
    title=N_("Innsatsområder"),
    intro=N_("Innsatsområdene fra omstillingsplanen (vanligvis 3–4). Budsjettsummene regnes ut fra arket Tiltak."),
    table=Table(
        name="tblInnsatsomrader",
        key="innsatsomrader",
        title="",
        key_column="id",
        capacity=10,
        sum_row=True,
        columns=(
            Column(
                "id",
                N_("ID"),
                "id",
                N_("Kort ID, f.eks. IO1. Brukes i kolonnen Innsatsområde på arket Tiltak."),
                width=8,
                required=True,
            ),
            Column("navn", N_("Innsatsområde"), "text", N_("Navnet på innsatsområdet."), width=32, required=True),
            Column("maal", N_("Mål"), "text", N_("Målet for innsatsområdet."), width=40),
            Column("strategier", N_("Strategier"), "text", N_("Strategiene (A, B, …) under innsatsområdet."), width=40),
            Column(
                "budsjett",
                N_("Budsjett"),
                "formula",
                N_("Sum budsjett for tiltakene i innsatsområdet."),
                width=14,
                formula="=SUMIF({tiltak:innsatsomrade},{col:id}{r},{tiltak:budsjett})",
                total=True,
            ),
            Column(
                "omstillingsmidler",
                N_("Omstillingsmidler"),
                "formula",
                N_("Sum omstillingsmidler for tiltakene i innsatsområdet."),
                width=16,
                formula="=SUMIF({tiltak:innsatsomrade},{col:id}{r},{tiltak:omstillingsmidler})",
                total=True,
            ),
        ),
    ),
)

# The financing sources of a tiltak, in column order (contiguous on the Tiltak sheet). The first is the
# programme's own money (omstillingsmidler: fylkeskommunens tilskudd + kommunens egenandel); innvilget,
# utbetalt and regnskap are about it. Everything downstream — totals, the consolidated workbook, the report,
# the roll-forward — takes the sources from here, so adding one is one line.
FINANCING_SOURCES: tuple[Column, ...] = (
    Column(
        "omstillingsmidler",
        N_("Omstillingsmidler"),
        "amount",
        N_("Fylkeskommunens tilskudd og kommunens egenandel."),
        width=15,
        total=True,
    ),
    Column(
        "innovasjon_norge",
        N_("Innovasjon Norge"),
        "amount",
        N_("Finansiering fra Innovasjon Norge."),
        width=14,
        total=True,
    ),
    Column(
        "naeringsliv",
        N_("Næringsliv"),
        "amount",
        N_("Egeninnsats og kontanter fra næringslivet."),
        width=13,
        total=True,
    ),
    Column("andre", N_("Andre"), "amount", N_("Andre kilder."), width=12, total=True),
)
SOURCE_KEYS: tuple[str, ...] = tuple(c.key for c in FINANCING_SOURCES)
OWN_SOURCE = FINANCING_SOURCES[0].key  # the programme's own money

TILTAK = Sheet(
    name=N_("Tiltak"),
    title=N_("Tiltak og prosjekter"),
    intro=(
        N_(
            "Ett tiltak per rad, med budsjett (total kostnad) og finansiering per kilde. Administrasjon/drift "
            "føres som eget tiltak med type «administrasjon». Innvilget, utbetalt og regnskap gjelder omstillingsmidlene."
        )
    ),
    landscape=True,
    table=Table(
        name="tblTiltak",
        key="tiltak",
        title="",
        key_column="id",
        capacity=60,
        sum_row=True,
        columns=(
            Column(
                "id", N_("ID"), "id", N_("Kort ID, f.eks. T1.1 eller A for administrasjon."), width=8, required=True
            ),
            Column(
                "innsatsomrade",
                N_("Innsatsområde"),
                "code",
                N_("ID fra arket Innsatsområder (tom bare for administrasjon)."),
                width=15,
                codelist="Liste_Innsatsomrader",
            ),
            Column("strategi", N_("Strategi"), "text", N_("Strategien tiltaket hører til (A, B, …)."), width=9),
            Column("navn", N_("Tiltak"), "text", N_("Navnet på tiltaket eller prosjektet."), width=36, required=True),
            Column(
                "type",
                N_("Type"),
                "code",
                N_("administrasjon, tilretteleggende eller bedriftsrettet."),
                width=16,
                required=True,
                codelist=TILTAKSTYPER,
            ),
            Column(
                "plp_fase",
                N_("PLP-fase"),
                "code",
                N_("Forstudie, forprosjekt eller hovedprosjekt."),
                width=14,
                codelist=PLP_FASER,
            ),
            Column(
                "prosjekteier",
                N_("Prosjekteier"),
                "text",
                N_("Bedriften eller organisasjonen som eier prosjektet."),
                width=24,
            ),
            Column(
                "orgnr",
                N_("Org.nr"),
                "orgnr",
                N_("Prosjekteiers organisasjonsnummer (9 sifre). Påkrevd for bedriftsrettede tiltak."),
                width=12,
            ),
            Column("resultatmaal", N_("Resultatmål"), "text", N_("Hva tiltaket skal føre til (målbart)."), width=28),
            Column("prosjektmaal", N_("Prosjektmål"), "text", N_("Hva prosjektet skal levere."), width=28),
            Column(
                "budsjett",
                N_("Budsjett (total kostnad)"),
                "amount",
                N_("Tiltakets totale kostnad i kroner."),
                width=15,
                required=True,
                total=True,
            ),
            *FINANCING_SOURCES,
            Column(
                "sum_finansiering",
                N_("Sum finansiering"),
                "formula",
                N_("Summen av kildene."),
                width=14,
                formula=f"=SUM({{col:{FINANCING_SOURCES[0].key}}}{{r}}:{{col:{FINANCING_SOURCES[-1].key}}}{{r}})",
                total=True,
            ),
            Column(
                "differanse",
                N_("Differanse"),
                "formula",
                N_("Budsjett minus finansiering. Skal være 0."),
                width=12,
                formula="={col:budsjett}{r}-{col:sum_finansiering}{r}",
                total=True,
            ),
            Column("status", N_("Status"), "code", N_("Hvor tiltaket står nå."), width=12, codelist=STATUSER),
            Column(
                "innvilget",
                N_("Innvilget"),
                "amount",
                N_("Omstillingsmidler innvilget (tilsagn)."),
                width=13,
                total=True,
            ),
            Column("utbetalt", N_("Utbetalt"), "amount", N_("Omstillingsmidler utbetalt."), width=13, total=True),
            Column(
                "regnskap", N_("Regnskap"), "amount", N_("Bokført forbruk av omstillingsmidler."), width=13, total=True
            ),
            Column(
                "kommentar",
                N_("Kommentar"),
                "text",
                N_("Fritekst, f.eks. forklaring på avvik. Tas med i årsrapporten."),
                width=36,
            ),
        ),
    ),
)

FINANSIERING = Sheet(
    name=N_("Finansiering"),
    key="finansiering",
    title=N_("Finansiering av omstillingsarbeidet"),
    intro=N_("Omstillingsmidlene for året, og rammen for hvert år i statusperioden."),
    fields=(
        Field(
            "fylkeskommunens_tilskudd",
            N_("Fylkeskommunens tilskudd"),
            "amount",
            N_("Omstillingsmidler fra fylkeskommunen dette året."),
            required=True,
            name="Fylkeskommunens_tilskudd",
        ),
        Field(
            "kommunens_egenandel",
            N_("Kommunens egenandel"),
            "amount",
            N_("Kommunens egenandel dette året."),
            required=True,
            name="Kommunens_egenandel",
        ),
        Field(
            "omstillingsmidler",
            N_("Omstillingsmidler i alt"),
            "formula",
            N_("Tilskudd pluss egenandel."),
            formula="={field:fylkeskommunens_tilskudd}+{field:kommunens_egenandel}",
            name="Omstillingsmidler",
        ),
        Field(
            "overfort",
            N_("Overført fra fjoråret"),
            "amount",
            N_("Ubrukte omstillingsmidler fra året før."),
            name="Overfort_fra_fjoraret",
        ),
        Field(
            "disponibelt",
            N_("Disponibelt i alt"),
            "formula",
            N_("Omstillingsmidler pluss overført."),
            formula="={field:omstillingsmidler}+{field:overfort}",
            name="Disponibelt",
        ),
        Field(
            "fordelt",
            N_("Fordelt på tiltak"),
            "formula",
            N_("Sum omstillingsmidler på arket Tiltak."),
            formula="=SUM({tiltak:omstillingsmidler})",
            name="Fordelt_paa_tiltak",
        ),
        Field(
            "ikke_fordelt",
            N_("Ikke fordelt"),
            "formula",
            N_("Disponibelt minus fordelt. Bør være 0."),
            formula="={field:disponibelt}-{field:fordelt}",
            name="Ikke_fordelt",
        ),
        Field(
            "fylkesandel",
            N_("Fylkeskommunens andel"),
            "formula",
            N_("Tilskudd delt på omstillingsmidler i alt. Kan ikke overstige maksimal andel på arket Program."),
            formula="=IF({field:omstillingsmidler}=0,0,{field:fylkeskommunens_tilskudd}/{field:omstillingsmidler})",
            name="Fylkesandel",
        ),
    ),
    table=Table(
        name="tblRamme",
        key="ramme",
        title=N_("Ramme per år i statusperioden"),
        key_column="aar",
        capacity=6,
        sum_row=True,
        columns=(
            Column("aar", N_("År"), "year", N_("Året."), width=8, required=True),
            Column(
                "fylkeskommune",
                N_("Fylkeskommune"),
                "amount",
                N_("Fylkeskommunens ramme."),
                width=16,
                required=True,
                total=True,
            ),
            Column("kommune", N_("Kommune"), "amount", N_("Kommunens egenandel."), width=16, required=True, total=True),
            Column(
                "sum",
                N_("Sum"),
                "formula",
                N_("Ramme i alt."),
                width=16,
                formula="={col:fylkeskommune}{r}+{col:kommune}{r}",
                total=True,
            ),
        ),
    ),
)

MAAL = Sheet(
    name=N_("Mål og resultater"),
    title=N_("Mål og resultater"),
    intro=(
        N_(
            "Indikatorer per år: mål og oppnådd resultat. Velg en standardindikator fra listen eller skriv inn en egen. "
            "Før gjerne inn målene for hele perioden, og på én rad per indikator utgangsverdien og målet for perioden."
        )
    ),
    table=Table(
        name="tblIndikatorer",
        key="indikatorer",
        title="",
        key_column="indikator",
        capacity=40,
        columns=(
            Column(
                "indikator",
                N_("Indikator"),
                "code",
                N_("Standardindikator eller egen indikator."),
                width=34,
                required=True,
                codelist=INDIKATORER,
            ),
            Column(
                "type",
                N_("Type"),
                "code",
                N_(
                    "Hvordan en egen indikator summeres over år: årlig (summeres), nivå eller antall ulike (summeres "
                    "ikke). Standardindikatorene har fast type."
                ),
                width=13,
                codelist=INDIKATORTYPER,
            ),
            Column("aar", N_("År"), "year", N_("Året målet og resultatet gjelder."), width=8, required=True),
            Column("maal", N_("Mål"), "number", N_("Målet for året."), width=10),
            Column("resultat", N_("Resultat"), "number", N_("Oppnådd resultat (fylles ut ved årsslutt)."), width=10),
            Column("kommentar", N_("Kommentar"), "text", N_("Forklaring og kilde."), width=50),
            # Per indicator, not per year: written on one of the indicator's rows (``programme.indicators.goals``).
            Column(
                "utgangsverdi",
                N_("Utgangsverdi"),
                "number",
                N_("Verdien ved starten av statusperioden (utgangspunktet). Føres på én av indikatorens rader."),
                width=12,
            ),
            Column("utgangsaar", N_("Utgangsår"), "year", N_("Året utgangsverdien gjelder."), width=10),
            Column(
                "maal_perioden",
                N_("Mål for perioden"),
                "number",
                N_(
                    "Målet for hele statusperioden. Årlig indikator: summen over årene; nivå og antall ulike: verdien "
                    "ved periodens slutt. Føres på én av indikatorens rader."
                ),
                width=12,
            ),
        ),
    ),
)

# --- Programstatusvurdering (PSV) ------------------------------------------------------------------------------
# Innovasjon Norge's method (domain.md §4 and §8): the styre, the programleder, the rådmann and the observers
# from fylkeskommunen and Innovasjon Norge agree a score 1–5 on each of twelve main indicators, with a joint
# justification. The sources give the count, the scale and the process/effect split, not the indicator names:
# the twelve below are our reconstruction (eight process, four effect), declared here only.
PSV_PROSESS = (
    N_("Forankring og eierskap i kommunen"),
    N_("Styrets arbeid"),
    N_("Programledelse og administrasjon"),
    N_("Omstillingsplan og handlingsplan"),
    N_("Mobilisering av næringslivet"),
    N_("Samarbeid med virkemiddelapparatet"),
    N_("Prosjektportefølje og prosjektstyring"),
    N_("Kommunikasjon og omdømme"),
)
PSV_EFFEKT = (
    N_("Arbeidsplasser"),
    N_("Nyetableringer og vekst i bedriftene"),
    N_("Robusthet i næringslivet"),
    N_("Utviklingsevne"),
)
PSV_INDIKATORER = CodeList("Liste_PSV_indikator", N_("PSV-indikator"), (*PSV_PROSESS, *PSV_EFFEKT))
PSV_SKALA = CodeList(
    "Liste_PSV_skala",
    N_("PSV-skår"),
    (N_("1 ikke til stede"), N_("2 svak"), N_("3 tilfredsstillende"), N_("4 betydelig"), N_("5 topp")),
)


def psv_score(value: object) -> int | None:
    """A PSV score as a number 1–5: «3 tilfredsstillende» and 3 are both 3; anything else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer() and 1 <= value <= 5:
        return int(value)
    import re

    m = re.match(r"([1-5])(?![\d,.])", str(value or "").strip())
    return int(m.group(1)) if m else None


PSV = Sheet(
    name=N_("Programstatusvurdering"),
    key="psv_mote",
    title=N_("Programstatusvurdering (PSV)"),
    intro=(
        N_(
            "Årlig egenvurdering etter Innovasjon Norges metode: deltakerne blir enige om en skår 1–5 for hver av de "
            "tolv hovedindikatorene, med en felles begrunnelse. «omstill psv» lager rapporten med faktagrunnlaget."
        )
    ),
    since=2,
    landscape=True,
    fields=(
        Field(
            "deltakere",
            N_("Deltakere"),
            "text",
            N_("Hvem som deltok: styret, programleder, rådmann, observatører fra fylkeskommunen og Innovasjon Norge."),
            name="PSV_deltakere",
        ),
        Field("prosessleder", N_("Prosessleder"), "text", N_("Den eksterne prosesslederen."), name="PSV_prosessleder"),
    ),
    table=Table(
        name="tblPSV",
        key="psv",
        title=N_("Vurdering per hovedindikator"),
        key_column="indikator",
        capacity=24,
        columns=(
            Column(
                "indikator",
                N_("Hovedindikator"),
                "code",
                N_("En av de tolv hovedindikatorene."),
                width=36,
                required=True,
                codelist=PSV_INDIKATORER,
            ),
            Column("aar", N_("År"), "year", N_("Året vurderingen ble gjort."), width=8, required=True),
            Column(
                "skaar",
                N_("Skår"),
                "code",
                N_("1 ikke til stede, 2 svak, 3 tilfredsstillende, 4 betydelig, 5 topp."),
                width=20,
                codelist=PSV_SKALA,
            ),
            Column(
                "begrunnelse", N_("Begrunnelse"), "text", N_("Deltakernes felles begrunnelse for skåren."), width=50
            ),
            Column(
                "forbedring", N_("Forslag til forbedring"), "text", N_("Tas inn i neste års handlingsplan."), width=36
            ),
        ),
    ),
)

# --- The tilsagn register, its payments, and other givers' de minimis aid (layout version 2) -----------------

STOTTE_BAGATELL = N_("bagatellmessig støtte")
STOTTE_GRUPPEUNNTAK = N_("gruppeunntak")
STOTTEREGIMER = CodeList(
    "Liste_Stotteregime",
    N_("Støtteregime"),
    (STOTTE_BAGATELL, STOTTE_GRUPPEUNNTAK, N_("ikke støtte"), N_("kjøp av tjeneste"), N_("annet")),
)
TILSAGN_APEN = (N_("innvilget"), N_("pågår"))  # a tilsagn that is open: carried into next year's register
TILSAGN_STATUSER = CodeList(
    "Liste_Tilsagnsstatus", N_("Tilsagnsstatus"), (*TILSAGN_APEN, N_("avsluttet"), N_("trukket tilbake"), N_("avslått"))
)
TILSAGN_INGEN_STOTTE = frozenset({"avslått", "trukket tilbake"})  # no aid was given
JA_NEI = CodeList("Liste_Ja_nei", N_("Ja/nei"), (N_("ja"), N_("nei")))
STORRELSER = CodeList(
    "Liste_Storrelse", N_("Foretakets størrelse"), (N_("mikro"), N_("lite"), N_("mellomstort"), N_("stort"))
)
KDD_LIST_NAME = "Liste_KDD"  # the year's KDD categories (omstill_xl/data/kdd_kategorier.csv), on the Lister sheet

# The help text of each source's column on the Tilsagn sheet (a source added later gets the general one).
_TILSAGN_SOURCE_HELP = {
    "omstillingsmidler": N_("Tilsagn fra kilden: fylkeskommunens tilskudd og kommunens egenandel."),
    "innovasjon_norge": N_("Tilsagn fra kilden: finansiering fra Innovasjon Norge."),
    "naeringsliv": N_("Tilsagn fra kilden: egeninnsats og kontanter fra næringslivet."),
    "andre": N_("Tilsagn fra kilden: andre kilder."),
}

TILSAGN = Sheet(
    name=N_("Tilsagn"),
    title=N_("Tilsagnsregister"),
    intro=(
        N_(
            "Ett tilsagn per rad: nummer, tiltak, mottaker, dato, beløp per kilde, støtteregime og KDD-kategori. "
            "Utbetalingene føres på arket Utbetalinger. Er registeret fylt ut, regnes tilsagn og bagatellmessig "
            "støtte herfra (med datoen); ellers fra kolonnene på arket Tiltak."
        )
    ),
    landscape=True,
    since=2,
    table=Table(
        name="tblTilsagn",
        key="tilsagn",
        title="",
        key_column="tilsagnsnummer",
        capacity=60,
        sum_row=True,
        columns=(
            Column(
                "tilsagnsnummer",
                N_("Tilsagnsnr."),
                "id",
                N_("Tilsagnets nummer, f.eks. 2026-0012."),
                width=12,
                required=True,
            ),
            Column(
                "tiltak",
                N_("Tiltak"),
                "code",
                N_("ID fra arket Tiltak."),
                width=10,
                required=True,
                codelist="Liste_Tiltak",
            ),
            Column("mottaker", N_("Mottaker"), "text", N_("Navnet på den som får tilsagnet."), width=24, required=True),
            Column("orgnr", N_("Org.nr"), "orgnr", N_("Mottakers organisasjonsnummer (9 sifre)."), width=12),
            Column(
                "tilsagnsdato",
                N_("Tilsagnsdato"),
                "date",
                N_("Datoen tilsagnet ble gitt (dd.mm.åååå). Bagatellmessig støtte regnes fra denne datoen."),
                width=12,
                required=True,
            ),
            *(
                Column(
                    c.key,
                    c.header,
                    "amount",
                    _TILSAGN_SOURCE_HELP.get(c.key, N_("Tilsagn fra denne kilden.")),
                    14,
                    total=True,
                )
                for c in FINANCING_SOURCES
            ),
            Column(
                "stotteregime",
                N_("Støtteregime"),
                "code",
                N_("Bagatellmessig støtte, gruppeunntak (oppgi artikkel), ikke støtte, kjøp av tjeneste eller annet."),
                width=20,
                required=True,
                codelist=STOTTEREGIMER,
            ),
            Column("artikkel", N_("Artikkel (gruppeunntak)"), "text", N_("GBER-artikkel, f.eks. art. 22."), width=12),
            Column(
                "kdd_kategori",
                N_("KDD-kategori"),
                "code",
                N_("Kategorien i regionalforvaltning.no (årets liste)."),
                width=30,
                codelist=KDD_LIST_NAME,
            ),
            Column("frist", N_("Frist"), "date", N_("Frist for gjennomføring eller sluttrapport."), width=12),
            Column("status", N_("Status"), "code", N_("Hvor tilsagnet står nå."), width=14, codelist=TILSAGN_STATUSER),
            Column(
                "registrert",
                N_("Registrert i Støtteregisteret"),
                "code",
                N_("ja når tildelingen er registrert i Brønnøysundregistrenes Støtteregister."),
                width=14,
                codelist=JA_NEI,
            ),
            Column("nace", N_("NACE"), "text", N_("Mottakers næringskode (valgfri), f.eks. 10.200."), width=10),
            Column(
                "storrelse",
                N_("Størrelse"),
                "code",
                N_("Mottakers størrelse (valgfri)."),
                width=13,
                codelist=STORRELSER,
            ),
            Column("kommentar", N_("Kommentar"), "text", N_("Fritekst."), width=30),
        ),
    ),
)

UTBETALINGER = Sheet(
    name=N_("Utbetalinger"),
    title=N_("Utbetalinger"),
    intro=N_("Én utbetaling per rad, til et tilsagn på arket Tilsagn."),
    since=2,
    table=Table(
        name="tblUtbetalinger",
        key="utbetalinger",
        title="",
        key_column="tilsagnsnummer",
        capacity=100,
        sum_row=True,
        columns=(
            Column(
                "tilsagnsnummer",
                N_("Tilsagnsnr."),
                "code",
                N_("Nummeret fra arket Tilsagn."),
                width=14,
                required=True,
                codelist="Liste_Tilsagn",
            ),
            Column("dato", N_("Dato"), "date", N_("Utbetalingsdatoen (dd.mm.åååå)."), width=12, required=True),
            Column("belop", N_("Beløp"), "amount", N_("Utbetalt beløp i kroner."), width=14, required=True, total=True),
            Column("kommentar", N_("Kommentar"), "text", N_("Fritekst."), width=40),
        ),
    ),
)

ANNEN_STOTTE = Sheet(
    name=N_("Annen bagatellmessig støtte"),
    title=N_("Annen bagatellmessig støtte"),
    intro=(
        N_(
            "Bagatellmessig støtte mottakerne har fått fra andre støttegivere (egenerklæring, eller importert fra "
            "Støtteregisteret). Regnes med i grensen på EUR 300 000 over tre år. Beløp i kroner eller euro."
        )
    ),
    since=2,
    table=Table(
        name="tblAnnenStotte",
        key="annen_stotte",
        title="",
        key_column="orgnr",
        capacity=40,
        columns=(
            Column(
                "orgnr", N_("Org.nr"), "orgnr", N_("Mottakers organisasjonsnummer (9 sifre)."), width=12, required=True
            ),
            Column("mottaker", N_("Mottaker"), "text", N_("Mottakers navn."), width=24),
            Column("giver", N_("Støttegiver"), "text", N_("Hvem som ga støtten."), width=28, required=True),
            Column(
                "dato",
                N_("Tildelingsdato"),
                "date",
                N_("Datoen støtten ble gitt (dd.mm.åååå)."),
                width=13,
                required=True,
            ),
            Column(
                "belop_nok", N_("Beløp NOK"), "amount", N_("Beløpet i kroner (eller i euro i neste kolonne)."), width=14
            ),
            Column(
                "belop_eur",
                N_("Beløp EUR"),
                "amount",
                N_("Beløpet i euro, når det ikke er oppgitt i kroner."),
                width=14,
            ),
            Column("kilde", N_("Kilde"), "text", N_("egenerklæring, Støtteregisteret, …"), width=18),
        ),
    ),
)

# The workbook's layout version, stored in a hidden defined name. Version 1 had no register sheets. The Målform
# field (the last on Program) needs no new version: a workbook without it reads as bokmål, and nothing else moved.
SCHEMA_VERSION = 2
SCHEMA_VERSION_NAME = "Omstill_skjemaversjon"

SHEETS: tuple[Sheet, ...] = (
    PROGRAM,
    INNSATSOMRADER,
    TILTAK,
    FINANSIERING,
    MAAL,
    TILSAGN,
    UTBETALINGER,
    ANNEN_STOTTE,
    PSV,
)
GUIDE_SHEET = N_("Veiledning")
LISTS_SHEET = N_("Lister")
# The organisasjonsform comparison (criteria × forms, weights, scores, rank). Optional when reading: workbooks
# made before it existed have no such sheet. Its layout lives in ``omstill_xl.orgform``, not in SHEETS.
ORGFORM_SHEET = N_("Organisasjonsform")
POENG_LIST_NAME = "Liste_Poeng"  # the 1–5 scores of the comparison, on the Lister sheet
POENG_VALUES: tuple[int, ...] = (1, 2, 3, 4, 5)
# Sheets the template has, in workbook order. Anything else hidden in a user's workbook is a finding.
TEMPLATE_SHEETS: tuple[str, ...] = (GUIDE_SHEET, *(s.name for s in SHEETS), ORGFORM_SHEET, LISTS_SHEET)

# Dynamic list: the innsatsområde ids typed on the Innsatsområder sheet.
DYNAMIC_LISTS = {
    "Liste_Innsatsomrader": (INNSATSOMRADER, "id"),
    "Liste_Tiltak": (TILTAK, "id"),
    "Liste_Tilsagn": (TILSAGN, "tilsagnsnummer"),
}
CODE_LISTS: tuple[CodeList, ...] = (
    *CODE_LISTS_V1,
    STOTTEREGIMER,
    TILSAGN_STATUSER,
    JA_NEI,
    STORRELSER,
    PSV_INDIKATORER,
    PSV_SKALA,
)


# --------------------------------------------------------------------------------------------
# Målform: every text above is bokmål and marked with ``N_``; the builder shows it in the current målform
# (``tr``), and the reader takes the workbook's words in either målform back to these (canonical) ones.
# --------------------------------------------------------------------------------------------

DOMAIN = "workbook"


def tr(text: str, maalform: str | None = None) -> str:
    """A schema text (label, header, help, title, code word, sheet name) in ``maalform`` (default: the current)."""
    return i18n.gettext(DOMAIN, text, maalform)


def sheet_title(name: str, maalform: str | None = None) -> str:
    """The tab name of the sheet ``name`` (canonical, bokmål) in a workbook written in ``maalform``."""
    return tr(name, maalform)


def _norm(text: object) -> str:
    return " ".join(str(text).split()).casefold()


@cache
def _sheet_names() -> dict[str, str]:
    names = (GUIDE_SHEET, *(s.name for s in SHEETS), ORGFORM_SHEET, LISTS_SHEET)
    out: dict[str, str] = {}
    for name in names:
        for form in i18n.both(DOMAIN, name):
            out.setdefault(_norm(form), name)
    return out


def canonical_sheet(name: str) -> str | None:
    """The canonical name of a workbook's sheet called ``name`` in either målform (trimmed, any case)."""
    return _sheet_names().get(_norm(name))


@cache
def code_words(codelist: CodeList) -> dict[str, str]:
    """A code list's words in either målform (normalised: one space, any case) → the canonical word."""
    out: dict[str, str] = {}
    for value in codelist.values:
        for form in i18n.both(DOMAIN, value):
            out.setdefault(_norm(form), value)
    return out


def canonical_code(codelist: CodeList, value: object) -> object:
    """A code word read from a workbook (either målform) as the canonical word; anything else unchanged."""
    if not isinstance(value, str):
        return value
    return code_words(codelist).get(_norm(value), value)


@cache
def header_forms(text: str) -> frozenset[str]:
    """A header or label in either målform, normalised (for matching what a workbook holds)."""
    return frozenset(_norm(form) for form in i18n.both(DOMAIN, text))


def required_sheets() -> tuple[Sheet, ...]:
    """The sheets every readable workbook has (those of layout version 1)."""
    return tuple(s for s in SHEETS if s.since == 1)


def data_sheet_names() -> tuple[str, ...]:
    """Every sheet the reader takes values from (the file reader and the Excel button alike), in both målformer."""
    names = (*(s.name for s in SHEETS), ORGFORM_SHEET)
    return tuple(dict.fromkeys(form for name in names for form in i18n.both(DOMAIN, name)))


def sheet(name: str) -> Sheet:
    for s in SHEETS:
        if s.name == name:
            return s
    raise KeyError(name)


# --------------------------------------------------------------------------------------------
# Geometry helpers (pure): where things are, for the builder and the reader alike
# --------------------------------------------------------------------------------------------


def col_letter(index: int) -> str:
    """1-based column number → letters (1 → A, 27 → AA)."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def table_first_row(s: Sheet) -> int:
    return table_header_row(s) + 1


def table_last_row(s: Sheet, capacity: int | None = None) -> int:
    assert s.table is not None
    return table_first_row(s) + (capacity or s.table.capacity) - 1


def table_col_letter(s: Sheet, key: str) -> str:
    assert s.table is not None
    return col_letter(s.table.index(key) + 1)


def field_address(s: Sheet, key: str) -> str:
    return f"{col_letter(FIELD_VALUE_COL)}{field_row(s, key)}"


def quote_sheet(name: str) -> str:
    return f"'{name}'" if not name.isalnum() else name


def render_formula(
    template: str, s: Sheet, row: int | None, capacities: dict[str, int], names: Mapping[str, str] | None = None
) -> str:
    """Fill a formula template for sheet ``s`` at ``row``.

    ``capacities`` maps table-sheet names to their number of data rows in this workbook (tables grow
    when an example holds more rows than the default capacity). Another sheet is named as ``names`` (canonical →
    the workbook's own name, ``Handlingsplan.sheet_names``) says, else in the current målform.
    """
    import re

    def table_range(target: Sheet, key: str) -> str:
        letter = table_col_letter(target, key)
        first = table_first_row(target)
        last = table_last_row(target, capacities.get(target.name))
        shown = names.get(target.name) if names else None
        prefix = "" if target is s else quote_sheet(shown or sheet_title(target.name)) + "!"
        return f"{prefix}${letter}${first}:${letter}${last}"

    def repl(m: re.Match[str]) -> str:
        kind, arg = m.group(1), m.group(2)
        if kind == "col":
            return table_col_letter(s, arg)
        if kind == "field":
            return f"${col_letter(FIELD_VALUE_COL)}${field_row(s, arg)}"
        if kind == "tiltak":
            return table_range(TILTAK, arg)
        if kind == "tilsagn":
            return table_range(TILSAGN, arg)
        raise ValueError(f"unknown placeholder {m.group(0)}")

    text = re.sub(r"\{(col|field|tiltak|tilsagn):([a-z_]+)\}", repl, template)
    return text.replace("{r}", str(row) if row is not None else "")
