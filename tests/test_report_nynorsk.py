"""The årsrapport and the organisasjonsform section in nynorsk: the same workbook gives a nynorsk and a bokmål
report with the same numbers; the nynorsk one holds no bokmål forms and no text of the bokmål template; a golden
document XML like the bokmål one; the nynorsk template is built by the same code; the Organisasjonsform sheet in
nynorsk reads back like the bokmål one."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import sys
from pathlib import Path

import pytest
from docx import Document

from omstill_xl import i18n
from omstill_xl.report import batch, make_reports
from omstill_xl.report.make_template import shipped_template_bytes, template_bytes
from omstill_xl.workbook.xlsx import read_file

from .test_report_render import REPORT_2025, normalised_document_xml

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_NN = Path(__file__).parent / "golden" / "eksempel-2025-nn-document.xml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Bokmål forms a nynorsk text never has (the list).
BOKMAAL_WORDS = ("ikke", "hvordan", "hvis", "også", "fra")
# More forms the report's own texts used in bokmål; none of them is nynorsk either.
BOKMAAL_MORE = (
    "hva",
    "hvem",
    "hvor",
    "hver",
    "ennå",
    "noen",
    "tilskudd",
    "regnskapet",
    "egenandel",
    "arbeidsplasser",
    "hovedmål",
    "behandling",
    "behandlet",
    "innledning",
    "programleder",
    "eier",
    "midler",
    "omstillingsmidler",
    "laget",
    "tallene",
    "kilde",
    "utfordringer",
    "resultater",
)


def _report(eksempel_2025: Path, out: Path, maalform: str) -> Path:
    with i18n.use(maalform, explicit=True):
        result = make_reports([eksempel_2025], out, aar=2025, workers=1)
    assert result.exit_code == 0, result.outcomes
    return out / REPORT_2025


@pytest.fixture(scope="module")
def reports(eksempel_2025, tmp_path_factory) -> dict[str, Path]:
    return {m: _report(eksempel_2025, tmp_path_factory.mktemp(f"rapport-{m}"), m) for m in ("nb", "nn")}


def texts(docx: Path) -> list[str]:
    """Every paragraph's text (body with its tables, headers and footers), in document order."""
    doc = Document(str(docx))
    parts = [doc.element.body]
    for s in doc.sections:
        parts += [s.header._element, s.footer._element]
    out = []
    for part in parts:
        for p in part.iter(W + "p"):
            t = "".join(x.text or "" for x in p.iter(W + "t")).replace("\u00ad", "")
            if t.strip():
                out.append(t)
    return out


def workbook_strings(path: Path) -> list[str]:
    """Text the report takes from the workbook as it is (names, comments, goals) and the findings' messages:
    a bokmål workbook's own words are not the report's to translate."""
    from omstill_xl.rules import check_plan

    plan = read_file(path)
    found = {str(v) for _sheet, r in plan.all_records() for v in r.values.values() if isinstance(v, str)}
    found |= {f.message for f in check_plan(plan)}
    return sorted((s for s in found if len(s) > 2), key=len, reverse=True)


def _bokmaal_words(text: str, words: tuple[str, ...]) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\wæøå]){w}(?![\wæøå])", text, re.IGNORECASE)]


def bokmaal_left(docx: Path, workbooks: list[Path]) -> list[tuple[list[str], str]]:
    """(bokmål words, paragraph) of the document's texts, leaving out what the workbooks' users wrote."""
    own = sorted({s for f in workbooks for s in workbook_strings(f)}, key=len, reverse=True)
    bad = []
    for t in texts(docx):
        rest = t
        for s in own:
            rest = rest.replace(s, " ")
        if found := _bokmaal_words(rest, BOKMAAL_WORDS + BOKMAAL_MORE):
            bad.append((found, t))
    return bad


def test_nynorsk_report_has_no_bokmaal_forms(reports, eksempel_2025):
    assert bokmaal_left(reports["nn"], [eksempel_2025]) == []


def test_the_check_finds_bokmaal(reports):
    """The same check on the bokmål report finds the words (so the test above can fail)."""
    found = {w for t in texts(reports["nb"]) for w in _bokmaal_words(t, BOKMAAL_WORDS)}
    assert {"ikke", "også", "fra"} <= found


def _catalogue():
    spec = importlib.util.spec_from_file_location("catalogues", ROOT / "scripts" / "catalogues.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("catalogues", module)
    spec.loader.exec_module(module)
    return module.read("report")


def test_nynorsk_report_holds_no_text_of_the_bokmaal_template(reports):
    nn = set(texts(reports["nn"]))
    nb_template = {t for t in _template_texts("nb")} - set(_template_texts("nn"))
    assert nb_template, "the two templates differ"
    # Whole paragraphs or cells of the bokmål template that the nynorsk report shows as they are: none.
    assert sorted(t for t in nb_template if "{" not in t and t in nn) == []
    # No bokmål message of the report's catalogue whose nynorsk form differs stands alone in a paragraph or cell.
    static = {m.id for m in _catalogue() if m.id and m.string and m.id != m.string and "{" not in m.id}
    assert sorted(static & nn) == []


def _template_texts(maalform: str) -> list[str]:
    doc = Document(io.BytesIO(shipped_template_bytes(maalform)))
    return [t for p in doc.element.body.iter(W + "p") if (t := "".join(x.text or "" for x in p.iter(W + "t")))]


def _numbers(docx: Path) -> list[list[str]]:
    """Per table, every cell that is a number, an amount or a percentage, as printed."""
    number = re.compile(r"^[−+-]?\d[\d\u00a0 ]*(,\d+)?( ?%| kr)?$")
    doc = Document(str(docx))
    return [[c.text for r in t.rows for c in r.cells if number.match(c.text.strip())] for t in doc.tables]


def test_same_numbers_in_both_reports(reports):
    nb, nn = _numbers(reports["nb"]), _numbers(reports["nn"])
    assert len(nb) == len(nn) and sum(len(t) for t in nb) > 200
    assert nb == nn
    amounts = re.compile(r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+[\u00a0\u202f ]kr")
    prose_nb = [a for t in texts(reports["nb"]) for a in amounts.findall(t)]
    prose_nn = [a for t in texts(reports["nn"]) for a in amounts.findall(t)]
    assert prose_nb == prose_nn and len(prose_nb) > 10


def test_nynorsk_report_reads_as_nynorsk(reports):
    doc = Document(str(reports["nn"]))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for h in (
        "1 Innleiing",
        "2 Mål og resultat",
        "7 Rekneskap mot budsjett",
        "8 Utfordringar og risiko",
        "9 Handsaming",
    ):
        assert h in headings
    all_text = "\n".join(texts(reports["nn"]))
    for phrase in (
        "Hovudmål:",
        "Tilskot frå fylkeskommunen",
        "Eigenandelen til kommunen",
        "i omstillingsmidlar",
        "[Skriv her: innleiinga frå programleiaren",
        "Handsama i styret",
    ):
        assert phrase in all_text, phrase
    assert re.search(r"^Side \d+ av \d+$", all_text, re.MULTILINE)
    assert doc.core_properties.language == "nn-NO"
    styles = doc.styles.element.find(W + "docDefaults")
    assert styles.find(f".//{W}lang").get(W + "val") == "nn-NO"


def test_orgform_section_in_nynorsk(reports):
    nn = texts(reports["nn"])
    start = nn.index("4.5 Vurdering av organisasjonsform")
    section = "\n".join(nn[start : start + 40])
    for phrase in (
        "Kommunen har samanlikna dei seks aktuelle organisasjonsformene",
        "Best rangert er kommunalt føretak (KF)",
        "Følsemd:",
        "Vekta poengsum",
        "Eigarpåverknad",
    ):
        assert phrase in section, phrase


def test_golden_nynorsk_document_xml(reports):
    got = normalised_document_xml(reports["nn"])
    if os.environ.get("OMSTILL_UPDATE_GOLDEN") == "1":
        GOLDEN_NN.write_text(got, encoding="utf-8")
    assert GOLDEN_NN.exists(), "run: OMSTILL_UPDATE_GOLDEN=1 python -m pytest tests/test_report_nynorsk.py"
    assert got == GOLDEN_NN.read_text(encoding="utf-8"), (
        "the nynorsk report changed; look at it, then OMSTILL_UPDATE_GOLDEN=1 python -m pytest "
        "tests/test_report_nynorsk.py"
    )


def test_committed_nynorsk_template_matches_the_script():
    built = template_bytes(i18n.NYNORSK)
    assert (ROOT / "templates" / "arsrapport-nn.docx").read_bytes() == built, (
        "templates/arsrapport-nn.docx is stale: python -m omstill_xl.report.make_template "
        "templates/arsrapport-nn.docx --nynorsk --overwrite"
    )
    assert shipped_template_bytes(i18n.NYNORSK) == built, (
        "omstill_xl/data/arsrapport-nn.docx is stale: python -m omstill_xl.report.make_template "
        "omstill_xl/data/arsrapport-nn.docx --nynorsk --overwrite"
    )
    assert built != template_bytes(i18n.BOKMAAL)


def test_nynorsk_template_lints_clean():
    from omstill_xl.report.lint import lint_template

    assert lint_template(shipped_template_bytes(i18n.NYNORSK), "arsrapport-nn.docx") == []


def test_the_workbook_chooses_and_an_explicit_choice_wins(eksempel_2025, tmp_path, monkeypatch):
    """A workbook whose Program sheet says nynorsk gets a nynorsk report; the user's explicit bokmål wins."""
    monkeypatch.setattr(batch, "workbook_maalform", lambda plan: "nynorsk")
    made = make_reports([eksempel_2025], tmp_path / "a", aar=2025, workers=1)
    assert made.exit_code == 0
    assert "1 Innleiing" in texts(tmp_path / "a" / REPORT_2025)
    with i18n.use("bokmål", explicit=True):
        made = make_reports([eksempel_2025], tmp_path / "b", aar=2025, workers=1)
    assert "1 Innledning" in texts(tmp_path / "b" / REPORT_2025)


def test_make_reports_takes_the_maalform(eksempel_2025, tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "workbook_maalform", lambda plan: "bokmål")
    assert make_reports([eksempel_2025], tmp_path, aar=2025, workers=1, maalform="nynorsk").exit_code == 0
    assert "1 Innleiing" in texts(tmp_path / REPORT_2025)
    with pytest.raises(ValueError):
        make_reports([eksempel_2025], tmp_path / "x", maalform="svensk")


def test_workbook_maalform_reads_the_program_field_defensively():
    from types import SimpleNamespace

    from omstill_xl.model import Record

    assert batch.workbook_maalform(SimpleNamespace(program=Record("Program", None, {"maalform": "nn"}, {}))) == "nn"
    assert batch.workbook_maalform(SimpleNamespace(program=Record("Program", None, {}, {}))) is None
    assert batch.workbook_maalform(SimpleNamespace()) is None


# --- the organisasjonsform section and sheet on their own ---------------------------------------------------


def test_orgform_document_in_nynorsk(eksempel_2025):
    from omstill_xl.orgform.section import orgform_docx_bytes

    plan = read_file(eksempel_2025)
    with i18n.use("nn"):
        data = orgform_docx_bytes(plan)
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert doc.paragraphs[0].text.startswith("Val av organisasjonsform")
    for phrase in ("Fakta om formene", "offentleglova gjeld", "stiftelseslova", "kommunelova", "aksjelova", "IKS-lova"):
        assert phrase in text.replace("\u00ad", ""), phrase
    assert _bokmaal_words(text, BOKMAAL_WORDS) == []
    assert doc.core_properties.language == "nn-NO"


def test_orgform_sheet_in_nynorsk_reads_back(tmp_path):
    from openpyxl import load_workbook

    from omstill_xl.orgform import read_orgform_file, write_orgform_workbook

    data = {"scores": {"eier": {"stiftelse": 3, "aksjeselskap (AS)": 5}}}
    with i18n.use("nn"):
        path = write_orgform_workbook(tmp_path / "nn.xlsx", data=data)
    bokmaal = write_orgform_workbook(tmp_path / "nb.xlsx", data=data)
    ws = load_workbook(path).active
    values = [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    joined = "\n".join(values)
    assert "Kommunalt føretak (KF)" in values and "Eigarpåverknad" in values
    assert "Slik gjer du det" in joined and "offentleglova gjeld" in joined
    assert _bokmaal_words(joined.replace("omstill", ""), BOKMAAL_WORDS) == []
    nn, nb = read_orgform_file(path).orgform, read_orgform_file(bokmaal).orgform
    assert nn.weights == nb.weights and nn.scores == nb.scores
    assert nn.scores["eier"]["aksjeselskap (AS)"] == 5


# --- the økonomirapport (issue 16) ------------------------------------------------------------------------------


def test_okonomirapport_in_nynorsk(examples_dir, tmp_path):
    from omstill_xl.cli import main

    files = [examples_dir / "eksempel-2025.xlsx", examples_dir / "eksempel-2026.xlsx"]
    with i18n.use("nynorsk", explicit=True):
        assert main(["okonomirapport", *map(str, files), "--per", "2026-09-30", "--out", str(tmp_path / "nn")]) == 0
    assert main(["okonomirapport", *map(str, files), "--per", "2026-09-30", "--out", str(tmp_path / "nb")]) == 0
    (nn,) = sorted((tmp_path / "nn").glob("okonomirapport-*.docx"))
    (nb,) = sorted((tmp_path / "nb").glob("okonomirapport-*.docx"))
    assert bokmaal_left(nn, files) == []
    joined = "\n".join(texts(nn))
    for phrase in ("Tilskot frå fylkeskommunen", "Ope tilsegn", "Att å fordele", "Laga med omstill_xl"):
        assert phrase in joined, phrase
    assert _numbers(nn) == _numbers(nb) and sum(len(t) for t in _numbers(nn)) > 50
    assert Document(str(nn)).core_properties.language == "nn-NO"
    assert {w for t in texts(nb) for w in _bokmaal_words(t, BOKMAAL_WORDS)}  # the check can fail


def test_soknad_in_nynorsk(examples_dir, tmp_path):
    from omstill_xl.cli import main

    files = [examples_dir / "eksempel-2025.xlsx", examples_dir / "eksempel-2026.xlsx"]
    with i18n.use("nynorsk", explicit=True):
        assert main(["soknad", *map(str, files), "--aar", "2026", "--out", str(tmp_path / "nn")]) == 0
    assert main(["soknad", *map(str, files), "--aar", "2026", "--out", str(tmp_path / "nb")]) == 0
    (nn,) = sorted((tmp_path / "nn").glob("*.docx"))
    (nb,) = sorted((tmp_path / "nb").glob("*.docx"))
    assert bokmaal_left(nn, files) == []
    joined = "\n".join(texts(nn))
    for phrase in ("Søknad om omstillingsmidlar for 2026", "4. Organisering og framdrift", "Hovudmål:", "søkjer om"):
        assert phrase in joined, phrase
    assert _numbers(nn) == _numbers(nb)


def test_psv_in_nynorsk(tmp_path):
    from omstill_xl.cli import main

    six = ROOT / "workbooks" / "seksaar"
    with i18n.use("nynorsk", explicit=True):
        assert main(["psv", str(six), "--out", str(tmp_path / "nn")]) == 0
    assert main(["psv", str(six), "--out", str(tmp_path / "nb")]) == 0
    (nn,) = sorted((tmp_path / "nn").glob("psv-*.docx"))
    (nb,) = sorted((tmp_path / "nb").glob("psv-*.docx"))
    assert bokmaal_left(nn, sorted(six.glob("*.xlsx"))) == []
    joined = "\n".join(texts(nn))
    for phrase in ("1. Vurdering per hovudindikator", "Grunngiving", "Framlegg til forbetring", "Deltakarar:"):
        assert phrase in joined, phrase
    assert _numbers(nn) == _numbers(nb)


def test_sluttrapport_in_nynorsk(tmp_path):
    from openpyxl import load_workbook

    from omstill_xl.cli import main

    from .ssbfiles import write_07459, write_11616

    six = ROOT / "workbooks" / "seksaar"
    a, b = write_07459(tmp_path / "07459.csv"), write_11616(tmp_path / "11616.csv")
    with i18n.use("nynorsk", explicit=True):
        assert main(["sluttrapport", str(six), "--out", str(tmp_path / "nn"), "--ssb", str(a), str(b)]) == 0
    assert main(["sluttrapport", str(six), "--out", str(tmp_path / "nb"), "--ssb", str(a), str(b)]) == 0
    (nn,) = sorted((tmp_path / "nn").glob("sluttrapport-*.docx"))
    (nb,) = sorted((tmp_path / "nb").glob("sluttrapport-*.docx"))
    assert bokmaal_left(nn, sorted(six.glob("*.xlsx"))) == []
    joined = "\n".join(texts(nn))
    for phrase in ("Samla ressursbruk per år", "Rekneskapsanalyse", "Avvik frå trend", "Innleiing"):
        assert phrase in joined, phrase
    assert _numbers(nn) == _numbers(nb) and sum(len(t) for t in _numbers(nn)) > 50
    sheets = load_workbook(nn.with_suffix(".xlsx")).sheetnames
    assert "Ressursar per år" in sheets and all(len(s) <= 31 for s in sheets)


def test_orgform_guide_texts_in_nynorsk():
    from omstill_xl.orgform.layout import GUIDE_ITEMS, guide_intro, guide_items

    assert [x[1] for x in guide_items()] == [x[1] for x in GUIDE_ITEMS]
    assert guide_items() == GUIDE_ITEMS  # bokmål: as declared
    with i18n.use("nn"):
        items = guide_items()
        intro = guide_intro()
    assert "Kriterium med poeng (av 12)" in [x[0] for x in items] and "kommunalt føretak (KF)" in intro
    assert _bokmaal_words(" ".join(x[2] for x in items) + intro, BOKMAAL_WORDS) == []


def test_charts_carry_the_reports_language():
    """A nynorsk report's charts are tagged nn-NO (proofing, screen readers), a bokmål one's nb-NO."""
    from omstill_xl.docxchart import ChartSpec, Series, chart_xml

    spec = ChartSpec("col", ("A", "B"), (Series("Mål", (1.0, 2.0), "1F4E79"),), "# ##0")
    with i18n.use("nynorsk", explicit=True):
        nn = chart_xml(spec)
    nb = chart_xml(spec)
    assert '<c:lang val="nn-NO"/>' in nn and "nb-NO" not in nn
    assert '<c:lang val="nb-NO"/>' in nb and "nn-NO" not in nb
