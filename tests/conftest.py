"""Shared fixtures: example workbooks built by code, and their LibreOffice-recalculated copies."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from omstill_xl.examples import EXAMPLES, build_examples

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# The public spreadsheet corpus lies beside the checkout in CI (../shared/corpus); a fresh clone has none.
CORPUS = Path(os.environ.get("OMSTILL_CORPUS", SHARED / "corpus"))
CORPUS_MISSING = f"the shared corpus is not there ({CORPUS}); the tests marked «corpus» need it"


def corpus_files() -> list[Path]:
    """Every file of the corpus, or one stand-in path when it is absent (so the test exists and is skipped —
    or fails under CI — with a reason, instead of vanishing as an empty parameter set)."""
    if not CORPUS.is_dir():
        return [CORPUS / "mangler"]
    return sorted(p for p in CORPUS.rglob("*") if p.is_file())


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked «corpus» skip with a visible reason when ../shared/corpus is absent; under CI=true they fail."""
    if item.get_closest_marker("corpus") and not CORPUS.is_dir():
        if _in_ci():
            pytest.fail(f"CI: {CORPUS_MISSING}", pytrace=False)
        pytest.skip(CORPUS_MISSING)


@pytest.fixture(scope="session")
def examples_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("examples")
    build_examples(folder)
    return folder


@pytest.fixture(scope="session")
def example_paths(examples_dir: Path) -> dict[str, Path]:
    return {name: examples_dir / name for name in EXAMPLES}


@pytest.fixture(scope="session")
def eksempel_2025(examples_dir: Path) -> Path:
    return examples_dir / "eksempel-2025.xlsx"


def require_soffice() -> str:
    """LibreOffice must be there: a real-client test never skips quietly (CI installs it)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        if os.environ.get("OMSTILL_ALLOW_NO_LIBREOFFICE") == "1":
            pytest.skip("LibreOffice mangler (OMSTILL_ALLOW_NO_LIBREOFFICE=1)")
        pytest.fail("LibreOffice (soffice) is not installed; scripts/test.sh installs it")
    return found


@pytest.fixture(scope="session")
def recalculated(examples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example opened, recalculated and saved by LibreOffice."""
    require_soffice()
    from omstill_xl.libreoffice import recalculate

    out = tmp_path_factory.mktemp("lo")
    return {name: recalculate(examples_dir / name, out) for name in EXAMPLES}
