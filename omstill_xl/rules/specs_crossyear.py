"""Catalogue entries for rules across workbooks and years (OX-X…)."""

from __future__ import annotations

from .spec import RuleSpec

SPECS: tuple[RuleSpec, ...] = ()
