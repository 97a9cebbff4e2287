"""One workbook per OX-O rule, each failing exactly that rule; a clean or empty comparison gives nothing."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from omstill_xl.examples import fjellbygd
from omstill_xl.orgform import CRITERIA, DEFAULT_WEIGHTS, FORMS, read_orgform_file, write_orgform_workbook
from omstill_xl.rules.catalogue import BY_CODE
from omstill_xl.rules.orgform import check_orgform
from omstill_xl.validate import validate
from omstill_xl.workbook.build import write_workbook

KF, AS = "kommunalt foretak (KF)", "aksjeselskap (AS)"  # Fjellbygd has chosen AS on its Program sheet


def scored(best: str = AS) -> dict[str, Any]:
    """Every form scored 3 on every criterion, ``best`` 4: a complete comparison that ``best`` wins."""
    return {
        "weights": dict(DEFAULT_WEIGHTS),
        "scores": {c.key: {f: 4 if f == best else 3 for f in FORMS} for c in CRITERIA},
    }


def _o001(o: dict[str, Any]) -> None:
    o["weights"]["eier"] = 0.10  # 105 % in all


def _o002(o: dict[str, Any]) -> None:
    o["scores"]["innsyn"][AS] = 7


def _o003(o: dict[str, Any]) -> None:
    del o["scores"]["styret"]["stiftelse"]


def _o004(o: dict[str, Any]) -> None:
    o.update(scored(best=KF))


def _o005(o: dict[str, Any]) -> None:
    o["weights"]["eier"] = -0.05  # the sum stays 100 %
    o["weights"]["videreforing"] = 0.25


def _make(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        data = copy.deepcopy(fjellbygd())
        data["Organisasjonsform"] = scored()
        change(data["Organisasjonsform"])
        return write_workbook(data, tmp / "defekt.xlsx")

    return build


DEFECTS = {
    "OX-O001": _make(_o001),
    "OX-O002": _make(_o002),
    "OX-O003": _make(_o003),
    "OX-O004": _make(_o004),
    "OX-O005": _make(_o005),
}
WHERE = {
    "OX-O001": "Organisasjonsform!C35",
    "OX-O002": "Organisasjonsform!H27",
    "OX-O003": "Organisasjonsform!D26",
    "OX-O004": "Program!B8",
    "OX-O005": "Organisasjonsform!C23",
}


def test_every_orgform_code_has_a_defect():
    assert {c for c in BY_CODE if c.startswith("OX-O")} == set(DEFECTS)


@pytest.mark.parametrize("code", sorted(DEFECTS))
def test_defect_fails_exactly_its_rule(tmp_path, code):
    path = DEFECTS[code](tmp_path)
    findings = validate(path)
    assert [(f.code, f.location) for f in findings] == [(code, WHERE[code])], [(f.code, f.message) for f in findings]
    (f,) = findings
    assert f.file == str(path) and f.message and f.hint and f.severity == BY_CODE[code].severity


def test_messages_say_what_and_how_much(tmp_path):
    (o001,) = validate(DEFECTS["OX-O001"](tmp_path / "1"))
    assert "105\u00a0%" in o001.message and o001.value == pytest.approx(1.05)
    (o002,) = validate(DEFECTS["OX-O002"](tmp_path / "2"))
    assert "«aksjeselskap (AS)» på «Innsyn og offentlighet» er «7»" in o002.message
    (o003,) = validate(DEFECTS["OX-O003"](tmp_path / "3"))
    assert "«stiftelse» har poeng på 11 av 12 kriterier; mangler for «Styrets rolle»" in o003.message
    (o004,) = validate(DEFECTS["OX-O004"](tmp_path / "4"))
    assert (
        o004.severity == "info"
        and "«kommunalt foretak (KF)» først: 4,00 mot 3,00 poeng, 1,00 poeng bak" in o004.message
    )
    (o005,) = validate(DEFECTS["OX-O005"](tmp_path / "5"))
    assert "«Eier» er «\u22125\u00a0%»" in o005.message  # the one formatter: a real minus sign


def test_clean_complete_comparison_gives_nothing(tmp_path):
    data = fjellbygd()
    data["Organisasjonsform"] = scored()
    assert validate(write_workbook(data, tmp_path / "ren.xlsx")) == []


def test_unscored_and_empty_comparisons_give_nothing(tmp_path, example_paths):
    assert validate(example_paths["fjellbygd-2026.xlsx"]) == []  # default weights, no scores
    data = fjellbygd()
    data["Organisasjonsform"] = {"weights": {}, "scores": {}}
    assert validate(write_workbook(data, tmp_path / "tom.xlsx")) == []


def test_examples_have_no_orgform_findings(example_paths):
    for path in example_paths.values():
        assert not [f for f in validate(path) if f.code.startswith("OX-O") or f.sheet == "Organisasjonsform"]


def test_a_form_not_scored_at_all_is_not_partial(tmp_path):
    data = fjellbygd()
    data["Organisasjonsform"] = scored()
    for row in data["Organisasjonsform"]["scores"].values():
        del row["program"]
    assert validate(write_workbook(data, tmp_path / "uten-program.xlsx")) == []


def test_overwritten_total_is_reported(tmp_path):
    data = fjellbygd()
    data["Organisasjonsform"] = scored()
    path = write_workbook(data, tmp_path / "ren.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Organisasjonsform"]["E38"] = 1
    bad = tmp_path / "overskrevet.xlsx"
    wb.save(bad)
    (f,) = validate(bad)
    assert (f.code, f.location, f.value) == ("OX-A008", "Organisasjonsform!E38", 1) and "RANK(E37" in f.message


def test_orgform_only_workbook_is_checked_without_a_program_sheet(tmp_path):
    data = scored(best=KF)
    data["scores"]["eier"][KF] = "fem"
    src = read_orgform_file(write_orgform_workbook(tmp_path / "s.xlsx", data=data))
    findings = check_orgform(src.orgform, src.chosen, src.chosen_cell)
    assert [(f.code, f.location) for f in findings] == [("OX-O002", "Organisasjonsform!E23")]
    assert "«fem»" in findings[0].message and findings[0].file == str(tmp_path / "s.xlsx")
