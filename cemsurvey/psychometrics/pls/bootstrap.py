"""Bootstrap inference for PLS estimates: resamples, jackknife, SEs, t, p, intervals.

Resamples of respondents are count vectors, each turned into an indicator correlation
matrix (:class:`~cemsurvey.psychometrics.pls.data.Correlator`) and re-estimated in batches
from the full-sample weights. **Sign indeterminacy** is handled by construct-level
reflection: a latent whose resample weight vector points away from its full-sample weight
vector (negative dot product) is reflected (:func:`~cemsurvey.psychometrics.pls.engine.
reflect`). Standard errors are bootstrap standard deviations, ``t = est / se`` and ``p``
from Student's t with ``n - 1`` df (as SmartPLS), one- or two-tailed. Percentile and BCa
(jackknife acceleration; Efron 1987) intervals are both computed. Resamples that do not
converge or give non-finite estimates are excluded and counted in a warning.

Verified: every bootstrap resample against an independent slow implementation
(tests/pls/pls_textbook.py, 1e-8); the BCa interval equals scipy.stats.bootstrap's on the
same resamples (1e-10).

References
----------
Efron, B. (1987). Better bootstrap confidence intervals. JASA, 82, 171-185.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from cemsurvey.errors import EstimationError
from cemsurvey.psychometrics.pls.consistent import consistent
from cemsurvey.psychometrics.pls.data import Correlator
from cemsurvey.psychometrics.pls.engine import Scheme, estimate, reflect, regressions
from cemsurvey.psychometrics.pls.model import PLSSpec
from cemsurvey.psychometrics.pls.quality import htmt
from cemsurvey.psychometrics.sem.structural_result import bca_ci
from cemsurvey.stats.distributions import t_sf

#: Keys of the estimate vectors that are bootstrapped.
KEYS = ("paths", "loadings", "weights", "indirect", "htmt")
#: Keys of the inference of each estimate vector.
INFERENCE = ("se", "t", "p", "pct_lower", "pct_upper", "bca_lower", "bca_upper")


@dataclass
class Statistics:
    """The bootstrapped statistics of one PLS model, for the sample or for resamples.

    Parameters
    ----------
    spec
        The reported model (stage 2 in a two-stage approach).
    Xm
        Its manifest data; ``Xitems`` the items (HTMT), the same matrix for one stage.
    members
        ``(q_items, G)`` membership of items in the first-order constructs (HTMT).
    chains
        Indirect effects as chains of latent indices.
    Wref
        Full-sample weights: the start and the sign reference of every resample.
    corrected
        ``(K,)`` bool, the latents consistent PLS corrects (``None``: PLS); each resample
        then repeats the whole PLSc procedure (:mod:`.consistent`); ``exempt`` the latent
        pairs outside its admissibility check (a HOC and its constructs).
    """

    spec: PLSSpec
    Xm: np.ndarray
    Xitems: np.ndarray | None
    members: np.ndarray
    chains: list[list[int]]
    Wref: np.ndarray
    scheme: Scheme
    max_iter: int
    tol: float
    corrected: np.ndarray | None = None
    exempt: np.ndarray | None = None

    def __post_init__(self) -> None:
        spec = self.spec
        self.mask_rows, self.mask_cols = np.nonzero(spec.mask)
        self.e_from = np.array([a for a, _ in spec.edges])
        self.e_to = np.array([b for _, b in spec.edges])
        self.gi, self.gj = np.triu_indices(self.members.shape[1], 1)
        self.corr_m = Correlator(self.Xm)
        self.corr_i = None if self.Xitems is None else Correlator(self.Xitems)

    def estimates(self, beta: np.ndarray, L: np.ndarray, W: np.ndarray,
                  H: np.ndarray) -> dict[str, np.ndarray]:
        """The full-sample vectors (``beta, L, W, H`` of the sample fit)."""
        return {"paths": beta[self.e_from, self.e_to],
                "loadings": L[self.mask_rows, self.mask_cols],
                "weights": W[self.mask_rows, self.mask_cols],
                "indirect": np.array([np.prod([beta[a, b] for a, b in pairwise(ch)])
                                      for ch in self.chains]),
                "htmt": H[self.gi, self.gj]}

    def __call__(self, counts: np.ndarray) -> dict[str, np.ndarray]:
        """The vectors of ``(B, n)`` frequency-weighted resamples (NaN where not ok)."""
        Sb = self.corr_m(counts)
        fb = estimate(Sb, self.spec, scheme=self.scheme, W0=self.Wref, max_iter=self.max_iter,
                      tol=self.tol)
        reflect(fb, self.Wref)
        R, L = fb.R, fb.SW
        if self.corrected is not None:
            c = consistent(Sb, fb, self.spec, self.corrected, self.exempt)
            R, L = c.R, c.L
        bb, _ = regressions(R, self.spec)
        out = {"paths": bb[:, self.e_from, self.e_to],
               "loadings": L[:, self.mask_rows, self.mask_cols],
               "weights": fb.W[:, self.mask_rows, self.mask_cols]}
        ind = np.ones((counts.shape[0], len(self.chains)))
        for c, ch in enumerate(self.chains):
            for a, b in pairwise(ch):
                ind[:, c] *= bb[:, a, b]
        out["indirect"] = ind
        Si = Sb if self.corr_i is None else self.corr_i(counts)
        out["htmt"] = htmt(Si, self.members)[:, self.gi, self.gj]
        ok = fb.ok & np.all(np.isfinite(R), axis=(1, 2))
        for arr in out.values():
            arr[~ok] = np.nan
        out["ok"] = ok
        return out


def resample(stat: Statistics, est: dict[str, np.ndarray], n: int, bootstrap: int,
             seed: int | None, block_size: int,
             progress: Callable[[int], None] | None) -> dict[str, np.ndarray]:
    """``bootstrap`` resamples of the ``n`` respondents, in blocks of ``block_size``."""
    rng = np.random.default_rng(seed)
    boot = {k: np.full((bootstrap, v.size), np.nan) for k, v in est.items()}
    done = 0
    while done < bootstrap:
        b = min(block_size, bootstrap - done)
        idx = rng.integers(0, n, size=(b, n))
        counts = np.bincount((idx + n * np.arange(b)[:, None]).ravel(),
                             minlength=b * n).reshape(b, n)
        res = stat(counts)
        for k, arr in boot.items():
            arr[done:done + b] = res[k]
        done += b
        if progress is not None:
            progress(b)
    return boot


def jackknife(stat: Statistics, est: dict[str, np.ndarray], n: int,
              block_size: int) -> dict[str, np.ndarray]:
    """Leave-one-respondent-out estimates (for the BCa acceleration)."""
    jack = {k: np.full((n, v.size), np.nan) for k, v in est.items()}
    for s in range(0, n, block_size):
        e = min(n, s + block_size)
        counts = np.ones((e - s, n))
        counts[np.arange(e - s), np.arange(s, e)] = 0.0
        res = stat(counts)
        for k, arr in jack.items():
            arr[s:e] = res[k]
    return jack


def summarise(v: np.ndarray, bk: np.ndarray, jk: np.ndarray, n: int, tails: int,
              level: float) -> dict[str, np.ndarray]:
    """SE, t, p and percentile and BCa limits of one estimate vector ``v``.

    ``bk`` the kept resamples, ``jk`` the jackknife estimates.
    """
    se = np.std(bk, axis=0, ddof=1) if bk.shape[0] > 1 else np.full(v.size, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = v / se
    # as p_from_t, vectorised
    p = 2.0 * t_sf(np.abs(t), n - 1) if tails == 2 else t_sf(t, n - 1)
    a2 = (1 - level) / 2
    pl, pu = (np.nanquantile(bk, [a2, 1 - a2], axis=0) if v.size
              else (np.empty(0), np.empty(0)))
    bl, bu = bca_ci(bk, v, jk, level) if v.size else (np.empty(0), np.empty(0))
    return {"se": se, "t": t, "p": p, "pct_lower": pl, "pct_upper": pu,
            "bca_lower": bl, "bca_upper": bu}


def no_inference(est: dict[str, np.ndarray]) -> dict[str, dict[str, np.ndarray]]:
    """NaN inference for every estimate (no bootstrap)."""
    return {k: dict.fromkeys(INFERENCE, np.full(v.size, np.nan)) for k, v in est.items()}


def bootstrap_inference(stat: Statistics, est: dict[str, np.ndarray], n: int, *,
                        bootstrap: int, seed: int | None, block_size: int,
                        progress: Callable[[int], None] | None, tails: int, level: float,
                        warn: list[str]) -> tuple[dict[str, dict[str, np.ndarray]], int]:
    """Inference of every estimate vector and the number of resamples used.

    Raises
    ------
    EstimationError
        Fewer than 2 resamples converged.
    """
    boot = resample(stat, est, n, bootstrap, seed, block_size, progress)
    okb = np.all(np.isfinite(boot["paths"]), axis=1)
    used = int(okb.sum())
    if used < bootstrap:
        why = ("did not converge or gave non-finite estimates" if stat.corrected is None else
               "did not converge or were inadmissible under consistent PLS (rho_A <= 0 or "
               "corrected construct correlations beyond +-1, dropped as cSEM does)")
        warn.append(f"{bootstrap - used} of {bootstrap} bootstrap resamples {why} and were "
                    "excluded")
    if used < 2:
        raise EstimationError("fewer than 2 bootstrap resamples converged; check the model")
    jack = jackknife(stat, est, n, block_size)
    inf = {k: summarise(v, boot[k][okb], jack[k], n, tails, level) for k, v in est.items()}
    return inf, used
