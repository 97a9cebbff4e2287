"""The shape of one catalogue entry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleSpec:
    """One rule of the catalogue as data: code, severity, title, message and hint."""

    code: str
    severity: str  # feil | advarsel | info
    title: str
    message: str  # str.format template, Norwegian
    hint: str  # what to do, Norwegian (may use the same fields)
    basis: str = ""  # formal | convention | design — where the rule comes from
