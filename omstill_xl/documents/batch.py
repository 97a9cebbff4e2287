"""Files or folders in, one document per programme out, as the årsrapport's batch does: the programme core reads
every workbook once, each programme's document is written atomically, a programme that fails (a workbook
with feil, a year not covered) is an ``Outcome`` row in ``sammendrag.xlsx`` and never stops the others."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import i18n
from ..errors import OmstillError, OutputError
from ..report.batch import (
    FEILET,
    HOPPET_OVER,
    LAGET,
    LAGET_IKKE_VALIDERT,
    SUMMARY_NAME,
    ULESBAR,
    Outcome,
    workbook_maalform,
)
from ..safeio import atomic_write_bytes, safe_filename

_ = i18n.translator("documents")

# make(programme, portfolio) -> (year, {suffix: bytes}); the docx under ".docx"
Maker = Callable[[Any, Any], tuple[int | None, dict[str, bytes]]]


@dataclass(frozen=True)
class DocOptions:
    out: Path
    stem: str  # «okonomirapport», «soknad», …
    pdf: bool = False
    overwrite: bool = False
    allow_errors: bool = False


@dataclass(frozen=True)
class DocResult:
    outcomes: tuple[Outcome, ...]
    summary: Path

    @property
    def exit_code(self) -> int:
        return 0 if self.outcomes and all(o.ok for o in self.outcomes) else 2


def _errors(files: Sequence[Any]) -> int:
    return sum(1 for f in files for x in f.findings if x.severity == "feil")


def run_documents(inputs: Sequence[Path], options: DocOptions, make: Maker, *, workers: int | None = None) -> DocResult:
    from ..programme import load
    from ..report.batch import write_summary

    summary = options.out / SUMMARY_NAME
    if summary.exists() and not options.overwrite:
        raise OutputError(
            _("{path} finnes allerede.").format(path=summary), summary
        )  # the command checks first, naming its flags
    portfolio = load(inputs, workers=workers, exclude=[options.out])
    outcomes: list[Outcome] = [
        Outcome(Path(f.path).name, "", None, ULESBAR, (f.path,), message=f.message) for f in portfolio.failures
    ]
    for prog in portfolio.programmes:
        files = [f for p in prog.chain if (f := portfolio.file_of(p)) is not None]
        sources = tuple(f.path for f in files)
        n_findings = sum(len(f.findings) for f in files)
        n_errors = _errors(files)
        base: dict[str, Any] = {"sources": sources, "findings": n_findings, "errors": n_errors}
        name, knr = prog.programnavn or prog.label, prog.kommunenummer
        if n_errors and not options.allow_errors:
            outcomes.append(
                Outcome(
                    name,
                    knr,
                    None,
                    HOPPET_OVER,
                    message=_("{n} feil i arbeidsbøkene.").format(n=n_errors),
                    remedy="allow_errors",
                    **base,
                )
            )
            continue
        try:
            # each document in its programme's målform (the newest workbook's Program «Målform»), unless the
            # user chose one for the run
            newest = prog.chain[-1] if prog.chain else None
            with i18n.use(i18n.resolve(workbook_maalform(newest))):
                year, parts = make(prog, portfolio)
            stem = safe_filename(f"{options.stem}-{knr}-{prog.programnavn}".strip("-"))
            written: dict[str, str] = {}
            for suffix, data in parts.items():
                target = options.out / f"{stem}{suffix}"
                atomic_write_bytes(target, data, overwrite=options.overwrite)
                written[suffix] = str(target)
            if options.pdf and ".docx" in parts:
                from ..report.pdf import docx_to_pdf

                target = options.out / f"{stem}.pdf"
                docx_to_pdf(parts[".docx"], target, overwrite=options.overwrite)
                written[".pdf"] = str(target)
        except OmstillError as e:
            outcomes.append(Outcome(name, knr, None, FEILET, message=e.user_text(), **base))
            continue
        status = LAGET_IKKE_VALIDERT if n_errors else LAGET
        report = ", ".join(Path(p).name for s, p in written.items() if s != ".pdf")
        outcomes.append(Outcome(name, knr, year, status, report=report, pdf=written.get(".pdf"), **base))
    write_summary(outcomes, summary, overwrite=options.overwrite)
    return DocResult(tuple(outcomes), summary)
