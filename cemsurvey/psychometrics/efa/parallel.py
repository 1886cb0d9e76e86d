"""Horn's parallel analysis, the Kaiser criterion and scree values.

Definition (as ``psych::fa.parallel(x, sim = TRUE, SMC = TRUE, quant = .95)``):

- ``pc``: eigenvalues of the item correlation matrix R are compared with the ``quantile``
  (default 95th percentile, R's type-7 quantile) of the eigenvalues of correlation matrices
  of ``n_iter`` simulated standard-normal data sets of the same size (n x p);
- ``fa``: the same with squared multiple correlations (SMC) on the diagonal of every matrix
  (eigenvalues of the "reduced" correlation matrix).

The suggested number is the count of leading observed eigenvalues that exceed their
simulated percentile, stopping at the first that does not (``which(!(obs > q))[1] - 1``).

Verified: decisions equal those of tests/reference/psych_reference.R (2000 R draws) on bfi
(pc 5, fa 8), Holzinger-Swineford (3, 3); sim28 has an eigenvalue within simulation noise of
its threshold and is checked with a tolerance (tests/efa/test_efa_parallel.py). Simulated
draws use numpy's generator, so percentiles match R's only in distribution, not digit by digit.

References
----------
Horn, J. L. (1965). A rationale and test for the number of factors in factor analysis.
Psychometrika, 30, 179-185.
Kaiser, H. F. (1960). The application of electronic computers to factor analysis. Educational
and Psychological Measurement, 20, 141-151.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from cemsurvey._blas import blas_threads
from cemsurvey.errors import DataError
from cemsurvey.psychometrics.correlation import cov_to_corr, labelled, smc

__all__ = ["ParallelResult", "count_above", "kaiser_criterion", "parallel_analysis"]


@dataclass(frozen=True)
class ParallelResult:
    """Parallel analysis outcome.

    Attributes
    ----------
    eigenvalues
        Eigenvalues of R, largest first (scree values).
    fa_eigenvalues
        Eigenvalues of R with SMCs on the diagonal (``None`` when ``fa="pc"``).
    sim_pc, sim_fa
        The ``quantile`` percentile of simulated eigenvalues (``None`` when not computed).
    n_components, n_factors
        Suggested numbers (pc and fa); ``None`` when not computed.
    kaiser
        Number of eigenvalues of R greater than 1.
    n, n_iter, quantile, seed
        Sample size simulated, draws, percentile and seed.
    """

    eigenvalues: np.ndarray
    fa_eigenvalues: np.ndarray | None
    sim_pc: np.ndarray | None
    sim_fa: np.ndarray | None
    n_components: int | None
    n_factors: int | None
    kaiser: int
    n: int
    n_iter: int
    quantile: float
    seed: int | None

    def to_dict(self) -> dict[str, object]:
        def lst(a: np.ndarray | None) -> list[float] | None:
            return None if a is None else [float(v) for v in a]

        return {
            "parallel_factors": self.n_factors, "parallel_components": self.n_components,
            "kaiser_factors": self.kaiser, "eigenvalues": lst(self.eigenvalues),
            "fa_eigenvalues": lst(self.fa_eigenvalues), "parallel_eigenvalues": lst(self.sim_pc),
            "parallel_fa_eigenvalues": lst(self.sim_fa), "n": self.n, "n_iter": self.n_iter,
            "quantile": self.quantile, "seed": self.seed,
        }


def count_above(observed: np.ndarray, threshold: np.ndarray) -> int:
    """Leading observed values strictly above the threshold (psych's rule).

    >>> count_above(np.array([3., 1.5, 1.2, .5]), np.array([1.4, 1.3, 1.2, 1.1]))
    2
    """
    below = np.flatnonzero(~(observed > threshold))
    return int(below[0]) if below.size else int(observed.size)


def kaiser_criterion(eigenvalues: np.ndarray) -> int:
    """Number of eigenvalues of the correlation matrix greater than 1 (Kaiser, 1960).

    >>> kaiser_criterion(np.array([2.5, 1.2, 0.9, 0.4]))
    2
    """
    return int(np.sum(np.asarray(eigenvalues) > 1.0))


def _reduced(r: np.ndarray, names: list[str] | None = None) -> np.ndarray:
    s = smc(labelled(r, names))
    r = r.copy()
    idx = np.arange(r.shape[-1])
    r[..., idx, idx] = s
    return r


def parallel_analysis(
    data: pd.DataFrame | np.ndarray,
    n_iter: int = 100,
    seed: int | None = None,
    fa: Literal["pc", "fa", "both"] = "both",
    quantile: float = 0.95,
    progress: Callable[[int], None] | None = None,
    *,
    n: int | None = None,
    chunk: int = 25,
) -> ParallelResult:
    """Horn's parallel analysis with simulated normal data, vectorised over draws.

    Parameters
    ----------
    data
        Respondents x items (complete rows), or a p x p correlation matrix together with ``n``.
    n_iter
        Number of simulated data sets.
    seed
        Seed of numpy's ``default_rng`` (``None``: fresh entropy).
    fa
        ``"pc"`` (eigenvalues of R), ``"fa"`` (SMC-reduced R) or ``"both"``.
    quantile
        Percentile of the simulated eigenvalues used as threshold (R's type-7 quantile).
    progress
        Called with the number of draws finished after each chunk.
    n
        Sample size when ``data`` is a correlation matrix.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> f = rng.normal(size=(300, 2))
    >>> x = np.hstack([f[:, [0]] + rng.normal(size=(300, 4)), f[:, [1]] + rng.normal(size=(300, 4))])
    >>> parallel_analysis(x, n_iter=50, seed=1).n_components
    2
    """
    with blas_threads(1):
        return _parallel(data, n_iter, seed, fa, quantile, progress, n, chunk)


def _parallel(data: pd.DataFrame | np.ndarray, n_iter: int, seed: int | None, fa: str,
              quantile: float, progress: Callable[[int], None] | None, n: int | None,
              chunk: int) -> ParallelResult:
    if fa not in ("pc", "fa", "both"):
        raise DataError(f"fa must be 'pc', 'fa' or 'both', got {fa!r}")
    if not 0 < quantile < 1:
        raise DataError(f"quantile must be between 0 and 1, got {quantile}")
    if n_iter < 1:
        raise DataError(f"parallel analysis needs at least 1 iteration, got {n_iter}")
    arr = data.to_numpy(dtype=float) if isinstance(data, pd.DataFrame) else np.asarray(
        data, dtype=float)
    is_corr = (arr.ndim == 2 and arr.shape[0] == arr.shape[1] and n is not None
               and np.allclose(np.diag(arr), 1.0) and np.allclose(arr, arr.T))
    if is_corr:
        r = arr
        nobs = int(n)  # type: ignore[arg-type]
    else:
        if np.isnan(arr).any():
            raise DataError("parallel analysis needs complete rows; drop incomplete respondents "
                            "or pass the (pairwise) correlation matrix with n")
        r = np.corrcoef(arr, rowvar=False)
        nobs = arr.shape[0]
    p = r.shape[0]
    if nobs < 3:
        raise DataError(f"parallel analysis needs at least 3 respondents, got {nobs}")
    ev = np.linalg.eigvalsh(r)[::-1]
    do_fa = fa in ("fa", "both")
    do_pc = fa in ("pc", "both")
    names = [str(c) for c in data.columns] if isinstance(data, pd.DataFrame) else None
    ev_fa = np.linalg.eigvalsh(_reduced(r, names))[::-1] if do_fa else None
    rng = np.random.default_rng(seed)
    sims_pc: list[np.ndarray] = []
    sims_fa: list[np.ndarray] = []
    done = 0
    while done < n_iter:
        b = min(chunk, n_iter - done)
        x = rng.standard_normal((b, nobs, p))
        x -= x.mean(axis=1, keepdims=True)
        c = np.swapaxes(x, 1, 2) @ x
        rs = cov_to_corr(c)
        if do_pc:
            sims_pc.append(np.linalg.eigvalsh(rs)[:, ::-1])
        if do_fa:
            sims_fa.append(np.linalg.eigvalsh(_reduced(rs))[:, ::-1])
        done += b
        if progress is not None:
            progress(b)
    q_pc = np.quantile(np.vstack(sims_pc), quantile, axis=0) if do_pc else None
    q_fa = np.quantile(np.vstack(sims_fa), quantile, axis=0) if do_fa else None
    return ParallelResult(
        eigenvalues=ev, fa_eigenvalues=ev_fa, sim_pc=q_pc, sim_fa=q_fa,
        n_components=count_above(ev, q_pc) if q_pc is not None else None,
        n_factors=count_above(ev_fa, q_fa) if q_fa is not None and ev_fa is not None else None,
        kaiser=kaiser_criterion(ev), n=nobs, n_iter=n_iter, quantile=quantile, seed=seed,
    )
