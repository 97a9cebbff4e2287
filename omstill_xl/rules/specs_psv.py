"""Catalogue entries for the «Programstatusvurdering» sheet (OX-P…)."""

from __future__ import annotations

from ..i18n import N_
from .spec import RuleSpec

SPECS: tuple[RuleSpec, ...] = (
    RuleSpec(
        "OX-P001",
        "advarsel",
        N_("Skår uten begrunnelse"),
        N_("PSV {aar}: «{indikator}» har skår {skaar}, men ingen begrunnelse."),
        N_("Metoden krever en felles begrunnelse for hver skår. Skriv den i kolonnen {kol_begrunnelse}."),
        "convention",
    ),
    RuleSpec(
        "OX-P002",
        "advarsel",
        N_("Begrunnelse uten skår"),
        N_("PSV {aar}: «{indikator}» har en begrunnelse, men ingen skår."),
        N_("Velg skår 1–5 fra listen i kolonnen {kol_skaar}."),
        "convention",
    ),
    RuleSpec(
        "OX-P003",
        "feil",
        N_("Indikator vurdert to ganger"),
        N_("PSV {aar}: «{indikator}» er vurdert på flere rader ({rader})."),
        N_("Deltakerne blir enige om én skår per indikator og år. Slett de andre radene."),
        "convention",
    ),
    RuleSpec(
        "OX-P004",
        "info",
        N_("PSV ikke fullstendig"),
        N_("PSV {aar}: {found} av {expected} hovedindikatorer er vurdert (mangler: {mangler})."),
        N_("Vurder alle tolv hovedindikatorene, eller skriv i begrunnelsen hvorfor en ikke er vurdert."),
        "convention",
    ),
)
