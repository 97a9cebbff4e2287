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

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "id", "code", "amount", "number", "percent", "year", "date", "orgnr", "kommunenr", "formula"]

# --------------------------------------------------------------------------------------------
# Code lists (the fixed choices; written to the hidden «Lister» sheet and referenced by name)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeList:
    name: str  # defined name in the workbook
    title: str  # column header on the Lister sheet
    values: tuple[str, ...]
    strict: bool = True  # False: the dropdown suggests, but other values are allowed (warning style)


TYPE_ADMIN = "administrasjon"
TYPE_TILRETTELEGGENDE = "tilretteleggende"
TYPE_BEDRIFTSRETTET = "bedriftsrettet"

TILTAKSTYPER = CodeList("Liste_Tiltakstype", "Tiltakstype", (TYPE_ADMIN, TYPE_TILRETTELEGGENDE, TYPE_BEDRIFTSRETTET))
PLP_FASER = CodeList("Liste_PLP_fase", "PLP-fase", ("forstudie", "forprosjekt", "hovedprosjekt", "ikke relevant"))
STATUSER = CodeList(
    "Liste_Status",
    "Status",
    ("planlagt", "søkt", "innvilget", "pågår", "avsluttet", "utsatt", "avslått"),
)
ORGANISASJONSFORMER = CodeList(
    "Liste_Organisasjonsform",
    "Organisasjonsform",
    (
        "stiftelse",
        "kommunalt foretak (KF)",
        "interkommunalt selskap (IKS)",
        "kommunal avdeling",
        "aksjeselskap (AS)",
        "program",
    ),
)
# --- Indicators: each declared once, with how it adds up over the years --------------------------------------

FLOW = "årlig"  # a flow: each year's result is new (jobs created this year); summed over the years
LEVEL = "nivå"  # a level or share at a point in time (private share of employment); never summed
DISTINCT = (
    "antall ulike"  # a count of distinct units (firms in projects); the same unit counts every year, never summed
)
INDICATOR_KINDS = (FLOW, LEVEL, DISTINCT)
HIGHER_IS_BETTER = "høyere er bedre"
LOWER_IS_BETTER = "lavere er bedre"


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
    Indicator("Nye arbeidsplasser", "arbeidsplasser", FLOW),
    Indicator("Sikrede arbeidsplasser", "arbeidsplasser", FLOW),
    Indicator("Nyetableringer", "bedrifter", FLOW),
    Indicator("Bedrifter i prosjekter", "bedrifter", DISTINCT),
    Indicator("Søknader til Innovasjon Norge", "søknader", FLOW),
)
JOB_INDICATORS = ("Nye arbeidsplasser", "Sikrede arbeidsplasser")

# The per-indicator (not per-year) columns of «Mål og resultater»: baseline, its year, the target for the period.
INDICATOR_GOAL_KEYS: tuple[str, ...] = ("utgangsverdi", "utgangsaar", "maal_perioden")

INDIKATORER = CodeList("Liste_Indikator", "Indikator", tuple(i.name for i in STANDARD_INDICATORS), strict=False)
INDIKATORTYPER = CodeList("Liste_Indikatortype", "Indikatortype", INDICATOR_KINDS)

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
    name="Program",
    key="program",
    title="Omstillingsprogrammet",
    intro="Grunndata for programmet. Gule celler fylles ut; grå celler regnes ut.",
    fields=(
        Field(
            "kommunenummer",
            "Kommunenummer",
            "kommunenr",
            "Fire sifre, f.eks. 4626. Velg fra listen.",
            required=True,
            codelist=None,
            name="Kommunenummer",
        ),
        Field(
            "kommune",
            "Kommune",
            "formula",
            "Hentes fra kommunelisten (2024, 357 kommuner).",
            formula=f'=IFERROR(VLOOKUP({{field:kommunenummer}},{KOMMUNE_LIST_NAME},2,FALSE),"")',
            name="Kommune",
        ),
        Field(
            "fylke",
            "Fylke",
            "formula",
            "Hentes fra kommunelisten.",
            formula=f'=IFERROR(VLOOKUP({{field:kommunenummer}},{KOMMUNE_LIST_NAME},4,FALSE),"")',
            name="Fylke",
        ),
        Field(
            "programnavn",
            "Programmets navn",
            "text",
            "Navnet programmet er kjent under.",
            required=True,
            name="Programnavn",
        ),
        Field(
            "organisasjonsform",
            "Organisasjonsform",
            "code",
            "Hvordan programmet er organisert.",
            required=True,
            codelist=ORGANISASJONSFORMER,
            name="Organisasjonsform",
        ),
        Field(
            "organisasjon",
            "Programorganisasjon",
            "text",
            "Navnet på foretaket, selskapet eller avdelingen.",
            name="Programorganisasjon",
        ),
        Field("programleder", "Programleder", "text", "Navn på programleder.", name="Programleder"),
        Field(
            "status_fra",
            "Omstillingsstatus fra (år)",
            "year",
            "Første år med omstillingsstatus.",
            required=True,
            name="Status_fra",
        ),
        Field(
            "status_til",
            "Omstillingsstatus til (år)",
            "year",
            "Siste år med status. Perioden kan være høyst seks år.",
            required=True,
            name="Status_til",
        ),
        Field(
            "planaar",
            "Handlingsplanens år",
            "year",
            "Året denne handlingsplanen gjelder.",
            required=True,
            name="Planaar",
        ),
        Field(
            "maks_fylkesandel",
            "Fylkeskommunens maksimale andel",
            "percent",
            "Høyeste andel av omstillingsmidlene fylkeskommunen dekker (vanligvis 75 %).",
            required=True,
            default=0.75,
            name="Maks_fylkesandel",
        ),
        Field("hovedmaal", "Hovedmål", "text", "Programmets hovedmål fra omstillingsplanen.", name="Hovedmaal"),
    ),
)

INNSATSOMRADER = Sheet(
    name="Innsatsområder",
    title="Innsatsområder",
    intro="Innsatsområdene fra omstillingsplanen (vanligvis 3–4). Budsjettsummene regnes ut fra arket Tiltak.",
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
                "ID",
                "id",
                "Kort ID, f.eks. IO1. Brukes i kolonnen Innsatsområde på arket Tiltak.",
                width=8,
                required=True,
            ),
            Column("navn", "Innsatsområde", "text", "Navnet på innsatsområdet.", width=32, required=True),
            Column("maal", "Mål", "text", "Målet for innsatsområdet.", width=40),
            Column("strategier", "Strategier", "text", "Strategiene (A, B, …) under innsatsområdet.", width=40),
            Column(
                "budsjett",
                "Budsjett",
                "formula",
                "Sum budsjett for tiltakene i innsatsområdet.",
                width=14,
                formula="=SUMIF({tiltak:innsatsomrade},{col:id}{r},{tiltak:budsjett})",
                total=True,
            ),
            Column(
                "omstillingsmidler",
                "Omstillingsmidler",
                "formula",
                "Sum omstillingsmidler for tiltakene i innsatsområdet.",
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
        "Omstillingsmidler",
        "amount",
        "Fylkeskommunens tilskudd og kommunens egenandel.",
        width=15,
        total=True,
    ),
    Column(
        "innovasjon_norge",
        "Innovasjon Norge",
        "amount",
        "Finansiering fra Innovasjon Norge.",
        width=14,
        total=True,
    ),
    Column(
        "naeringsliv",
        "Næringsliv",
        "amount",
        "Egeninnsats og kontanter fra næringslivet.",
        width=13,
        total=True,
    ),
    Column("andre", "Andre", "amount", "Andre kilder.", width=12, total=True),
)
SOURCE_KEYS: tuple[str, ...] = tuple(c.key for c in FINANCING_SOURCES)
OWN_SOURCE = FINANCING_SOURCES[0].key  # the programme's own money

TILTAK = Sheet(
    name="Tiltak",
    title="Tiltak og prosjekter",
    intro=(
        "Ett tiltak per rad, med budsjett (total kostnad) og finansiering per kilde. Administrasjon/drift "
        "føres som eget tiltak med type «administrasjon». Innvilget, utbetalt og regnskap gjelder omstillingsmidlene."
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
            Column("id", "ID", "id", "Kort ID, f.eks. T1.1 eller A for administrasjon.", width=8, required=True),
            Column(
                "innsatsomrade",
                "Innsatsområde",
                "code",
                "ID fra arket Innsatsområder (tom bare for administrasjon).",
                width=15,
                codelist="Liste_Innsatsomrader",
            ),
            Column("strategi", "Strategi", "text", "Strategien tiltaket hører til (A, B, …).", width=9),
            Column("navn", "Tiltak", "text", "Navnet på tiltaket eller prosjektet.", width=36, required=True),
            Column(
                "type",
                "Type",
                "code",
                "administrasjon, tilretteleggende eller bedriftsrettet.",
                width=16,
                required=True,
                codelist=TILTAKSTYPER,
            ),
            Column(
                "plp_fase",
                "PLP-fase",
                "code",
                "Forstudie, forprosjekt eller hovedprosjekt.",
                width=14,
                codelist=PLP_FASER,
            ),
            Column(
                "prosjekteier", "Prosjekteier", "text", "Bedriften eller organisasjonen som eier prosjektet.", width=24
            ),
            Column(
                "orgnr",
                "Org.nr",
                "orgnr",
                "Prosjekteiers organisasjonsnummer (9 sifre). Påkrevd for bedriftsrettede tiltak.",
                width=12,
            ),
            Column("resultatmaal", "Resultatmål", "text", "Hva tiltaket skal føre til (målbart).", width=28),
            Column("prosjektmaal", "Prosjektmål", "text", "Hva prosjektet skal levere.", width=28),
            Column(
                "budsjett",
                "Budsjett (total kostnad)",
                "amount",
                "Tiltakets totale kostnad i kroner.",
                width=15,
                required=True,
                total=True,
            ),
            *FINANCING_SOURCES,
            Column(
                "sum_finansiering",
                "Sum finansiering",
                "formula",
                "Summen av kildene.",
                width=14,
                formula=f"=SUM({{col:{FINANCING_SOURCES[0].key}}}{{r}}:{{col:{FINANCING_SOURCES[-1].key}}}{{r}})",
                total=True,
            ),
            Column(
                "differanse",
                "Differanse",
                "formula",
                "Budsjett minus finansiering. Skal være 0.",
                width=12,
                formula="={col:budsjett}{r}-{col:sum_finansiering}{r}",
                total=True,
            ),
            Column("status", "Status", "code", "Hvor tiltaket står nå.", width=12, codelist=STATUSER),
            Column("innvilget", "Innvilget", "amount", "Omstillingsmidler innvilget (tilsagn).", width=13, total=True),
            Column("utbetalt", "Utbetalt", "amount", "Omstillingsmidler utbetalt.", width=13, total=True),
            Column("regnskap", "Regnskap", "amount", "Bokført forbruk av omstillingsmidler.", width=13, total=True),
            Column(
                "kommentar",
                "Kommentar",
                "text",
                "Fritekst, f.eks. forklaring på avvik. Tas med i årsrapporten.",
                width=36,
            ),
        ),
    ),
)

FINANSIERING = Sheet(
    name="Finansiering",
    key="finansiering",
    title="Finansiering av omstillingsarbeidet",
    intro="Omstillingsmidlene for året, og rammen for hvert år i statusperioden.",
    fields=(
        Field(
            "fylkeskommunens_tilskudd",
            "Fylkeskommunens tilskudd",
            "amount",
            "Omstillingsmidler fra fylkeskommunen dette året.",
            required=True,
            name="Fylkeskommunens_tilskudd",
        ),
        Field(
            "kommunens_egenandel",
            "Kommunens egenandel",
            "amount",
            "Kommunens egenandel dette året.",
            required=True,
            name="Kommunens_egenandel",
        ),
        Field(
            "omstillingsmidler",
            "Omstillingsmidler i alt",
            "formula",
            "Tilskudd pluss egenandel.",
            formula="={field:fylkeskommunens_tilskudd}+{field:kommunens_egenandel}",
            name="Omstillingsmidler",
        ),
        Field(
            "overfort",
            "Overført fra fjoråret",
            "amount",
            "Ubrukte omstillingsmidler fra året før.",
            name="Overfort_fra_fjoraret",
        ),
        Field(
            "disponibelt",
            "Disponibelt i alt",
            "formula",
            "Omstillingsmidler pluss overført.",
            formula="={field:omstillingsmidler}+{field:overfort}",
            name="Disponibelt",
        ),
        Field(
            "fordelt",
            "Fordelt på tiltak",
            "formula",
            "Sum omstillingsmidler på arket Tiltak.",
            formula="=SUM({tiltak:omstillingsmidler})",
            name="Fordelt_paa_tiltak",
        ),
        Field(
            "ikke_fordelt",
            "Ikke fordelt",
            "formula",
            "Disponibelt minus fordelt. Bør være 0.",
            formula="={field:disponibelt}-{field:fordelt}",
            name="Ikke_fordelt",
        ),
        Field(
            "fylkesandel",
            "Fylkeskommunens andel",
            "formula",
            "Tilskudd delt på omstillingsmidler i alt. Kan ikke overstige maksimal andel på arket Program.",
            formula="=IF({field:omstillingsmidler}=0,0,{field:fylkeskommunens_tilskudd}/{field:omstillingsmidler})",
            name="Fylkesandel",
        ),
    ),
    table=Table(
        name="tblRamme",
        key="ramme",
        title="Ramme per år i statusperioden",
        key_column="aar",
        capacity=6,
        sum_row=True,
        columns=(
            Column("aar", "År", "year", "Året.", width=8, required=True),
            Column(
                "fylkeskommune",
                "Fylkeskommune",
                "amount",
                "Fylkeskommunens ramme.",
                width=16,
                required=True,
                total=True,
            ),
            Column("kommune", "Kommune", "amount", "Kommunens egenandel.", width=16, required=True, total=True),
            Column(
                "sum",
                "Sum",
                "formula",
                "Ramme i alt.",
                width=16,
                formula="={col:fylkeskommune}{r}+{col:kommune}{r}",
                total=True,
            ),
        ),
    ),
)

MAAL = Sheet(
    name="Mål og resultater",
    title="Mål og resultater",
    intro=(
        "Indikatorer per år: mål og oppnådd resultat. Velg en standardindikator fra listen eller skriv inn en egen. "
        "Før gjerne inn målene for hele perioden, og på én rad per indikator utgangsverdien og målet for perioden."
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
                "Indikator",
                "code",
                "Standardindikator eller egen indikator.",
                width=34,
                required=True,
                codelist=INDIKATORER,
            ),
            Column(
                "type",
                "Type",
                "code",
                "Hvordan en egen indikator summeres over år: årlig (summeres), nivå eller antall ulike (summeres "
                "ikke). Standardindikatorene har fast type.",
                width=13,
                codelist=INDIKATORTYPER,
            ),
            Column("aar", "År", "year", "Året målet og resultatet gjelder.", width=8, required=True),
            Column("maal", "Mål", "number", "Målet for året.", width=10),
            Column("resultat", "Resultat", "number", "Oppnådd resultat (fylles ut ved årsslutt).", width=10),
            Column("kommentar", "Kommentar", "text", "Forklaring og kilde.", width=50),
            # Per indicator, not per year: written on one of the indicator's rows (``programme.indicators.goals``).
            Column(
                "utgangsverdi",
                "Utgangsverdi",
                "number",
                "Verdien ved starten av statusperioden (utgangspunktet). Føres på én av indikatorens rader.",
                width=12,
            ),
            Column("utgangsaar", "Utgangsår", "year", "Året utgangsverdien gjelder.", width=10),
            Column(
                "maal_perioden",
                "Mål for perioden",
                "number",
                "Målet for hele statusperioden. Årlig indikator: summen over årene; nivå og antall ulike: verdien "
                "ved periodens slutt. Føres på én av indikatorens rader.",
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
    "Forankring og eierskap i kommunen",
    "Styrets arbeid",
    "Programledelse og administrasjon",
    "Omstillingsplan og handlingsplan",
    "Mobilisering av næringslivet",
    "Samarbeid med virkemiddelapparatet",
    "Prosjektportefølje og prosjektstyring",
    "Kommunikasjon og omdømme",
)
PSV_EFFEKT = (
    "Arbeidsplasser",
    "Nyetableringer og vekst i bedriftene",
    "Robusthet i næringslivet",
    "Utviklingsevne",
)
PSV_INDIKATORER = CodeList("Liste_PSV_indikator", "PSV-indikator", (*PSV_PROSESS, *PSV_EFFEKT))
PSV_SKALA = CodeList(
    "Liste_PSV_skala",
    "PSV-skår",
    ("1 ikke til stede", "2 svak", "3 tilfredsstillende", "4 betydelig", "5 topp"),
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
    name="Programstatusvurdering",
    key="psv_mote",
    title="Programstatusvurdering (PSV)",
    intro=(
        "Årlig egenvurdering etter Innovasjon Norges metode: deltakerne blir enige om en skår 1–5 for hver av de "
        "tolv hovedindikatorene, med en felles begrunnelse. «omstill psv» lager rapporten med faktagrunnlaget."
    ),
    since=2,
    landscape=True,
    fields=(
        Field(
            "deltakere",
            "Deltakere",
            "text",
            "Hvem som deltok: styret, programleder, rådmann, observatører fra fylkeskommunen og Innovasjon Norge.",
            name="PSV_deltakere",
        ),
        Field("prosessleder", "Prosessleder", "text", "Den eksterne prosesslederen.", name="PSV_prosessleder"),
    ),
    table=Table(
        name="tblPSV",
        key="psv",
        title="Vurdering per hovedindikator",
        key_column="indikator",
        capacity=24,
        columns=(
            Column(
                "indikator",
                "Hovedindikator",
                "code",
                "En av de tolv hovedindikatorene.",
                width=36,
                required=True,
                codelist=PSV_INDIKATORER,
            ),
            Column("aar", "År", "year", "Året vurderingen ble gjort.", width=8, required=True),
            Column(
                "skaar",
                "Skår",
                "code",
                "1 ikke til stede, 2 svak, 3 tilfredsstillende, 4 betydelig, 5 topp.",
                width=20,
                codelist=PSV_SKALA,
            ),
            Column("begrunnelse", "Begrunnelse", "text", "Deltakernes felles begrunnelse for skåren.", width=50),
            Column("forbedring", "Forslag til forbedring", "text", "Tas inn i neste års handlingsplan.", width=36),
        ),
    ),
)

# --- The tilsagn register, its payments, and other givers' de minimis aid (layout version 2) -----------------

STOTTE_BAGATELL = "bagatellmessig støtte"
STOTTE_GRUPPEUNNTAK = "gruppeunntak"
STOTTEREGIMER = CodeList(
    "Liste_Stotteregime",
    "Støtteregime",
    (STOTTE_BAGATELL, STOTTE_GRUPPEUNNTAK, "ikke støtte", "kjøp av tjeneste", "annet"),
)
TILSAGN_APEN = ("innvilget", "pågår")  # a tilsagn that is open: carried into next year's register
TILSAGN_STATUSER = CodeList(
    "Liste_Tilsagnsstatus", "Tilsagnsstatus", (*TILSAGN_APEN, "avsluttet", "trukket tilbake", "avslått")
)
TILSAGN_INGEN_STOTTE = frozenset({"avslått", "trukket tilbake"})  # no aid was given
JA_NEI = CodeList("Liste_Ja_nei", "Ja/nei", ("ja", "nei"))
STORRELSER = CodeList("Liste_Storrelse", "Foretakets størrelse", ("mikro", "lite", "mellomstort", "stort"))
KDD_LIST_NAME = "Liste_KDD"  # the year's KDD categories (omstill_xl/data/kdd_kategorier.csv), on the Lister sheet

TILSAGN = Sheet(
    name="Tilsagn",
    title="Tilsagnsregister",
    intro=(
        "Ett tilsagn per rad: nummer, tiltak, mottaker, dato, beløp per kilde, støtteregime og KDD-kategori. "
        "Utbetalingene føres på arket Utbetalinger. Er registeret fylt ut, regnes tilsagn og bagatellmessig "
        "støtte herfra (med datoen); ellers fra kolonnene på arket Tiltak."
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
                "tilsagnsnummer", "Tilsagnsnr.", "id", "Tilsagnets nummer, f.eks. 2026-0012.", width=12, required=True
            ),
            Column(
                "tiltak",
                "Tiltak",
                "code",
                "ID fra arket Tiltak.",
                width=10,
                required=True,
                codelist="Liste_Tiltak",
            ),
            Column("mottaker", "Mottaker", "text", "Navnet på den som får tilsagnet.", width=24, required=True),
            Column("orgnr", "Org.nr", "orgnr", "Mottakers organisasjonsnummer (9 sifre).", width=12),
            Column(
                "tilsagnsdato",
                "Tilsagnsdato",
                "date",
                "Datoen tilsagnet ble gitt (dd.mm.åååå). Bagatellmessig støtte regnes fra denne datoen.",
                width=12,
                required=True,
            ),
            *(
                Column(
                    c.key, c.header, "amount", f"Tilsagn fra kilden: {c.help[0].lower()}{c.help[1:]}", 14, total=True
                )
                for c in FINANCING_SOURCES
            ),
            Column(
                "stotteregime",
                "Støtteregime",
                "code",
                "Bagatellmessig støtte, gruppeunntak (oppgi artikkel), ikke støtte, kjøp av tjeneste eller annet.",
                width=20,
                required=True,
                codelist=STOTTEREGIMER,
            ),
            Column("artikkel", "Artikkel (gruppeunntak)", "text", "GBER-artikkel, f.eks. art. 22.", width=12),
            Column(
                "kdd_kategori",
                "KDD-kategori",
                "code",
                "Kategorien i regionalforvaltning.no (årets liste).",
                width=30,
                codelist=KDD_LIST_NAME,
            ),
            Column("frist", "Frist", "date", "Frist for gjennomføring eller sluttrapport.", width=12),
            Column("status", "Status", "code", "Hvor tilsagnet står nå.", width=14, codelist=TILSAGN_STATUSER),
            Column(
                "registrert",
                "Registrert i Støtteregisteret",
                "code",
                "ja når tildelingen er registrert i Brønnøysundregistrenes Støtteregister.",
                width=14,
                codelist=JA_NEI,
            ),
            Column("nace", "NACE", "text", "Mottakers næringskode (valgfri), f.eks. 10.200.", width=10),
            Column("storrelse", "Størrelse", "code", "Mottakers størrelse (valgfri).", width=13, codelist=STORRELSER),
            Column("kommentar", "Kommentar", "text", "Fritekst.", width=30),
        ),
    ),
)

UTBETALINGER = Sheet(
    name="Utbetalinger",
    title="Utbetalinger",
    intro="Én utbetaling per rad, til et tilsagn på arket Tilsagn.",
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
                "Tilsagnsnr.",
                "code",
                "Nummeret fra arket Tilsagn.",
                width=14,
                required=True,
                codelist="Liste_Tilsagn",
            ),
            Column("dato", "Dato", "date", "Utbetalingsdatoen (dd.mm.åååå).", width=12, required=True),
            Column("belop", "Beløp", "amount", "Utbetalt beløp i kroner.", width=14, required=True, total=True),
            Column("kommentar", "Kommentar", "text", "Fritekst.", width=40),
        ),
    ),
)

ANNEN_STOTTE = Sheet(
    name="Annen bagatellmessig støtte",
    title="Annen bagatellmessig støtte",
    intro=(
        "Bagatellmessig støtte mottakerne har fått fra andre støttegivere (egenerklæring, eller importert fra "
        "Støtteregisteret). Regnes med i grensen på EUR 300 000 over tre år. Beløp i kroner eller euro."
    ),
    since=2,
    table=Table(
        name="tblAnnenStotte",
        key="annen_stotte",
        title="",
        key_column="orgnr",
        capacity=40,
        columns=(
            Column("orgnr", "Org.nr", "orgnr", "Mottakers organisasjonsnummer (9 sifre).", width=12, required=True),
            Column("mottaker", "Mottaker", "text", "Mottakers navn.", width=24),
            Column("giver", "Støttegiver", "text", "Hvem som ga støtten.", width=28, required=True),
            Column("dato", "Tildelingsdato", "date", "Datoen støtten ble gitt (dd.mm.åååå).", width=13, required=True),
            Column("belop_nok", "Beløp NOK", "amount", "Beløpet i kroner (eller i euro i neste kolonne).", width=14),
            Column("belop_eur", "Beløp EUR", "amount", "Beløpet i euro, når det ikke er oppgitt i kroner.", width=14),
            Column("kilde", "Kilde", "text", "egenerklæring, Støtteregisteret, …", width=18),
        ),
    ),
)

# The workbook's layout version, stored in a hidden defined name. Version 1 had no register sheets.
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
GUIDE_SHEET = "Veiledning"
LISTS_SHEET = "Lister"
# The organisasjonsform comparison (criteria × forms, weights, scores, rank). Optional when reading: workbooks
# made before it existed have no such sheet. Its layout lives in ``omstill_xl.orgform``, not in SHEETS.
ORGFORM_SHEET = "Organisasjonsform"
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


def required_sheets() -> tuple[Sheet, ...]:
    """The sheets every readable workbook has (those of layout version 1)."""
    return tuple(s for s in SHEETS if s.since == 1)


def data_sheet_names() -> tuple[str, ...]:
    """Every sheet the reader takes values from (the file reader and the Excel button alike)."""
    return (*(s.name for s in SHEETS), ORGFORM_SHEET)


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


def render_formula(template: str, s: Sheet, row: int | None, capacities: dict[str, int]) -> str:
    """Fill a formula template for sheet ``s`` at ``row``.

    ``capacities`` maps table-sheet names to their number of data rows in this workbook (tables grow
    when an example holds more rows than the default capacity).
    """
    import re

    def table_range(target: Sheet, key: str) -> str:
        letter = table_col_letter(target, key)
        first = table_first_row(target)
        last = table_last_row(target, capacities.get(target.name))
        prefix = "" if target is s else quote_sheet(target.name) + "!"
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
