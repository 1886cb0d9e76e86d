"""Run Monte Carlo replications in chunks: in this process, on a local process pool, or on Dask.

A task is ``(n, start, stop)``: replications ``start .. stop - 1`` at sample size ``n``.
Every replication's data depend on ``(seed, n, r)`` only
(:func:`~cemsurvey.sampling.replicate.replication_seed`), so the rows are the same whichever
executor runs them and however the tasks are chunked. Results are keyed by task and
reassembled in order.

* ``workers=1``: in this process;
* ``workers=K`` (default: every core): a ``concurrent.futures`` process pool whose workers
  ignore SIGINT, so Ctrl-C reaches only this process, which cancels the pending chunks, waits
  for the running ones and returns what is done;
* ``scheduler="tcp://host:port"``: an existing Dask distributed cluster (the optional
  ``cluster`` extra); the design is scattered once to every worker, the chunks are submitted
  as tasks and gathered as they finish; Ctrl-C cancels the pending tasks.

``progress(done, total)`` is called (in this process) after every finished chunk.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass

import numpy as np

from cemsurvey.errors import SpecError
from cemsurvey.sampling.replicate import Design, run_chunk

__all__ = ["Task", "Outcome", "chunk_tasks", "run_tasks", "default_workers"]

Task = tuple[int, int, int]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Outcome:
    """Rows of every finished task and whether the run was interrupted."""

    rows: dict[Task, np.ndarray]
    interrupted: bool
    executor: str


def default_workers() -> int:
    """Cores this process may use (``os.sched_getaffinity`` where available)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def chunk_tasks(n_values: Sequence[int], reps: int, size: int) -> list[Task]:
    """Split ``reps`` replications at each n into chunks of at most ``size``.

    >>> chunk_tasks([100, 200], 5, 2)
    [(100, 0, 2), (100, 2, 4), (100, 4, 5), (200, 0, 2), (200, 2, 4), (200, 4, 5)]
    """
    return [(int(n), a, min(a + size, reps)) for n in n_values for a in range(0, reps, size)]


class _Finished:
    """Rows of the finished tasks; ``progress(done, total)`` after each one added."""

    def __init__(self, tasks: list[Task], progress: Progress | None) -> None:
        self.rows: dict[Task, np.ndarray] = {}
        self.total = sum(b - a for _, a, b in tasks)
        self.done = 0
        self.progress = progress

    def add(self, t: Task, rows: np.ndarray) -> None:
        self.rows[t] = rows
        self.done += t[2] - t[1]
        if self.progress is not None:
            self.progress(self.done, self.total)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _local(design: Design, tasks: list[Task], seed: int, workers: int,
           progress: Progress | None) -> Outcome:
    fin = _Finished(tasks, progress)
    if workers == 1:
        try:
            for t in tasks:
                fin.add(t, run_chunk(design, t[0], t[1], t[2], seed))
        except KeyboardInterrupt:
            return Outcome(fin.rows, True, "1 process")
        return Outcome(fin.rows, False, "1 process")
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_sigint)
    futures: dict[Future[np.ndarray], Task] = {}
    interrupted = False
    try:
        futures = {pool.submit(run_chunk, design, n, a, b, seed): (n, a, b) for n, a, b in tasks}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in finished:
                fin.add(futures[f], f.result())
    except KeyboardInterrupt:
        interrupted = True
        for f in futures:
            f.cancel()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if interrupted:  # keep the chunks that finished while shutting down
        for f, t in futures.items():
            if t not in fin.rows and f.done() and not f.cancelled() and f.exception() is None:
                fin.rows[t] = f.result()
    return Outcome(fin.rows, interrupted, f"{workers} local processes")


def _dask(design: Design, tasks: list[Task], seed: int, scheduler: str,
          progress: Progress | None) -> Outcome:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise SpecError("a Dask scheduler needs the optional 'cluster' extra: "
                        "pip install 'cemsurvey[cluster]'") from None
    fin = _Finished(tasks, progress)
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise SpecError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); start it with "
                        "`dask scheduler` and its workers with `dask worker ADDRESS`") from None
    interrupted = False
    futures = []
    try:
        remote = client.scatter(design, broadcast=True)
        futures = [client.submit(run_chunk, remote, n, a, b, seed, pure=False)
                   for n, a, b in tasks]
        where = {f.key: t for f, t in zip(futures, tasks)}
        for f in as_completed(futures):
            fin.add(where[f.key], f.result())
    except KeyboardInterrupt:
        interrupted = True
        client.cancel(futures)
    except ImportError as exc:  # raised on a worker and passed back by Dask
        client.cancel(futures)
        raise SpecError(f"a Dask worker cannot import cemsurvey ({exc}); install the same "
                        "cemsurvey version on every worker machine") from None
    finally:
        client.close()
    return Outcome(fin.rows, interrupted, f"Dask cluster at {scheduler}")


def run_tasks(design: Design, tasks: list[Task], seed: int, *, workers: int | None = None,
              scheduler: str | None = None, progress: Progress | None = None) -> Outcome:
    """Run ``tasks`` and return their rows (see the module docstring)."""
    if scheduler:
        return _dask(design, tasks, seed, scheduler, progress)
    k = default_workers() if workers is None else int(workers)
    if k < 1:
        raise SpecError(f"the number of worker processes must be at least 1, got {k}")
    return _local(design, tasks, seed, min(k, max(1, len(tasks))), progress)
