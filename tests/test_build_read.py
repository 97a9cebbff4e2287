"""Template → fill → read gives the same model; the reader keeps exact cell addresses."""

from __future__ import annotations

import openpyxl
import pytest

from omstill_xl import schema as S
from omstill_xl.examples import EXAMPLES, eksempel
from omstill_xl.workbook.build import write_workbook
from omstill_xl.workbook.xlsx import read_file


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_round_trip_examples(example_paths, name):
    plan = read_file(example_paths[name])
    assert plan.to_data() == EXAMPLES[name]()
    assert plan.problems == ()


def test_template_filled_through_openpyxl_reads_back(tmp_path):
    """Fill an empty template cell by cell, as a user would, and read it back."""
    path = tmp_path / "tom.xlsx"
    write_workbook(None, path)
    data = eksempel(2025)
    wb = openpyxl.load_workbook(path)
    for s in S.SHEETS:
        ws = wb[s.name]
        for key, value in data.get(s.name, {}).get("fields", {}).items():
            ws.cell(S.field_row(s, key), S.FIELD_VALUE_COL, value)
        for i, row in enumerate(data.get(s.name, {}).get("rows", [])):
            for key, value in row.items():
                ws.cell(S.table_first_row(s) + i, s.table.index(key) + 1, value)
    filled = tmp_path / "utfylt.xlsx"
    wb.save(filled)
    assert read_file(filled).to_data() == data


def test_addresses_point_at_the_cells(eksempel_2025):
    plan = read_file(eksempel_2025)
    t11 = next(t for t in plan.tiltak if t.id == "T1.1")
    assert t11.address("budsjett") == "Tiltak!K6"
    assert t11.cell("budsjett").raw == 600000
    assert plan.program.address("kommunenummer") == "Program!B4"
    assert plan.finansiering.address("overfort") == "Finansiering!B7"
    assert plan.ramme[0].address("aar") == f"Finansiering!A{S.table_first_row(S.FINANSIERING)}"


def test_empty_template_reads_as_empty_plan(tmp_path):
    path = write_workbook(None, tmp_path / "tom.xlsx")
    plan = read_file(path)
    assert plan.tiltak == () and plan.innsatsomrader == ()
    assert plan.program.maks_fylkesandel == 0.75


def test_formulas_without_cached_values_are_known(eksempel_2025):
    plan = read_file(eksempel_2025)
    cell = plan.facts.formulas[("Tiltak", "P6")]
    assert cell.formula == "SUM(L6:O6)" and cell.cached is False


def test_user_text_is_never_a_formula(tmp_path):
    data = eksempel(2025)
    data["Tiltak"]["rows"][1]["navn"] = '=HYPERLINK("http://x","klikk")'
    data["Tiltak"]["rows"][2]["kommentar"] = "@SUM(A1)"
    data["Tiltak"]["rows"][3]["navn"] = "-tull"
    path = write_workbook(data, tmp_path / "farlig.xlsx")
    ws = openpyxl.load_workbook(path)["Tiltak"]
    assert ws["D6"].data_type == "s" and ws["D6"].value.startswith("=HYPERLINK")
    plan = read_file(path)
    assert plan.tiltak[1].navn == '=HYPERLINK("http://x","klikk")'
    assert ("Tiltak", "D6") not in plan.facts.formulas


def test_tables_grow_to_fit_many_rows(tmp_path):
    data = eksempel(2025)
    base = data["Tiltak"]["rows"][1]
    data["Tiltak"]["rows"] = [dict(base, id=f"T{i}") for i in range(1, 151)]
    plan = read_file(write_workbook(data, tmp_path / "stor.xlsx"))
    assert len(plan.tiltak) == 150 and plan.capacities["Tiltak"] >= 150


def test_existing_output_is_not_overwritten(tmp_path):
    from omstill_xl.errors import OutputError

    path = write_workbook(None, tmp_path / "a.xlsx")
    before = path.read_bytes()
    with pytest.raises(OutputError, match="finnes allerede"):
        write_workbook(eksempel(2025), path)
    assert path.read_bytes() == before


def test_workbook_structure(eksempel_2025):
    wb = openpyxl.load_workbook(eksempel_2025)
    assert wb.sheetnames == list(S.TEMPLATE_SHEETS)
    assert wb[S.LISTS_SHEET].sheet_state == "hidden"
    ws = wb["Tiltak"]
    assert ws.protection.sheet is True
    assert "tblTiltak" in ws.tables
    assert ws.freeze_panes == "B5"
    assert ws["K5"].protection.locked is False and ws["P5"].protection.locked is True
    assert any("Liste_Tiltakstype" in (dv.formula1 or "") for dv in ws.data_validations.dataValidation)
    assert "Kommunenummer" in wb.defined_names and "Liste_Kommuner" in wb.defined_names
    assert ws["K5"].number_format.endswith("#,##0")


def test_shared_formulas_are_translated_to_each_cell(tmp_path, eksempel_2025):
    """Excel saves a filled-down column as one shared formula; each child must read as its own formula."""
    from omstill_xl.rules.context import Context
    from omstill_xl.rules.hygiene import inconsistent_formulas

    from .defects import patch_zip

    def share(xml: str) -> str:
        xml = xml.replace("<f>SUM(L5:O5)</f>", '<f t="shared" ref="P5:P9" si="0">SUM(L5:O5)</f>')
        for r in range(6, 10):
            xml = xml.replace(f"<f>SUM(L{r}:O{r})</f>", '<f t="shared" si="0"/>')
        return xml

    path = patch_zip(eksempel_2025, tmp_path / "delt.xlsx", "xl/worksheets/sheet4.xml", share)
    plan = read_file(path)
    assert plan.facts.formulas[("Tiltak", "P8")].formula == "SUM(L8:O8)"
    assert list(inconsistent_formulas(plan, Context.for_plan(plan))) == []


def test_a_tiltak_with_the_id_sum_is_a_tiltak(tmp_path):
    data = eksempel(2025)
    data["Tiltak"]["rows"][3]["id"] = "Sum"
    plan = read_file(write_workbook(data, tmp_path / "sum.xlsx"))
    assert [t.id for t in plan.tiltak].count("Sum") == 1 and len(plan.tiltak) == 15
    assert plan.capacities["Tiltak"] == S.TILTAK.table.capacity
