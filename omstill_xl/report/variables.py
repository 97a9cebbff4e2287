"""The report context schema, declared once: every variable a Word template can use, with its kind and meaning.

``context.build_context`` produces exactly this shape (``check_context`` proves it in the tests), the
template lint (``lint.py``) checks a template's variables against it, and ``variables_markdown()`` writes the
README's variable reference from it — so the three cannot drift apart.

Kinds (Norwegian, as users read them in the README):

- ``tekst``: plain text; ``fritekst``: text from the workbook, or a highlighted «[Skriv her: …]» placeholder
  for the author when the workbook has none (never invented prose)
- ``beløp`` (kroner), ``tall``, ``andel`` (0–1, print with ``|prosent``), ``år``, ``dato`` (ISO text,
  print with ``|dato``), ``ja/nei``
- ``objekt`` (has fields), ``liste`` (of objects with fields, or of ``item`` values), ``bilde`` (a chart:
  chart data in the context, an image in the document)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .. import schema as S
from ..i18n import N_, gettext, translator

_ = translator("report")

SCALAR_KINDS = ("tekst", "fritekst", "beløp", "tall", "andel", "år", "dato", "ja/nei")
KINDS = (*SCALAR_KINDS, "objekt", "liste", "bilde")


@dataclass(frozen=True)
class Var:
    """One context variable. ``fields`` for ``objekt`` and for ``liste`` of objects; ``item`` for lists of values."""

    key: str
    kind: str
    doc: str
    fields: tuple[Var, ...] = ()
    item: str | Var | None = None  # a liste of values: the kind of each value (or a Var for nested lists)
    optional: bool = False  # the value may be None (empty)

    def field(self, key: str) -> Var | None:
        for f in self.fields:
            if f.key == key:
                return f
        return None


def V(key: str, kind: str, doc: str, *fields: Var, item: str | Var | None = None, optional: bool = False) -> Var:
    assert kind in KINDS, kind
    return Var(key, kind, doc, tuple(fields), item, optional)


# --- reusable shapes ---------------------------------------------------------------------------------------

_MONEY_STATUS = (
    V("budsjett", "beløp", N_("budsjett (total kostnad)")),
    V("omstillingsmidler", "beløp", N_("budsjetterte omstillingsmidler")),
    V("innvilget", "beløp", N_("innvilgede omstillingsmidler (tom når ingen tiltak har tall)"), optional=True),
    V("utbetalt", "beløp", N_("utbetalte omstillingsmidler (tom når ingen tiltak har tall)"), optional=True),
    V("regnskap", "beløp", N_("bokført forbruk av omstillingsmidler (tom når ingen tiltak har tall)"), optional=True),
)


# Descriptions taken from the schema (its texts are in the «workbook» catalogue): the bokmål text → the text in
# the current målform.
_SCHEMA_DOCS: dict[str, Callable[[], str]] = {}


def _lower_first(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].lower() + text[1:]


def _source_text(c: S.Column) -> str:
    """A financing source described from its schema column: «finansiering fra Innovasjon Norge»."""
    doc = _lower_first(c.help)
    _SCHEMA_DOCS.setdefault(doc, lambda: _lower_first(gettext("workbook", c.help)))
    return doc


def _short(c: S.Column) -> str:
    """A financing source's short name from the schema."""
    _SCHEMA_DOCS.setdefault(c.short, lambda: gettext("workbook", c.short))
    return c.short


def describe(var: Var) -> str:
    """What ``var`` holds, in the current målform (the README's table is the bokmål)."""
    if var.doc in _SCHEMA_DOCS:
        return _SCHEMA_DOCS[var.doc]()
    return _(var.doc).replace("{chart}", _(_CHART_DOC))


TILTAK_FIELDS = (
    V("id", "tekst", N_("tiltakets ID, f.eks. T1.1")),
    V("innsatsomrade", "tekst", N_("innsatsområdets ID (tom for administrasjon)")),
    V("strategi", "tekst", N_("strategien (A, B, …)")),
    V("navn", "tekst", N_("tiltakets navn")),
    V("type", "tekst", N_("administrasjon, tilretteleggende eller bedriftsrettet")),
    V("plp_fase", "tekst", N_("forstudie, forprosjekt, hovedprosjekt eller ikke relevant")),
    V("prosjekteier", "tekst", N_("prosjekteier")),
    V("orgnr", "tekst", N_("prosjekteiers org.nr")),
    V("status", "tekst", N_("status (planlagt, søkt, innvilget, pågår, avsluttet, utsatt, avslått)")),
    V("budsjett", "beløp", N_("budsjett (total kostnad)"), optional=True),
    *(V(c.key, "beløp", _source_text(c), optional=True) for c in S.FINANCING_SOURCES),
    V("innvilget", "beløp", N_("innvilgede omstillingsmidler"), optional=True),
    V("utbetalt", "beløp", N_("utbetalte omstillingsmidler"), optional=True),
    V("regnskap", "beløp", N_("regnskap (omstillingsmidler)"), optional=True),
    V("resultatmaal", "tekst", N_("resultatmålet fra arbeidsboka (tom hvis ikke ført)")),
    V("prosjektmaal", "tekst", N_("prosjektmålet fra arbeidsboka (tom hvis ikke ført)")),
    V("kommentar", "tekst", N_("kolonnen Kommentar fra arbeidsboka (tom hvis ikke ført)")),
)

_CHART_DOC = N_("Word-diagram (kan redigeres i Word) med alternativ tekst; tomt hvis det ikke er data")

CONTEXT = V(
    "",
    "objekt",
    N_("rapportkonteksten"),
    *(
        V("aar", "år", N_("rapportåret")),
        V("tittel", "tekst", N_("«Årsrapport 2025»")),
        V("periode_fra", "dato", N_("første dag i rapportåret")),
        V("periode_til", "dato", N_("siste dag i rapportåret")),
        V("validert", "ja/nei", N_("sant når ingen av arbeidsbøkene rapporten bygger på har feil")),
        V(
            "ikke_validert",
            "tekst",
            N_("stempelet «IKKE VALIDERT …» når rapporten er laget selv om arbeidsboka har feil, ellers tom"),
        ),
        V(
            "program",
            "objekt",
            N_("programmet"),
            *(
                V("navn", "tekst", N_("programmets navn")),
                V("kommunenummer", "tekst", N_("kommunenummer (fire sifre)")),
                V("kommune", "tekst", N_("kommunens navn (fra kommunelisten 2024)")),
                V("fylke", "tekst", N_("fylket")),
                V("fylkeskommune", "tekst", N_("«Vestland fylkeskommune»")),
                V("organisasjonsform", "tekst", N_("organisasjonsformen")),
                V("organisasjon", "tekst", N_("programorganisasjonen")),
                V("programleder", "tekst", N_("programleder")),
                V("status_fra", "år", N_("første år med omstillingsstatus"), optional=True),
                V("status_til", "år", N_("siste år med omstillingsstatus"), optional=True),
                V(
                    "programaar",
                    "tall",
                    N_("hvilket år i statusperioden rapporten gjelder (1 = første)"),
                    optional=True,
                ),
                V("antall_aar", "tall", N_("statusperiodens lengde i år"), optional=True),
                V("hovedmaal", "fritekst", N_("hovedmålet fra arket Program")),
            ),
        ),
        V(
            "nokkeltall",
            "objekt",
            N_("nøkkeltall for året"),
            *(
                V("antall_tiltak", "tall", N_("tiltak utenom administrasjon/drift")),
                V("antall_innsatsomrader", "tall", N_("innsatsområder")),
                V("antall_avsluttet", "tall", N_("tiltak med status avsluttet")),
                V("antall_bedriftsrettede", "tall", N_("bedriftsrettede tiltak")),
                V("andre_kilder", "beløp", N_("finansiering fra andre enn omstillingsmidlene")),
                V("utlosning", "tall", N_("kroner fra andre kilder per krone omstillingsmidler"), optional=True),
            ),
        ),
        V(
            "innledning",
            "objekt",
            N_("kapittelet Innledning"),
            *(V("tekst", "fritekst", N_("innledningen (skrives av programleder)")),),
        ),
        V(
            "maal",
            "objekt",
            N_("kapittelet Mål og resultater"),
            *(
                V("fra_aar", "år", N_("første år i de kumulative tallene («hittil»)")),
                V("kildeaar", "liste", N_("årene det finnes arbeidsbøker for i de kumulative tallene"), item="år"),
                V(
                    "indikatorer",
                    "liste",
                    N_("indikatorer med mål eller resultat i perioden til og med rapportåret"),
                    *(
                        V("navn", "tekst", N_("indikatoren")),
                        V("maal", "tall", N_("mål for rapportåret"), optional=True),
                        V("resultat", "tall", N_("resultat for rapportåret"), optional=True),
                        V("avvik", "tall", N_("resultat minus mål"), optional=True),
                        V("maal_hittil", "tall", N_("sum mål fra fra_aar til og med rapportåret"), optional=True),
                        V(
                            "resultat_hittil",
                            "tall",
                            N_("sum resultater fra fra_aar til og med rapportåret"),
                            optional=True,
                        ),
                        V("andel_hittil", "andel", N_("resultat hittil delt på mål hittil"), optional=True),
                        V(
                            "maal_perioden",
                            "tall",
                            N_(
                                "målet for perioden fra arbeidsboka («Mål for perioden»), ellers for årlige indikatorer "
                                "summen av årsmålene"
                            ),
                            optional=True,
                        ),
                        V(
                            "andel_perioden",
                            "andel",
                            N_(
                                "andel av målet for perioden nådd: årlige indikatorer med resultat hittil, nivåer og "
                                "antall ulike med siste resultat"
                            ),
                            optional=True,
                        ),
                        V("utgangsverdi", "tall", N_("utgangspunktet: verdien ved periodens start"), optional=True),
                        V("utgangsaar", "år", N_("året utgangsverdien gjelder"), optional=True),
                        V(
                            "summerbar",
                            "ja/nei",
                            N_(
                                "sant for årlige indikatorer (summeres over år); usant for nivåer, andeler og antall ulike"
                            ),
                        ),
                        V("nivaa", "ja/nei", N_("sant for nivåer og andeler (vises ikke i diagrammet over antall)")),
                    ),
                ),
                V(
                    "senere",
                    "liste",
                    N_("indikatorer med mål bare for senere år"),
                    *(
                        V("navn", "tekst", N_("indikatoren")),
                        V("aar", "år", N_("året målet gjelder")),
                        V("maal", "tall", N_("målet"), optional=True),
                        V("kommentar", "tekst", N_("kommentaren fra arbeidsboka")),
                    ),
                ),
                V(
                    "kommentarer",
                    "liste",
                    N_("kommentarer til indikatorene fra arbeidsboka (rapportåret)"),
                    *(
                        V("indikator", "tekst", N_("indikatoren")),
                        V("aar", "år", N_("året")),
                        V("tekst", "tekst", N_("kommentaren")),
                    ),
                ),
                V("vurdering", "fritekst", N_("vurdering av måloppnåelsen (skrives av programleder)")),
            ),
        ),
        V(
            "diagrammer",
            "objekt",
            N_("diagrammene"),
            *(
                V("indikatorer", "bilde", N_("mål og resultat per indikator i rapportåret; {chart}"), optional=True),
                V(
                    "arbeidsplasser",
                    "bilde",
                    N_("arbeidsplasser hittil mot målet, kumulativt over perioden; {chart}"),
                    optional=True,
                ),
                V(
                    "innsatsomrader",
                    "bilde",
                    N_("omstillingsmidler, innvilget og utbetalt per innsatsområde; {chart}"),
                    optional=True,
                ),
            ),
        ),
        V(
            "innsatsomrader",
            "liste",
            N_("ett kapittel per innsatsområde"),
            *(
                V("nr", "tall", N_("løpenummer (1, 2, …)")),
                V("id", "tekst", N_("ID, f.eks. IO1")),
                V("navn", "tekst", N_("navnet")),
                V("maal", "fritekst", N_("målet fra arket Innsatsområder")),
                V("strategier", "tekst", N_("strategiene fra arket Innsatsområder")),
                *_MONEY_STATUS,
                V("antall_tiltak", "tall", N_("tiltak i innsatsområdet")),
                V("tiltak", "liste", N_("prosjektporteføljen"), *TILTAK_FIELDS),
                V(
                    "kommentarer",
                    "liste",
                    N_("tiltak med kommentar i arbeidsboka"),
                    *(
                        V("id", "tekst", N_("tiltakets ID")),
                        V("navn", "tekst", N_("tiltakets navn")),
                        V("tekst", "tekst", N_("kommentaren")),
                    ),
                ),
                V("vurdering", "fritekst", N_("resultater og vurdering for innsatsområdet (skrives av programleder)")),
            ),
        ),
        V("uten_innsatsomrade", "liste", N_("tiltak (ikke administrasjon) uten gyldig innsatsområde"), *TILTAK_FIELDS),
        V("totalt", "objekt", N_("sum for alle tiltak, administrasjon medregnet"), *_MONEY_STATUS),
        V(
            "organisering",
            "objekt",
            N_("kapittelet Organisering og drift"),
            *(
                V("organisasjonsform", "tekst", N_("organisasjonsformen")),
                V("organisasjon", "tekst", N_("programorganisasjonen")),
                V("programleder", "tekst", N_("programleder")),
                V("styret", "fritekst", N_("styret: sammensetning, møter og viktige saker (skrives av programleder)")),
                V("samarbeid", "fritekst", N_("samarbeid og kommunikasjon (skrives av programleder)")),
                V(
                    "administrasjon",
                    "objekt",
                    N_("administrasjon og drift (tiltak av typen administrasjon)"),
                    *_MONEY_STATUS,
                    V("andel", "andel", N_("administrasjonens andel av omstillingsmidlene på tiltak")),
                    V("terskel", "andel", N_("terskelen fra profilen (vanligvis 25 %)")),
                    V("over_terskel", "ja/nei", N_("sant når andelen er over terskelen")),
                ),
                V(
                    "tillegg",
                    "liste",
                    N_("tilleggsseksjoner (krok for senere arbeid, f.eks. vurdering av organisasjonsform)"),
                    *(
                        V("tittel", "tekst", N_("overskrift (Overskrift 2)")),
                        V("avsnitt", "liste", N_("avsnitt"), item="tekst"),
                        V(
                            "tabell",
                            "objekt",
                            N_("tabell (kan mangle)"),
                            *(
                                V("kolonner", "liste", N_("kolonneoverskrifter"), item="tekst"),
                                V(
                                    "rader",
                                    "liste",
                                    N_("rader; hver rad er en liste av celletekster"),
                                    item=V("rad", "liste", "", item="tekst"),
                                ),
                            ),
                            optional=True,
                        ),
                    ),
                ),
            ),
        ),
        V(
            "finansiering",
            "objekt",
            N_("kapittelet Finansiering og innvilgningsstatus"),
            *(
                V("fylkeskommunens_tilskudd", "beløp", N_("fylkeskommunens tilskudd i rapportåret")),
                V("kommunens_egenandel", "beløp", N_("kommunens egenandel i rapportåret")),
                V("omstillingsmidler", "beløp", N_("tilskudd pluss egenandel")),
                V("overfort", "beløp", N_("overført fra fjoråret")),
                V("disponibelt", "beløp", N_("omstillingsmidler pluss overført")),
                V("fordelt", "beløp", N_("omstillingsmidler fordelt på tiltak")),
                V("ikke_fordelt", "beløp", N_("disponibelt minus fordelt")),
                V("fylkesandel", "andel", N_("fylkeskommunens andel av omstillingsmidlene")),
                V("egenandel_andel", "andel", N_("kommunens andel av omstillingsmidlene")),
                V("maks_fylkesandel", "andel", N_("fylkeskommunens maksimale andel (arket Program)"), optional=True),
                V("over_maks", "ja/nei", N_("sant når fylkesandelen er over maksimum")),
                V(
                    "kilder",
                    "liste",
                    N_("finansieringen av tiltakene per kilde"),
                    *(
                        V("navn", "tekst", N_("kilden")),
                        V("belop", "beløp", N_("beløpet")),
                        V("andel", "andel", N_("andel av budsjettet")),
                    ),
                ),
                V("kilder_sum", "beløp", N_("sum alle kilder")),
                V("innvilget", "beløp", N_("innvilget av omstillingsmidlene")),
                V("utbetalt", "beløp", N_("utbetalt av omstillingsmidlene")),
                V("ikke_innvilget", "beløp", N_("disponibelt minus innvilget")),
                V("innvilget_ikke_utbetalt", "beløp", N_("innvilget minus utbetalt")),
                V("ikke_utbetalt", "beløp", N_("disponibelt minus utbetalt (kan overføres til neste år)")),
                V(
                    "status",
                    "liste",
                    N_("tiltakene gruppert etter status"),
                    *(
                        V("status", "tekst", N_("statusen")),
                        V("antall", "tall", N_("antall tiltak")),
                        V("omstillingsmidler", "beløp", N_("omstillingsmidler")),
                        V("innvilget", "beløp", N_("innvilget"), optional=True),
                        V("utbetalt", "beløp", N_("utbetalt"), optional=True),
                    ),
                ),
                V(
                    "ramme",
                    "liste",
                    N_("rammen per år i statusperioden (arket Finansiering)"),
                    *(
                        V("aar", "år", N_("året")),
                        V("fylkeskommune", "beløp", N_("fylkeskommunens ramme")),
                        V("kommune", "beløp", N_("kommunens egenandel")),
                        V("sum", "beløp", N_("sum")),
                        V("i_aar", "ja/nei", N_("sant for rapportåret")),
                    ),
                ),
                V(
                    "ramme_sum",
                    "objekt",
                    N_("rammen for hele perioden"),
                    *(
                        V("fylkeskommune", "beløp", N_("fylkeskommunen i alt")),
                        V("kommune", "beløp", N_("kommunen i alt")),
                        V("sum", "beløp", N_("i alt")),
                    ),
                ),
                V(
                    "aar_for_aar",
                    "liste",
                    N_(
                        "år for år hittil i perioden, fra hvert års arbeidsbok; det et tiltak fikk videreført fra året "
                        "før, er talt det året (hver krone én gang)"
                    ),
                    *(
                        V("aar", "år", N_("året")),
                        V("fylkeskommune", "beløp", N_("fylkeskommunens tilskudd"), optional=True),
                        V("kommune", "beløp", N_("kommunens egenandel"), optional=True),
                        V("omstillingsmidler", "beløp", N_("nytt fordelt på tiltak i året"), optional=True),
                        V("innvilget", "beløp", N_("nytt tilsagn i året"), optional=True),
                        V("utbetalt", "beløp", N_("utbetalt"), optional=True),
                        V("regnskap", "beløp", N_("regnskap"), optional=True),
                        V("kilde", "tekst", N_("arbeidsboka tallene kommer fra, eller «ingen arbeidsbok»")),
                    ),
                ),
                V(
                    "aar_for_aar_sum",
                    "objekt",
                    N_("sum hittil i perioden (tom der ingen år har tall)"),
                    *(
                        V("fylkeskommune", "beløp", N_("fylkeskommunen"), optional=True),
                        V("kommune", "beløp", N_("kommunen"), optional=True),
                        V("omstillingsmidler", "beløp", N_("fordelt på tiltak, hver krone én gang"), optional=True),
                        V("innvilget", "beløp", N_("innvilget, hvert tilsagn én gang"), optional=True),
                        V("utbetalt", "beløp", N_("utbetalt"), optional=True),
                        V("regnskap", "beløp", N_("regnskap"), optional=True),
                    ),
                ),
            ),
        ),
        V(
            "regnskap",
            "objekt",
            N_("kapittelet Regnskap mot budsjett"),
            *(
                V("har_regnskap", "ja/nei", N_("sant når arbeidsboka har regnskapstall")),
                V("budsjett", "beløp", N_("budsjetterte omstillingsmidler")),
                V("regnskap", "beløp", N_("regnskap")),
                V("avvik", "beløp", N_("regnskap minus budsjett")),
                V("avvik_andel", "andel", N_("avviket delt på budsjett"), optional=True),
                V(
                    "per_innsatsomrade",
                    "liste",
                    N_("regnskap mot budsjett per innsatsområde og for administrasjon"),
                    *(
                        V("id", "tekst", N_("ID (tom for administrasjon)")),
                        V("navn", "tekst", N_("navnet")),
                        V("budsjett", "beløp", N_("budsjetterte omstillingsmidler")),
                        V("regnskap", "beløp", N_("regnskap")),
                        V("avvik", "beløp", N_("regnskap minus budsjett")),
                        V("avvik_andel", "andel", N_("avviket delt på budsjett"), optional=True),
                    ),
                ),
                V(
                    "store_avvik",
                    "liste",
                    N_("tiltak med avvik over toleransen, med kommentar"),
                    *(
                        V("id", "tekst", N_("tiltakets ID")),
                        V("navn", "tekst", N_("tiltakets navn")),
                        V("budsjett", "beløp", N_("budsjetterte omstillingsmidler")),
                        V("regnskap", "beløp", N_("regnskap")),
                        V("avvik", "beløp", N_("regnskap minus budsjett")),
                        V("avvik_andel", "andel", N_("avviket delt på budsjett"), optional=True),
                        V("kommentar", "fritekst", N_("kommentaren fra arbeidsboka, eller plassholder")),
                    ),
                ),
                V("toleranse", "andel", N_("toleransen for store avvik (andel av budsjett)")),
                V("toleranse_kr", "beløp", N_("… og minst så mange kroner")),
                V("kommentar", "fritekst", N_("kommentar til regnskapet (skrives av programleder)")),
            ),
        ),
        V(
            "vedlegg",
            "objekt",
            N_("vedleggene"),
            *(
                V("tiltak", "liste", N_("alle tiltak i handlingsplanen"), *TILTAK_FIELDS),
                V(
                    "tiltak_sum",
                    "objekt",
                    N_("sum for alle tiltak"),
                    *(
                        V("budsjett", "beløp", N_("budsjett")),
                        *(V(c.key, "beløp", _short(c), optional=c.key != S.OWN_SOURCE) for c in S.FINANCING_SOURCES),
                        V("innvilget", "beløp", N_("innvilget"), optional=True),
                        V("utbetalt", "beløp", N_("utbetalt"), optional=True),
                        V("regnskap", "beløp", N_("regnskap"), optional=True),
                    ),
                ),
                V(
                    "kontroll",
                    "objekt",
                    N_("kontrollen av arbeidsbøkene"),
                    *(
                        V("sammendrag", "tekst", N_("«Ingen feil, men 2 advarsler» o.l.")),
                        V(
                            "funn",
                            "liste",
                            N_("alle avvik fra kontrollen"),
                            *(
                                V("fil", "tekst", N_("arbeidsboka")),
                                V("kode", "tekst", N_("regelkoden, f.eks. OX-A006")),
                                V("alvorlighet", "tekst", N_("feil, advarsel eller info")),
                                V("sted", "tekst", N_("ark og celle")),
                                V("melding", "tekst", N_("meldingen")),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        V(
            "kilde",
            "objekt",
            N_("sporbarhet: hvor tallene kommer fra"),
            *(
                V("fil", "tekst", N_("arbeidsboka for rapportåret (filnavn)")),
                V("sha256", "tekst", N_("SHA-256 av arbeidsboka")),
                V("validering", "tekst", N_("kontrollresultatet, f.eks. «Ingen feil funnet»")),
                V("verktoy", "tekst", N_("«omstill_xl 0.1.0»")),
                V(
                    "tidligere",
                    "liste",
                    N_("arbeidsbøker for tidligere år brukt i de kumulative tallene"),
                    *(
                        V("fil", "tekst", N_("filnavn")),
                        V("aar", "år", N_("året")),
                        V("sha256", "tekst", N_("SHA-256")),
                        V("validering", "tekst", N_("kontrollresultatet")),
                    ),
                ),
            ),
        ),
    ),
)


# --- walking and checking ------------------------------------------------------------------------------------


def walk(var: Var = CONTEXT, prefix: str = "") -> Iterator[tuple[str, Var]]:
    """Every declared variable with its dotted path (``program.navn``; list items as ``innsatsomrader[].id``)."""
    for f in var.fields:
        path = f"{prefix}{f.key}"
        yield path, f
        if f.kind == "liste":
            yield from walk(f, path + "[].")
        elif f.kind == "objekt":
            yield from walk(f, path + ".")


def _scalar_ok(kind: str, value: Any) -> bool:
    if kind in ("tekst", "fritekst", "dato"):
        return isinstance(value, str)
    if kind == "ja/nei":
        return isinstance(value, bool)
    if kind == "år":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_context(ctx: Any, var: Var = CONTEXT, path: str = "kontekst") -> list[str]:
    """Differences between a context and the declaration (empty when they match). Used by the tests."""
    problems: list[str] = []
    if ctx is None:
        return [] if var.optional else [f"{path}: mangler verdi"]
    if var.kind == "objekt":
        if not isinstance(ctx, dict):
            return [f"{path}: ventet objekt, fikk {type(ctx).__name__}"]
        declared = {f.key for f in var.fields}
        problems += [f"{path}.{k}: ikke deklarert" for k in sorted(set(ctx) - declared)]
        problems += [f"{path}.{k}: mangler" for k in sorted(declared - set(ctx))]
        for f in var.fields:
            if f.key in ctx:
                problems += check_context(ctx[f.key], f, f"{path}.{f.key}")
    elif var.kind == "liste":
        if not isinstance(ctx, list):
            return [f"{path}: ventet liste, fikk {type(ctx).__name__}"]
        for i, item in enumerate(ctx):
            if var.fields:
                problems += check_context(item, Var(var.key, "objekt", var.doc, var.fields), f"{path}[{i}]")
            elif isinstance(var.item, Var):
                problems += check_context(item, var.item, f"{path}[{i}]")
            elif var.item and not _scalar_ok(var.item, item):
                problems.append(f"{path}[{i}]: ventet {var.item}, fikk {item!r}")
    elif var.kind == "bilde":
        if not (isinstance(ctx, dict) and {"tittel", "kategorier", "serier"} <= set(ctx)):
            problems.append(f"{path}: ventet diagramdata")
    elif not _scalar_ok(var.kind, ctx):
        problems.append(f"{path}: ventet {var.kind}, fikk {ctx!r}")
    return problems


def variables_markdown() -> str:
    """The README's variable reference, generated from ``CONTEXT`` and the filters (so it cannot drift)."""
    from .formatting import FILTER_DOCS

    lines = [
        "| variabel | type | innhold |",
        "|---|---|---|",
    ]
    for path, var in walk():
        kind = var.kind
        if var.kind == "liste" and var.item:
            kind = f"liste av {var.item if isinstance(var.item, str) else 'lister av tekst'}"
        if var.optional:
            kind = _("{kind} (kan være tom)").format(kind=kind)
        lines.append(f"| `{path}` | {kind} | {describe(var)} |")
    lines += ["", _("Filtre (norsk formatering med Babel, uavhengig av maskinens språkinnstillinger):"), ""]
    lines += [f"- `|{name}`: {gettext('report', doc)}" for name, doc in FILTER_DOCS.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - prints the README section (``--nynorsk``: the same in nynorsk)
    import sys

    from .. import i18n

    with i18n.use(i18n.NYNORSK if "--nynorsk" in sys.argv[1:] else i18n.BOKMAAL):
        print(variables_markdown(), end="")
