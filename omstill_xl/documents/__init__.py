"""The other documents of the årshjul, from the same numbers as the årsrapport: the økonomirapport to the board
(``okonomi``) and the søknad om omstillingsmidler (``soknad``).

Each document is a pure *context* built from a programme of the core (``omstill_xl.programme``: one ``load``,
the ledger that counts each krone once), then written by ``docx`` (python-docx with the årsrapport's styles:
Arial, the Heading styles, Norwegian proofing, «Side X av Y», tables with repeated header rows so the tagged PDF
has header cells) and, where a sheet is wanted, by ``sheet`` (openpyxl through ``workbook.styles``). The batch
(``batch``) is the årsrapport's: files or folders in, one document per programme, ``sammendrag.xlsx`` with one
row per programme, one failing programme never stopping the others. Numbers are formatted by ``fmt`` only.
"""

from __future__ import annotations
