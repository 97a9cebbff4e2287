"""The årshjul's other documents (økonomirapport, søknad): made from the examples through the command, numbers
read back from the .docx and the .xlsx equal the programme core's, golden text per document, the PDF tagged."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from omstill_xl import __version__
from omstill_xl.cli import main
from omstill_xl.documents.okonomi import Payment, economic_context
from omstill_xl.programme import load
from omstill_xl.totals import plan_totals

from .conftest import require_soffice

GOLDEN = Path(__file__).parent / "golden"


def number(text: str) -> float | None:
    text = text.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace("kr", "")
    if text in ("", "–"):
        return None
    if text.endswith("%"):
        return float(text[:-1].replace(",", ".")) / 100
    return float(text.replace(",", "."))


def document_text(path: Path) -> str:
    """Paragraphs and table cells in body order, checksum and version neutral (they change by design)."""
    doc = Document(str(path))
    lines: list[str] = []
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for tr in child.iter():
                if tr.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in tc.iter() if t.tag.endswith("}t"))
                        for tc in tr
                        if tc.tag.endswith("}tc")
                    ]
                    lines.append(" | ".join(cells))
    text = "\n".join(lines)
    text = re.sub(r"SHA-256 [0-9a-f]{64}", "SHA-256 SUM", text)
    return text.replace(f"omstill_xl {__version__}", "omstill_xl VERSJON")


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("OMSTILL_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), "run: OMSTILL_UPDATE_GOLDEN=1 python -m pytest tests/test_documents.py"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; look at the document, then update the golden"


def tables(path: Path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(path)).tables]


# --- økonomirapport --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def okonomi(examples_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("okonomi")
    files = [str(examples_dir / "eksempel-2025.xlsx"), str(examples_dir / "eksempel-2026.xlsx")]
    assert main(["okonomirapport", *files, "--per", "2026-09-30", "--out", str(out)]) == 0
    return out


def _one(folder: Path, suffix: str) -> Path:
    found = sorted(folder.glob(f"okonomirapport-*{suffix}"))
    assert len(found) == 1, found
    return found[0]


def test_okonomi_numbers_read_back_equal_the_core(okonomi, examples_dir):
    portfolio = load([examples_dir / "eksempel-2025.xlsx", examples_dir / "eksempel-2026.xlsx"], workers=1)
    (prog,) = portfolio.programmes
    plan = prog.chain[-1]
    totals = plan_totals(plan)
    rows = {r.row.get("id"): r for r in prog.ledger.by_year(2026)}
    tiltak = tables(_one(okonomi, ".docx"))[0]
    header, body, total = tiltak[0], tiltak[1:-1], tiltak[-1]
    assert header[:3] == ["ID", "Tiltak", "Status"]
    assert len(body) == len(plan.tiltak)
    col = {h: i for i, h in enumerate(header)}
    for cells in body:
        r = rows[cells[0]]
        assert number(cells[col["Innvilget"]]) == r.innvilget
        assert number(cells[col["Utbetalt"]]) == r.utbetalt
        assert number(cells[col["Budsjett omst.midler"]]) == r.row.amount("omstillingsmidler")
        assert number(cells[col["Åpent tilsagn"]]) == max(0.0, r.innvilget - r.brukt)
        assert number(cells[col["Avvik"]]) == r.brukt - r.row.amount("omstillingsmidler")
    assert number(total[col["Innvilget"]]) == totals.innvilget
    assert number(total[col["Utbetalt"]]) == totals.utbetalt
    assert number(total[col["Budsjett omst.midler"]]) == totals.by_source["omstillingsmidler"]
    frame = {row[0]: number(row[1]) for row in tables(_one(okonomi, ".docx"))[1][1:]}
    assert frame["Disponibelt i alt"] == totals.disponibelt
    assert (
        frame["Igjen å fordele (disponibelt − fordelt)"] == totals.disponibelt - totals.by_source["omstillingsmidler"]
    )
    hittil = {row[0]: number(row[1]) for row in tables(_one(okonomi, ".docx"))[2][1:]}
    assert hittil["Innvilget (hver krone én gang)"] == prog.ledger.cumulative(2026)["innvilget"]
    # the sheet holds the same numbers as numbers
    ws = load_workbook(_one(okonomi, ".xlsx")).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    head = next(i for i, v in enumerate(values) if v[0] == "ID")
    sum_row = next(v for v in values[head:] if v[1] == "Sum")
    assert sum_row[values[head].index("Innvilget")] == totals.innvilget
    assert len(wb_sheets := load_workbook(_one(okonomi, ".xlsx")).sheetnames) == 1, wb_sheets


def test_okonomi_says_which_figures_it_used(okonomi):
    text = document_text(_one(okonomi, ".docx"))
    assert "Arbeidsboka for 2026 har ikke daterte utbetalinger" in text
    assert "årsslutt-tallene" in text
    assert "Laget med omstill_xl VERSJON fra eksempel-2026.xlsx (SHA-256 SUM); kontroll: Ingen feil" in text


def test_okonomi_golden(okonomi):
    check_golden("okonomirapport-eksempel-2026-09-30.txt", document_text(_one(okonomi, ".docx")))


def test_okonomi_dated_payments_report_to_the_date(examples_dir):
    (prog,) = load([examples_dir / "eksempel-2026.xlsx"], workers=1).programmes
    tid = next(t.get("id") for t in prog.latest.tiltak if t.get("type") != "administrasjon")
    payments = [
        Payment(tid, dt.date(2026, 3, 1), 100_000),
        Payment(tid, dt.date(2026, 9, 30), 50_000),
        Payment(tid, dt.date(2026, 10, 1), 70_000),  # after the date: not counted
        Payment(tid, dt.date(2025, 12, 1), 1_000),  # another year: not counted
    ]
    ctx = economic_context(prog, dt.date(2026, 9, 30), payments=payments)
    row = next(r for r in ctx["tiltak"] if r["id"] == tid)
    assert row["utbetalt"] == 150_000 and row["regnskap"] is None
    assert ctx["per_dato"] and "daterte utbetalingene til og med 30.9.2026" in ctx["grunnlag"]
    assert ctx["sum"]["utbetalt"] == 150_000


def test_okonomi_before_the_programme_is_a_clear_outcome(examples_dir, tmp_path):
    code = main(
        ["okonomirapport", str(examples_dir / "eksempel-2026.xlsx"), "--per", "2020-01-01", "--out", str(tmp_path)]
    )
    assert code == 2
    ws = load_workbook(tmp_path / "sammendrag.xlsx").active
    assert "ingen arbeidsbok for 2020" in str(ws.cell(2, 10).value)


def test_okonomi_bad_date_is_a_usage_error(examples_dir, tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        main(["okonomirapport", str(examples_dir / "eksempel-2026.xlsx"), "--per", "30.9.2026", "--out", str(tmp_path)])
    assert e.value.code == 2
    assert "ÅÅÅÅ-MM-DD" in capsys.readouterr().err


# --- søknad ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def soknad(examples_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("soknad")
    files = [str(examples_dir / "eksempel-2025.xlsx"), str(examples_dir / "eksempel-2026.xlsx")]
    assert main(["soknad", *files, "--aar", "2026", "--out", str(out)]) == 0
    (found,) = out.glob("soknad-2026-*.docx")
    return found


def test_soknad_numbers_read_back_equal_the_core(soknad, examples_dir):
    (prog,) = load([examples_dir / "eksempel-2025.xlsx", examples_dir / "eksempel-2026.xlsx"], workers=1).programmes
    plan = prog.chain[-1]
    totals = plan_totals(plan)
    tabs = tables(soknad)
    tiltak, fin, midler, status, ramme = tabs
    assert len(tiltak) == 1 + len(plan.tiltak) + 1
    assert number(tiltak[-1][4]) == totals.budsjett
    assert number(tiltak[-1][5]) == totals.by_source["omstillingsmidler"]
    from omstill_xl.documents.soknad import SOURCE_LABELS

    by_label = {row[0]: number(row[1]) for row in fin[1:]}
    for key, label in SOURCE_LABELS.items():
        assert by_label[label] == totals.by_source[key]
    assert by_label["Sum"] == totals.budsjett
    m = {row[0]: number(row[1]) for row in midler[1:]}
    assert m["Fylkeskommunens tilskudd (søkt)"] == plan.finansiering.amount("fylkeskommunens_tilskudd")
    assert m["Kommunens egenandel"] == plan.finansiering.amount("kommunens_egenandel")
    assert m["Disponibelt i alt"] == totals.disponibelt
    y2025 = next(y for y in prog.ledger.years if y.year == 2025)
    s = {row[0]: number(row[1]) for row in status[1:]}
    assert (s["Innvilget"], s["Brukt"], s["Ubrukt (overføres)"]) == (y2025.innvilget, y2025.brukt, y2025.unspent)
    later = [r for r in plan.ramme if r.get("aar") >= 2026]
    assert [int(row[0]) for row in ramme[1:-1]] == [r.get("aar") for r in later]
    assert number(ramme[-1][3]) == sum(r.amount("fylkeskommune") + r.amount("kommune") for r in later)


def test_soknad_placeholders_where_a_person_must_write(soknad):
    text = document_text(soknad)
    for what in (
        "bakgrunn og situasjon",
        "organisering og fremdrift",
        "hvilke av FNs bærekraftsmål",
        "kommunestyrets vedtak",
    ):
        assert f"[Skriv her: {what}" in text, what


def test_soknad_golden(soknad):
    check_golden("soknad-eksempel-2026.txt", document_text(soknad))


def test_soknad_year_without_plan_is_an_outcome(examples_dir, tmp_path):
    assert main(["soknad", str(examples_dir / "eksempel-2026.xlsx"), "--aar", "2031", "--out", str(tmp_path)]) == 2
    ws = load_workbook(tmp_path / "sammendrag.xlsx").active
    assert "ingen handlingsplan for 2031" in str(ws.cell(2, 10).value)


# --- PDF: tagged, in Norwegian, the house font -----------------------------------------------------------------


def test_documents_pdf_are_tagged(examples_dir, tmp_path):
    import pikepdf

    require_soffice()
    files = [str(examples_dir / "eksempel-2025.xlsx"), str(examples_dir / "eksempel-2026.xlsx")]
    assert main(["okonomirapport", *files, "--per", "2026-06-30", "--out", str(tmp_path / "o"), "--pdf"]) == 0
    assert main(["soknad", *files, "--aar", "2026", "--out", str(tmp_path / "s"), "--pdf"]) == 0
    assert (
        main(
            [
                "psv",
                str(Path(__file__).resolve().parents[1] / "workbooks" / "seksaar"),
                "--out",
                str(tmp_path / "p"),
                "--pdf",
            ]
        )
        == 0
    )
    pdfs = sorted(tmp_path.glob("*/*.pdf"))
    assert len(pdfs) == 3
    for pdf in pdfs:
        with pikepdf.open(pdf) as doc:
            assert "/StructTreeRoot" in doc.Root, pdf.name
            assert str(doc.Root.get("/Lang", "")).startswith("nb"), pdf.name


# --- programstatusvurdering -------------------------------------------------------------------------------------

SIX = Path(__file__).resolve().parents[1] / "workbooks" / "seksaar"


@pytest.fixture(scope="module")
def psv_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("psv")
    assert main(["psv", str(SIX), "--out", str(out)]) == 0
    (found,) = out.glob("psv-*.docx")
    return found


def test_psv_score_reads_the_dropdown_and_numbers():
    from omstill_xl.schema import PSV_SKALA, psv_score

    assert [psv_score(v) for v in PSV_SKALA.values] == [1, 2, 3, 4, 5]
    assert [psv_score(v) for v in (3, 3.0, "4", " 5 topp")] == [3, 3, 4, 5]
    assert [psv_score(v) for v in (0, 6, 2.5, "12", "2,5", "", None, True, "topp")] == [None] * 9


def test_psv_numbers_read_back_equal_the_workbooks(psv_report):
    from omstill_xl.documents.psv import psv_rows, psv_trend
    from omstill_xl.schema import PSV_EFFEKT, PSV_PROSESS

    (prog,) = load([SIX], workers=1).programmes
    rows = psv_rows(prog)
    years, trend = psv_trend(prog)
    assert years == [2026, 2027, 2028, 2029]
    prosess, effekt, utvikling, okonomi, maal = tables(psv_report)
    assert [r[0] for r in prosess[1:]] == list(PSV_PROSESS)
    assert [r[0] for r in effekt[1:]] == list(PSV_EFFEKT)
    for r in [*prosess[1:], *effekt[1:]]:
        assert number(r[1]) == rows[(r[0], 2029)]["skaar"]
        assert r[2] == rows[(r[0], 2029)]["begrunnelse"]
    assert utvikling[0] == ["Hovedindikator", "2026", "2027", "2028", "2029", "Endring"]
    for r, t in zip(utvikling[1:], trend, strict=True):
        assert [number(x) for x in r[1:5]] == [t["skaar"][y] for y in years]
        assert number(r[5].replace("+", "")) == t["endring"]
    cum = prog.ledger.cumulative(2029)
    got = {r[0]: number(r[1]) for r in okonomi[1:]}
    assert got["Innvilget (hver krone én gang)"] == cum["innvilget"]
    assert got["Brukt (regnskap, ellers utbetalt)"] == cum["brukt"]
    assert got["Tilført (fylkeskommune og kommune)"] == cum["tilfort"]


def test_psv_golden(psv_report):
    check_golden("psv-eksempel-2029.txt", document_text(psv_report))


def test_psv_without_the_sheet_is_an_outcome(examples_dir, tmp_path):
    assert main(["psv", str(examples_dir / "fjellbygd-2026.xlsx"), "--out", str(tmp_path)]) == 2
    ws = load_workbook(tmp_path / "sammendrag.xlsx").active
    assert "ingen programstatusvurdering" in str(ws.cell(2, 10).value)


def test_psv_trend_in_the_consolidated_workbook(tmp_path):
    from omstill_xl.documents.psv import psv_trend

    out = tmp_path / "konsolidert.xlsx"
    assert main(["consolidate", str(SIX), "--out", str(out)]) == 0
    ws = load_workbook(out)["Programstatusvurdering"]
    values = [list(r) for r in ws.iter_rows(min_row=4, values_only=True)]
    assert values[0][:5] == ["Program", "Kommunenr.", "Hovedindikator", "Gruppe", "2026"]
    (prog,) = load([SIX], workers=1).programmes
    _, trend = psv_trend(prog)
    assert [(r[2], r[4:8], r[8]) for r in values[1:]] == [
        (t["indikator"], [t["skaar"][y] for y in (2026, 2027, 2028, 2029)], t["endring"]) for t in trend
    ]


def test_no_psv_sheet_in_the_consolidated_workbook_without_assessments(examples_dir, tmp_path):
    out = tmp_path / "k.xlsx"
    assert main(["consolidate", str(examples_dir / "fjellbygd-2026.xlsx"), "--out", str(out)]) == 0
    assert "Programstatusvurdering" not in load_workbook(out).sheetnames


# --- SSB's CSV and the sluttrapport ----------------------------------------------------------------------------


def test_ssb_long_layout_with_missing_values_and_a_total_row(tmp_path):
    from omstill_xl.documents.ssb import read_table

    from .ssbfiles import POP, POP_COUNTY, write_07459

    t = read_table(write_07459(tmp_path / "07459.csv"))
    assert t.title.startswith("07459: Befolkning")
    expected = {y: float(v) for y, v in POP.items() if y != 2019}  # «..» is missing, not 0
    assert t.series("4626") == expected  # the «Begge kjønn» rows alone, not the sum with «Menn»
    assert t.county("4626") == {y: float(v) for y, v in POP_COUNTY.items()}
    assert t.names["4626"] == "Øygarden"


def test_ssb_wide_layout_in_windows_1252_and_county_as_sum(tmp_path):
    from omstill_xl.documents.ssb import read_table

    from .ssbfiles import JOBS, JOBS_COUNTY, write_11616

    t = read_table(write_11616(tmp_path / "11616.csv"))
    assert t.series("4626") == {y: float(v) for y, v in JOBS.items()}
    assert t.county("4626") == {y: float(v) for y, v in JOBS_COUNTY.items()}
    assert t.series("3424") == {}  # every value «..»


def test_ssb_trend_line():
    from omstill_xl.documents.ssb import trend_line

    a, b = trend_line({2020: 10.0, 2021: 12.0, 2022: 14.0, 2025: 99.0}, 2023, 5)
    assert (round(b, 9), round(a + b * 2024, 9)) == (2.0, 18.0)
    assert trend_line({2022: 1.0}, 2023) is None


def test_ssb_file_that_is_not_ssb_is_a_clear_message(tmp_path, capsys):
    bad = tmp_path / "feil.csv"
    bad.write_text("navn,verdi\nx,1\n", encoding="utf-8")
    good = tmp_path / "ok.csv"
    from .ssbfiles import write_07459

    write_07459(good)
    assert main(["sluttrapport", str(SIX), "--out", str(tmp_path / "ut"), "--ssb", str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "feil.csv" in err and "statistikkbank" in err and "Traceback" not in err


@pytest.fixture(scope="module")
def slutt(tmp_path_factory) -> tuple[Path, Path]:
    from .ssbfiles import write_07459, write_11616

    out = tmp_path_factory.mktemp("slutt")
    a, b = write_07459(out / "07459.csv"), write_11616(out / "11616.csv")
    assert main(["sluttrapport", str(SIX), "--out", str(out / "ut"), "--ssb", str(a), str(b)]) == 0
    (docx,) = (out / "ut").glob("sluttrapport-*.docx")
    return docx, docx.with_suffix(".xlsx")


def test_slutt_numbers_read_back_equal_the_ledger(slutt):
    docx, xlsx = slutt
    (prog,) = load([SIX], workers=1).programmes
    ledger = prog.ledger
    per_year, per_source, per_io, accounts, goals, sizes, pop, jobs = tables(docx)
    cum = ledger.cumulative()
    total = per_year[-1]
    assert total[0] == "Sum"
    assert [number(x) for x in total[3:7]] == [cum["tilfort"], cum["fordelt"], cum["innvilget"], cum["brukt"]]
    for row, y in zip(per_year[1:-1], ledger.years, strict=True):
        assert (int(row[0]), number(row[6])) == (y.year, y.brukt)
    assert sum(number(r[-1]) for r in per_io[1:]) == cum["brukt"]
    omst = next(r for r in per_source[1:] if r[0] == "Omstillingsmidler")
    assert number(omst[-1]) == cum["fordelt"]
    for row, y in zip(accounts[1:], ledger.years, strict=True):
        assert (number(row[2]), number(row[3]), number(row[6])) == (y.fordelt, y.brukt, y.unspent)
    tiltak = {r.key for r in ledger.rows if r.row.get("type") != "administrasjon"}
    assert number(sizes[-1][1]) == len(tiltak)
    from .ssbfiles import JOBS, POP

    assert [number(r[1]) for r in pop[1:]] == [float(POP[y]) for y in range(2020, 2031)]
    assert [number(r[1]) for r in jobs[1:]] == [float(JOBS[y]) for y in range(2020, 2031)]
    # the trend 2020–2024 rises 100 a year from 38 200: 39 200 in 2030
    assert number(pop[-1][2]) == 39_200 and number(pop[-1][3]) == POP[2030] - 39_200
    wb = load_workbook(xlsx)
    assert wb.sheetnames[:2] == ["Ressurser per år", "Ressurser per kilde"]
    ws = wb["Ressurser per år"]
    sum_row = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] == "Sum")
    assert sum_row[6] == cum["brukt"]


def test_slutt_golden(slutt):
    check_golden("sluttrapport-eksempel-2025-2030.txt", document_text(slutt[0]))
