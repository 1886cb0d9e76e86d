"""The result protocol shared by the benchmark scripts and ``run_all.py`` (not a benchmark).

Each benchmark script prints its own human table and, when ``run_all.py`` sets
``CEMSURVEY_BENCH_JSON`` to a file path, also appends one JSON line per measured figure
with :func:`emit`. A row says what was timed (``workload``), by which tool (``cemsurvey``
or a peer's name; ``run_all`` adds the versions), the figure in seconds, whether it is CPU
seconds (user + system of the process) or wall seconds, whether it is a whole command (a
process of its own: start-up, reading, writing) or an in-process call, and free text
``extra`` (chi2, peak memory, the share of the goal). A peer that did not finish within
its time limit gives the seconds it used before it was stopped and ``lower_bound=True``.

Peers get a time limit: ``CEMSURVEY_BENCH_PEER_TIMEOUT`` seconds (``run_all.py
--peer-timeout MINUTES``; 20 minutes when unset). :func:`run_peer` runs a peer process
with that limit and measures its CPU with ``os.wait4``; :func:`peer_alarm` limits an
in-process peer (semopy, seminr) with ``SIGALRM``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ENV_JSON = "CEMSURVEY_BENCH_JSON"
ENV_TIMEOUT = "CEMSURVEY_BENCH_PEER_TIMEOUT"
ENV_NO_PEERS = "CEMSURVEY_BENCH_NO_PEERS"
CPU, WALL = "CPU", "wall"
WHOLE, INPROC = "whole command", "in-process"
#: environment for peer processes: one BLAS thread, as cemsurvey runs
ONE_THREAD = {v: "1" for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                 "BLIS_NUM_THREADS")}


def emit(workload: str, tool: str, seconds: float | None, kind: str, scope: str, *,
         extra: str = "", lower_bound: bool = False, note: str = "",
         command: str = "") -> dict:
    """Append one result row to ``$CEMSURVEY_BENCH_JSON`` (no-op when unset); return it.

    ``seconds=None`` with a ``note`` records a peer that could not run ("R not installed").
    ``tool`` is ``"cemsurvey"`` for our side; anything else is a peer.
    """
    if kind not in (CPU, WALL) or scope not in (WHOLE, INPROC):
        raise ValueError(f"kind must be CPU or wall and scope whole command or in-process, "
                         f"got {kind!r}, {scope!r}")
    row = {"workload": workload, "tool": tool, "seconds": seconds, "kind": kind, "scope": scope,
           "extra": extra, "lower_bound": lower_bound, "note": note, "command": command}
    path = os.environ.get(ENV_JSON)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row) + "\n")
    return row


def peer_timeout(default: float = 1200.0) -> float:
    """Seconds a peer may run (``$CEMSURVEY_BENCH_PEER_TIMEOUT``, else ``default``)."""
    return float(os.environ.get(ENV_TIMEOUT) or default)


def minutes(seconds: float) -> str:
    """``600`` -> ``"10 min"``; ``90`` -> ``"1.5 min"``."""
    m = seconds / 60
    return f"{m:.0f} min" if abs(m - round(m)) < 1e-9 else f"{m:.1f} min"


@dataclass(frozen=True)
class PeerRun:
    """A peer process's outcome: exit code, output, CPU (user + system) and wall seconds."""

    returncode: int | None
    stdout: str
    stderr: str
    cpu: float
    wall: float
    timed_out: bool


def run_peer(cmd: list[str], timeout: float, env: dict[str, str] | None = None) -> PeerRun:
    """Run ``cmd`` with a wall-clock limit; CPU of the process (and its children) by wait4.

    On timeout the process group is killed and ``cpu`` is what it used until then, a lower
    bound of what it needed.
    """
    full_env = {**os.environ, **ONE_THREAD, **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=full_env, start_new_session=True)
        timed_out = False
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - t0 > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, ru = os.wait4(proc.pid, 0)
                break
            time.sleep(0.2)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        out.seek(0)
        err.seek(0)
        return PeerRun(None if timed_out else proc.returncode, out.read().decode(errors="replace"),
                       err.read().decode(errors="replace"), ru.ru_utime + ru.ru_stime, wall,
                       timed_out)


class PeerTimeout(BaseException):  # not swallowed by a peer's `except Exception`
    """Raised inside :func:`peer_alarm` when an in-process peer runs out of time."""


@contextlib.contextmanager
def peer_alarm(timeout: float) -> Iterator[None]:
    """Interrupt the block with :class:`PeerTimeout` after ``timeout`` wall seconds."""
    def _ring(signum, frame):  # noqa: ARG001 - signal handler signature
        raise PeerTimeout

    old = signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def timed_out_note(timeout: float) -> str:
    return f"unfinished after {minutes(timeout)} wall, stopped"


def report_peer(workload: str, tool: str, res: dict | None, ours: float, chi2: float,
                missing: str) -> None:
    """Print and emit a peer's CPU figure (``res`` from a ``time_*`` helper) beside ours.

    ``res`` is ``None`` (peer missing: ``missing`` says why), ``{"timeout", "cpu"}``,
    ``{"error"}`` or ``{"cpu", "wall", "chi2"}``.
    """
    if res is None:
        emit(workload, tool, None, CPU, INPROC, note=missing)
    elif "timeout" in res:
        print(f"  {tool:17s} : unfinished after {minutes(res['timeout'])} ({res['cpu']:.0f} s CPU "
              f"used; ratio > {res['cpu'] / ours:.0f}x)")
        emit(workload, tool, res["cpu"], CPU, INPROC, lower_bound=True,
             note=timed_out_note(res["timeout"]))
    elif "error" in res:
        print(f"  {tool:17s} : failed: {res['error']}")
        emit(workload, tool, None, CPU, INPROC, note="failed")
    else:
        rel = abs(chi2 - res["chi2"]) / res["chi2"]
        print(f"  {tool:17s} : {res['cpu']:8.3f} s CPU ({res['wall']:.2f} s wall)   chi2 = "
              f"{res['chi2']:.6f}   ratio {res['cpu'] / ours:6.1f}x; chi2 relative difference "
              f"{rel:.1e}")
        emit(workload, tool, res["cpu"], CPU, INPROC, extra=f"chi2 relative difference {rel:.0e}")


def r_missing() -> str:
    return "R not installed"


def rscript(script: str, timeout: float, packages: tuple[str, ...] = ("lavaan",)) -> PeerRun:
    """Run R code (a script file) through ``Rscript`` with one BLAS thread and a limit.

    When the limit stops it, the CPU that R's start-up and ``library(packages)`` take
    (measured by a second, empty run) is subtracted, so ``cpu`` stays a lower bound of the
    timed work alone.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as fh:
        fh.write(script)
    try:
        run = run_peer(["Rscript", fh.name], timeout)
    finally:
        Path(fh.name).unlink(missing_ok=True)
    if not run.timed_out:
        return run
    libs = "; ".join(f"suppressPackageStartupMessages(library({p}))" for p in packages)
    base = run_peer(["Rscript", "-e", libs], 300)
    return PeerRun(None, run.stdout, run.stderr, max(run.cpu - base.cpu, 0.0), run.wall, True)


#: what :func:`time_lavaan` reads back from R: JSON key -> (sprintf format, R expression)
LAVAAN_TIMES = {"cpu": ("%.6f", "el[['user.self']] + el[['sys.self']]"),
                "wall": ("%.6f", "el[['elapsed']]"), "chi2": ("%.10f", "fm[['chisq']]")}


def time_lavaan(syntax: str, read: str, fit: str, timeout: float,
                fields: dict[str, tuple[str, str]] | None = None) -> dict | None:
    """Time a lavaan fit inside R (start-up and ``library`` excluded) under the peer limit.

    ``read`` is the R expression giving the data ``d`` (``read.csv(...)``); ``fit`` is the
    timed R code, which fits ``f`` from the model ``m`` and data ``d`` and sets
    ``fm <- fitMeasures(f)``; ``el`` is the elapsed ``proc.time()``. The result is ``None``
    without ``Rscript``, ``{"timeout", "cpu"}`` when stopped, ``{"error"}`` when R failed,
    else the JSON of :data:`LAVAAN_TIMES` plus ``fields`` (the form :func:`report_peer` takes).
    """
    if shutil.which("Rscript") is None:
        return None
    cols = {**LAVAAN_TIMES, **(fields or {})}
    fmt = ", ".join(f'"{k}": {f}' for k, (f, _) in cols.items())
    with tempfile.TemporaryDirectory() as tmp:
        model, out = Path(tmp) / "model.lav", Path(tmp) / "out.json"
        model.write_text(syntax)
        script = (
            "suppressPackageStartupMessages(library(lavaan))\n"
            f"d <- {read}\n"
            f"m <- paste(readLines('{model}'), collapse='\\n')\n"
            "t0 <- proc.time()\n"
            f"{fit}\n"
            "el <- proc.time() - t0\n"
            f"writeLines(sprintf('{{{fmt}}}', {', '.join(e for _, e in cols.values())}), '{out}')\n"
        )
        run = rscript(script, timeout)
        if run.timed_out:
            return {"timeout": timeout, "cpu": run.cpu}
        if run.returncode != 0:
            return {"error": run.stderr.strip()[-200:]}
        return json.loads(out.read_text())


def time_semopy(data, syntax: str, timeout: float) -> dict | None:
    """semopy's ML fit + ``inspect(std_est=True)`` + ``calc_stats`` with one BLAS thread.

    ``None`` without semopy; ``{"timeout", "cpu"}`` (the CPU used until stopped) or
    ``{"cpu", "wall", "chi2"}`` (semopy's chi2 as given: (N-1)F or NF by version).
    """
    try:
        import semopy
    except ImportError:
        return None
    from threadpoolctl import threadpool_limits

    with warnings.catch_warnings(), threadpool_limits(1):
        warnings.simplefilter("ignore")
        c0, t0 = time.process_time(), time.perf_counter()
        try:
            with peer_alarm(timeout):
                m = semopy.Model(syntax)
                m.fit(data)
                m.inspect(std_est=True)
                st = semopy.calc_stats(m)
        except PeerTimeout:
            return {"timeout": timeout, "cpu": time.process_time() - c0}
        cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    return {"cpu": cpu, "wall": wall,
            "chi2": float(st["chi2"].iloc[0]) if "chi2" in st else float("nan")}


def report_semopy_lavaan(workload: str, argv: list[str], data, syntax: str, read: str, fit: str,
                         timeout: float, ours: float, chi2: float) -> dict | None:
    """semopy (:func:`time_semopy` on ``data``) and lavaan (:func:`time_lavaan` with ``read``
    and ``fit``) beside our ``ours`` CPU seconds and ``chi2``, each printed and emitted by
    :func:`report_peer`, or emitted as skipped under ``--no-semopy`` / ``--no-lavaan`` in
    ``argv``. Returns semopy's result (``None`` when skipped or not installed)."""
    sp = None
    if "--no-semopy" in argv:
        emit(workload, "semopy", None, CPU, INPROC, note="skipped (--no-peers)")
    else:
        sp = time_semopy(data, syntax, timeout)
        report_peer(workload, "semopy", sp, ours, chi2, "not installed")
    if "--no-lavaan" in argv:
        emit(workload, "lavaan", None, CPU, INPROC, note="skipped (--no-peers)")
    else:
        report_peer(workload, "lavaan", time_lavaan(syntax, read, fit, timeout), ours, chi2,
                    r_missing())
    return sp
