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

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import schema as S
from ..i18n import gettext

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
    V("budsjett", "beløp", "budsjett (total kostnad)"),
    V("omstillingsmidler", "beløp", "budsjetterte omstillingsmidler"),
    V("innvilget", "beløp", "innvilgede omstillingsmidler (tom når ingen tiltak har tall)", optional=True),
    V("utbetalt", "beløp", "utbetalte omstillingsmidler (tom når ingen tiltak har tall)", optional=True),
    V("regnskap", "beløp", "bokført forbruk av omstillingsmidler (tom når ingen tiltak har tall)", optional=True),
)


def _source_text(c: S.Column) -> str:
    """A financing source described from its schema column: «finansiering fra Innovasjon Norge»."""
    text = c.help.rstrip(".")
    return text[:1].lower() + text[1:]


TILTAK_FIELDS = (
    V("id", "tekst", "tiltakets ID, f.eks. T1.1"),
    V("innsatsomrade", "tekst", "innsatsområdets ID (tom for administrasjon)"),
    V("strategi", "tekst", "strategien (A, B, …)"),
    V("navn", "tekst", "tiltakets navn"),
    V("type", "tekst", "administrasjon, tilretteleggende eller bedriftsrettet"),
    V("plp_fase", "tekst", "forstudie, forprosjekt, hovedprosjekt eller ikke relevant"),
    V("prosjekteier", "tekst", "prosjekteier"),
    V("orgnr", "tekst", "prosjekteiers org.nr"),
    V("status", "tekst", "status (planlagt, søkt, innvilget, pågår, avsluttet, utsatt, avslått)"),
    V("budsjett", "beløp", "budsjett (total kostnad)", optional=True),
    *(V(c.key, "beløp", _source_text(c), optional=True) for c in S.FINANCING_SOURCES),
    V("innvilget", "beløp", "innvilgede omstillingsmidler", optional=True),
    V("utbetalt", "beløp", "utbetalte omstillingsmidler", optional=True),
    V("regnskap", "beløp", "regnskap (omstillingsmidler)", optional=True),
    V("resultatmaal", "tekst", "resultatmålet fra arbeidsboka (tom hvis ikke ført)"),
    V("prosjektmaal", "tekst", "prosjektmålet fra arbeidsboka (tom hvis ikke ført)"),
    V("kommentar", "tekst", "kolonnen Kommentar fra arbeidsboka (tom hvis ikke ført)"),
)

_CHART_DOC = "Word-diagram (kan redigeres i Word) med alternativ tekst; tomt hvis det ikke er data"

CONTEXT = V(
    "",
    "objekt",
    "rapportkonteksten",
    *(
        V("aar", "år", "rapportåret"),
        V("tittel", "tekst", "«Årsrapport 2025»"),
        V("periode_fra", "dato", "første dag i rapportåret"),
        V("periode_til", "dato", "siste dag i rapportåret"),
        V("validert", "ja/nei", "sant når ingen av arbeidsbøkene rapporten bygger på har feil"),
        V(
            "ikke_validert",
            "tekst",
            "stempelet «IKKE VALIDERT …» når rapporten er laget selv om arbeidsboka har feil, ellers tom",
        ),
        V(
            "program",
            "objekt",
            "programmet",
            *(
                V("navn", "tekst", "programmets navn"),
                V("kommunenummer", "tekst", "kommunenummer (fire sifre)"),
                V("kommune", "tekst", "kommunens navn (fra kommunelisten 2024)"),
                V("fylke", "tekst", "fylket"),
                V("fylkeskommune", "tekst", "«Vestland fylkeskommune»"),
                V("organisasjonsform", "tekst", "organisasjonsformen"),
                V("organisasjon", "tekst", "programorganisasjonen"),
                V("programleder", "tekst", "programleder"),
                V("status_fra", "år", "første år med omstillingsstatus", optional=True),
                V("status_til", "år", "siste år med omstillingsstatus", optional=True),
                V("programaar", "tall", "hvilket år i statusperioden rapporten gjelder (1 = første)", optional=True),
                V("antall_aar", "tall", "statusperiodens lengde i år", optional=True),
                V("hovedmaal", "fritekst", "hovedmålet fra arket Program"),
            ),
        ),
        V(
            "nokkeltall",
            "objekt",
            "nøkkeltall for året",
            *(
                V("antall_tiltak", "tall", "tiltak utenom administrasjon/drift"),
                V("antall_innsatsomrader", "tall", "innsatsområder"),
                V("antall_avsluttet", "tall", "tiltak med status avsluttet"),
                V("antall_bedriftsrettede", "tall", "bedriftsrettede tiltak"),
                V("andre_kilder", "beløp", "finansiering fra andre enn omstillingsmidlene"),
                V("utlosning", "tall", "kroner fra andre kilder per krone omstillingsmidler", optional=True),
            ),
        ),
        V(
            "innledning",
            "objekt",
            "kapittelet Innledning",
            *(V("tekst", "fritekst", "innledningen (skrives av programleder)"),),
        ),
        V(
            "maal",
            "objekt",
            "kapittelet Mål og resultater",
            *(
                V("fra_aar", "år", "første år i de kumulative tallene («hittil»)"),
                V("kildeaar", "liste", "årene det finnes arbeidsbøker for i de kumulative tallene", item="år"),
                V(
                    "indikatorer",
                    "liste",
                    "indikatorer med mål eller resultat i perioden til og med rapportåret",
                    *(
                        V("navn", "tekst", "indikatoren"),
                        V("maal", "tall", "mål for rapportåret", optional=True),
                        V("resultat", "tall", "resultat for rapportåret", optional=True),
                        V("avvik", "tall", "resultat minus mål", optional=True),
                        V("maal_hittil", "tall", "sum mål fra fra_aar til og med rapportåret", optional=True),
                        V(
                            "resultat_hittil",
                            "tall",
                            "sum resultater fra fra_aar til og med rapportåret",
                            optional=True,
                        ),
                        V("andel_hittil", "andel", "resultat hittil delt på mål hittil", optional=True),
                        V(
                            "maal_perioden",
                            "tall",
                            "målet for perioden fra arbeidsboka («Mål for perioden»), ellers for årlige indikatorer "
                            "summen av årsmålene",
                            optional=True,
                        ),
                        V(
                            "andel_perioden",
                            "andel",
                            "andel av målet for perioden nådd: årlige indikatorer med resultat hittil, nivåer og "
                            "antall ulike med siste resultat",
                            optional=True,
                        ),
                        V("utgangsverdi", "tall", "utgangspunktet: verdien ved periodens start", optional=True),
                        V("utgangsaar", "år", "året utgangsverdien gjelder", optional=True),
                        V(
                            "summerbar",
                            "ja/nei",
                            "sant for årlige indikatorer (summeres over år); usant for nivåer, andeler og antall ulike",
                        ),
                        V("nivaa", "ja/nei", "sant for nivåer og andeler (vises ikke i diagrammet over antall)"),
                    ),
                ),
                V(
                    "senere",
                    "liste",
                    "indikatorer med mål bare for senere år",
                    *(
                        V("navn", "tekst", "indikatoren"),
                        V("aar", "år", "året målet gjelder"),
                        V("maal", "tall", "målet", optional=True),
                        V("kommentar", "tekst", "kommentaren fra arbeidsboka"),
                    ),
                ),
                V(
                    "kommentarer",
                    "liste",
                    "kommentarer til indikatorene fra arbeidsboka (rapportåret)",
                    *(
                        V("indikator", "tekst", "indikatoren"),
                        V("aar", "år", "året"),
                        V("tekst", "tekst", "kommentaren"),
                    ),
                ),
                V("vurdering", "fritekst", "vurdering av måloppnåelsen (skrives av programleder)"),
            ),
        ),
        V(
            "diagrammer",
            "objekt",
            "diagrammene",
            *(
                V("indikatorer", "bilde", "mål og resultat per indikator i rapportåret; " + _CHART_DOC, optional=True),
                V(
                    "arbeidsplasser",
                    "bilde",
                    "arbeidsplasser hittil mot målet, kumulativt over perioden; " + _CHART_DOC,
                    optional=True,
                ),
                V(
                    "innsatsomrader",
                    "bilde",
                    "omstillingsmidler, innvilget og utbetalt per innsatsområde; " + _CHART_DOC,
                    optional=True,
                ),
            ),
        ),
        V(
            "innsatsomrader",
            "liste",
            "ett kapittel per innsatsområde",
            *(
                V("nr", "tall", "løpenummer (1, 2, …)"),
                V("id", "tekst", "ID, f.eks. IO1"),
                V("navn", "tekst", "navnet"),
                V("maal", "fritekst", "målet fra arket Innsatsområder"),
                V("strategier", "tekst", "strategiene fra arket Innsatsområder"),
                *_MONEY_STATUS,
                V("antall_tiltak", "tall", "tiltak i innsatsområdet"),
                V("tiltak", "liste", "prosjektporteføljen", *TILTAK_FIELDS),
                V(
                    "kommentarer",
                    "liste",
                    "tiltak med kommentar i arbeidsboka",
                    *(
                        V("id", "tekst", "tiltakets ID"),
                        V("navn", "tekst", "tiltakets navn"),
                        V("tekst", "tekst", "kommentaren"),
                    ),
                ),
                V("vurdering", "fritekst", "resultater og vurdering for innsatsområdet (skrives av programleder)"),
            ),
        ),
        V("uten_innsatsomrade", "liste", "tiltak (ikke administrasjon) uten gyldig innsatsområde", *TILTAK_FIELDS),
        V("totalt", "objekt", "sum for alle tiltak, administrasjon medregnet", *_MONEY_STATUS),
        V(
            "organisering",
            "objekt",
            "kapittelet Organisering og drift",
            *(
                V("organisasjonsform", "tekst", "organisasjonsformen"),
                V("organisasjon", "tekst", "programorganisasjonen"),
                V("programleder", "tekst", "programleder"),
                V("styret", "fritekst", "styret: sammensetning, møter og viktige saker (skrives av programleder)"),
                V("samarbeid", "fritekst", "samarbeid og kommunikasjon (skrives av programleder)"),
                V(
                    "administrasjon",
                    "objekt",
                    "administrasjon og drift (tiltak av typen administrasjon)",
                    *_MONEY_STATUS,
                    V("andel", "andel", "administrasjonens andel av omstillingsmidlene på tiltak"),
                    V("terskel", "andel", "terskelen fra profilen (vanligvis 25 %)"),
                    V("over_terskel", "ja/nei", "sant når andelen er over terskelen"),
                ),
                V(
                    "tillegg",
                    "liste",
                    "tilleggsseksjoner (krok for senere arbeid, f.eks. vurdering av organisasjonsform)",
                    *(
                        V("tittel", "tekst", "overskrift (Overskrift 2)"),
                        V("avsnitt", "liste", "avsnitt", item="tekst"),
                        V(
                            "tabell",
                            "objekt",
                            "tabell (kan mangle)",
                            *(
                                V("kolonner", "liste", "kolonneoverskrifter", item="tekst"),
                                V(
                                    "rader",
                                    "liste",
                                    "rader; hver rad er en liste av celletekster",
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
            "kapittelet Finansiering og innvilgningsstatus",
            *(
                V("fylkeskommunens_tilskudd", "beløp", "fylkeskommunens tilskudd i rapportåret"),
                V("kommunens_egenandel", "beløp", "kommunens egenandel i rapportåret"),
                V("omstillingsmidler", "beløp", "tilskudd pluss egenandel"),
                V("overfort", "beløp", "overført fra fjoråret"),
                V("disponibelt", "beløp", "omstillingsmidler pluss overført"),
                V("fordelt", "beløp", "omstillingsmidler fordelt på tiltak"),
                V("ikke_fordelt", "beløp", "disponibelt minus fordelt"),
                V("fylkesandel", "andel", "fylkeskommunens andel av omstillingsmidlene"),
                V("egenandel_andel", "andel", "kommunens andel av omstillingsmidlene"),
                V("maks_fylkesandel", "andel", "fylkeskommunens maksimale andel (arket Program)", optional=True),
                V("over_maks", "ja/nei", "sant når fylkesandelen er over maksimum"),
                V(
                    "kilder",
                    "liste",
                    "finansieringen av tiltakene per kilde",
                    *(
                        V("navn", "tekst", "kilden"),
                        V("belop", "beløp", "beløpet"),
                        V("andel", "andel", "andel av budsjettet"),
                    ),
                ),
                V("kilder_sum", "beløp", "sum alle kilder"),
                V("innvilget", "beløp", "innvilget av omstillingsmidlene"),
                V("utbetalt", "beløp", "utbetalt av omstillingsmidlene"),
                V("ikke_innvilget", "beløp", "disponibelt minus innvilget"),
                V("innvilget_ikke_utbetalt", "beløp", "innvilget minus utbetalt"),
                V("ikke_utbetalt", "beløp", "disponibelt minus utbetalt (kan overføres til neste år)"),
                V(
                    "status",
                    "liste",
                    "tiltakene gruppert etter status",
                    *(
                        V("status", "tekst", "statusen"),
                        V("antall", "tall", "antall tiltak"),
                        V("omstillingsmidler", "beløp", "omstillingsmidler"),
                        V("innvilget", "beløp", "innvilget", optional=True),
                        V("utbetalt", "beløp", "utbetalt", optional=True),
                    ),
                ),
                V(
                    "ramme",
                    "liste",
                    "rammen per år i statusperioden (arket Finansiering)",
                    *(
                        V("aar", "år", "året"),
                        V("fylkeskommune", "beløp", "fylkeskommunens ramme"),
                        V("kommune", "beløp", "kommunens egenandel"),
                        V("sum", "beløp", "sum"),
                        V("i_aar", "ja/nei", "sant for rapportåret"),
                    ),
                ),
                V(
                    "ramme_sum",
                    "objekt",
                    "rammen for hele perioden",
                    *(
                        V("fylkeskommune", "beløp", "fylkeskommunen i alt"),
                        V("kommune", "beløp", "kommunen i alt"),
                        V("sum", "beløp", "i alt"),
                    ),
                ),
                V(
                    "aar_for_aar",
                    "liste",
                    "år for år hittil i perioden, fra hvert års arbeidsbok; det et tiltak fikk videreført fra året "
                    "før, er talt det året (hver krone én gang)",
                    *(
                        V("aar", "år", "året"),
                        V("fylkeskommune", "beløp", "fylkeskommunens tilskudd", optional=True),
                        V("kommune", "beløp", "kommunens egenandel", optional=True),
                        V("omstillingsmidler", "beløp", "nytt fordelt på tiltak i året", optional=True),
                        V("innvilget", "beløp", "nytt tilsagn i året", optional=True),
                        V("utbetalt", "beløp", "utbetalt", optional=True),
                        V("regnskap", "beløp", "regnskap", optional=True),
                        V("kilde", "tekst", "arbeidsboka tallene kommer fra, eller «ingen arbeidsbok»"),
                    ),
                ),
                V(
                    "aar_for_aar_sum",
                    "objekt",
                    "sum hittil i perioden (tom der ingen år har tall)",
                    *(
                        V("fylkeskommune", "beløp", "fylkeskommunen", optional=True),
                        V("kommune", "beløp", "kommunen", optional=True),
                        V("omstillingsmidler", "beløp", "fordelt på tiltak, hver krone én gang", optional=True),
                        V("innvilget", "beløp", "innvilget, hvert tilsagn én gang", optional=True),
                        V("utbetalt", "beløp", "utbetalt", optional=True),
                        V("regnskap", "beløp", "regnskap", optional=True),
                    ),
                ),
            ),
        ),
        V(
            "regnskap",
            "objekt",
            "kapittelet Regnskap mot budsjett",
            *(
                V("har_regnskap", "ja/nei", "sant når arbeidsboka har regnskapstall"),
                V("budsjett", "beløp", "budsjetterte omstillingsmidler"),
                V("regnskap", "beløp", "regnskap"),
                V("avvik", "beløp", "regnskap minus budsjett"),
                V("avvik_andel", "andel", "avviket delt på budsjett", optional=True),
                V(
                    "per_innsatsomrade",
                    "liste",
                    "regnskap mot budsjett per innsatsområde og for administrasjon",
                    *(
                        V("id", "tekst", "ID (tom for administrasjon)"),
                        V("navn", "tekst", "navnet"),
                        V("budsjett", "beløp", "budsjetterte omstillingsmidler"),
                        V("regnskap", "beløp", "regnskap"),
                        V("avvik", "beløp", "regnskap minus budsjett"),
                        V("avvik_andel", "andel", "avviket delt på budsjett", optional=True),
                    ),
                ),
                V(
                    "store_avvik",
                    "liste",
                    "tiltak med avvik over toleransen, med kommentar",
                    *(
                        V("id", "tekst", "tiltakets ID"),
                        V("navn", "tekst", "tiltakets navn"),
                        V("budsjett", "beløp", "budsjetterte omstillingsmidler"),
                        V("regnskap", "beløp", "regnskap"),
                        V("avvik", "beløp", "regnskap minus budsjett"),
                        V("avvik_andel", "andel", "avviket delt på budsjett", optional=True),
                        V("kommentar", "fritekst", "kommentaren fra arbeidsboka, eller plassholder"),
                    ),
                ),
                V("toleranse", "andel", "toleransen for store avvik (andel av budsjett)"),
                V("toleranse_kr", "beløp", "… og minst så mange kroner"),
                V("kommentar", "fritekst", "kommentar til regnskapet (skrives av programleder)"),
            ),
        ),
        V(
            "vedlegg",
            "objekt",
            "vedleggene",
            *(
                V("tiltak", "liste", "alle tiltak i handlingsplanen", *TILTAK_FIELDS),
                V(
                    "tiltak_sum",
                    "objekt",
                    "sum for alle tiltak",
                    *(
                        V("budsjett", "beløp", "budsjett"),
                        *(V(c.key, "beløp", c.short, optional=c.key != S.OWN_SOURCE) for c in S.FINANCING_SOURCES),
                        V("innvilget", "beløp", "innvilget", optional=True),
                        V("utbetalt", "beløp", "utbetalt", optional=True),
                        V("regnskap", "beløp", "regnskap", optional=True),
                    ),
                ),
                V(
                    "kontroll",
                    "objekt",
                    "kontrollen av arbeidsbøkene",
                    *(
                        V("sammendrag", "tekst", "«Ingen feil, men 2 advarsler» o.l."),
                        V(
                            "funn",
                            "liste",
                            "alle avvik fra kontrollen",
                            *(
                                V("fil", "tekst", "arbeidsboka"),
                                V("kode", "tekst", "regelkoden, f.eks. OX-A006"),
                                V("alvorlighet", "tekst", "feil, advarsel eller info"),
                                V("sted", "tekst", "ark og celle"),
                                V("melding", "tekst", "meldingen"),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        V(
            "kilde",
            "objekt",
            "sporbarhet: hvor tallene kommer fra",
            *(
                V("fil", "tekst", "arbeidsboka for rapportåret (filnavn)"),
                V("sha256", "tekst", "SHA-256 av arbeidsboka"),
                V("validering", "tekst", "kontrollresultatet, f.eks. «Ingen feil funnet»"),
                V("verktoy", "tekst", "«omstill_xl 0.1.0»"),
                V(
                    "tidligere",
                    "liste",
                    "arbeidsbøker for tidligere år brukt i de kumulative tallene",
                    *(
                        V("fil", "tekst", "filnavn"),
                        V("aar", "år", "året"),
                        V("sha256", "tekst", "SHA-256"),
                        V("validering", "tekst", "kontrollresultatet"),
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
            kind += " (kan være tom)"
        lines.append(f"| `{path}` | {kind} | {var.doc} |")
    lines += ["", "Filtre (norsk formatering med Babel, uavhengig av maskinens språkinnstillinger):", ""]
    lines += [f"- `|{name}`: {gettext('report', doc)}" for name, doc in FILTER_DOCS.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - prints the README section
    print(variables_markdown(), end="")
