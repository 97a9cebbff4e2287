"""Many workbooks → many årsrapporter: one failing input never stops the others.

``run_batch(inputs, options)`` reads every workbook once (files, or folders of them) through the programme
core (``omstill_xl.programme``: the isolating reader, the one identity rule), chooses the workbooks of each
report (``programmes.plan_jobs``), and makes one report per programme in a process pool that uses every core. Each
report is written atomically as soon as it is done; Ctrl-C lets the reports in progress finish and leaves
only complete files. A report is made only from workbooks without ``feil`` unless ``allow_errors`` (the report
is then stamped «IKKE VALIDERT»). Results are values (``Outcome``), summarised in ``sammendrag.xlsx``.

>>> result = run_batch([Path("innkommet/")], BatchOptions(out=Path("rapporter"), aar=2025))   # doctest: +SKIP
>>> result.exit_code                                                                         # doctest: +SKIP
0
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from .. import i18n
from ..errors import OmstillError, OutputError
from ..findings import Finding
from ..i18n import N_
from ..programme.reading import ReadResult, read_one
from .programmes import Job, Unplanned, plan_jobs

_ = i18n.translator("report")

SUMMARY_NAME = "sammendrag.xlsx"
MAX_LISTED_FINDINGS = 8

# status values (bokmål; shown to users in the current målform with ``status_text``, and in sammendrag.xlsx)
LAGET = N_("laget")
LAGET_IKKE_VALIDERT = N_("laget, ikke validert")
HOPPET_OVER = N_("hoppet over: feil i arbeidsboka")
FEILET = N_("feilet")
ULESBAR = N_("kunne ikke leses")
IKKE_PLANLAGT = N_("ikke laget")
IKKE_AKTUELT = N_("ikke aktuelt")  # the year asked for is before the programme's status period
OK_STATUSES = (LAGET, LAGET_IKKE_VALIDERT, IKKE_AKTUELT)


@dataclass(frozen=True)
class BatchOptions:
    out: Path
    aar: int | None = None
    pdf: bool = False
    allow_errors: bool = False
    overwrite: bool = False
    template: bytes | None = None  # a user's template (already linted); None = the built-in one
    template_name: str = "arsrapport.docx"
    profiles_path: str | None = None
    workers: int | None = None  # default: every core
    pdf_timeout: float = 180.0
    toc_pages: bool = True  # page numbers in the .docx table of contents when LibreOffice is installed
    # set by run_batch: where make_report leaves each PDF variant, converted afterwards by one LibreOffice run per
    # worker (at most PDF_CHUNK documents; None: make_report converts its own, one LibreOffice start per document)
    pdf_staging: Path | None = None
    # the user's explicit målform for every report (None: each report follows its workbook's «Målform»);
    # run_batch sets it from the choice in force, so workers (forked or spawned) make the same choice
    maalform: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What happened to one programme (or one unreadable file)."""

    programnavn: str
    kommunenummer: str
    aar: int | None
    status: str
    sources: tuple[str, ...] = ()
    report: str | None = None  # path of the .docx
    pdf: str | None = None  # path of the PDF
    findings: int = 0  # findings in the workbooks used (all severities)
    errors: int = 0  # of which feil
    message: str = ""  # Norwegian detail (why skipped or failed)
    remedy: str = ""  # what would let it be made: "allow_errors" | "overwrite" | "report_bug" (the CLI names flags)

    @property
    def ok(self) -> bool:
        return self.status in OK_STATUSES


def status_text(status: str) -> str:
    """An outcome's status in the current målform."""
    return _(status)


def workbook_maalform(plan: object) -> str | None:
    """The målform the workbook asks for on its Program sheet («Målform»), or None when it has none."""
    program = getattr(plan, "program", None)
    value = program.get("maalform") if program is not None else None
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class BatchResult:
    outcomes: tuple[Outcome, ...]
    summary: Path | None = None

    @property
    def exit_code(self) -> int:
        """0 when every report was made, 2 when any input failed or any report was not made."""
        return 0 if self.outcomes and all(o.ok for o in self.outcomes) else 2


# --- inputs ----------------------------------------------------------------------------------------------------


def expand_inputs(inputs: Iterable[str | Path]) -> tuple[list[Path], list[Outcome]]:
    """Files as given, folders as their .xlsx/.xlsm files (sorted); paths that do not exist become outcomes."""
    files: list[Path] = []
    missing: list[Outcome] = []
    seen: set[Path] = set()
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f
                for f in p.iterdir()
                if f.suffix.lower() in (".xlsx", ".xlsm") and f.is_file() and not f.name.startswith(("~$", "."))
            )
            if not found:
                missing.append(
                    Outcome(
                        p.name or str(p),
                        "",
                        None,
                        ULESBAR,
                        (str(p),),
                        message=_("Mappen har ingen arbeidsbøker (.xlsx eller .xlsm)."),
                    )
                )
        elif p.exists():
            found = [p]
        else:
            missing.append(Outcome(p.name, "", None, ULESBAR, (str(p),), message=_("Filen finnes ikke.")))
            continue
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, missing


# --- work done in the pool (top-level functions so they pickle) ---------------------------------------------


def _warm(template: bytes | None = None) -> None:
    """Import what reading and rendering need and prepare the template (``template``: a user's; None: the built-in
    one of the målform in force) once: forked workers inherit all of it instead of each doing it again."""
    from ..programme import reading  # noqa: F401
    from ..rules import check_plan  # noqa: F401
    from ..workbook import safe_read  # noqa: F401
    from . import context, render  # noqa: F401
    from .make_template import shipped_template_bytes

    render.compiled_template(template if template is not None else shipped_template_bytes(i18n.current()))


def _worker_init(template: bytes | None = None) -> None:
    """Workers ignore Ctrl-C (the parent lets running reports finish) and warm the heavy imports."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warm(template)


def _finding_lines(name: str, findings: Sequence[Finding]) -> list[str]:
    errors = [f for f in findings if f.severity == "feil"]
    lines = [f"{name} {f.location or '-'}: {f.code} {f.message}" for f in errors[:MAX_LISTED_FINDINGS]]
    if len(errors) > MAX_LISTED_FINDINGS:
        lines.append(
            _("… og {n} feil til i {name} (kjør omstill validate {name}).").format(
                n=len(errors) - MAX_LISTED_FINDINGS, name=name
            )
        )
    return lines


def _outcome(job: Job, status: str, **kw: object) -> Outcome:
    return Outcome(job.programnavn, job.kommunenummer, job.aar, status, job.paths, **kw)  # type: ignore[arg-type]


def make_report(job: Job, options: BatchOptions) -> Outcome:
    """Read, check, render and write one programme's report. Never raises: failures become outcomes."""
    with i18n.use(options.maalform, explicit=options.maalform is not None):
        try:
            return _make_report(job, options)
        except OmstillError as e:
            return _outcome(job, FEILET, message=e.message, remedy=e.remedy)
        except Exception as e:  # noqa: BLE001 - one failing programme must never stop the others
            return _outcome(
                job,
                FEILET,
                message=_("Uventet feil ({kind}: {error}).").format(kind=type(e).__name__, error=e),
                remedy="report_bug",
            )


def _make_report(job: Job, options: BatchOptions) -> Outcome:
    from ..kommuner import lookup
    from ..orgform import report_section
    from ..profiles import load_profiles
    from ..safeio import atomic_write_bytes
    from .context import Source, build_context
    from .render import render_docx

    target = options.out / job.output
    for existing in (target, target.with_suffix(".pdf")) if options.pdf else (target,):
        if existing.exists() and not options.overwrite:
            return _outcome(
                job,
                FEILET,
                message=_("{path} finnes allerede og erstattes ikke.").format(path=existing),
                remedy="overwrite",
            )
    profiles = load_profiles(options.profiles_path)
    loaded = [Source(f.plan, Path(f.path).name, f.sha256, f.findings) for f in job.files]  # read once, by the core
    current, earlier = loaded[-1], loaded[:-1]
    n_findings = sum(len(s.findings) for s in loaded)
    n_errors = sum(1 for s in loaded for f in s.findings if f.severity == "feil")
    if n_errors and not options.allow_errors:
        lines = [line for s in loaded for line in _finding_lines(s.name, s.findings)]
        return _outcome(
            job,
            HOPPET_OVER,
            findings=n_findings,
            errors=n_errors,
            message=_("Rett feilene (eller lag rapporten likevel, stemplet «IKKE VALIDERT»):")
            + "\n"
            + "\n".join(lines),
            remedy="allow_errors",
        )
    k = lookup(current.plan.program.get("kommunenummer"))
    # The report is in the workbook's målform (its Program sheet), unless the user chose one for the run.
    with i18n.use(i18n.resolve(workbook_maalform(current.plan))):
        orgform = report_section(current.plan)  # the kommune's comparison of organisasjonsformer, when scored
        context = build_context(
            current,
            earlier,
            profile=profiles.for_fylke(k.fylke if k else None),
            extra_sections=[orgform] if orgform else [],
        )
        rendered = render_docx(context, options.template, template_name=options.template_name, for_pdf=options.pdf)
    docx, pdf_variant = rendered if options.pdf else (rendered, None)
    atomic_write_bytes(target, docx, overwrite=options.overwrite)
    status = LAGET_IKKE_VALIDERT if n_errors else LAGET
    pdf_path, message = None, ""
    if pdf_variant is not None and options.pdf_staging is not None:
        atomic_write_bytes(options.pdf_staging / (target.stem + ".docx"), pdf_variant, overwrite=True)
    elif pdf_variant is not None:
        from .pdf import docx_to_pdf

        try:
            pdf_path = str(
                docx_to_pdf(
                    pdf_variant, target.with_suffix(".pdf"), overwrite=options.overwrite, timeout=options.pdf_timeout
                )
            )
        except OmstillError as e:
            status, message = FEILET, _("Word-rapporten er laget, men ikke PDF-en: {error}").format(error=e.message)
    return _outcome(
        job, status, report=str(target), pdf=pdf_path, findings=n_findings, errors=n_errors, message=message
    )


def _without_name(message: str, path: str) -> str:
    """The reader's message names the file; the summary has the name in its own column."""
    prefix = f"{Path(path).name}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


# --- the batch ------------------------------------------------------------------------------------------------


def _unplanned(u: Unplanned) -> Outcome:
    status = IKKE_AKTUELT if u.not_due else IKKE_PLANLAGT
    return Outcome(u.programnavn, u.kommunenummer, u.aar, status, u.paths, message=u.message)


Progress = Callable[[str, int, int], None]  # (phase label, done, total)


T = TypeVar("T")
R = TypeVar("R")


def _map(
    fn: Callable[..., R],
    items: Sequence[T],
    pool: ProcessPoolExecutor | None,
    progress: Progress | None,
    label: str,
    on_error: Callable[[T, BaseException], R],
    *extra: object,
) -> list[R]:
    """``fn(item, *extra)`` for every item, in the pool when there is one; results in input order.

    A worker that dies (killed, out of memory) turns its items into ``on_error(item, exc)``: the batch goes on.
    """
    from concurrent.futures import as_completed

    total = len(items)
    if progress:
        progress(label, 0, total)
    if pool is None:
        out = []
        for i, item in enumerate(items, start=1):
            out.append(fn(item, *extra))
            if progress:
                progress(label, i, total)
        return out
    futures: list[Future[R]] = [pool.submit(fn, item, *extra) for item in items]
    try:
        for i, _done in enumerate(as_completed(futures), start=1):
            if progress:
                progress(label, i, total)
    except KeyboardInterrupt:
        for f in futures:
            f.cancel()
        raise
    results = []
    for item, f in zip(items, futures):
        exc = f.exception()
        results.append(on_error(item, exc) if exc is not None else f.result())
    return results


def _ready() -> bool:
    return True


def _pool(n_items: int, workers: int | None, template: bytes | None = None) -> ProcessPoolExecutor | None:
    """A pool with one worker per core (at most one per item), started before any progress display.

    Linux forks (fast, and no ``if __name__ == "__main__"`` needed in scripts calling ``run_batch``); macOS
    and Windows spawn. The workers are started here, before a progress bar's thread exists.
    """
    import multiprocessing
    from concurrent.futures import wait

    n = min(workers or os.cpu_count() or 1, n_items)
    if n < 2:
        return None
    import gc

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    if method == "fork":
        _warm(template)  # once here instead of once per worker: the forked workers share it
        # The workers inherit the parent's objects frozen: their collector never walks them, so it does not copy
        # every page of the inherited heap (copy-on-write) to update their GC headers. The parent's own
        # objects are unfrozen again once the workers are started.
        gc.freeze()
    try:
        pool = ProcessPoolExecutor(
            max_workers=n,
            mp_context=multiprocessing.get_context(method),
            initializer=_worker_init,
            initargs=(template,),
        )
        wait([pool.submit(_ready) for _ in range(n)])
    finally:
        if method == "fork":
            gc.unfreeze()
    return pool


def _read_failed(path: str, exc: BaseException) -> ReadResult:
    return ReadResult(
        path,
        error=_("{name}: lesingen stoppet uventet ({kind}).").format(name=Path(path).name, kind=type(exc).__name__),
    )


def _report_failed(job: Job, exc: BaseException) -> Outcome:
    return _outcome(
        job,
        FEILET,
        message=_("Prosessen som lagde rapporten stoppet uventet ({kind}).").format(kind=type(exc).__name__),
    )


def run_batch(inputs: Iterable[str | Path], options: BatchOptions, *, progress: Progress | None = None) -> BatchResult:
    """Make every report; write ``sammendrag.xlsx`` in ``options.out``. Raises only for unusable options."""
    summary_path = options.out / SUMMARY_NAME
    if options.maalform is None and i18n.is_explicit():
        options = replace(options, maalform=i18n.current())
    if summary_path.exists() and not options.overwrite:
        raise OutputError(
            _("{path} finnes allerede og erstattes ikke. Velg en annen mappe.").format(path=summary_path), summary_path
        )
    if options.out.exists() and not options.out.is_dir():
        raise OutputError(_("{path} finnes og er ikke en mappe.").format(path=options.out), options.out)
    files, outcomes = expand_inputs(inputs)
    staging = tempfile.TemporaryDirectory(prefix="omstill-pdf-") if options.pdf else None
    if staging is not None:
        options = replace(options, pdf_staging=Path(staging.name))
    pool = _pool(len(files), options.workers, options.template)
    try:
        from ..profiles import load_profiles
        from ..programme import from_results

        profiles = load_profiles(options.profiles_path)
        results = _map(
            read_one, [str(f) for f in files], pool, progress, _("Leser arbeidsbøker"), _read_failed, profiles, False
        )
        portfolio = from_results(results)
        outcomes += [
            Outcome(Path(f.path).name, "", None, ULESBAR, (f.path,), message=_without_name(f.message, f.path))
            for f in portfolio.failures
        ]
        jobs, unplanned = plan_jobs(portfolio.programmes, options.aar, {f.path: f for f in portfolio.files})
        outcomes += [_unplanned(u) for u in unplanned]
        if jobs:
            options.out.mkdir(parents=True, exist_ok=True)
            if pool is not None and len(jobs) < 2:
                pool.shutdown()
                pool = None
            made = _map(make_report, jobs, pool, progress, _("Lager rapporter"), _report_failed, options)
            if pool is not None:  # LibreOffice's runs below take the cores; the workers are done
                pool.shutdown(wait=True)
                pool = None
            numbered: set[str] = set()  # reports whose TOC page numbers came from their PDF
            if options.pdf_staging is not None:
                from .pdf import convert_staged

                made, numbered = convert_staged(made, options.pdf_staging, options, FEILET)
            outcomes += made
            if options.toc_pages:  # page numbers in the tables of contents, one LibreOffice run for the batch
                from .toc import paginate_files

                paginate_files(
                    [Path(o.report) for o in made if o.report and o.report not in numbered],
                    timeout=options.pdf_timeout,
                    workers=options.workers,
                )
    except KeyboardInterrupt:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
            pool = None
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
        if staging is not None:
            staging.cleanup()
    ordered = tuple(sorted(outcomes, key=lambda o: (o.kommunenummer, o.programnavn.casefold(), o.aar or 0)))
    options.out.mkdir(parents=True, exist_ok=True)
    write_summary(ordered, summary_path, overwrite=options.overwrite)
    return BatchResult(ordered, summary_path)


# --- summary --------------------------------------------------------------------------------------------------

SUMMARY_COLUMNS = (
    (N_("Program"), 32),
    (N_("Kommunenummer"), 15),
    (N_("År"), 8),
    (N_("Status"), 28),
    (N_("Rapport"), 50),
    (N_("PDF"), 40),
    (N_("Antall funn"), 12),
    (N_("Herav feil"), 11),
    (N_("Arbeidsbøker"), 40),
    (N_("Melding"), 80),
)


def summary_rows(outcomes: Sequence[Outcome]) -> list[tuple[object, ...]]:
    """The summary's rows: one per programme or unreadable file, the values of ``SUMMARY_COLUMNS``."""
    return [
        (
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
        for o in outcomes
    ]


def summary_bytes(outcomes: Sequence[Outcome]) -> bytes:
    """``sammendrag.xlsx``: one row per programme or unreadable file (deterministic bytes; ``summary`` writes the
    workbook openpyxl wrote, without importing it)."""
    from .summary import summary_xlsx

    columns = [(_(header), width) for header, width in SUMMARY_COLUMNS]
    return summary_xlsx(_("Sammendrag"), columns, summary_rows(outcomes))


def write_summary(outcomes: Sequence[Outcome], path: Path, *, overwrite: bool = False) -> Path:
    from ..safeio import atomic_write_bytes

    return atomic_write_bytes(path, summary_bytes(outcomes), overwrite=overwrite)
