"""Real client: LibreOffice recalculates the comparison exactly as Python scores it; the Word section makes a PDF."""

from __future__ import annotations

import subprocess

import pytest
import python_calamine as pc

from omstill_xl.examples import eksempel_orgform
from omstill_xl.orgform import CRITERIA, FORMS, rank_orgform, write_orgform_docx, write_orgform_workbook
from omstill_xl.orgform import layout as L
from omstill_xl.orgform.criteria import form_heading
from omstill_xl.orgform.files import read_orgform_file
from omstill_xl.workbook.xlsx import read_file

from .conftest import require_soffice

pytestmark = pytest.mark.libreoffice

KF, AS, IKS = "kommunalt foretak (KF)", "aksjeselskap (AS)", "interkommunalt selskap (IKS)"


def _sheet_values(path) -> list[list[object]]:
    return pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(L.SHEET).to_python(skip_empty_area=False)


def _assert_sheet_equals_python(recalculated_path, orgform) -> None:
    rows = _sheet_values(recalculated_path)
    ranking = rank_orgform(orgform)
    assert rows[L.SUM_ROW - 1][L.COL_WEIGHT - 1] == pytest.approx(ranking.weight_sum)
    for j, form in enumerate(FORMS):
        col = L.form_col(j) - 1
        total, rank, count = rows[L.TOTAL_ROW - 1][col], rows[L.RANK_ROW - 1][col], rows[L.COUNT_ROW - 1][col]
        if ranking.totals[form] is None:
            assert total == "" and rank == "", form
        else:
            assert total == pytest.approx(ranking.totals[form], abs=1e-12), form
            assert rank == ranking.ranks[form], form
        assert count == ranking.scored[form], form
    best = rows[L.BEST_ROW - 1][L.FIRST_FORM_COL - 1]
    assert best == (form_heading(ranking.winners[0]) if ranking.winners else "")


def test_example_scores_equal_the_recalculated_workbook(example_paths, recalculated):
    for name in ("eksempel-2025.xlsx", "fjellbygd-2026.xlsx"):
        plan = read_file(example_paths[name])
        _assert_sheet_equals_python(recalculated[name], plan.orgform)
        chosen = _sheet_values(recalculated[name])[L.CHOSEN_ROW - 1][L.FIRST_FORM_COL - 1]
        assert chosen == plan.program.organisasjonsform


def test_ties_partial_and_odd_weights_agree_with_libreoffice(tmp_path):
    """A constructed case with a tie at the top, a partly scored form, an unscored form, text where numbers
    belong, weights that do not sum to 100 % and twelfths that are not exact in binary."""
    require_soffice()
    from omstill_xl.libreoffice import recalculate

    weights = {c.key: 1 / 12 for c in CRITERIA}
    weights["eier"] = 0.3333
    scores = {c.key: {KF: 4, AS: 4, IKS: 2, "stiftelse": 1 + i % 5} for i, c in enumerate(CRITERIA)}
    scores["styret"]["kommunal avdeling"] = 5  # partly scored; «program» has no score at all
    scores["innsyn"][IKS] = "to"  # text counts as 0 in SUMPRODUCT and is not counted by COUNT
    weights["styret"] = "ti"  # a text weight counts as 0 too
    data = {"weights": weights, "scores": scores}
    book = write_orgform_workbook(tmp_path / "konstruert.xlsx", data=data)
    recalculated = recalculate(book, tmp_path / "lo")
    orgform = read_orgform_file(book).orgform
    ranking = rank_orgform(orgform)
    assert ranking.winners == (KF, AS) and ranking.totals["program"] is None
    _assert_sheet_equals_python(recalculated, orgform)
    again = read_orgform_file(recalculated).orgform  # a copy saved by LibreOffice reads the same
    assert again.to_data()["scores"] == orgform.to_data()["scores"]
    read_back, written = again.to_data()["weights"], orgform.to_data()["weights"]
    assert read_back.keys() == written.keys()
    for key, value in written.items():  # numbers to 15 digits; a text weight («ti») comes back as the same text
        if isinstance(value, (int, float)):
            assert read_back[key] == pytest.approx(value, rel=1e-14), key
        else:
            assert read_back[key] == value, key
    assert all(c.formula and c.cached for c in again.formula_cells.values())


def test_docx_converts_to_pdf_with_the_content(example_paths, tmp_path):
    require_soffice()
    from omstill_xl.libreoffice import convert

    plan = read_file(example_paths["eksempel-2025.xlsx"])
    docx_path = write_orgform_docx(plan, tmp_path / "organisasjonsform.docx")
    pdf = convert(docx_path, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Valg av organisasjonsform" in text and "4,05" in text and "Følsomhet" in text
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert 2 <= int(next(line for line in pages.splitlines() if line.startswith("Pages:")).split()[1]) <= 4


def test_orgform_only_workbook_opens_in_libreoffice_without_errors(tmp_path):
    require_soffice()
    from omstill_xl.libreoffice import recalculate

    book = write_orgform_workbook(tmp_path / "s.xlsx", data=eksempel_orgform())
    rows = _sheet_values(recalculate(book, tmp_path / "lo"))
    flat = [v for row in rows for v in row if isinstance(v, str)]
    assert not [v for v in flat if v.startswith(("Err:", "#"))]
    assert rows[L.BEST_ROW - 1][L.FIRST_FORM_COL - 1] == "Kommunalt foretak (KF)"
