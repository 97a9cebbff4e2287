"""``sammendrag.xlsx`` is written without openpyxl (``report.summary``), and its bytes are those the openpyxl
writer gave: the old writer is kept here as it was and both are compared, byte for byte, on the outcomes of a
real batch and on crafted and random texts (control characters, lone surrogates, U+FFFE, CR/LF/tab, leading and
trailing blanks, characters beyond the BMP, XML's special characters, texts longer than a cell), in bokmål and
nynorsk, with no rows and with many."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from omstill_xl import i18n
from omstill_xl.report.batch import (
    FEILET,
    HOPPET_OVER,
    IKKE_AKTUELT,
    IKKE_PLANLAGT,
    LAGET,
    LAGET_IKKE_VALIDERT,
    SUMMARY_COLUMNS,
    SUMMARY_NAME,
    ULESBAR,
    Outcome,
    status_text,
    summary_bytes,
)
from omstill_xl.schema import col_letter as column_letter

_ = i18n.translator("report")


def old_summary_bytes(outcomes: Sequence[Outcome]) -> bytes:
    """``batch.summary_bytes`` as it was (openpyxl)."""
    from openpyxl.styles import Alignment

    from omstill_xl.workbook.styles import HEADER_FILL, HEADER_FONT, new_workbook, set_value, workbook_bytes

    wb = new_workbook()
    ws = wb.active
    ws.title = _("Sammendrag")
    for col, (header, width) in enumerate(SUMMARY_COLUMNS, start=1):
        cell = ws.cell(1, col)
        set_value(cell, _(header))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        ws.column_dimensions[cell.column_letter].width = width
    for row, o in enumerate(outcomes, start=2):
        values = (
            o.programnavn,
            o.kommunenummer,
            o.aar,
            status_text(o.status),
            o.report or "",
            o.pdf or "",
            o.findings,
            o.errors,
            ", ".join(Path(s).name for s in o.sources),
            o.message,
        )
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col)
            set_value(cell, value)
            cell.alignment = Alignment(vertical="top", wrap_text=col == len(values))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{ws.cell(1, len(SUMMARY_COLUMNS)).column_letter}{max(len(outcomes) + 1, 1)}"
    return workbook_bytes(wb)


def assert_same(outcomes: Sequence[Outcome]) -> None:
    new, old = summary_bytes(outcomes), old_summary_bytes(outcomes)
    if new != old:  # name the member that differs, and where
        a, b = zipfile.ZipFile(io.BytesIO(new)), zipfile.ZipFile(io.BytesIO(old))
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        for name in b.namelist():
            x, y = a.read(name), b.read(name)
            at = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            assert x == y, f"{name} differs at {at}: {x[at - 80 : at + 80]!r} != {y[at - 80 : at + 80]!r}"
        assert new == old  # the members are equal: the zip's own structure differs


STATUSES = (LAGET, LAGET_IKKE_VALIDERT, HOPPET_OVER, FEILET, ULESBAR, IKKE_PLANLAGT, IKKE_AKTUELT)
CRAFTED = (
    "",
    " ",
    "\t",
    "  leading",
    "trailing  ",
    "trailing nbsp\xa0",
    "line one\nline two\r\nline three\rend",
    "tab\tin",
    "A & B <c> \"d\" 'e' ]]> &amp;",
    "æøå ÆØÅ Guovdageaidnu - Kautokeino Kárášjohka Porsáŋgu",
    "emoji 😀 and \U0010ffff",
    "controls \x00\x01\x08\x0b\x0c\x0e\x1f kept \x7f\x85\x9f",
    "lone surrogate \udcff here",
    "\ud83d\ude00 a surrogate pair as two",
    "non-characters \ufffe\uffff \ufdd0",
    "=SUM(A1:A3)",
    "+47 123",
    "-1",
    "@x",
    "#N/A",
    "x" * 32_767,
    "y" * 32_768,
    "z " * 20_000,
    "é" * 33_000 + "\x01",
    "\x01" * 5,
)


def crafted_outcomes() -> list[Outcome]:
    out = []
    for i, text in enumerate(CRAFTED):
        out.append(
            Outcome(
                text,
                text[:4],
                None if i % 3 == 0 else 2020 + i,
                STATUSES[i % len(STATUSES)],
                (f"/innkommet/{text[:30]}.xlsx", "andre/b.xlsm") if i % 2 else (),
                report=f"rapporter/{text[:20]}.docx" if i % 4 else None,
                pdf="rapporter/x.pdf" if i % 5 == 1 else None,
                findings=i * 1000,
                errors=i,
                message=text,
                remedy="overwrite" if i % 2 else "",
            )
        )
    return out


@pytest.mark.parametrize("maalform", [i18n.BOKMAAL, "nn"])
def test_no_rows_and_crafted_rows_give_openpyxl_bytes(maalform):
    with i18n.use(maalform, explicit=True):
        assert_same([])
        assert_same(crafted_outcomes())
        for o in crafted_outcomes():
            assert_same([o])


def test_random_texts_give_openpyxl_bytes():
    rng = random.Random(17)
    pool = [*"aZ09 -_.,;:!?'\"&<>=+@#%/\\", "\t", "\n", "\r", "\x00", "\x01", "\x0b", "\x1f", "\x7f", "\x85"]
    pool += ["\xa0", "å", "Ø", "ŋ", "\u2028", "\u3000", "\ud800", "\udfff", "\ufffe", "\uffff", "€", "😀"]
    outcomes = []
    for _i in range(300):
        texts = ["".join(rng.choice(pool) for _ in range(rng.randrange(0, 40))) for _ in range(4)]
        outcomes.append(
            Outcome(
                texts[0],
                texts[1],
                rng.choice([None, 2025, 2026, 0, -1, 10**15]),
                rng.choice(STATUSES),
                tuple(f"{t}.xlsx" for t in texts[2:3]),
                report=texts[2] or None,
                findings=rng.randrange(0, 10**6),
                errors=rng.randrange(0, 100),
                message=texts[3],
            )
        )
    assert_same(outcomes)
    for k in range(0, 300, 25):
        assert_same(outcomes[k : k + 3])


def test_the_outcomes_of_a_real_batch_give_openpyxl_bytes(tmp_path):
    from omstill_xl.report.batch import BatchOptions, run_batch
    from omstill_xl.workbook.build import write_workbook

    from .generate import synthetic_plan

    folder = tmp_path / "innkommet"
    folder.mkdir()
    write_workbook(synthetic_plan(6, seed=1, aar=2025), folder / "a.xlsx")
    write_workbook(synthetic_plan(6, seed=2, aar=2025, kommunenummer="1804"), folder / "b.xlsx")
    (folder / "ødelagt.xlsx").write_bytes(b"not a workbook")
    result = run_batch(
        [folder, tmp_path / "finnes-ikke.xlsx"],
        BatchOptions(out=tmp_path / "rapporter", aar=2025, toc_pages=False, workers=1),
    )
    assert {o.status for o in result.outcomes} >= {LAGET, ULESBAR}
    written = (tmp_path / "rapporter" / SUMMARY_NAME).read_bytes()
    assert written == summary_bytes(result.outcomes) == old_summary_bytes(result.outcomes)


def test_the_writer_does_not_import_openpyxl():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from omstill_xl.report.batch import Outcome, summary_bytes\n"
        "summary_bytes([Outcome('P', '1804', 2025, 'laget')])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'numpy')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_column_letters():
    assert [column_letter(n) for n in (1, 10, 26, 27, 52, 53, 702, 703)] == [
        "A",
        "J",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
