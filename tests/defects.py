"""One workbook per rule, built by code from the clean *Fjellbygd* example with exactly one defect.

``DEFECTS[code](tmp_path)`` returns ``(path, profiles_or_None)``. ``tests/test_rules.py`` proves each one
fails exactly its rule, and that every code in the catalogue has a defect here.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from omstill_xl.examples import fjellbygd
from omstill_xl.profiles import Profile, Profiles, load_profiles
from omstill_xl.workbook.build import write_workbook

Data = dict[str, Any]


def _tiltak(data: Data, tid: str) -> dict[str, Any]:
    return next(r for r in data["Tiltak"]["rows"] if r["id"] == tid)


def _data_defect(change: Callable[[Data], None]) -> Callable[[Path], tuple[Path, Profiles | None]]:
    def make(tmp: Path) -> tuple[Path, Profiles | None]:
        data = copy.deepcopy(fjellbygd())
        change(data)
        return write_workbook(data, tmp / "defekt.xlsx"), None

    return make


def _openpyxl_defect(change: Callable[[openpyxl.Workbook], None]) -> Callable[[Path], tuple[Path, Profiles | None]]:
    def make(tmp: Path) -> tuple[Path, Profiles | None]:
        path = write_workbook(fjellbygd(), tmp / "ren.xlsx")
        wb = openpyxl.load_workbook(path)
        change(wb)
        out = tmp / "defekt.xlsx"
        wb.save(out)
        return out, None

    return make


def patch_zip(
    src: Path, dst: Path, member: str, change: Callable[[str], str], add: dict[str, bytes] | None = None
) -> Path:
    """Copy an xlsx, rewriting one XML member's text (and adding members)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


TILTAK_XML = "xl/worksheets/sheet4.xml"  # Veiledning, Program, Innsatsområder, Tiltak, …


def _xml_defect(
    change: Callable[[str], str], add: dict[str, bytes] | None = None, member: str = TILTAK_XML
) -> Callable[[Path], tuple[Path, Profiles | None]]:
    def make(tmp: Path) -> tuple[Path, Profiles | None]:
        path = write_workbook(fjellbygd(), tmp / "ren.xlsx")
        return patch_zip(path, tmp / "defekt.xlsx", member, change, add), None

    return make


def _set(sheet: str, key: str, value: Any) -> Callable[[Data], None]:
    return lambda d: d[sheet]["fields"].__setitem__(key, value)


def _tiltak_set(tid: str, **values: Any) -> Callable[[Data], None]:
    return lambda d: _tiltak(d, tid).update(values)


def _profile_defect(tmp: Path) -> tuple[Path, Profiles | None]:
    """The workbook allows 75 %, Innlandet's profile 70 %; the financing keeps to 70 %, so only OX-F005."""
    base = load_profiles()
    strict = Profile(**{**base.standard.__dict__, "maks_fylkesandel": 0.70, "name": "fylke.Innlandet"})
    data = copy.deepcopy(fjellbygd())
    data["Finansiering"]["fields"].update(fylkeskommunens_tilskudd=1_680_000, kommunens_egenandel=720_000)
    data["Finansiering"]["rows"][0].update(fylkeskommune=1_680_000, kommune=720_000)
    return write_workbook(data, tmp / "defekt.xlsx"), Profiles(base.standard, {"Innlandet": strict})


def _a002(d: Data) -> None:
    t = _tiltak(d, "T3.1")
    t["omstillingsmidler"] += 100_000
    t["budsjett"] += 100_000


def _f002(d: Data) -> None:
    a, t = _tiltak(d, "A"), _tiltak(d, "T3.2")
    a.update(omstillingsmidler=800_000, budsjett=800_000)
    t.update(omstillingsmidler=200_000, andre=400_000)


def _f001(d: Data) -> None:
    d["Finansiering"]["fields"].update(fylkeskommunens_tilskudd=1_900_000, kommunens_egenandel=500_000)
    d["Finansiering"]["rows"][0].update(fylkeskommune=1_900_000, kommune=500_000)


def _f004(d: Data) -> None:
    t = _tiltak(d, "T2.2")
    t["innovasjon_norge"] = 3_500_000
    t["budsjett"] += 3_400_000


def _a011(d: Data) -> None:
    """Every tiltak booked at its budget, one 5 000 kr over (under A006's threshold, no tilsagn to pass)."""
    for t in d["Tiltak"]["rows"]:
        t["regnskap"] = t["omstillingsmidler"]
    _tiltak(d, "T3.2")["regnskap"] += 5_000


def register_row(**values: Any) -> dict[str, Any]:
    """A clean tilsagn for T1.1 (Rendal Tre AS) in Fjellbygd's register."""
    row = {
        "tilsagnsnummer": "2026-001",
        "tiltak": "T1.1",
        "mottaker": "Rendal Tre AS",
        "orgnr": "957924689",
        "tilsagnsdato": dt.date(2026, 3, 2),
        "omstillingsmidler": 150_000,
        "stotteregime": "bagatellmessig støtte",
        "kdd_kategori": "1375 Forstudier/forprosjekter",
        "status": "innvilget",
        "registrert": "ja",
    }
    row.update(values)
    return row


def _register(*rows: dict[str, Any], payments: tuple[dict[str, Any], ...] = (), annen: tuple[dict[str, Any], ...] = ()):
    def change(d: Data) -> None:
        d["Tilsagn"] = {"rows": list(rows)}
        if payments:
            d["Utbetalinger"] = {"rows": list(payments)}
        if annen:
            d["Annen bagatellmessig støtte"] = {"rows": list(annen)}

    return _data_defect(change)


def _old_layout(wb: openpyxl.Workbook) -> None:
    """A workbook made by the previous layout (version 1): no register sheets, no version name."""
    from omstill_xl import schema as S

    for s in S.SHEETS:
        if s.since > 1:
            del wb[s.name]
    for name in list(wb.defined_names):
        if name in ("Liste_Tilsagn", S.SCHEMA_VERSION_NAME):
            del wb.defined_names[name]


def _add_indicator_2031(d: Data) -> None:
    d["Mål og resultater"]["rows"].append({"indikator": "Nyetableringer", "aar": 2031, "maal": 2})


def _drop_period_target(d: Data) -> None:
    for row in d["Mål og resultater"]["rows"]:
        if row["indikator"] == "Nyetableringer":
            row.pop("maal_perioden", None)


def _second_period_target(d: Data) -> None:
    rows = [r for r in d["Mål og resultater"]["rows"] if r["indikator"] == "Nye arbeidsplasser"]
    rows[1]["maal_perioden"] = rows[0]["maal_perioden"] + 5


def _psv(change: Callable[[list[dict[str, Any]]], None]) -> Callable[[Data], None]:
    """A complete PSV for 2026 (all twelve scored and justified), then ``change`` to its rows."""
    from omstill_xl.schema import PSV, PSV_INDIKATORER

    def apply(d: Data) -> None:
        rows = [
            {"indikator": ind, "aar": 2026, "skaar": "3 tilfredsstillende", "begrunnelse": "Enighet i møtet."}
            for ind in PSV_INDIKATORER.values
        ]
        change(rows)
        d[PSV.name] = {"fields": {"deltakere": "Styret, programleder, rådmann"}, "rows": rows}

    return apply


def _cached_value(xml: str) -> str:
    return xml.replace("<f>SUM(L6:O6)</f><v></v>", "<f>SUM(L6:O6)</f><v>999</v>").replace(
        "<f>SUM(L6:O6)</f><v />", "<f>SUM(L6:O6)</f><v>999</v>"
    )


def _error_value(xml: str) -> str:
    # V6 (Kommentar of T1.1) gets a #REF! error value
    return re.sub(r'<c r="V6" s="(\d+)" t="n"></c>', r'<c r="V6" s="\1" t="e"><v>#REF!</v></c>', xml, count=1)


EXTERNAL_LINK = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
)


DEFECTS: dict[str, Callable[[Path], tuple[Path, Profiles | None]]] = {
    "OX-S001": _data_defect(lambda d: d["Program"]["fields"].pop("programnavn")),
    "OX-S002": _data_defect(_tiltak_set("T1.1", budsjett="250 000")),
    "OX-S003": _data_defect(_tiltak_set("T1.1", budsjett="mye")),
    "OX-S004": _data_defect(_tiltak_set("T1.2", type="bedrift")),
    "OX-S005": _data_defect(_tiltak_set("T1.2", id="T1.1")),
    "OX-S006": _data_defect(_tiltak_set("T1.2", innsatsomrade="IO9")),
    "OX-S007": _data_defect(lambda d: _tiltak(d, "T1.2").pop("innsatsomrade")),
    "OX-S008": _data_defect(_set("Program", "kommunenummer", "3099")),
    "OX-S009": _data_defect(_tiltak_set("T1.1", orgnr="957924680")),
    "OX-S010": _data_defect(lambda d: _tiltak(d, "T1.1").pop("orgnr")),
    "OX-S011": _data_defect(_add_indicator_2031),
    "OX-S012": _data_defect(_set("Program", "status_til", 2033)),
    "OX-S013": _data_defect(_tiltak_set("T3.1", andre=-100_000, budsjett=300_000)),
    "OX-S014": _data_defect(_set("Program", "maks_fylkesandel", 75)),
    "OX-S015": _data_defect(_drop_period_target),
    "OX-S016": _data_defect(_second_period_target),
    "OX-S017": _register(register_row(tiltak="T9.9")),
    "OX-S018": _register(
        register_row(), payments=({"tilsagnsnummer": "2026-999", "dato": dt.date(2026, 5, 1), "belop": 50_000},)
    ),
    "OX-S019": _register(register_row(stotteregime="gruppeunntak")),
    "OX-S020": _register(
        register_row(),
        annen=({"orgnr": "957924689", "giver": "Innovasjon Norge", "dato": dt.date(2025, 5, 1)},),
    ),
    "OX-S021": _openpyxl_defect(_old_layout),
    "OX-A001": _data_defect(_tiltak_set("T1.2", budsjett=550_000)),
    "OX-A002": _data_defect(_a002),
    "OX-A003": _data_defect(_set("Finansiering", "overfort", 100_000)),
    "OX-A004": _data_defect(_tiltak_set("T1.1", innvilget=200_000)),
    "OX-A005": _data_defect(_tiltak_set("T1.1", innvilget=150_000, utbetalt=200_000)),
    "OX-A006": _data_defect(_tiltak_set("T1.1", regnskap=50_000)),
    "OX-A007": _xml_defect(_cached_value),
    "OX-A008": _openpyxl_defect(lambda wb: wb["Tiltak"].__setitem__("Q6", 0)),
    "OX-A009": _data_defect(lambda d: d["Finansiering"]["rows"][0].update(kommune=700_000)),
    "OX-A010": _data_defect(_tiltak_set("T1.1", innvilget=150_000, regnskap=155_000)),
    "OX-A011": _data_defect(_a011),
    "OX-A012": _register(
        register_row(),
        payments=(
            {"tilsagnsnummer": "2026-001", "dato": dt.date(2026, 5, 1), "belop": 100_000},
            {"tilsagnsnummer": "2026-001", "dato": dt.date(2026, 9, 1), "belop": 60_000},
        ),
    ),
    "OX-F001": _data_defect(_f001),
    "OX-F002": _data_defect(_f002),
    "OX-F003": _data_defect(_tiltak_set("T2.2", navn="Innkjøp av maskiner til guidebedriften")),
    "OX-F004": _data_defect(_f004),
    "OX-F005": _profile_defect,
    "OX-F006": _data_defect(_tiltak_set("T2.2", plp_fase="hovedprosjekt")),
    "OX-F007": _data_defect(lambda d: _tiltak(d, "T1.1").pop("innvilget")),
    "OX-H001": _xml_defect(_error_value),
    "OX-H002": _openpyxl_defect(lambda wb: wb["Tiltak"].__setitem__("P7", "=SUM(L7:N7)")),
    "OX-H003": _openpyxl_defect(lambda wb: wb["Finansiering"].__setitem__("B11", "=IF($B$6=0,0,$B$4/$B$6)*0.98")),
    "OX-H004": _xml_defect(lambda x: x, add={"xl/externalLinks/externalLink1.xml": EXTERNAL_LINK}),
    "OX-H005": _openpyxl_defect(lambda wb: setattr(wb.calculation, "calcMode", "manual")),
    "OX-H006": _openpyxl_defect(lambda wb: setattr(wb.create_sheet("Gammelt"), "sheet_state", "hidden")),
    "OX-H007": _openpyxl_defect(lambda wb: wb["Tiltak"].__setitem__("K6", "=SUM(L6:O6)")),
    "OX-H008": _data_defect(_set("Program", "organisasjon", "=cmd|' /C calc'!A0")),
    "OX-P001": _data_defect(_psv(lambda rows: rows[0].pop("begrunnelse"))),
    "OX-P002": _data_defect(_psv(lambda rows: rows[1].pop("skaar"))),
    "OX-P003": _data_defect(_psv(lambda rows: rows.append(dict(rows[2])))),
    "OX-P004": _data_defect(_psv(lambda rows: rows.pop())),
}

__all__ = ["DEFECTS", "patch_zip", "io"]
