"""The organisasjonsform comparison, declared once: the six forms and the criteria with their facts.

The first six criteria and their facts come from the comparison table in the INTRO course on regional
omstilling (regionalomstilling.no, slide 66). The extracted slide text lost its column boundaries, so a few
cells are placed by inference; they are marked ``inferred`` and shown with an asterisk. The last six
criteria are the ones real decisions weigh (a board with observers, legal entity, employer, accounting
rules, continuation after the period, the kommune's financial risk), worded from the statutes that govern
each form. Weights are the kommune's own; the defaults below sum to 100 % and are only a starting point.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_, gettext, translator
from ..schema import ORGANISASJONSFORMER

_ = translator("orgform")

# The forms, in the order of the Program sheet's code list (the keys of every per-form mapping).
FORMS: tuple[str, ...] = ORGANISASJONSFORMER.values
# Column headings (sheet and Word) and short names (chart, text output), same order as FORMS (bokmål; the
# functions below and ``headings()``/``short_names()`` give the current målform).
FORM_HEADINGS: tuple[str, ...] = (
    N_("Stiftelse"),
    N_("Kommunalt foretak (KF)"),
    N_("Interkommunalt selskap (IKS)"),
    N_("Kommunal avdeling"),
    N_("Aksjeselskap (AS)"),
    N_("Program"),
)
FORM_SHORT: tuple[str, ...] = (N_("Stiftelse"), N_("KF"), N_("IKS"), N_("Kommunal avdeling"), N_("AS"), N_("Program"))

SOURCE_SLIDE = "slide"  # criterion from the course's comparison table
SOURCE_PRACTICE = "practice"  # criterion real decisions weigh, worded from the statutes

INFERRED_MARK = " *"
SOURCE_NOTE = N_(
    "Kilde: De seks første kriteriene og faktaene er fra sammenlikningen av organisasjonsformer i INTRO-kurset "
    "om regional omstilling (regionalomstilling.no, lysark 66). Tekst merket * er tolket, fordi kildens tabell "
    "ikke er fullstendig. De seks siste kriteriene er vanlige vurderinger i praksis, formulert ut fra "
    "stiftelsesloven, kommuneloven, IKS-loven og aksjeloven. Faktaene om innsyn følger offentleglova § 2. Under hver "
    "beskrivelse står lovene faktaene bygger på. Kontroller mot gjeldende regelverk før vedtak."
)


@dataclass(frozen=True)
class Criterion:
    """One criterion. Its texts are declared in bokmål (the catalogue's msgids, ``*_text``); the properties
    without the suffix give them in the current målform."""

    key: str  # ASCII identifier (the key in data and DataFrames)
    name_text: str  # Norwegian label, shown on the sheet and in the Word section
    description_text: str  # what the criterion is about (short, factual)
    facts_text: tuple[str, ...]  # one fact per form, FORMS order
    weight: float  # default weight (fraction; all defaults sum to 1)
    hint_text: str  # how to score it: what 5 points means
    source: str = SOURCE_SLIDE
    inferred: frozenset[int] = frozenset()  # indices into FORMS whose fact is placed by inference
    legal_text: str = ""  # the statutes the facts rest on, shown under the description on the sheet

    @property
    def name(self) -> str:
        return _(self.name_text)

    @property
    def description(self) -> str:
        return _(self.description_text)

    @property
    def hint(self) -> str:
        return _(self.hint_text)

    @property
    def legal(self) -> str:
        return _(self.legal_text)

    @property
    def facts(self) -> tuple[str, ...]:
        return tuple(_(f) for f in self.facts_text)

    @property
    def description_with_law(self) -> str:
        """The description with the statutes under it (the sheet's text)."""
        return (
            _("{description}\nLov: {legal}").format(description=self.description, legal=self.legal)
            if self.legal
            else self.description
        )

    def fact(self, form_index: int, *, marked: bool = True) -> str:
        text = _(self.facts_text[form_index])
        return text + INFERRED_MARK if marked and form_index in self.inferred else text


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "eier",
        N_("Eier"),
        N_("Hvem som eier organisasjonen."),
        (
            N_("Ingen betydning"),
            N_("Kommunen"),
            N_("Kommunene"),
            N_("Del av kommunen"),
            N_("Mange"),
            N_("Kommunen og/eller andre"),
        ),
        0.05,
        N_("5 = eierskapet kommunen ønsker"),
        legal_text=N_("Stiftelsesloven § 2; kommuneloven kapittel 9; IKS-loven § 1; aksjeloven § 1-1."),
    ),
    Criterion(
        "eierinnflytelse",
        N_("Eierinnflytelse"),
        N_("Hvor mye eieren kan styre virksomheten."),
        (
            N_("Begrenset"),
            N_("Stor. Kan avsette styret"),
            N_("Kommunene har begrenset myndighet"),
            N_("Stor. Kommunestyret bestemmer, rådmannen er administrativ leder"),
            N_("Stor. Generalforsamlingen"),
            N_("Stor"),
        ),
        0.10,
        N_("5 = kommunen kan styre så tett den ønsker"),
        legal_text=N_("Stiftelsesloven § 2 og § 3; kommuneloven kapittel 9; IKS-loven; aksjeloven § 5-1."),
    ),
    Criterion(
        "eierforpliktelse",
        N_("Eierforpliktelse"),
        N_("Hva eieren forplikter seg til, særlig økonomisk."),
        (
            N_("Ingen"),
            N_("Svært stor. Finansielt ansvar"),
            N_("Svært stor. Reguleres i samarbeidsavtale"),
            N_("Svært stor"),
            N_("Liten"),
            N_("Stor. Programmet er ikke juridisk enhet"),
        ),
        0.05,
        N_("5 = forpliktelser kommunen kan leve med"),
        legal_text=N_("Kommuneloven kapittel 9; IKS-loven § 3; aksjeloven § 1-2."),
    ),
    Criterion(
        "styret",
        N_("Styrets rolle"),
        N_("Styrets makt og ansvar."),
        (
            N_("Stor makt"),
            N_("Makt i henhold til kommuneloven"),
            N_("Stor makt. Ansvarlig. Kan delegere"),
            N_("Ikke eget styre"),
            N_("Personlig ansvar etter aksjeloven"),
            N_("Stor innenfor mandatet"),
        ),
        0.10,
        N_("5 = styret får den rollen kommunen ønsker"),
        legal_text=N_("Stiftelsesloven; kommuneloven kapittel 9; IKS-loven; aksjeloven kapittel 6."),
        inferred=frozenset({3, 4, 5}),
    ),
    Criterion(
        "innsyn",
        N_("Innsyn og offentlighet"),
        N_("Allmennhetens innsyn i saker og dokumenter."),
        (
            N_(
                "Stor når kommunen oppnevner flertallet i styret: offentleglova gjelder (§ 2 første ledd d). Ellers lite"
            ),
            N_("Stor. Offentleglova gjelder: foretaket er en del av kommunen (§ 2 første ledd a)"),
            N_("Stor. Offentleglova gjelder: kommunene eier selskapet (§ 2 første ledd c)"),
            N_("Stor. Offentleglova gjelder (§ 2 første ledd a)"),
            N_("Stor når kommunen eier mer enn halvparten: offentleglova gjelder (§ 2 første ledd c). Ellers lite"),
            N_("Som eierens: kommunens dokumenter om programmet er omfattet (§ 2 første ledd a)"),
        ),
        0.05,
        N_("5 = den åpenheten kommunen vil ha"),
        legal_text=N_(
            "Offentleglova § 2 første ledd a, c og d. Bokstav c og d gjelder ikke et selskap som hovedsakelig "
            "driver næring i direkte konkurranse med private (§ 2 andre ledd)."
        ),
    ),
    Criterion(
        "partnerskap",
        N_("Mulighet for partnerskap"),
        N_("Om andre, som nabokommuner og næringsliv, kan bli med som eiere eller partnere."),
        (
            N_("Nei. Selvstendig stiftelse"),
            N_("Nei. Kommunen er eneeier"),
            N_("For involverte kommuner"),
            N_("Nei. Kommunen er eneeier"),
            N_("Stor"),
            N_("Mulig. Eier kan være kommunen og/eller andre"),
        ),
        0.10,
        N_("5 = lett å ta med nabokommuner og næringsliv"),
        legal_text=N_("Stiftelsesloven § 2; kommuneloven kapittel 9; IKS-loven § 1; aksjeloven."),
        inferred=frozenset({4, 5}),
    ),
    Criterion(
        "observatorer",
        N_("Styre med observatører"),
        N_(
            "Om styret kan ha observatører fra fylkeskommunen og Innovasjon Norge, slik omstillingsprogrammer ofte har."
        ),
        (
            N_("Mulig hvis vedtektene åpner for det"),
            N_("Ja, kan fastsettes i vedtektene"),
            N_("Mulig hvis selskapsavtalen åpner for det"),
            N_("Ikke eget styre. En rådgivende styringsgruppe kan ha observatører"),
            N_("Ja, kan fastsettes i vedtekter eller aksjonæravtale"),
            N_("Ja, fastsettes i programmets mandat"),
        ),
        0.10,
        N_("5 = observatører fra fylkeskommunen og Innovasjon Norge er enkelt"),
        legal_text=N_("Stiftelsens vedtekter; kommuneloven kapittel 9; IKS-selskapsavtalen; aksjeloven."),
        source=SOURCE_PRACTICE,
    ),
    Criterion(
        "juridisk_enhet",
        N_("Juridisk enhet"),
        N_("Om organisasjonen er et eget rettssubjekt som kan inngå avtaler og ha forpliktelser i eget navn."),
        (
            N_("Ja. Selvstendig rettssubjekt (stiftelsesloven)"),
            N_("Nei. Del av kommunen (kommuneloven kapittel 9)"),
            N_("Ja. Eget rettssubjekt (IKS-loven)"),
            N_("Nei. Del av kommunen"),
            N_("Ja. Eget rettssubjekt (aksjeloven)"),
            N_("Nei. Programmet er ikke juridisk enhet"),
        ),
        0.05,
        N_("5 = kan inngå avtaler og søke midler i eget navn"),
        legal_text=N_("Stiftelsesloven § 2; kommuneloven kapittel 9; IKS-loven § 1; aksjeloven § 1-1."),
        source=SOURCE_PRACTICE,
    ),
    Criterion(
        "arbeidsgiveransvar",
        N_("Arbeidsgiveransvar"),
        N_("Hvem som er arbeidsgiver for programleder og de ansatte."),
        (
            N_("Stiftelsen"),
            N_("Kommunen. De ansatte er kommunalt ansatt"),
            N_("Selskapet"),
            N_("Kommunen"),
            N_("Selskapet"),
            N_("Kommunen eller en vertsorganisasjon"),
        ),
        0.05,
        N_("5 = arbeidsgiveransvaret ligger der kommunen vil ha det"),
        legal_text=N_("Arbeidsmiljøloven § 1-8 (arbeidsgiver); kommuneloven kapittel 9."),
        source=SOURCE_PRACTICE,
    ),
    Criterion(
        "regnskapsregler",
        N_("Regnskapsregler"),
        N_("Hvilke regler budsjett og regnskap føres etter."),
        (
            N_("Regnskapsloven"),
            N_("Kommunelovens regler. Eget budsjett og regnskap for foretaket"),
            N_("Eget regnskap etter IKS-loven"),
            N_("Kommunens budsjett og regnskap"),
            N_("Regnskapsloven"),
            N_("Eierens regnskap, oftest kommunens"),
        ),
        0.05,
        N_("5 = regler kommunen og revisor kjenner"),
        legal_text=N_("Regnskapsloven § 1-2; kommuneloven kapittel 14; IKS-loven."),
        source=SOURCE_PRACTICE,
    ),
    Criterion(
        "videreforing",
        N_("Videreføring etter perioden"),
        N_(
            "Hvor lett arbeidet kan videreføres når omstillingsperioden er over. Et videreføringsprosjekt bør "
            "starte senest to år før slutt."
        ),
        (
            N_("Består. Formålet er bundet, og endring krever samtykke fra stiftelsesmyndigheten"),
            N_("Kan videreføres eller legges ned ved vedtak i kommunestyret"),
            N_("Kan videreføres. Endringer krever enighet mellom eierkommunene"),
            N_("Kan videreføres som en del av kommunens næringsarbeid"),
            N_("Kan videreføres, f.eks. som utviklingsselskap. Nye eiere kan komme inn"),
            N_("Avsluttes med perioden. Videreføring krever en ny organisasjon"),
        ),
        0.15,
        N_("5 = enkel videreføring etter perioden"),
        legal_text=N_("Stiftelsesloven kapittel 8 (omdanning); kommuneloven kapittel 9; IKS-loven; aksjeloven."),
        source=SOURCE_PRACTICE,
    ),
    Criterion(
        "okonomisk_risiko",
        N_("Kommunens økonomiske risiko"),
        N_("Hva kommunen risikerer å måtte dekke hvis organisasjonen får tap eller gjeld."),
        (
            N_("Begrenset til kapitalen kommunen skyter inn"),
            N_("Full. Kommunen hefter for foretakets forpliktelser"),
            N_("Ubegrenset for sin eierandel av selskapets forpliktelser"),
            N_("Full. Alle kostnader er kommunens"),
            N_("Begrenset til aksjeinnskuddet og eventuelle garantier"),
            N_("Full for kommunens del. Programmet er ikke juridisk enhet"),
        ),
        0.15,
        N_("5 = liten risiko for kommunen"),
        legal_text=N_("Kommuneloven kapittel 9; IKS-loven § 3; aksjeloven § 1-2."),
        source=SOURCE_PRACTICE,
    ),
)

CRITERION_KEYS: tuple[str, ...] = tuple(c.key for c in CRITERIA)
BY_KEY: dict[str, Criterion] = {c.key: c for c in CRITERIA}
DEFAULT_WEIGHTS: dict[str, float] = {c.key: c.weight for c in CRITERIA}
MIN_SCORE, MAX_SCORE = 1, 5


def form_heading(form: str) -> str:
    return _(FORM_HEADINGS[FORMS.index(form)])


def form_short(form: str) -> str:
    return _(FORM_SHORT[FORMS.index(form)])


def form_name(form: str) -> str:
    """A form's name in running text, in the current målform («kommunalt føretak (KF)» in nynorsk): the Program
    sheet's code-list word, translated where it is declared (schema, the workbook catalogue)."""
    return gettext("workbook", form) if form in FORMS else form


def headings() -> list[str]:
    """The forms' column headings in the current målform."""
    return [_(h) for h in FORM_HEADINGS]


def short_names() -> list[str]:
    """The forms' short names in the current målform."""
    return [_(h) for h in FORM_SHORT]


def source_note() -> str:
    return _(SOURCE_NOTE)
