"""Catalogue entries for the «Programstatusvurdering» sheet (OX-P…)."""

from __future__ import annotations

from .spec import RuleSpec

SPECS: tuple[RuleSpec, ...] = (
    RuleSpec(
        "OX-P001",
        "advarsel",
        "Skår uten begrunnelse",
        "PSV {aar}: «{indikator}» har skår {skaar}, men ingen begrunnelse.",
        "Metoden krever en felles begrunnelse for hver skår. Skriv den i kolonnen Begrunnelse.",
        "convention",
    ),
    RuleSpec(
        "OX-P002",
        "advarsel",
        "Begrunnelse uten skår",
        "PSV {aar}: «{indikator}» har en begrunnelse, men ingen skår.",
        "Velg skår 1–5 fra listen i kolonnen Skår.",
        "convention",
    ),
    RuleSpec(
        "OX-P003",
        "feil",
        "Indikator vurdert to ganger",
        "PSV {aar}: «{indikator}» er vurdert på flere rader ({rader}).",
        "Deltakerne blir enige om én skår per indikator og år. Slett de andre radene.",
        "convention",
    ),
    RuleSpec(
        "OX-P004",
        "info",
        "PSV ikke fullstendig",
        "PSV {aar}: {found} av {expected} hovedindikatorer er vurdert (mangler: {mangler}).",
        "Vurder alle tolv hovedindikatorene, eller skriv i begrunnelsen hvorfor en ikke er vurdert.",
        "convention",
    ),
)
