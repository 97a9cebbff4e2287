"""Exports for the public registers: Brønnøysundregistrenes Støtteregister (one row per aid award) and
regionalforvaltning.no (each tilsagn with its KDD category and its split between the state's and the kommune's
frame). Columns are declared once in ``columns``; rows are pure (``rows``); ``writer`` writes the file."""

from __future__ import annotations

from .columns import EXPORTS, REGIONALFORVALTNING, STOTTEREGISTER, ExportColumn

__all__ = ["EXPORTS", "REGIONALFORVALTNING", "STOTTEREGISTER", "ExportColumn"]
