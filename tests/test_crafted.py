"""Issue 18: the crafted corpus (``tests/crafted.py``) through every command, and one test per class of finding.

Every run of the real command: exit 0/1/2, never «uventet feil» or a traceback, the good files of a batch always
reported, inputs byte-unchanged, and bounded work (CPU time and peak memory of the command and its children,
measured with ``wait4``: under 5 s and 500 MB).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from omstill_xl.cli import main

from . import crafted

CPU_LIMIT_S = 5.0
MEMORY_LIMIT_MB = 500
WALL_TIMEOUT_S = 120.0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, example_paths) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("crafted")
    files = crafted.build_workbooks(folder / "wb")
    files.update(crafted.build_side_inputs(folder / "side"))
    files["latin1-name"] = crafted.latin1_name(folder / "wb", example_paths["fjellbygd-2026.xlsx"])
    return files


@pytest.fixture(scope="module")
def good(tmp_path_factory, example_paths) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("good")
    out = {}
    for name, path in example_paths.items():
        (folder / name).write_bytes(path.read_bytes())
        out[name] = (folder / name).resolve()
    return out


def digest(paths) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {str(p): hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


# The command, then its own peak resident set (VmHWM: this process only, fresh since exec) and its children's
# (RUSAGE_CHILDREN) into a file. ru_maxrss from wait4 cannot be used for memory: on Linux it starts from the
# parent's high-water mark (the pytest process), whatever the child uses.
_WRAPPER = """
import os, resource, sys
from omstill_xl.cli import main
try:
    code = main(sys.argv[1:])
finally:
    own = 0
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                own = int(line.split()[1])
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(os.environ["OMSTILL_PEAK_FILE"], "w") as fh:
        fh.write(str(max(own, children)))
sys.exit(code)
"""


def run(*args: object, cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[int, str, float, float]:
    """(exit code, stdout+stderr, CPU seconds, peak MB) of ``omstill ARGS`` including its child processes.

    A command killed by a signal has no peak written: it then counts as over the memory limit.
    """
    import tempfile

    fd, peak_file = tempfile.mkstemp(prefix="omstill-peak-")
    os.close(fd)
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=cwd,
        env={**os.environ, **(env or {}), "OMSTILL_PEAK_FILE": peak_file},
    )
    deadline = time.monotonic() + WALL_TIMEOUT_S
    chunks = []
    os.set_blocking(proc.stdout.fileno(), False)  # type: ignore[union-attr]
    while True:
        data = proc.stdout.read()  # type: ignore[union-attr]
        if data:
            chunks.append(data)
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    rest = proc.stdout.read()  # type: ignore[union-attr]
    if rest:
        chunks.append(rest)
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = b"".join(chunks).decode("utf-8", errors="replace")
    try:
        peak_mb = int(Path(peak_file).read_text() or "0") / 1024 or float("inf")
    except ValueError:
        peak_mb = float("inf")
    Path(peak_file).unlink(missing_ok=True)
    return proc.returncode, text, usage.ru_utime + usage.ru_stime, peak_mb


def assert_clean(code: int, out: str, cpu: float, mb: float) -> None:
    assert code in (0, 1, 2), out[-2000:]
    assert "uventet feil" not in out.lower() and "Traceback" not in out, out[-2000:]
    assert cpu < CPU_LIMIT_S, f"{cpu:.1f} s CPU\n{out[-1000:]}"
    assert mb < MEMORY_LIMIT_MB, f"{mb:.0f} MB\n{out[-1000:]}"


WORKBOOK_NAMES = [*crafted.WORKBOOKS, "latin1-name"]
COMMANDS = ("validate", "validate-batch", "validate-annotate", "consolidate", "report", "orgform", "new-from")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", WORKBOOK_NAMES)
def test_crafted_workbook_through_every_command(tmp_path, corpus, good, name, command):
    bad = corpus[name]
    a, b = good["eksempel-2025.xlsx"], good["eksempel-2026.xlsx"]
    args = {
        "validate": ["validate", bad],
        "validate-batch": ["validate", a, bad, b],
        "validate-annotate": ["validate", bad, "--annotate", tmp_path / "avvik.xlsx"],
        "consolidate": ["consolidate", a, bad, b, "--out", tmp_path / "samlet.xlsx"],
        # --uten-sidetall: the TOC page numbers are LibreOffice laying the whole document out, whose cost grows with
        # the text (a 300 000-character name in every heading); what is measured here is our own work
        "report": ["report", a, bad, "--out", tmp_path / "rapporter", "--uten-sidetall"],
        "orgform": ["orgform", bad, "--out", tmp_path / "orgform.docx"],
        "new-from": ["new", tmp_path / "neste.xlsx", "--from", bad],
    }[command]
    inputs = [a, b, bad]
    before = digest(inputs)
    code, out, cpu, mb = run(*args, cwd=tmp_path)
    assert_clean(code, out, cpu, mb)
    assert digest(inputs) == before
    if command == "validate-batch":  # the good files are always reported, whatever the bad one does
        for good_file in (a, b):
            line = next((x for x in out.splitlines() if x.startswith(good_file.name)), "")
            assert line and "kunne ikke leses" not in line, out
    if command == "consolidate":
        assert (tmp_path / "samlet.xlsx").exists(), out
    if command == "report":
        made = [p.name for p in (tmp_path / "rapporter").glob("*.docx")]
        assert any("eksempel" in n.lower() for n in made), out
        assert (tmp_path / "rapporter" / "sammendrag.xlsx").exists()


# --- 1. caps that count every cell ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["implicit-wide-row", "implicit-rows", "prefixed-cells"])
def test_cells_without_r_count_towards_the_caps(corpus, name):
    from omstill_xl.errors import UnsafeFileError
    from omstill_xl.intake import check_file

    with pytest.raises(UnsafeFileError, match="området"):
        check_file(corpus[name])


@pytest.mark.parametrize("name", ["merged-whole-sheet", "hyperlink-range"])
def test_ranges_openpyxl_expands_count_as_cells(corpus, name):
    from omstill_xl.errors import UnsafeFileError
    from omstill_xl.intake import check_file

    with pytest.raises(UnsafeFileError, match="sammenslåtte celler eller lenker"):
        check_file(corpus[name])


def test_comment_on_a_range_counts_as_cells(corpus):
    from omstill_xl.errors import UnsafeFileError
    from omstill_xl.intake import check_file

    with pytest.raises(UnsafeFileError, match="Merknadene"):
        check_file(corpus["comment-on-range"])


def test_accepted_heavy_file_parses_within_bounds(corpus):
    """The largest implicit area intake accepts, parsed in one process (what the isolating child does; a
    forkserver child is not a child of the command, so ``run`` cannot see its figures)."""
    code = (
        "import os, sys\n"
        "from omstill_xl.workbook.xlsx import read_file\n"
        "read_file(sys.argv[1], isolate=False)\n"
        "t = os.times()\n"
        "hwm = [int(x.split()[1]) for x in open('/proc/self/status') if x.startswith('VmHWM:')][0]\n"
        "print(t.user + t.system, hwm / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(corpus["area-at-the-cap"])], capture_output=True, text=True)
    cpu, mb = map(float, out.stdout.split())
    assert cpu < CPU_LIMIT_S and mb < MEMORY_LIMIT_MB, (cpu, mb)


def test_heavy_side_parts_are_refused(corpus):
    from omstill_xl.errors import UnsafeFileError
    from omstill_xl.intake import check_file

    with pytest.raises(UnsafeFileError, match="cellformater"):
        check_file(corpus["styles-flood"])
    with pytest.raises(UnsafeFileError, match="tekster"):
        check_file(corpus["shared-strings-flood"])


def test_a_reader_that_aborts_costs_one_file(tmp_path, monkeypatch, good):
    """Whatever intake misses: a parser abort in the isolating child becomes a Norwegian message naming the file."""
    from omstill_xl.errors import InputError
    from omstill_xl.workbook import xlsx

    monkeypatch.setattr(xlsx, "ISOLATE_ABOVE_CELLS", -1)  # isolate everything
    plan = xlsx.read_file(good["eksempel-2025.xlsx"])
    assert plan.program.get("programnavn")
    from . import hostile

    with pytest.raises(InputError, match="krasjet|kunne ikke leses"):
        from omstill_xl.intake import run_isolated

        run_isolated(hostile.isolated_abort, path=good["eksempel-2025.xlsx"])


# --- 2. malformed text -------------------------------------------------------------------------------------------


def test_control_character_is_a_typed_error_naming_file_and_sheet(corpus):
    from omstill_xl.errors import DamagedFileError
    from omstill_xl.workbook.xlsx import read_file

    with pytest.raises(DamagedFileError, match="«Program».*ikke gyldig XML") as info:
        read_file(corpus["control-character"])
    assert "kontrolltegn.xlsx" in info.value.user_text()


def test_nul_in_programme_name_is_cleaned_at_the_writer(tmp_path, corpus, good, capsys):
    out = tmp_path / "samlet.xlsx"
    assert main(["consolidate", str(good["eksempel-2025.xlsx"]), str(corpus["nul-in-name"]), "--out", str(out)]) in (
        0,
        1,
    )
    capsys.readouterr()
    with zipfile.ZipFile(out) as z:
        assert all(b"\x00" not in z.read(n) for n in z.namelist())


# --- 3. consoles, redirection and pipes -----------------------------------------------------------------------------


def test_cp1252_console_redirected_to_a_file(tmp_path, good):
    env = {"PYTHONIOENCODING": "cp1252"}
    code, out, cpu, mb = run("validate", good["eksempel-2025.xlsx"], env=env)
    assert_clean(code, out, cpu, mb)
    assert "->" in out or "→" in out
    code, out, cpu, mb = run("validate", good["eksempel-2025.xlsx"], "--format", "json", env=env)
    assert_clean(code, out, cpu, mb)
    doc = json.loads(out)
    assert any("−" in f["message"] for f in doc["findings"])  # escaped as \u2212: nothing lost


def test_closed_pipe_ends_quietly(tmp_path, good):
    out = tmp_path / "avvik.xlsx"
    proc = subprocess.Popen(
        [sys.executable, "-m", "omstill_xl.cli", "validate", str(good["eksempel-2025.xlsx"]), "--annotate", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.readline()  # type: ignore[union-attr]
    proc.stdout.close()  # type: ignore[union-attr]  # like «| head -1»
    err = proc.stderr.read().decode()  # type: ignore[union-attr]
    assert proc.wait(timeout=60) in (0, 1)
    assert "uventet" not in err and "Traceback" not in err and "BrokenPipe" not in err, err
    assert out.exists()  # the work is still done


# --- 4. never write over an input ----------------------------------------------------------------------------------


def test_no_command_writes_over_its_input(tmp_path, good):
    src = tmp_path / "plan.xlsx"
    src.write_bytes(good["eksempel-2025.xlsx"].read_bytes())
    link = tmp_path / "lenke.xlsx"
    os.link(src, link)
    before = digest([src])
    for args in (
        ["new", src, "--from", src, "--overwrite"],
        ["new", link, "--from", src, "--aar", "2027", "--overwrite"],
        ["validate", src, "--annotate", link, "--overwrite"],
        ["consolidate", src, good["eksempel-2026.xlsx"], "--out", link, "--overwrite"],
        ["orgform", src, "--out", tmp_path / "plan.docx", "--overwrite"],
    ):
        code, out, cpu, mb = run(*args, cwd=tmp_path)
        assert_clean(code, out, cpu, mb)
        assert digest([src]) == before, args
    code, out, *_ = run("new", src, "--from", src, "--overwrite", cwd=tmp_path)
    assert code == 2 and "skrives aldri over" in out


# --- 5. the Avvik sheet read back ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["avvik-whole-sheet", "avvik-user-range", "avvik-bad-colour"])
def test_existing_avvik_sheet_is_parsed_and_bounded(tmp_path, corpus, name, capsys):
    out = tmp_path / "avvik.xlsx"
    assert main(["validate", str(corpus[name]), "--annotate", str(out)]) in (0, 1)
    capsys.readouterr()
    import openpyxl

    assert openpyxl.load_workbook(out).sheetnames[0] == "Avvik"


def test_single_cell_references():
    from omstill_xl.workbook.annotate import single_cell

    assert single_cell("$b$6") == "B6"
    for bad in ("A1:XFD1048576", "U6:U14", "XFE1", "A0", "A99999999", "", None, 7, "Tiltak!B6"):
        assert single_cell(bad) is None


# --- 6. long names ------------------------------------------------------------------------------------------------


def test_output_names_are_built_in_linear_time():
    from omstill_xl.safeio import safe_filename

    name = safe_filename("Omstilling " + "æ" * 3_000_000, suffix=".docx")  # quadratic: minutes
    assert len(name.encode()) <= 255 and name.endswith(".docx")


@pytest.mark.parametrize("name", ["long-name", "name-over-255"])
def test_long_programme_name_still_gives_a_report(tmp_path, corpus, name):
    code, out, cpu, mb = run("report", corpus[name], "--out", tmp_path / "r", "--uten-sidetall")
    assert_clean(code, out, cpu, mb)
    docx = list((tmp_path / "r").glob("*.docx"))
    assert len(docx) == 1 and len(docx[0].name.encode()) <= 255, out
    import docx as python_docx

    assert len(python_docx.Document(str(docx[0])).core_properties.title) <= 255


# --- 7. NaN and infinities --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["nan-amount", "infinite-amount", "infinite-year"])
def test_non_finite_numbers_are_findings(corpus, name):
    code, out, cpu, mb = run("validate", corpus[name], "--format", "json")
    assert_clean(code, out, cpu, mb)
    doc = json.loads(out, parse_constant=lambda c: pytest.fail(f"bare {c} in JSON"))
    assert code == 1 and any(f["severity"] == "feil" and f["code"] == "OX-H001" for f in doc["findings"])


def test_coerce_refuses_non_finite():
    from omstill_xl.coerce import as_amount, as_percent

    for raw in (float("nan"), float("inf"), -float("inf"), "9" * 400):
        assert as_amount(raw)[0] is None
    assert as_percent("9" * 400 + " %")[0] is None


# --- 8. templates --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*sorted(crafted.TEMPLATES), "template-huge-part"])
def test_template_limits(tmp_path, corpus, good, name):
    code, out, cpu, mb = run("report", good["eksempel-2025.xlsx"], "--template", corpus[name], "--out", tmp_path)
    assert_clean(code, out, cpu, mb)
    assert code == 2 and ("Malen" in out or "malen" in out), out


# --- 9. profiles --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(crafted.PROFILES))
def test_bad_profile_files(corpus, good, name):
    code, out, cpu, mb = run("validate", good["eksempel-2025.xlsx"], "--profiler", corpus[name])
    assert_clean(code, out, cpu, mb)
    assert code == 2 and ("rofilfil" in out or "[standard]" in out), out
    assert "NaN" not in out


# --- 11. LibreOffice timeout ----------------------------------------------------------------------------------------


def test_libreoffice_timeout_kills_the_process_group(tmp_path, monkeypatch):
    from omstill_xl import libreoffice

    pidfile = tmp_path / "barn.pid"
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    sleep = shutil.which("sleep")
    fake.write_text(f'#!/bin/sh\n{sleep} 300 &\necho $! > "{pidfile}"\n{sleep} 300\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    src = tmp_path / "a.docx"
    src.write_bytes(b"x")
    with pytest.raises(libreoffice.LibreOfficeError, match="stoppet"):
        libreoffice.convert(src, "pdf", tmp_path / "ut", timeout=1)
    child = int(pidfile.read_text())
    for _ in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the grandchild of soffice is still running")


# --- 12. macros and formulas in text -------------------------------------------------------------------------------


def test_xlsm_annotated_to_xlsx_has_no_macro_content_type(tmp_path, corpus, capsys):
    out = tmp_path / "avvik.xlsx"
    assert main(["validate", str(corpus["xlsm"]), "--annotate", str(out)]) in (0, 1)
    assert "makroene" in capsys.readouterr().err
    with zipfile.ZipFile(out) as z:
        assert b"macroEnabled" not in z.read("[Content_Types].xml")
        assert not any("vba" in n.lower() for n in z.namelist())


def test_formulas_in_text_cells_are_flagged(corpus):
    from omstill_xl.validate import validate

    flagged = {f.cell for f in validate(corpus["formula-text"]) if f.code == "OX-H008"}
    assert len(flagged) == 3
