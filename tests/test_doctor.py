"""``omstill doctor``: what the machine has, and a Norwegian line on what to do for what is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from omstill_xl import doctor, fonts
from omstill_xl.cli import main

from .conftest import require_soffice


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "omstill_xl.cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_everything_present_on_this_machine(capsys):
    require_soffice()
    code = main(["doctor"])
    out = capsys.readouterr().out
    assert code == 0, out
    rows = {r.part: r for r in doctor.checks()}
    assert rows["LibreOffice"].status == doctor.OK and "LibreOffice" in rows["LibreOffice"].found
    assert rows["tilleggspakkene «rapport»"].status == doctor.OK
    for name in fonts.DOCUMENT_FONTS:  # scripts/test.sh installs the metric twins
        assert rows[f"skrifttypen {name}"].status == doctor.OK, rows[f"skrifttypen {name}"]
    assert "Kjernen virker" in out and "Slik gjør du" not in out
    assert fonts.pdf_font_warning() is None


def test_libreoffice_hidden_from_path(tmp_path: Path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("fc-match",):  # keep the font check; hide soffice and libreoffice
        if shutil.which(tool):
            (bindir / tool).symlink_to(shutil.which(tool))
    env = {**os.environ, "PATH": str(bindir)}
    proc = _run(["doctor"], env)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # the core still works
    line = next(line for line in proc.stdout.splitlines() if line.startswith("LibreOffice"))
    assert "mangler" in line
    assert "apt-get install libreoffice-writer-nogui" in proc.stdout and "Slik gjør du:" in proc.stdout
    assert "Traceback" not in proc.stderr
    # and report --pdf names the missing piece and points to doctor
    proc = _run(["report", "workbooks/eksempel-2025.xlsx", "--pdf", "--out", str(tmp_path / "r")], env)
    assert proc.returncode == 2 and "LibreOffice" in proc.stderr and "omstill doctor" in proc.stderr


def test_missing_core_package_gives_exit_1(monkeypatch, capsys):
    real = doctor._package
    monkeypatch.setattr(doctor, "_package", lambda dist, module: None if dist == "openpyxl" else real(dist, module))
    code = main(["doctor"])
    out = capsys.readouterr().out
    assert code == 1
    assert "kjernepakke openpyxl" in out and "mangler" in out and "Kjernen mangler noe" in out


def test_missing_report_fonts_are_named_with_their_package(monkeypatch):
    monkeypatch.setattr(fonts.sys, "platform", "linux")
    monkeypatch.setattr(fonts, "_fc_match", lambda name: "DejaVu Sans")
    warning = fonts.pdf_font_warning()
    assert warning is not None
    assert "Arial mangler (erstattes med DejaVu Sans)" in warning and "fonts-liberation2" in warning
    assert "omstill doctor" in warning
    rows = {r.part: r for r in doctor.checks()}
    assert rows["skrifttypen Arial"].status == doctor.MISSING


@pytest.mark.parametrize(
    ("found", "ok"), [("Liberation Sans", True), ("Arimo", True), ("Arial", True), ("DejaVu Sans", False)]
)
def test_metric_twins(monkeypatch, found, ok):
    monkeypatch.setattr(fonts.sys, "platform", "linux")
    monkeypatch.setattr(fonts, "_fc_match", lambda name: found)
    assert fonts.font_status("Arial").ok is ok
