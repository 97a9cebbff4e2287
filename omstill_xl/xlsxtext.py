"""Cell text and numbers in sheet XML exactly as openpyxl's lxml writer gives them.

Two writers produce sheet XML without openpyxl's per-cell objects and must give its bytes: the consolidated
workbook's large sheets (``consolidate.sheetxml``) and the report batch's ``sammendrag.xlsx``
(``report.summary``). Both take these from here.
"""

from __future__ import annotations

import math


def escape_ascii(text: str) -> str:
    """Element text as lxml writes it into an ASCII document: «&», «<», «>» and CR escaped, the rest of ASCII as it
    is, every other character as a decimal character reference."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if not text.isascii():
        text = text.encode("ascii", "xmlcharrefreplace").decode("ascii")
    return text


def number(value: int | float) -> str:
    """``openpyxl.compat.safe_string`` of a number: empty for NaN and infinity."""
    if type(value) is float and (math.isnan(value) or math.isinf(value)):
        return ""
    return "%.16g" % value  # noqa: UP031 - openpyxl's own format, to the byte
