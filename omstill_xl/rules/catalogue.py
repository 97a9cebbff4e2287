"""The rule catalogue: every finding the validator can emit, as data.

Codes are stable (never reused): ``OX-S`` structure, ``OX-A`` arithmetic, ``OX-F`` financing rules,
``OX-H`` spreadsheet hygiene, ``OX-X`` across workbooks/years, ``OX-O`` organisasjonsform, ``OX-P`` programstatusvurdering.
Messages are ``str.format`` templates filled by the rule; the hint says how to fix it.

Keep it this way: every code has a defect workbook built by code that triggers exactly that code
(``tests/defects.py`` for the single-file rules, ``tests/test_crossyear.py`` for OX-X); the tests fail when a code
has none, so a rule cannot exist without a workbook that shows it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from .. import i18n
from .. import schema as S
from ..findings import Finding
from ..i18n import N_
from ..model import Cell, Handlingsplan
from ..orgform.layout import LABEL_SUM as ORGFORM_SUM_LABEL
from .spec import RuleSpec
from .specs_crossyear import SPECS as CROSSYEAR_SPECS
from .specs_orgform import SPECS as ORGFORM_SPECS
from .specs_psv import SPECS as PSV_SPECS

CORE_SPECS: tuple[RuleSpec, ...] = (
    # --- Structure ------------------------------------------------------------------------------------
    RuleSpec(
        "OX-S001",
        "feil",
        N_("Påkrevd verdi mangler"),
        N_("«{label}» må fylles ut{context}."),
        N_("Fyll ut cellen."),
        "design",
    ),
    RuleSpec(
        "OX-S002",
        "feil",
        N_("Tall skrevet som tekst"),
        N_(
            "«{label}» inneholder teksten «{value}», ikke et tall{context}. Excel regner ikke med tekst, så summene "
            "blir for lave."
        ),
        N_("Skriv tallet uten mellomrom, punktum eller «kr» (f.eks. {parsed_plain}), så viser cellen {parsed_pretty}."),
        "design",
    ),
    RuleSpec(
        "OX-S003",
        "feil",
        N_("Feil type verdi"),
        N_("«{label}» skal være {kind}, men inneholder «{shown}»{context}."),
        N_("Skriv inn {kind}."),
        "design",
    ),
    RuleSpec(
        "OX-S004",
        "feil",
        N_("Verdi utenfor listen"),
        N_("«{label}» har verdien «{shown}», som ikke er et gyldig valg{context}."),
        N_("Velg fra nedtrekkslisten: {allowed}."),
        "design",
    ),
    RuleSpec(
        "OX-S005",
        "feil",
        N_("Dobbel ID"),
        N_("{what} «{value}» finnes flere ganger (også i {other})."),
        N_("Gi hver rad sin egen ID."),
        "design",
    ),
    RuleSpec(
        "OX-S006",
        "feil",
        N_("Ukjent innsatsområde"),
        N_("Tiltak {tiltak} viser til innsatsområde «{value}», som ikke finnes på arket {ark_innsatsomrader}."),
        N_("Velg en ID fra arket {ark_innsatsomrader} ({allowed}), eller legg til innsatsområdet."),
        "design",
    ),
    RuleSpec(
        "OX-S007",
        "feil",
        N_("Tiltak uten innsatsområde"),
        N_("Tiltak {tiltak} har ikke innsatsområde. Bare administrasjon/drift kan stå uten."),
        N_("Velg innsatsområde for tiltaket."),
        "design",
    ),
    RuleSpec(
        "OX-S008",
        "feil",
        N_("Ukjent kommunenummer"),
        N_("Kommunenummer «{value}» {why}."),
        "{fix}",
        "formal",
    ),
    RuleSpec(
        "OX-S009",
        "feil",
        N_("Ugyldig organisasjonsnummer"),
        N_("Org.nr «{value}» for {tiltak} er ikke gyldig: {why}."),
        N_(
            "Sjekk nummeret i Enhetsregisteret (brreg.no). Det har 9 sifre, begynner på 8 eller 9 og slutter med et "
            "kontrollsiffer."
        ),
        "formal",
    ),
    RuleSpec(
        "OX-S010",
        "feil",
        N_("Org.nr mangler"),
        N_("Tiltak {tiltak} er bedriftsrettet, men mangler org.nr."),
        N_("Før inn prosjekteiers organisasjonsnummer; det trengs for å følge opp bagatellmessig støtte."),
        "formal",
    ),
    RuleSpec(
        "OX-S011",
        "feil",
        N_("År utenfor statusperioden"),
        N_("{what} {value} er utenfor statusperioden {fra}–{til}."),
        N_("Rett årstallet, eller rett statusperioden på arket {ark_program}."),
        "formal",
    ),
    RuleSpec(
        "OX-S012",
        "feil",
        N_("Ugyldig statusperiode"),
        N_("Statusperioden {fra}–{til} {why}."),
        N_("Omstillingsstatus gis for inntil seks år. Rett årstallene på arket {ark_program}."),
        "formal",
    ),
    RuleSpec(
        "OX-S013",
        "feil",
        N_("Negativt beløp"),
        N_("«{label}» er negativ ({shown}){context}."),
        N_("Beløp føres som positive tall."),
        "design",
    ),
    RuleSpec(
        "OX-S014",
        "feil",
        N_("Ugyldig andel"),
        N_("«{label}» er {shown}, men må være mellom 0 % og 100 %."),
        N_("Skriv andelen som prosent, f.eks. 75 %."),
        "design",
    ),
    RuleSpec(
        "OX-S015",
        "advarsel",
        N_("Mål for perioden mangler"),
        N_("Indikatoren «{indikator}» har mål for {years}, men ikke noe mål for perioden."),
        N_(
            "Før inn «{label}» (og gjerne utgangsverdien) på en av indikatorens rader. For en årlig "
            "indikator er det summen over årene; for nivåer og antall ulike verdien ved periodens slutt."
        ),
        "design",
    ),
    RuleSpec(
        "OX-S016",
        "advarsel",
        N_("Ulike verdier for samme indikator"),
        N_("«{label}» for «{indikator}» er {value} her, men {expected} i {other}; bare den første gjelder."),
        N_("Før utgangsverdi, utgangsår og mål for perioden på én rad per indikator, eller likt på alle radene."),
        "design",
    ),
    RuleSpec(
        "OX-S017",
        "feil",
        N_("Tilsagn til ukjent tiltak"),
        N_("Tilsagn {tilsagn} gjelder tiltak «{value}», som ikke finnes på arket {ark_tiltak}."),
        N_("Velg tiltakets ID fra nedtrekkslisten ({allowed})."),
        "design",
    ),
    RuleSpec(
        "OX-S018",
        "feil",
        N_("Utbetaling til ukjent tilsagn"),
        N_("Utbetalingen i rad {row} gjelder tilsagn «{value}», som ikke finnes på arket {ark_tilsagn}."),
        N_("Velg tilsagnsnummeret fra nedtrekkslisten, eller før tilsagnet inn på arket {ark_tilsagn}."),
        "design",
    ),
    RuleSpec(
        "OX-S019",
        "advarsel",
        N_("Gruppeunntak uten artikkel"),
        N_("Tilsagn {tilsagn} er gitt etter gruppeunntaket, men artikkelen er ikke oppgitt."),
        N_(
            "Skriv artikkelen i gruppeunntaksforordningen (GBER) tilsagnet bygger på, f.eks. «art. 22». "
            "Støtteregisteret krever rettsgrunnlaget."
        ),
        "formal",
    ),
    RuleSpec(
        "OX-S020",
        "feil",
        N_("Annen støtte uten beløp"),
        N_("Støtten fra {giver} til org.nr {orgnr} (rad {row}) har verken beløp i kroner eller i euro."),
        N_("Skriv beløpet i kroner eller i euro, så regnes det med i grensen for bagatellmessig støtte."),
        "formal",
    ),
    RuleSpec(
        "OX-S021",
        "info",
        N_("Arbeidsboka er laget med en eldre mal"),
        N_(
            "Arbeidsboka er laget med mal versjon {value} og mangler arkene {sheets}. Den leses og kontrolleres "
            "som før; tilsagn og bagatellmessig støtte regnes da fra arket {ark_tiltak}, uten datoer."
        ),
        N_("Lag neste års arbeidsbok fra {file} med «omstill new»; den får de nye arkene."),
        "design",
    ),
    # --- Arithmetic ------------------------------------------------------------------------------------
    RuleSpec(
        "OX-A001",
        "feil",
        N_("Finansieringen går ikke opp"),
        N_("Tiltak {tiltak}: kildene summerer til {found}, men budsjettet er {expected_pretty} (differanse {diff})."),
        N_("Juster finansieringen eller budsjettet slik at differansen blir 0."),
        "design",
    ),
    RuleSpec(
        "OX-A002",
        "feil",
        N_("Mer fordelt enn disponibelt"),
        N_("Tiltakene har fått {found} i omstillingsmidler, men bare {expected_pretty} er disponibelt."),
        N_("Reduser omstillingsmidlene på tiltakene, eller rett tilskudd, egenandel eller overført beløp."),
        "design",
    ),
    RuleSpec(
        "OX-A003",
        "advarsel",
        N_("Omstillingsmidler ikke fordelt"),
        N_("{found} av de disponible omstillingsmidlene ({expected_pretty}) er ikke fordelt på tiltak."),
        N_("Fordel midlene på tiltak, eller forklar hvorfor de holdes tilbake."),
        "design",
    ),
    RuleSpec(
        "OX-A004",
        "feil",
        N_("Innvilget mer enn budsjettert"),
        N_("Tiltak {tiltak}: innvilget {found} er mer enn budsjetterte omstillingsmidler {expected_pretty}."),
        N_("Rett innvilget beløp, eller øk omstillingsmidlene i budsjettet."),
        "design",
    ),
    RuleSpec(
        "OX-A005",
        "feil",
        N_("Utbetalt mer enn innvilget"),
        N_("Tiltak {tiltak}: utbetalt {found} er mer enn innvilget {expected_pretty}."),
        N_("Rett utbetalt eller innvilget beløp."),
        "design",
    ),
    RuleSpec(
        "OX-A006",
        "advarsel",
        N_("Regnskap avviker fra budsjett"),
        N_("Tiltak {tiltak}: regnskap {found} avviker {pct} fra budsjetterte omstillingsmidler {expected_pretty}."),
        N_("Forklar avviket i kolonnen {kol_kommentar}; det tas med i årsrapporten."),
        "convention",
    ),
    RuleSpec(
        "OX-A007",
        "feil",
        N_("Formel viser feil verdi"),
        N_("Formelen i cellen viser {found}, men regnet ut fra tallene i boka skal den vise {expected_pretty}."),
        N_(
            "Trykk F9 i Excel for å regne ut på nytt. Hjelper ikke det, er formelen endret: lag formelen på nytt "
            "som i malen."
        ),
        "design",
    ),
    RuleSpec(
        "OX-A008",
        "feil",
        N_("Formel overskrevet"),
        N_("Cellen skulle hatt formelen ={formula}, men inneholder {found}."),
        N_(
            "Skriv inn formelen igjen (eller kopier cellen over eller under). Cellen er låst i malen for å hindre dette."
        ),
        "design",
    ),
    RuleSpec(
        "OX-A009",
        "advarsel",
        N_("Omstillingsmidler avviker fra rammen"),
        N_("{what} for {year} er {found}, men rammen for året er {expected_pretty}."),
        N_("Rett beløpet eller rammen på arket {ark_finansiering}."),
        "design",
    ),
    RuleSpec(
        "OX-A010",
        "feil",
        N_("Regnskap over innvilget"),
        N_("Tiltak {tiltak}: regnskap {found} er {over} mer enn innvilget {expected_pretty} (tilsagnet)."),
        N_(
            "Rett regnskapet eller innvilget beløp. Er det brukt mer enn tilsagnet, må det søkes om mer, eller "
            "overskridelsen dekkes av andre midler."
        ),
        "design",
    ),
    RuleSpec(
        "OX-A012",
        "feil",
        N_("Utbetalt mer enn tilsagnet"),
        N_("Tilsagn {tilsagn}: utbetalingene summerer til {found}, {over} mer enn tilsagnet {expected_pretty}."),
        N_("Rett utbetalingene på arket {ark_utbetalingar} eller beløpet i tilsagnet."),
        "design",
    ),
    RuleSpec(
        "OX-A011",
        "feil",
        N_("Brukt mer enn disponibelt"),
        N_(
            "Tiltakene har brukt {found} i {year} (regnskap, eller utbetalt der regnskap ikke er ført), {over} mer enn "
            "disponibelt {expected_pretty}."
        ),
        N_(
            "Rett regnskapet eller utbetalingene, eller tilskudd, egenandel eller overført fra fjoråret på arket "
            "{ark_finansiering}."
        ),
        "design",
    ),
    # --- Financing rules --------------------------------------------------------------------------------
    RuleSpec(
        "OX-F001",
        "feil",
        N_("Fylkeskommunens andel for høy"),
        N_(
            "Fylkeskommunens tilskudd {tilskudd} er {found} av omstillingsmidlene {total}, {over} over maksimum "
            "{expected_pretty} ({allowed}; maksimum fra {source})."
        ),
        N_("Reduser fylkeskommunens tilskudd med {over}, eller øk kommunens egenandel."),
        "formal",
    ),
    RuleSpec(
        "OX-F002",
        "advarsel",
        N_("Høy andel til administrasjon"),
        N_(
            "Administrasjon/drift får {found} av omstillingsmidlene på tiltak; vanlig praksis er høyst {expected_pretty}."
        ),
        N_(
            "Vurder å flytte midler fra administrasjon til tiltak. Terskelen er praksis, ikke lov, og kan endres "
            "i profilen."
        ),
        "convention",
    ),
    RuleSpec(
        "OX-F003",
        "advarsel",
        N_("Mulig drift eller investering i bedrift"),
        N_(
            "Tiltak {tiltak} er bedriftsrettet og ser ut til å gjelde {what} («{word}»). Omstillingsmidler skal "
            "ikke brukes til drift eller investeringer i bedrifter."
        ),
        N_("Sjekk at tiltaket er utviklingsarbeid (forstudie/forprosjekt), eller finansier det på annen måte."),
        "formal",
    ),
    RuleSpec(
        "OX-F004",
        "feil",
        N_("Over grensen for bagatellmessig støtte"),
        N_(
            "{name} (org.nr {orgnr}) får {found} i bagatellmessig støtte {period} i denne arbeidsboka ({where}), mer "
            "enn grensen på EUR {eur}{limit_text} over tre år.{approx}"
        ),
        N_(
            "Reduser støtten, eller meld den under et annet støtteregelverk. Regn også med annen bagatellstøtte "
            "bedriften har fått de siste tre årene."
        ),
        "formal",
    ),
    RuleSpec(
        "OX-F005",
        "advarsel",
        N_("Maksimal andel over fylkets profil"),
        N_(
            "Arbeidsboka tillater fylkeskommunen {found}, mer enn {expected_pretty} som gjelder for {fylke}; "
            "kontrollen bruker {expected_pretty}."
        ),
        N_("Rett «{label}» på arket {ark_program}, eller oppdater profilen."),
        "formal",
    ),
    RuleSpec(
        "OX-F006",
        "info",
        N_("Omstillingsmidler i hovedprosjekt for én bedrift"),
        N_(
            "Tiltak {tiltak} er et bedriftsrettet hovedprosjekt med {found} i omstillingsmidler. Midlene brukes "
            "helst i tidlige faser (forstudie og forprosjekt)."
        ),
        N_("Vurder om Innovasjon Norge eller andre ordinære virkemidler bør ta hovedprosjektet."),
        "convention",
    ),
    RuleSpec(
        "OX-F007",
        "advarsel",
        N_("Igangsatt tiltak uten innvilget beløp"),
        N_(
            "Tiltak {tiltak} har status «{status}», men ikke noe innvilget beløp. Et tiltak som er innvilget eller "
            "i gang, har fått tilsagn om omstillingsmidler."
        ),
        N_(
            "Før inn beløpet i tilsagnet i kolonnen {kol_innvilget}, eller rett statusen (f.eks. «søkt» eller «planlagt»)."
        ),
        "design",
    ),
    # --- Spreadsheet hygiene ----------------------------------------------------------------------------
    RuleSpec(
        "OX-H001",
        "feil",
        N_("Feilverdi i celle"),
        N_("Cellen viser feilverdien {value}."),
        N_("Rett formelen eller verdien cellen viser til."),
        "design",
    ),
    RuleSpec(
        "OX-H002",
        "advarsel",
        N_("Formel ulik naboene"),
        N_("Formelen ={found} skiller seg fra de andre i kolonnen (vanlig form: ={expected_pretty})."),
        N_("Kopier formelen fra cellen over eller under."),
        "design",
    ),
    RuleSpec(
        "OX-H003",
        "advarsel",
        N_("Tall skrevet inn i formel"),
        N_("Formelen ={found} inneholder det faste tallet {value}."),
        N_("Legg tallet i en egen celle og vis til den, så synes forutsetningen."),
        "design",
    ),
    RuleSpec(
        "OX-H004",
        "advarsel",
        N_("Kobling til annen fil"),
        N_("Arbeidsboka har {value} kobling(er) til andre filer."),
        N_("Fjern koblingene (Data → Rediger koblinger → Bryt kobling) før boka sendes videre."),
        "design",
    ),
    RuleSpec(
        "OX-H005",
        "advarsel",
        N_("Manuell beregning"),
        N_("Arbeidsboka er satt til manuell beregning, så summene kan være utdaterte."),
        N_("Velg Formler → Beregningsalternativer → Automatisk."),
        "design",
    ),
    RuleSpec(
        "OX-H006",
        "advarsel",
        N_("Skjult ark"),
        N_("Arket «{value}» er skjult og hører ikke til malen."),
        N_("Vis arket (høyreklikk på en arkfane → Vis) og sjekk om det skal være med."),
        "design",
    ),
    RuleSpec(
        "OX-H007",
        "feil",
        N_("Formel uten utregnet verdi"),
        N_(
            "«{label}» har formelen ={formula}, men fila er lagret uten den utregnede verdien, så tallet kan ikke leses."
        ),
        N_(
            "Åpne arbeidsboka i Excel eller LibreOffice og lagre den, så regnes formelen ut. Eller skriv tallet "
            "direkte i cellen."
        ),
        "design",
    ),
    RuleSpec(
        "OX-H008",
        "advarsel",
        N_("Tekst eller formel som kan starte noe utenfor arbeidsboka"),
        N_("Cellen inneholder «{value}». {why}"),
        N_(
            "Skriv teksten uten {start} først (eller med en apostrof foran), og fjern lenker og kommandoer som peker "
            "ut av arbeidsboka."
        ),
        "design",
    ),
    # Across workbooks and years (OX-X…): specs_crossyear.py. Organisasjonsform (OX-O…): specs_orgform.py.
)

RULES: tuple[RuleSpec, ...] = CORE_SPECS + CROSSYEAR_SPECS + ORGFORM_SPECS + PSV_SPECS

BY_CODE: dict[str, RuleSpec] = {r.code: r for r in RULES}


def _header(sheet: S.Sheet, key: str) -> str:
    assert sheet.table is not None
    return sheet.table.column(key).header


# Sheet and column names a message names («arket {ark_finansiering}», «kolonnen {kol_innvilget}»): filled from the
# schema in the message's målform, which is the workbook's own unless the user chose another — so a nynorsk
# workbook's findings say «kolonnen Innvilga», «arket Utbetalingar», as its tabs and headers read.
_SHOWN: dict[str, tuple[str, str]] = {
    "ark_program": (S.DOMAIN, S.PROGRAM.name),
    "ark_innsatsomrader": (S.DOMAIN, S.INNSATSOMRADER.name),
    "ark_tiltak": (S.DOMAIN, S.TILTAK.name),
    "ark_finansiering": (S.DOMAIN, S.FINANSIERING.name),
    "ark_maal": (S.DOMAIN, S.MAAL.name),
    "ark_tilsagn": (S.DOMAIN, S.TILSAGN.name),
    "ark_utbetalingar": (S.DOMAIN, S.UTBETALINGER.name),
    "ark_orgform": (S.DOMAIN, S.ORGFORM_SHEET),
    "kol_innvilget": (S.DOMAIN, _header(S.TILTAK, "innvilget")),
    "kol_kommentar": (S.DOMAIN, _header(S.TILTAK, "kommentar")),
    "kol_begrunnelse": (S.DOMAIN, _header(S.PSV, "begrunnelse")),
    "kol_skaar": (S.DOMAIN, _header(S.PSV, "skaar")),
    "sum_vekter": ("orgform", ORGFORM_SUM_LABEL),
}


# While one workbook is checked (``sheets_named_as``): its sheets by canonical name → the name on its tab, for
# the sheets it has. A bokmål workbook checked in nynorsk (``--maalform nynorsk``) keeps «arket Regnskap».
_WORKBOOK_SHEETS: ContextVar[Mapping[str, str] | None] = ContextVar("workbook_sheets", default=None)


@contextmanager
def sheets_named_as(plan: Handlingsplan) -> Iterator[None]:
    """Within: messages name ``plan``'s sheets as its workbook names them, whatever the målform of the text;
    a sheet the workbook lacks is named in the målform of the text."""
    present = set(plan.facts.sheet_names)
    names = {}
    for key, (_domain, canonical) in _SHOWN.items():
        shown = plan.sheet_title(canonical) or canonical
        if key.startswith("ark_") and (canonical in present or shown in present):
            names[canonical] = shown
    token = _WORKBOOK_SHEETS.set(names)
    try:
        yield
    finally:
        _WORKBOOK_SHEETS.reset(token)


def shown_names() -> dict[str, str]:
    """The sheet and column names messages name: a sheet as the workbook being checked names it
    (``sheets_named_as``), else each in the current målform, as a new workbook shows it."""
    sheets = _WORKBOOK_SHEETS.get() or {}
    return {
        key: sheets[text] if text in sheets else i18n.gettext(domain, text) for key, (domain, text) in _SHOWN.items()
    }


def make(
    code: str,
    cell: Cell | None = None,
    *,
    sheet: str | None = None,
    ref: str | None = None,
    value: Any = None,
    expected: Any = None,
    **fmt: Any,
) -> Finding:
    """A finding for rule ``code`` at ``cell`` (or ``sheet``/``ref``), its message filled from ``fmt``.

    Title, message and hint are in the current målform (``i18n``); so must be the words a rule puts in ``fmt``."""
    spec = BY_CODE[code]
    args = {**shown_names(), "value": value, "expected": expected, **fmt}
    return Finding(
        code=code,
        severity=spec.severity,
        title=i18n.gettext("rules", spec.title),
        message=i18n.gettext("rules", spec.message).format(**args),
        hint=i18n.gettext("rules", spec.hint).format(**args),
        sheet=cell.sheet if cell else sheet,
        cell=cell.ref if cell else ref,
        value=value,
        expected=expected,
    )
