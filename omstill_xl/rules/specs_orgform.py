"""Catalogue entries for the organisasjonsform sheet (OX-O…)."""

from __future__ import annotations

from ..i18n import N_
from .spec import RuleSpec

SPECS: tuple[RuleSpec, ...] = (
    RuleSpec(
        "OX-O001",
        "advarsel",
        N_("Vektene summerer ikke til 100 %"),
        N_(
            "Vektene på arket {ark_orgform} summerer til {found}, ikke 100 %. Rangeringen blir den samme, "
            "men vektet poengsum kan ikke leses som 1–5."
        ),
        N_("Juster vektene i kolonne C slik at «{sum_vekter}» blir 100 %."),
        "design",
    ),
    RuleSpec(
        "OX-O002",
        "feil",
        N_("Ugyldig poengsum"),
        N_("Poengsummen for {form} på «{criterion}» er «{shown}». Den må være et helt tall fra 1 til 5."),
        N_("Velg 1–5 fra nedtrekkslisten (5 = passer kommunen best), eller tøm cellen."),
        "design",
    ),
    RuleSpec(
        "OX-O003",
        "advarsel",
        N_("Formen har poeng på bare noen kriterier"),
        N_(
            "{form_cap} har poeng på {n} av {total} kriterier; mangler for {missing}. Tomme celler teller som 0, "
            "så formens vektede poengsum blir for lav."
        ),
        N_("Gi formen poeng på alle kriteriene, eller tøm alle poengene hvis formen ikke er aktuell."),
        "design",
    ),
    RuleSpec(
        "OX-O004",
        "info",
        N_("Valgt form er ikke best rangert"),
        N_(
            "Arket {ark_program} har {chosen}, men sammenlikningen på arket {ark_orgform} rangerer {top} først: "
            "{top_total} mot {chosen_total} poeng, {gap} poeng bak."
        ),
        N_(
            "Det kan være gode grunner til valget. Begrunn det i saksframlegget, eller se over vektene og poengene igjen."
        ),
        "design",
    ),
    RuleSpec(
        "OX-O005",
        "feil",
        N_("Ugyldig vekt"),
        N_("Vekten for «{criterion}» er «{shown}». Den må være en prosent mellom 0 % og 100 %."),
        N_("Skriv vekten som prosent, f.eks. 15 %."),
        "design",
    ),
)
