"""The Word template: the committed file is what the script builds, the built-in template lints clean, the
lint finds what breaks templates (in Norwegian), and a user's own template is linted before anything is made."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from omstill_xl.cli import main
from omstill_xl.report.lint import ReportTemplateError, lint_template, require_clean
from omstill_xl.report.make_template import main as make_template_main
from omstill_xl.report.make_template import shipped_template_bytes, template_bytes

ROOT = Path(__file__).resolve().parents[1]


def docx_bytes(*paragraphs: str | list[tuple[str, bool]]) -> bytes:
    """A small .docx; a paragraph given as [(text, bold), …] becomes several runs."""
    doc = Document()
    for p in paragraphs:
        if isinstance(p, str):
            doc.add_paragraph(p)
        else:
            para = doc.add_paragraph()
            for text, bold in p:
                para.add_run(text).bold = bold
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_committed_template_matches_the_script(tmp_path):
    committed = ROOT / "templates" / "arsrapport.docx"
    assert committed.exists(), "run: python -m omstill_xl.report.make_template templates/arsrapport.docx --overwrite"
    assert committed.read_bytes() == template_bytes(), (
        "templates/arsrapport.docx is stale: python -m omstill_xl.report.make_template templates/arsrapport.docx "
        "--overwrite"
    )
    # the copy in the package is what the tool renders with (the only test that builds the template)
    assert shipped_template_bytes() == template_bytes(), (
        "omstill_xl/data/arsrapport.docx is stale: python -m omstill_xl.report.make_template "
        "omstill_xl/data/arsrapport.docx --overwrite"
    )
    assert make_template_main([str(tmp_path / "mal.docx")]) == 0
    assert (tmp_path / "mal.docx").read_bytes() == template_bytes()
    assert make_template_main([str(tmp_path / "mal.docx")]) == 2  # never overwrites silently


def test_built_in_template_lints_clean():
    assert lint_template(shipped_template_bytes(), "arsrapport.docx") == []


def messages(data: bytes) -> list[str]:
    return [i.line() for i in lint_template(data, "mal.docx")]


def test_unknown_variables_fields_and_filters_are_errors():
    found = messages(
        docx_bytes(
            "{{ program.nvn }} {{ ukjent }} {{ aar|euro }}",
            "{%p for io in innsatsomrader %}",
            "{{ io.tiltak.navn }} {{ loop.indx }}",
            "{%p endfor %}",
        )
    )
    assert any("feil: Ukjent variabel «program.nvn»" in m and "navn, kommunenummer" in m for m in found)
    assert any("feil: Ukjent variabel «ukjent»" in m for m in found)
    assert any("feil: Ukjent filter «|euro»" in m and "kr, tall, prosent" in m for m in found)
    assert any("«io.tiltak.navn»: io.tiltak er en liste" in m for m in found)
    assert any("«loop.indx» finnes ikke" in m for m in found)


def test_loop_variables_know_their_fields():
    assert (
        messages(
            docx_bytes(
                "{%p for io in innsatsomrader %}",
                "{%p for t in io.tiltak %}",
                "{{ t.navn }} {{ t.budsjett|kr }} {{ loop.index }} {{ io.nr }}",
                "{%p endfor %}",
                "{%p endfor %}",
                "{{ maal.kildeaar|join(', ') }} {{ kilde.tidligere|length }} {{ program['navn'] }}",
            )
        )
        == []
    )


def test_tag_split_across_runs_is_a_warning():
    found = messages(docx_bytes([("{{ program.", False), ("navn }}", True)]))
    assert len(found) == 1 and found[0].startswith("advarsel: Taggen «{{ program.navn }}» er delt over flere")


def test_tags_across_paragraphs_and_syntax_errors_are_errors():
    found = messages(docx_bytes("{{ program.navn", "}}"))
    assert sum("starter eller slutter ikke i samme avsnitt" in m for m in found) == 2
    found = messages(docx_bytes("{%p if validert %}", "tekst"))
    assert any("feil: Malen har en feil i en tag: malen slutter før blokken «if» er lukket" in m for m in found)
    found = messages(docx_bytes("{%tr for t in vedlegg.tiltak %}"))
    assert any("må stå i en tabellcelle" in m for m in found)


def test_not_a_docx_is_refused():
    with pytest.raises(ReportTemplateError, match="ikke et Word-dokument"):
        lint_template(b"PK\x03\x04 not really", "mal.docx")
    with pytest.raises(ReportTemplateError, match="ikke et Word-dokument"):
        lint_template(b"hello", "mal.docx")


def test_require_clean_lists_errors_in_norwegian():
    with pytest.raises(ReportTemplateError) as e:
        require_clean(docx_bytes("{{ ukjent }}", "{{ program.x }}"), "egen.docx")
    assert "Malen kan ikke brukes, 2 feil" in e.value.user_text() and e.value.user_text().startswith("egen.docx")


def test_cli_lints_a_custom_template_before_rendering(capsys, eksempel_2025, tmp_path):
    bad = tmp_path / "egen.docx"
    bad.write_bytes(docx_bytes("{{ program.navnet }}"))
    out = tmp_path / "ut"
    code = main(["report", str(eksempel_2025), "--template", str(bad), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "Ukjent variabel «program.navnet»" in err and not out.exists()


def test_cli_renders_with_a_custom_template(capsys, eksempel_2025, tmp_path):
    good = tmp_path / "egen.docx"
    good.write_bytes(
        docx_bytes(
            "Rapport for {{ program.navn }} {{ aar }}",
            [("Budsjett: ", False), ("{{ totalt.budsjett|kr }}", True)],
            "{{ innledning.tekst }}",
        )
    )
    out = tmp_path / "ut"
    code = main(["report", str(eksempel_2025), "--template", str(good), "--out", str(out)])
    assert code == 0, capsys.readouterr()
    doc = Document(str(next(out.glob("*.docx"))))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Rapport for Omstilling Eksempel 2025"
    assert texts[1] == "Budsjett: 6\u00a0150\u00a0000\u00a0kr"
    assert doc.paragraphs[2].runs[0].font.highlight_color is not None  # the placeholder is marked here too


def test_lint_stops_attribute_tricks(capsys, eksempel_2025, tmp_path):
    evil = tmp_path / "ond.docx"
    evil.write_bytes(docx_bytes("{{ program.navn.__class__.__mro__ }}"))
    code = main(["report", str(eksempel_2025), "--template", str(evil), "--out", str(tmp_path / "ut")])
    assert code == 2 and "program.navn er tekst og har ingen felt «__class__»" in capsys.readouterr().err


def test_sandbox_refuses_what_the_lint_cannot_see(capsys, eksempel_2025, tmp_path):
    evil = tmp_path / "ond.docx"
    evil.write_bytes(docx_bytes("{% set x = aar %}{{ x.__class__.__mro__ }}"))
    assert lint_template(evil.read_bytes(), "ond.docx") == []
    code = main(["report", str(eksempel_2025), "--template", str(evil), "--out", str(tmp_path / "ut")])
    out = capsys.readouterr().out
    assert code == 2 and "feilet" in out and "ikke er tillatt i en rapportmal" in out
    assert list((tmp_path / "ut").glob("*.docx")) == []
