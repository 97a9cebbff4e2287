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

from ..schema import ORGANISASJONSFORMER

# The forms, in the order of the Program sheet's code list (the keys of every per-form mapping).
FORMS: tuple[str, ...] = ORGANISASJONSFORMER.values
# Column headings (sheet and Word) and short names (chart, text output), same order as FORMS.
FORM_HEADINGS: tuple[str, ...] = (
    "Stiftelse",
    "Kommunalt foretak (KF)",
    "Interkommunalt selskap (IKS)",
    "Kommunal avdeling",
    "Aksjeselskap (AS)",
    "Program",
)
FORM_SHORT: tuple[str, ...] = ("Stiftelse", "KF", "IKS", "Kommunal avdeling", "AS", "Program")

SOURCE_SLIDE = "slide"  # criterion from the course's comparison table
SOURCE_PRACTICE = "practice"  # criterion real decisions weigh, worded from the statutes

INFERRED_MARK = " *"
SOURCE_NOTE = (
    "Kilde: De seks første kriteriene og faktaene er fra sammenlikningen av organisasjonsformer i INTRO-kurset "
    "om regional omstilling (regionalomstilling.no, lysark 66). Tekst merket * er tolket, fordi kildens tabell "
    "ikke er fullstendig. De seks siste kriteriene er vanlige vurderinger i praksis, formulert ut fra "
    "stiftelsesloven, kommuneloven, IKS-loven og aksjeloven. Faktaene om innsyn følger offentleglova § 2. Under hver "
    "beskrivelse står lovene faktaene bygger på. Kontroller mot gjeldende regelverk før vedtak."
)


@dataclass(frozen=True)
class Criterion:
    key: str  # ASCII identifier (the key in data and DataFrames)
    name: str  # Norwegian label, shown on the sheet and in the Word section
    description: str  # what the criterion is about (short, factual)
    facts: tuple[str, ...]  # one fact per form, FORMS order
    weight: float  # default weight (fraction; all defaults sum to 1)
    hint: str  # how to score it: what 5 points means
    source: str = SOURCE_SLIDE
    inferred: frozenset[int] = frozenset()  # indices into FORMS whose fact is placed by inference
    legal: str = ""  # the statutes the facts rest on, shown under the description on the sheet

    @property
    def description_with_law(self) -> str:
        """The description with the statutes under it (the sheet's text)."""
        return f"{self.description}\nLov: {self.legal}" if self.legal else self.description

    def fact(self, form_index: int, *, marked: bool = True) -> str:
        text = self.facts[form_index]
        return text + INFERRED_MARK if marked and form_index in self.inferred else text


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "eier",
        "Eier",
        "Hvem som eier organisasjonen.",
        ("Ingen betydning", "Kommunen", "Kommunene", "Del av kommunen", "Mange", "Kommunen og/eller andre"),
        0.05,
        "5 = eierskapet kommunen ønsker",
        legal="Stiftelsesloven § 2; kommuneloven kapittel 9; IKS-loven § 1; aksjeloven § 1-1.",
    ),
    Criterion(
        "eierinnflytelse",
        "Eierinnflytelse",
        "Hvor mye eieren kan styre virksomheten.",
        (
            "Begrenset",
            "Stor. Kan avsette styret",
            "Kommunene har begrenset myndighet",
            "Stor. Kommunestyret bestemmer, rådmannen er administrativ leder",
            "Stor. Generalforsamlingen",
            "Stor",
        ),
        0.10,
        "5 = kommunen kan styre så tett den ønsker",
        legal="Stiftelsesloven § 2 og § 3; kommuneloven kapittel 9; IKS-loven; aksjeloven § 5-1.",
    ),
    Criterion(
        "eierforpliktelse",
        "Eierforpliktelse",
        "Hva eieren forplikter seg til, særlig økonomisk.",
        (
            "Ingen",
            "Svært stor. Finansielt ansvar",
            "Svært stor. Reguleres i samarbeidsavtale",
            "Svært stor",
            "Liten",
            "Stor. Programmet er ikke juridisk enhet",
        ),
        0.05,
        "5 = forpliktelser kommunen kan leve med",
        legal="Kommuneloven kapittel 9; IKS-loven § 3; aksjeloven § 1-2.",
    ),
    Criterion(
        "styret",
        "Styrets rolle",
        "Styrets makt og ansvar.",
        (
            "Stor makt",
            "Makt i henhold til kommuneloven",
            "Stor makt. Ansvarlig. Kan delegere",
            "Ikke eget styre",
            "Personlig ansvar etter aksjeloven",
            "Stor innenfor mandatet",
        ),
        0.10,
        "5 = styret får den rollen kommunen ønsker",
        legal="Stiftelsesloven; kommuneloven kapittel 9; IKS-loven; aksjeloven kapittel 6.",
        inferred=frozenset({3, 4, 5}),
    ),
    Criterion(
        "innsyn",
        "Innsyn og offentlighet",
        "Allmennhetens innsyn i saker og dokumenter.",
        (
            "Stor når kommunen oppnevner flertallet i styret: offentleglova gjelder (§ 2 første ledd d). Ellers lite",
            "Stor. Offentleglova gjelder: foretaket er en del av kommunen (§ 2 første ledd a)",
            "Stor. Offentleglova gjelder: kommunene eier selskapet (§ 2 første ledd c)",
            "Stor. Offentleglova gjelder (§ 2 første ledd a)",
            "Stor når kommunen eier mer enn halvparten: offentleglova gjelder (§ 2 første ledd c). Ellers lite",
            "Som eierens: kommunens dokumenter om programmet er omfattet (§ 2 første ledd a)",
        ),
        0.05,
        "5 = den åpenheten kommunen vil ha",
        legal="Offentleglova § 2 første ledd a, c og d. Bokstav c og d gjelder ikke et selskap som hovedsakelig "
        "driver næring i direkte konkurranse med private (§ 2 andre ledd).",
    ),
    Criterion(
        "partnerskap",
        "Mulighet for partnerskap",
        "Om andre, som nabokommuner og næringsliv, kan bli med som eiere eller partnere.",
        (
            "Nei. Selvstendig stiftelse",
            "Nei. Kommunen er eneeier",
            "For involverte kommuner",
            "Nei. Kommunen er eneeier",
            "Stor",
            "Mulig. Eier kan være kommunen og/eller andre",
        ),
        0.10,
        "5 = lett å ta med nabokommuner og næringsliv",
        legal="Stiftelsesloven § 2; kommuneloven kapittel 9; IKS-loven § 1; aksjeloven.",
        inferred=frozenset({4, 5}),
    ),
    Criterion(
        "observatorer",
        "Styre med observatører",
        "Om styret kan ha observatører fra fylkeskommunen og Innovasjon Norge, slik omstillingsprogrammer ofte har.",
        (
            "Mulig hvis vedtektene åpner for det",
            "Ja, kan fastsettes i vedtektene",
            "Mulig hvis selskapsavtalen åpner for det",
            "Ikke eget styre. En rådgivende styringsgruppe kan ha observatører",
            "Ja, kan fastsettes i vedtekter eller aksjonæravtale",
            "Ja, fastsettes i programmets mandat",
        ),
        0.10,
        "5 = observatører fra fylkeskommunen og Innovasjon Norge er enkelt",
        legal="Stiftelsens vedtekter; kommuneloven kapittel 9; IKS-selskapsavtalen; aksjeloven.",
        source=SOURCE_PRACTICE,
    ),
    Criterion(
        "juridisk_enhet",
        "Juridisk enhet",
        "Om organisasjonen er et eget rettssubjekt som kan inngå avtaler og ha forpliktelser i eget navn.",
        (
            "Ja. Selvstendig rettssubjekt (stiftelsesloven)",
            "Nei. Del av kommunen (kommuneloven kapittel 9)",
            "Ja. Eget rettssubjekt (IKS-loven)",
            "Nei. Del av kommunen",
            "Ja. Eget rettssubjekt (aksjeloven)",
            "Nei. Programmet er ikke juridisk enhet",
        ),
        0.05,
        "5 = kan inngå avtaler og søke midler i eget navn",
        legal="Stiftelsesloven § 2; kommuneloven kapittel 9; IKS-loven § 1; aksjeloven § 1-1.",
        source=SOURCE_PRACTICE,
    ),
    Criterion(
        "arbeidsgiveransvar",
        "Arbeidsgiveransvar",
        "Hvem som er arbeidsgiver for programleder og de ansatte.",
        (
            "Stiftelsen",
            "Kommunen. De ansatte er kommunalt ansatt",
            "Selskapet",
            "Kommunen",
            "Selskapet",
            "Kommunen eller en vertsorganisasjon",
        ),
        0.05,
        "5 = arbeidsgiveransvaret ligger der kommunen vil ha det",
        legal="Arbeidsmiljøloven § 1-8 (arbeidsgiver); kommuneloven kapittel 9.",
        source=SOURCE_PRACTICE,
    ),
    Criterion(
        "regnskapsregler",
        "Regnskapsregler",
        "Hvilke regler budsjett og regnskap føres etter.",
        (
            "Regnskapsloven",
            "Kommunelovens regler. Eget budsjett og regnskap for foretaket",
            "Eget regnskap etter IKS-loven",
            "Kommunens budsjett og regnskap",
            "Regnskapsloven",
            "Eierens regnskap, oftest kommunens",
        ),
        0.05,
        "5 = regler kommunen og revisor kjenner",
        legal="Regnskapsloven § 1-2; kommuneloven kapittel 14; IKS-loven.",
        source=SOURCE_PRACTICE,
    ),
    Criterion(
        "videreforing",
        "Videreføring etter perioden",
        "Hvor lett arbeidet kan videreføres når omstillingsperioden er over. Et videreføringsprosjekt bør "
        "starte senest to år før slutt.",
        (
            "Består. Formålet er bundet, og endring krever samtykke fra stiftelsesmyndigheten",
            "Kan videreføres eller legges ned ved vedtak i kommunestyret",
            "Kan videreføres. Endringer krever enighet mellom eierkommunene",
            "Kan videreføres som en del av kommunens næringsarbeid",
            "Kan videreføres, f.eks. som utviklingsselskap. Nye eiere kan komme inn",
            "Avsluttes med perioden. Videreføring krever en ny organisasjon",
        ),
        0.15,
        "5 = enkel videreføring etter perioden",
        legal="Stiftelsesloven kapittel 8 (omdanning); kommuneloven kapittel 9; IKS-loven; aksjeloven.",
        source=SOURCE_PRACTICE,
    ),
    Criterion(
        "okonomisk_risiko",
        "Kommunens økonomiske risiko",
        "Hva kommunen risikerer å måtte dekke hvis organisasjonen får tap eller gjeld.",
        (
            "Begrenset til kapitalen kommunen skyter inn",
            "Full. Kommunen hefter for foretakets forpliktelser",
            "Ubegrenset for sin eierandel av selskapets forpliktelser",
            "Full. Alle kostnader er kommunens",
            "Begrenset til aksjeinnskuddet og eventuelle garantier",
            "Full for kommunens del. Programmet er ikke juridisk enhet",
        ),
        0.15,
        "5 = liten risiko for kommunen",
        legal="Kommuneloven kapittel 9; IKS-loven § 3; aksjeloven § 1-2.",
        source=SOURCE_PRACTICE,
    ),
)

CRITERION_KEYS: tuple[str, ...] = tuple(c.key for c in CRITERIA)
BY_KEY: dict[str, Criterion] = {c.key: c for c in CRITERIA}
DEFAULT_WEIGHTS: dict[str, float] = {c.key: c.weight for c in CRITERIA}
MIN_SCORE, MAX_SCORE = 1, 5


def form_heading(form: str) -> str:
    return FORM_HEADINGS[FORMS.index(form)]


def form_short(form: str) -> str:
    return FORM_SHORT[FORMS.index(form)]
