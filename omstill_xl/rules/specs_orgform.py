"""Catalogue entries for the organisasjonsform sheet (OX-O…)."""

from __future__ import annotations

from .spec import RuleSpec

SPECS: tuple[RuleSpec, ...] = ()
