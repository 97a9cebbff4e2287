"""Everything we hand a reader looks finished: named fonts, print layout, PDF text (issue 15)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from omstill_xl.consolidate import consolidate_files
from omstill_xl.orgform import write_orgform_workbook
from omstill_xl.validate import validate_files
from omstill_xl.workbook.annotate import write_annotated
from omstill_xl.workbook.styles import FONT_NAME


def fonts_of(path: Path) -> list[str]:
    """Every <font> element of the workbook's styles.xml (cell fonts and the Normal style)."""
    with zipfile.ZipFile(path) as z:
        styles = z.read("xl/styles.xml").decode("utf-8")
    fonts = re.search(r"<fonts[^>]*>(.*?)</fonts>", styles, re.S)
    assert fonts is not None
    return re.findall(r"<font>.*?</font>|<font/>", fonts.group(1), re.S)


def assert_every_font_named(path: Path) -> None:
    fonts = fonts_of(path)
    assert fonts
    for f in fonts:
        assert f'<name val="{FONT_NAME}"/>' in f, (path.name, f)
        assert "<sz " in f, (path.name, f)  # a size too: a font without one prints at the reader's default


@pytest.fixture(scope="module")
def written(example_paths, tmp_path_factory):
    out = tmp_path_factory.mktemp("written")
    files = list(example_paths.values())
    paths = {name: p for name, p in example_paths.items()}
    consolidate_files(files, out / "konsolidert.xlsx", overwrite=True)
    paths["konsolidert.xlsx"] = out / "konsolidert.xlsx"
    paths["sammenlikning.xlsx"] = write_orgform_workbook(out / "sammenlikning.xlsx", overwrite=True)
    for r in validate_files(files):
        target = out / ("avvik-" + Path(r.file).name)
        write_annotated(r.file, r.findings, target, overwrite=True)
        paths[target.name] = target
    return paths


def test_every_font_in_every_workbook_names_its_face(written):
    for path in written.values():
        assert_every_font_named(path)
