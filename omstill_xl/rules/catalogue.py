"""The rule catalogue: every finding the validator can emit, as data.

Codes are stable (never reused): ``OX-S`` structure, ``OX-A`` arithmetic, ``OX-F`` financing rules,
``OX-H`` spreadsheet hygiene, ``OX-X`` across workbooks/years, ``OX-O`` organisasjonsform, ``OX-P`` programstatusvurdering.
Messages are ``str.format`` templates filled by the rule; the hint says how to fix it.

Keep it this way: every code has a defect workbook built by code that triggers exactly that code
(``tests/defects.py`` for the single-file rules, ``tests/test_crossyear.py`` for OX-X); the tests fail when a code
has none, so a rule cannot exist without a workbook that shows it.
"""

from __future__ import annotations

from typing import Any

from ..findings import Finding
from ..model import Cell
from .spec import RuleSpec
from .specs_crossyear import SPECS as CROSSYEAR_SPECS
from .specs_orgform import SPECS as ORGFORM_SPECS
from .specs_psv import SPECS as PSV_SPECS

CORE_SPECS: tuple[RuleSpec, ...] = (
    # --- Structure ------------------------------------------------------------------------------------
    RuleSpec(
        "OX-S001", "feil", "Påkrevd verdi mangler", "«{label}» må fylles ut{context}.", "Fyll ut cellen.", "design"
    ),
    RuleSpec(
        "OX-S002",
        "feil",
        "Tall skrevet som tekst",
        "«{label}» inneholder teksten «{value}», ikke et tall{context}. Excel regner ikke med tekst, så summene "
        "blir for lave.",
        "Skriv tallet uten mellomrom, punktum eller «kr» (f.eks. {parsed_plain}), så viser cellen {parsed_pretty}.",
        "design",
    ),
    RuleSpec(
        "OX-S003",
        "feil",
        "Feil type verdi",
        "«{label}» skal være {kind}, men inneholder «{shown}»{context}.",
        "Skriv inn {kind}.",
        "design",
    ),
    RuleSpec(
        "OX-S004",
        "feil",
        "Verdi utenfor listen",
        "«{label}» har verdien «{shown}», som ikke er et gyldig valg{context}.",
        "Velg fra nedtrekkslisten: {allowed}.",
        "design",
    ),
    RuleSpec(
        "OX-S005",
        "feil",
        "Dobbel ID",
        "{what} «{value}» finnes flere ganger (også i {other}).",
        "Gi hver rad sin egen ID.",
        "design",
    ),
    RuleSpec(
        "OX-S006",
        "feil",
        "Ukjent innsatsområde",
        "Tiltak {tiltak} viser til innsatsområde «{value}», som ikke finnes på arket Innsatsområder.",
        "Velg en ID fra arket Innsatsområder ({allowed}), eller legg til innsatsområdet.",
        "design",
    ),
    RuleSpec(
        "OX-S007",
        "feil",
        "Tiltak uten innsatsområde",
        "Tiltak {tiltak} har ikke innsatsområde. Bare administrasjon/drift kan stå uten.",
        "Velg innsatsområde for tiltaket.",
        "design",
    ),
    RuleSpec(
        "OX-S008",
        "feil",
        "Ukjent kommunenummer",
        "Kommunenummer «{value}» {why}.",
        "{fix}",
        "formal",
    ),
    RuleSpec(
        "OX-S009",
        "feil",
        "Ugyldig organisasjonsnummer",
        "Org.nr «{value}» for {tiltak} er ikke gyldig: {why}.",
        "Sjekk nummeret i Enhetsregisteret (brreg.no). Det har 9 sifre, begynner på 8 eller 9 og slutter med et "
        "kontrollsiffer.",
        "formal",
    ),
    RuleSpec(
        "OX-S010",
        "feil",
        "Org.nr mangler",
        "Tiltak {tiltak} er bedriftsrettet, men mangler org.nr.",
        "Før inn prosjekteiers organisasjonsnummer; det trengs for å følge opp bagatellmessig støtte.",
        "formal",
    ),
    RuleSpec(
        "OX-S011",
        "feil",
        "År utenfor statusperioden",
        "{what} {value} er utenfor statusperioden {fra}–{til}.",
        "Rett årstallet, eller rett statusperioden på arket Program.",
        "formal",
    ),
    RuleSpec(
        "OX-S012",
        "feil",
        "Ugyldig statusperiode",
        "Statusperioden {fra}–{til} {why}.",
        "Omstillingsstatus gis for inntil seks år. Rett årstallene på arket Program.",
        "formal",
    ),
    RuleSpec(
        "OX-S013",
        "feil",
        "Negativt beløp",
        "«{label}» er negativ ({shown}){context}.",
        "Beløp føres som positive tall.",
        "design",
    ),
    RuleSpec(
        "OX-S014",
        "feil",
        "Ugyldig andel",
        "«{label}» er {shown}, men må være mellom 0 % og 100 %.",
        "Skriv andelen som prosent, f.eks. 75 %.",
        "design",
    ),
    RuleSpec(
        "OX-S015",
        "advarsel",
        "Mål for perioden mangler",
        "Indikatoren «{indikator}» har mål for {years}, men ikke noe mål for perioden.",
        "Før inn «Mål for perioden» (og gjerne utgangsverdien) på en av indikatorens rader. For en årlig "
        "indikator er det summen over årene; for nivåer og antall ulike verdien ved periodens slutt.",
        "design",
    ),
    RuleSpec(
        "OX-S016",
        "advarsel",
        "Ulike verdier for samme indikator",
        "«{label}» for «{indikator}» er {value} her, men {expected} i {other}; bare den første gjelder.",
        "Før utgangsverdi, utgangsår og mål for perioden på én rad per indikator, eller likt på alle radene.",
        "design",
    ),
    RuleSpec(
        "OX-S017",
        "feil",
        "Tilsagn til ukjent tiltak",
        "Tilsagn {tilsagn} gjelder tiltak «{value}», som ikke finnes på arket Tiltak.",
        "Velg tiltakets ID fra nedtrekkslisten ({allowed}).",
        "design",
    ),
    RuleSpec(
        "OX-S018",
        "feil",
        "Utbetaling til ukjent tilsagn",
        "Utbetalingen i rad {row} gjelder tilsagn «{value}», som ikke finnes på arket Tilsagn.",
        "Velg tilsagnsnummeret fra nedtrekkslisten, eller før tilsagnet inn på arket Tilsagn.",
        "design",
    ),
    RuleSpec(
        "OX-S019",
        "advarsel",
        "Gruppeunntak uten artikkel",
        "Tilsagn {tilsagn} er gitt etter gruppeunntaket, men artikkelen er ikke oppgitt.",
        "Skriv artikkelen i gruppeunntaksforordningen (GBER) tilsagnet bygger på, f.eks. «art. 22». "
        "Støtteregisteret krever rettsgrunnlaget.",
        "formal",
    ),
    RuleSpec(
        "OX-S020",
        "feil",
        "Annen støtte uten beløp",
        "Støtten fra {giver} til org.nr {orgnr} (rad {row}) har verken beløp i kroner eller i euro.",
        "Skriv beløpet i kroner eller i euro, så regnes det med i grensen for bagatellmessig støtte.",
        "formal",
    ),
    RuleSpec(
        "OX-S021",
        "info",
        "Arbeidsboka er laget med en eldre mal",
        "Arbeidsboka er laget med mal versjon {value} og mangler arkene {sheets}. Den leses og kontrolleres "
        "som før; tilsagn og bagatellmessig støtte regnes da fra arket Tiltak, uten datoer.",
        "Lag neste års arbeidsbok fra {file} med «omstill new»; den får de nye arkene.",
        "design",
    ),
    # --- Arithmetic ------------------------------------------------------------------------------------
    RuleSpec(
        "OX-A001",
        "feil",
        "Finansieringen går ikke opp",
        "Tiltak {tiltak}: kildene summerer til {found}, men budsjettet er {expected_pretty} (differanse {diff}).",
        "Juster finansieringen eller budsjettet slik at differansen blir 0.",
        "design",
    ),
    RuleSpec(
        "OX-A002",
        "feil",
        "Mer fordelt enn disponibelt",
        "Tiltakene har fått {found} i omstillingsmidler, men bare {expected_pretty} er disponibelt.",
        "Reduser omstillingsmidlene på tiltakene, eller rett tilskudd, egenandel eller overført beløp.",
        "design",
    ),
    RuleSpec(
        "OX-A003",
        "advarsel",
        "Omstillingsmidler ikke fordelt",
        "{found} av de disponible omstillingsmidlene ({expected_pretty}) er ikke fordelt på tiltak.",
        "Fordel midlene på tiltak, eller forklar hvorfor de holdes tilbake.",
        "design",
    ),
    RuleSpec(
        "OX-A004",
        "feil",
        "Innvilget mer enn budsjettert",
        "Tiltak {tiltak}: innvilget {found} er mer enn budsjetterte omstillingsmidler {expected_pretty}.",
        "Rett innvilget beløp, eller øk omstillingsmidlene i budsjettet.",
        "design",
    ),
    RuleSpec(
        "OX-A005",
        "feil",
        "Utbetalt mer enn innvilget",
        "Tiltak {tiltak}: utbetalt {found} er mer enn innvilget {expected_pretty}.",
        "Rett utbetalt eller innvilget beløp.",
        "design",
    ),
    RuleSpec(
        "OX-A006",
        "advarsel",
        "Regnskap avviker fra budsjett",
        "Tiltak {tiltak}: regnskap {found} avviker {pct} fra budsjetterte omstillingsmidler {expected_pretty}.",
        "Forklar avviket i kolonnen Kommentar; det tas med i årsrapporten.",
        "convention",
    ),
    RuleSpec(
        "OX-A007",
        "feil",
        "Formel viser feil verdi",
        "Formelen i cellen viser {found}, men regnet ut fra tallene i boka skal den vise {expected_pretty}.",
        "Trykk F9 i Excel for å regne ut på nytt. Hjelper ikke det, er formelen endret: lag formelen på nytt "
        "som i malen.",
        "design",
    ),
    RuleSpec(
        "OX-A008",
        "feil",
        "Formel overskrevet",
        "Cellen skulle hatt formelen ={formula}, men inneholder {found}.",
        "Skriv inn formelen igjen (eller kopier cellen over eller under). Cellen er låst i malen for å hindre dette.",
        "design",
    ),
    RuleSpec(
        "OX-A009",
        "advarsel",
        "Omstillingsmidler avviker fra rammen",
        "{what} for {year} er {found}, men rammen for året er {expected_pretty}.",
        "Rett beløpet eller rammen på arket Finansiering.",
        "design",
    ),
    RuleSpec(
        "OX-A010",
        "feil",
        "Regnskap over innvilget",
        "Tiltak {tiltak}: regnskap {found} er {over} mer enn innvilget {expected_pretty} (tilsagnet).",
        "Rett regnskapet eller innvilget beløp. Er det brukt mer enn tilsagnet, må det søkes om mer, eller "
        "overskridelsen dekkes av andre midler.",
        "design",
    ),
    RuleSpec(
        "OX-A012",
        "feil",
        "Utbetalt mer enn tilsagnet",
        "Tilsagn {tilsagn}: utbetalingene summerer til {found}, {over} mer enn tilsagnet {expected_pretty}.",
        "Rett utbetalingene på arket Utbetalinger eller beløpet i tilsagnet.",
        "design",
    ),
    RuleSpec(
        "OX-A011",
        "feil",
        "Brukt mer enn disponibelt",
        "Tiltakene har brukt {found} i {year} (regnskap, eller utbetalt der regnskap ikke er ført), {over} mer enn "
        "disponibelt {expected_pretty}.",
        "Rett regnskapet eller utbetalingene, eller tilskudd, egenandel eller overført fra fjoråret på arket "
        "Finansiering.",
        "design",
    ),
    # --- Financing rules --------------------------------------------------------------------------------
    RuleSpec(
        "OX-F001",
        "feil",
        "Fylkeskommunens andel for høy",
        "Fylkeskommunens tilskudd {tilskudd} er {found} av omstillingsmidlene {total}, {over} over maksimum "
        "{expected_pretty} ({allowed}; maksimum fra {source}).",
        "Reduser fylkeskommunens tilskudd med {over}, eller øk kommunens egenandel.",
        "formal",
    ),
    RuleSpec(
        "OX-F002",
        "advarsel",
        "Høy andel til administrasjon",
        "Administrasjon/drift får {found} av omstillingsmidlene på tiltak; vanlig praksis er høyst {expected_pretty}.",
        "Vurder å flytte midler fra administrasjon til tiltak. Terskelen er praksis, ikke lov, og kan endres "
        "i profilen.",
        "convention",
    ),
    RuleSpec(
        "OX-F003",
        "advarsel",
        "Mulig drift eller investering i bedrift",
        "Tiltak {tiltak} er bedriftsrettet og ser ut til å gjelde {what} («{word}»). Omstillingsmidler skal "
        "ikke brukes til drift eller investeringer i bedrifter.",
        "Sjekk at tiltaket er utviklingsarbeid (forstudie/forprosjekt), eller finansier det på annen måte.",
        "formal",
    ),
    RuleSpec(
        "OX-F004",
        "feil",
        "Over grensen for bagatellmessig støtte",
        "{name} (org.nr {orgnr}) får {found} i bagatellmessig støtte {period} i denne arbeidsboka ({where}), mer "
        "enn grensen på EUR {eur}{limit_text} over tre år.{approx}",
        "Reduser støtten, eller meld den under et annet støtteregelverk. Regn også med annen bagatellstøtte "
        "bedriften har fått de siste tre årene.",
        "formal",
    ),
    RuleSpec(
        "OX-F005",
        "advarsel",
        "Maksimal andel over fylkets profil",
        "Arbeidsboka tillater fylkeskommunen {found}, mer enn {expected_pretty} som gjelder for {fylke}; "
        "kontrollen bruker {expected_pretty}.",
        "Rett «Fylkeskommunens maksimale andel» på arket Program, eller oppdater profilen.",
        "formal",
    ),
    RuleSpec(
        "OX-F006",
        "info",
        "Omstillingsmidler i hovedprosjekt for én bedrift",
        "Tiltak {tiltak} er et bedriftsrettet hovedprosjekt med {found} i omstillingsmidler. Midlene brukes "
        "helst i tidlige faser (forstudie og forprosjekt).",
        "Vurder om Innovasjon Norge eller andre ordinære virkemidler bør ta hovedprosjektet.",
        "convention",
    ),
    RuleSpec(
        "OX-F007",
        "advarsel",
        "Igangsatt tiltak uten innvilget beløp",
        "Tiltak {tiltak} har status «{status}», men ikke noe innvilget beløp. Et tiltak som er innvilget eller "
        "i gang, har fått tilsagn om omstillingsmidler.",
        "Før inn beløpet i tilsagnet i kolonnen Innvilget, eller rett statusen (f.eks. «søkt» eller «planlagt»).",
        "design",
    ),
    # --- Spreadsheet hygiene ----------------------------------------------------------------------------
    RuleSpec(
        "OX-H001",
        "feil",
        "Feilverdi i celle",
        "Cellen viser feilverdien {value}.",
        "Rett formelen eller verdien cellen viser til.",
        "design",
    ),
    RuleSpec(
        "OX-H002",
        "advarsel",
        "Formel ulik naboene",
        "Formelen ={found} skiller seg fra de andre i kolonnen (vanlig form: ={expected_pretty}).",
        "Kopier formelen fra cellen over eller under.",
        "design",
    ),
    RuleSpec(
        "OX-H003",
        "advarsel",
        "Tall skrevet inn i formel",
        "Formelen ={found} inneholder det faste tallet {value}.",
        "Legg tallet i en egen celle og vis til den, så synes forutsetningen.",
        "design",
    ),
    RuleSpec(
        "OX-H004",
        "advarsel",
        "Kobling til annen fil",
        "Arbeidsboka har {value} kobling(er) til andre filer.",
        "Fjern koblingene (Data → Rediger koblinger → Bryt kobling) før boka sendes videre.",
        "design",
    ),
    RuleSpec(
        "OX-H005",
        "advarsel",
        "Manuell beregning",
        "Arbeidsboka er satt til manuell beregning, så summene kan være utdaterte.",
        "Velg Formler → Beregningsalternativer → Automatisk.",
        "design",
    ),
    RuleSpec(
        "OX-H006",
        "advarsel",
        "Skjult ark",
        "Arket «{value}» er skjult og hører ikke til malen.",
        "Vis arket (høyreklikk på en arkfane → Vis) og sjekk om det skal være med.",
        "design",
    ),
    RuleSpec(
        "OX-H007",
        "feil",
        "Formel uten utregnet verdi",
        "«{label}» har formelen ={formula}, men fila er lagret uten den utregnede verdien, så tallet kan ikke leses.",
        "Åpne arbeidsboka i Excel eller LibreOffice og lagre den, så regnes formelen ut. Eller skriv tallet "
        "direkte i cellen.",
        "design",
    ),
    RuleSpec(
        "OX-H008",
        "advarsel",
        "Tekst eller formel som kan starte noe utenfor arbeidsboka",
        "Cellen inneholder «{value}». {why}",
        "Skriv teksten uten {start} først (eller med en apostrof foran), og fjern lenker og kommandoer som peker "
        "ut av arbeidsboka.",
        "design",
    ),
    # Across workbooks and years (OX-X…): specs_crossyear.py. Organisasjonsform (OX-O…): specs_orgform.py.
)

RULES: tuple[RuleSpec, ...] = CORE_SPECS + CROSSYEAR_SPECS + ORGFORM_SPECS + PSV_SPECS

BY_CODE: dict[str, RuleSpec] = {r.code: r for r in RULES}


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
    """A finding for rule ``code`` at ``cell`` (or ``sheet``/``ref``), its message filled from ``fmt``."""
    spec = BY_CODE[code]
    args = {"value": value, "expected": expected, **fmt}
    return Finding(
        code=code,
        severity=spec.severity,
        title=spec.title,
        message=spec.message.format(**args),
        hint=spec.hint.format(**args),
        sheet=cell.sheet if cell else sheet,
        cell=cell.ref if cell else ref,
        value=value,
        expected=expected,
    )
