"""The «Avvik» sheet's layout, shared by the annotated copy (openpyxl) and the Excel button (xlwings).

Light on purpose: no openpyxl or xlwings import, so the button path stays fast.
"""

from __future__ import annotations

from .i18n import N_

AVVIK = "Avvik"
AUTHOR = "omstill_xl"
# Red for feil, orange for advarsel (clearly apart from the light yellow of input cells), blue for info. Colour
# is never the only sign: the Avvik sheet names the severity in words, and every marked cell carries a comment
# that starts with it.
MARK_FILLS = {"feil": "FFC7CE", "advarsel": "F4B183", "info": "DDEBF7"}
HEADERS = (  # marked for the rules catalogue: show them with i18n.gettext("rules", header)
    N_("Alvorlighet"),
    N_("Kode"),
    N_("Ark"),
    N_("Celle"),
    N_("Melding"),
    N_("Funnet"),
    N_("Forventet"),
    N_("Slik retter du"),
    N_("Opprinnelig farge"),
)
WIDTHS = (11, 10, 16, 9, 70, 18, 18, 50, 0)  # the last column (original fill, for undoing marks) is hidden
