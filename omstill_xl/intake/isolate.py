"""run_isolated: parse in a child process with a memory limit and a timeout.

Both openpyxl and python-calamine can hang or abort the whole process on hostile input, so the
parse runs in a forkserver (else spawn) child with RLIMIT_AS set. The child-side entry point
``_isolated_child`` lives here, at the stable module path ``omstill_xl.intake.isolate``, because it
is pickled by reference for the child.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import i18n
from ..errors import DamagedFileError, OmstillError, UnsafeFileError
from ..i18n import translator
from .limits import MIB
from .messages import _DAMAGED_ADVICE, _SHRINK_ADVICE, _num, _seconds

_ = translator("core")


def run_isolated(
    func: Callable[..., Any], *args: Any, timeout: float = 20.0, memory_mb: int = 1024, path: str | Path | None = None
) -> Any:
    """Run ``func(*args)`` in a child process limited to ``memory_mb`` of address space.

    ``func`` must be a picklable top-level function, and its result picklable. Returns the result.
    An OmstillError raised in the child is raised again here with the same type, message and path.
    A timeout, a crash (e.g. SIGABRT from calamine), MemoryError or any other exception in the
    child becomes UnsafeFileError or DamagedFileError. ``path`` is only used in those messages.
    """
    ctx = _mp_context()
    receiver, sender = ctx.Pipe(duplex=False)
    maalform = (i18n.current(), i18n.is_explicit())  # a child starts without the caller's målform
    proc = ctx.Process(target=_isolated_child, args=(sender, func, args, memory_mb, maalform), daemon=True)
    proc.start()
    sender.close()
    outcome: tuple[Any, ...] | None = ("timeout",)
    try:
        outcome = _await_outcome(receiver, timeout)
    finally:
        _stop(proc, grace=0.0 if outcome == ("timeout",) else 0.5)
        receiver.close()
    return _unpack_outcome(outcome, proc.exitcode, timeout, memory_mb, path)


def _mp_context() -> Any:
    """forkserver where available (cheap and clean), else spawn. Never plain fork."""
    import multiprocessing  # here, not at the top: about 5 ms of imports that a file read in-process never needs

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _isolated_child(
    conn: Any,
    func: Callable[..., Any],
    args: tuple[Any, ...],
    memory_mb: int,
    maalform: tuple[str, bool] = (i18n.DEFAULT, False),
) -> None:
    """Child side: limit memory, run, send back ('ok', result) or a description of the failure (its messages in
    the caller's målform)."""
    _limit_address_space(memory_mb)
    try:
        with i18n.use(maalform[0], explicit=maalform[1]):
            message: tuple[Any, ...] = ("ok", func(*args))
    except OmstillError as e:
        message = ("omstill", [f"{c.__module__}.{c.__qualname__}" for c in type(e).__mro__], e.message, e.path)
    except MemoryError:
        message = ("memory",)
    except BaseException as e:  # noqa: BLE001 - everything must be reported, not lost
        message = ("exception", type(e).__name__)
    try:
        conn.send(message)
    except Exception as e:  # an unpicklable result
        conn.send(("exception", type(e).__name__))
    finally:
        conn.close()


def _limit_address_space(memory_mb: int) -> None:
    """Set RLIMIT_AS in this process (Linux/macOS; a no-op where the resource module is missing)."""
    try:
        import resource
    except ImportError:
        return
    limit = memory_mb * MIB
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _await_outcome(receiver: Any, timeout: float) -> tuple[Any, ...] | None:
    """The child's message; ('timeout',) when none came in time; None when the child died silently."""
    if not receiver.poll(timeout):
        return ("timeout",)
    try:
        return receiver.recv()
    except (EOFError, OSError):
        return None


def _stop(proc: Any, grace: float) -> None:
    """Make sure the child is gone: a child that has reported exits on its own; kill the rest."""
    proc.join(timeout=grace)
    if proc.is_alive():
        proc.kill()
        proc.join(timeout=5)


def _unpack_outcome(
    outcome: tuple[Any, ...] | None, exitcode: int | None, timeout: float, memory_mb: int, path: str | Path | None
) -> Any:
    """Return the child's result or raise the matching OmstillError."""
    if not outcome:
        outcome = ("crash",)
    kind = outcome[0]
    if kind == "ok":
        return outcome[1]
    if kind == "omstill":
        raise _rebuild_error(outcome[1], outcome[2], outcome[3])
    if kind == "timeout":
        raise UnsafeFileError(
            _(
                "Lesingen av filen ble avbrutt etter {seconds} fordi den tok for lang tid. Filen er trolig svært "
                "stor eller har mange tomme, formaterte rader og kolonner. {advice}"
            ).format(seconds=_seconds(timeout), advice=_(_SHRINK_ADVICE)),
            path,
        )
    if kind == "memory":
        raise UnsafeFileError(
            _("Lesingen av filen trengte mer enn {mb} MB minne og ble stoppet. {advice}").format(
                mb=_num(memory_mb), advice=_(_SHRINK_ADVICE)
            ),
            path,
        )
    if kind == "exception":
        raise DamagedFileError(
            _(
                "Filen kunne ikke leses (feiltype {kind}). Den kan være skadet eller laget av et program som ikke "
                "følger Excel-formatet. {advice}"
            ).format(kind=outcome[1], advice=_(_DAMAGED_ADVICE)),
            path,
        )
    raise _crash_error(exitcode, memory_mb, path)


def _crash_error(exitcode: int | None, memory_mb: int, path: str | Path | None) -> OmstillError:
    """The error for a child that died without reporting: killed (memory) or crashed."""
    if exitcode is not None and exitcode < 0:
        try:
            what = signal.Signals(-exitcode).name
        except ValueError:
            what = f"signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            return UnsafeFileError(
                _(
                    "Leseren ble stoppet av operativsystemet ({what}), trolig fordi filen krevde for mye minne. "
                    "{advice}"
                ).format(what=what, advice=_(_SHRINK_ADVICE)),
                path,
            )
    else:
        what = _("avslutningskode {code}").format(code=exitcode)
    return DamagedFileError(
        _(
            "Leseren krasjet på filen ({what}). Det skjer når filen er skadet eller krever mer enn {mb} MB minne. "
            "Åpne den i Excel, slett ubrukte rader og kolonner, velg Lagre som, og prøv igjen."
        ).format(what=what, mb=_num(memory_mb)),
        path,
    )


def _rebuild_error(mro_names: list[str], message: str, path: str | None) -> OmstillError:
    """Re-create the child's OmstillError in this process: same class when known, else its nearest base."""
    known = {f"{c.__module__}.{c.__qualname__}": c for c in _all_subclasses(OmstillError)}
    known[f"{OmstillError.__module__}.{OmstillError.__qualname__}"] = OmstillError
    for name in mro_names:
        cls = known.get(name)
        if cls is None:
            continue
        try:
            return cls(message, path)
        except TypeError:
            continue  # a subclass with another constructor; fall back to its base
    return DamagedFileError(message, path)


def _all_subclasses(cls: type) -> list[type]:
    out: list[type] = []
    child: type
    for child in cls.__subclasses__():
        out.append(child)
        out.extend(_all_subclasses(child))
    return out
