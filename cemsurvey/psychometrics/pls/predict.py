"""PLSpredict (Shmueli et al. 2016, 2019): out-of-sample prediction of endogenous indicators.

k-fold cross-validation, repeated: in each repetition the respondents are shuffled and cut
into ``k`` contiguous folds (as R's ``cut``, the folds of seminr's ``predict_pls``); each
fold is predicted by the model estimated on the other ``k - 1``. All ``r x k`` training
fits run as ONE batch of the engine (each training set is a 0/1 weighting of the
respondents, :class:`~cemsurvey.psychometrics.pls.data.Correlator`).

Prediction of a held-out respondent (Shmueli et al. 2016): its indicators standardized by
the training means and SDs, scores ``Y = X W``; construct predictions from

* ``"EA"`` (earliest antecedents, default; Shmueli et al. 2019, SmartPLS): the scores of
  the purely exogenous constructs propagated through the path coefficients;
* ``"DA"`` (direct antecedents, seminr's default): each construct from the scores of its
  direct predecessors;

then indicators ``x_hat = (Y_hat L') sd + mean`` (L the loadings; consistent loadings and
paths under PLSc, as seminr). The **LM benchmark** regresses each endogenous indicator by
OLS (with intercept) on the indicators of the purely exogenous constructs (EA) or of the
construct's predecessors (DA), on the same training folds. With ``r`` repetitions a
respondent's predictions are averaged over the repetitions before the metrics (as cSEM's
``predict(.r = )``).

Per endogenous indicator: RMSE and MAE of PLS and LM, and ``Q^2predict = 1 - sum (y -
y_hat)^2 / sum (y - ybar_train)^2`` (``ybar_train``: the indicator's mean in the training
folds). **Verdict** per construct and over all endogenous indicators (Shmueli et al.
2019): ``none`` when some Q^2predict <= 0 or PLS has the lower RMSE (or MAE) for no
indicator, ``low`` for a minority, ``medium`` for a majority, ``high`` for all.

Verified against seminr's ``predict_pls`` (Python port 0.2.1, the same fold vector, DA and
EA, 10 folds on the ECSI model): per-indicator RMSE and MAE of PLS and LM, Q^2predict
from seminr's predictions, and the predictions themselves, 1e-6
(tests/reference/pls/pls_next.json).

References
----------
Shmueli, G., Ray, S., Velasquez Estrada, J. M., & Chatla, S. B. (2016). The elephant in the
room: predictive performance of PLS models. J. Business Research, 69(10), 4552-4564.
Shmueli, G., Sarstedt, M., Hair, J. F., Cheah, J.-H., Ting, H., Vaithilingam, S., & Ringle,
C. M. (2019). Predictive model assessment in PLS-SEM: guidelines for using PLSpredict.
European J. Marketing, 53(11), 2322-2347.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from cemsurvey._blas import blas_threads
from cemsurvey.errors import EstimationError
from cemsurvey.instrument.model import Instrument
from cemsurvey.psychometrics.pls.consistent import METHODS, consistent
from cemsurvey.psychometrics.pls.data import Correlator, prepare_items
from cemsurvey.psychometrics.pls.engine import SCHEMES, Scheme, estimate, regressions
from cemsurvey.psychometrics.pls.model import PLSSpec, model_of, stage1_spec

Technique = Literal["EA", "DA"]
TECHNIQUES = ("EA", "DA")


@dataclass(frozen=True)
class PredictResult:
    """Result of :func:`predict_pls` (full precision).

    Attributes
    ----------
    items
        Per endogenous indicator: ``construct, pls_rmse, pls_mae, lm_rmse, lm_mae,
        q2predict, lm_q2predict``.
    verdict
        Per endogenous construct and ``"all"``: ``indicators, q2_positive, pls_better``
        (indicators where PLS beats LM on ``metric``) and ``verdict``.
    actual, pls, lm, naive
        ``(n x indicators)`` observed values and out-of-sample predictions (averaged over
        repetitions): PLS, LM, and the training mean (the Q^2predict and CVPAT baseline).
    folds
        ``(repetitions, n)`` fold of each respondent (0-based).
    """

    items: pd.DataFrame
    verdict: pd.DataFrame
    actual: pd.DataFrame
    pls: pd.DataFrame
    lm: pd.DataFrame
    naive: pd.DataFrame
    folds: np.ndarray
    constructs: dict[str, list[str]]
    technique: str
    method: str
    metric: str
    seed: int | None
    n: int
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def repetitions(self) -> int:
        return int(self.folds.shape[0])

    @property
    def k(self) -> int:
        return int(self.folds.max()) + 1

    def to_dict(self) -> dict[str, Any]:
        """``{items, verdict, folds, repetitions, technique, method, metric, seed, n,
        warnings}`` (predictions left out)."""
        return {
            "items": [{"indicator": i, **row.to_dict()} for i, row in self.items.iterrows()],
            "verdict": [{"construct": c, **row.to_dict()} for c, row in self.verdict.iterrows()],
            "folds": self.k, "repetitions": self.repetitions, "technique": self.technique,
            "method": self.method, "metric": self.metric, "seed": self.seed, "n": self.n,
            "warnings": list(self.warnings),
        }


def cut_folds(n: int, k: int) -> np.ndarray:
    """Fold (0-based) of each position ``0..n-1``: R's ``cut(seq_len(n), breaks = k)``.

    >>> cut_folds(10, 3).tolist()
    [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]
    """
    pos = np.arange(1, n + 1, dtype=float)
    breaks = 1 + np.arange(k + 1) * (n - 1) / k
    breaks[0], breaks[-1] = 1 - (n - 1) / 1000, n + (n - 1) / 1000
    return np.searchsorted(breaks, pos, side="left") - 1


def fold_matrix(n: int, k: int, repetitions: int, seed: int | None,
                fold_vector: np.ndarray | list[int] | None) -> np.ndarray:
    """``(repetitions, n)`` folds: seeded shuffles cut in ``k`` blocks, or the given vector.

    A ``fold_vector`` holds one fold label per respondent (any ``k`` distinct labels,
    e.g. 1..k); it is one repetition.
    """
    if fold_vector is not None:
        v = np.asarray(fold_vector)
        if v.shape != (n,):
            raise EstimationError(f"the fold vector has {v.size} entries for {n} complete "
                                  "respondents; give one fold per respondent")
        labels, inv = np.unique(v, return_inverse=True)
        if labels.size < 2:
            raise EstimationError("the fold vector needs at least 2 folds")
        return inv[None, :]
    if not isinstance(k, int) or not 2 <= k <= n:
        raise EstimationError(f"folds must be a whole number between 2 and {n}, got {k!r}")
    if not isinstance(repetitions, int) or repetitions < 1:
        raise EstimationError(f"repetitions must be a whole number >= 1, got {repetitions!r}")
    rng = np.random.default_rng(seed)
    out = np.empty((repetitions, n), dtype=int)
    base = cut_folds(n, k)
    for r in range(repetitions):
        out[r, rng.permutation(n)] = base
    return out


def _construct_predictions(scores: np.ndarray, beta: np.ndarray, spec: PLSSpec,
                           order: list[int], technique: str) -> np.ndarray:
    """Predicted construct scores from held-out scores (EA or DA)."""
    exo = [k for k in range(spec.K) if not spec.predecessors(k)]
    if technique == "DA":
        out = scores @ beta
        out[:, exo] = scores[:, exo]
        return out
    out = np.zeros_like(scores)
    out[:, exo] = scores[:, exo]
    for k in order:
        if k not in exo:
            out[:, k] = out @ beta[:, k]
    return out


def _topological(spec: PLSSpec) -> list[int]:
    done: list[int] = []
    while len(done) < spec.K:
        for k in range(spec.K):
            if k not in done and all(p in done for p in spec.predecessors(k)):
                done.append(k)
    return done


def verdict_of(q2: np.ndarray, pls: np.ndarray, lm: np.ndarray) -> tuple[bool, int, str]:
    """``(all Q^2predict > 0, indicators where PLS < LM, verdict)`` (Shmueli et al. 2019).

    >>> verdict_of(np.array([.2, .3]), np.array([1.0, 1.2]), np.array([1.1, 1.1]))
    (True, 1, 'low')
    """
    positive = bool(np.all(q2 > 0))
    better = int(np.sum(pls < lm))
    m = pls.size
    if not positive or better == 0:
        v = "none"
    elif better == m:
        v = "high"
    elif better > m / 2:
        v = "medium"
    else:
        v = "low"
    return positive, better, v


def predict_pls(data: pd.DataFrame, ins: Instrument, *, folds: int = 10, repetitions: int = 10,
                seed: int | None = None, fold_vector: np.ndarray | list[int] | None = None,
                technique: Technique = "EA", method: str = "pls", scheme: Scheme = "path",
                metric: Literal["rmse", "mae"] = "rmse", max_iter: int = 300,
                tol: float = 1e-7) -> PredictResult:
    """PLSpredict of the instrument's structural model (see the module docstring).

    Parameters
    ----------
    data, ins
        Responses and instrument, as :func:`~cemsurvey.psychometrics.pls.fit_pls`.
    folds, repetitions, seed
        k-fold cross-validation repeated ``repetitions`` times, shuffles seeded.
    fold_vector
        One fold label per complete respondent (one repetition; overrides the three above).
    technique
        ``"EA"`` (earliest antecedents) or ``"DA"`` (direct antecedents).
    method, scheme, max_iter, tol
        As :func:`fit_pls` (``"plsc"``: consistent loadings and paths).
    metric
        ``"rmse"`` (default) or ``"mae"`` (for skewed prediction errors) for the verdict.

    Raises
    ------
    EstimationError
        Higher-order constructs (no published PLSpredict for them), interaction terms, bad
        options.
    """
    if technique not in TECHNIQUES or method not in METHODS or scheme not in SCHEMES \
            or metric not in ("rmse", "mae"):
        raise EstimationError(f"technique must be EA or DA, method pls or plsc, scheme one of "
                              f"{', '.join(SCHEMES)}, metric rmse or mae; got {technique!r}, "
                              f"{method!r}, {scheme!r}, {metric!r}")
    warn: list[str] = []
    model = model_of(ins, warn)
    if model.hoc_members:
        raise EstimationError("PLSpredict has no published procedure for higher-order "
                              f"constructs ({', '.join(model.hoc_members)}); predict a "
                              "model of first-order constructs")
    if model.interactions:
        raise EstimationError(f"PLSpredict of interaction terms ({', '.join(model.interactions)}) "
                              "is not supported; predict the main-effects model")
    X, index, msgs = prepare_items(data, ins, model.items)
    warn += msgs
    spec = stage1_spec(model, "repeated")
    F = fold_matrix(X.shape[0], folds, repetitions, seed, fold_vector)
    with blas_threads(1):
        P = _cross_validate(X, spec, F, technique, method, scheme, max_iter, tol,
                            model.reflective(spec.latents))
    endo = [k for k in range(spec.K) if spec.predecessors(k)]
    cols = [j for k in endo for j in np.flatnonzero(spec.mask[:, k])]
    names = [spec.manifest[j] for j in cols]
    frame = lambda a: pd.DataFrame(a, index=index, columns=names)  # noqa: E731
    actual, pls, lm, naive = (frame(X[:, cols]), frame(P["pls"]), frame(P["lm"]),
                              frame(P["naive"]))
    items = _metrics(actual, pls, lm, naive)
    items.insert(0, "construct", [spec.latents[k] for k in endo
                                  for _ in np.flatnonzero(spec.mask[:, k])])
    constructs = {spec.latents[k]: [spec.manifest[j] for j in np.flatnonzero(spec.mask[:, k])]
                  for k in endo}
    rows = {}
    for c, its in [*constructs.items(), ("all", names)]:
        t = items.loc[its]
        pos, better, v = verdict_of(t["q2predict"].to_numpy(), t[f"pls_{metric}"].to_numpy(),
                                    t[f"lm_{metric}"].to_numpy())
        rows[c] = {"indicators": len(its), "q2_positive": pos, "pls_better": better,
                   "verdict": v}
    if P["failed"]:
        warn.append(f"{P['failed']} of {P['fits']} training fits "
                    "did not converge; their predictions are used anyway")
    return PredictResult(items=items, verdict=pd.DataFrame.from_dict(rows, orient="index"),
                         actual=actual, pls=pls, lm=lm, naive=naive, folds=F,
                         constructs=constructs, technique=technique, method=method,
                         metric=metric, seed=seed, n=X.shape[0], warnings=tuple(warn))


def _metrics(actual: pd.DataFrame, pls: pd.DataFrame, lm: pd.DataFrame,
             naive: pd.DataFrame) -> pd.DataFrame:
    y = actual.to_numpy()
    sst = np.sum((y - naive.to_numpy()) ** 2, axis=0)
    out = {}
    for name, pred in (("pls", pls), ("lm", lm)):
        e = y - pred.to_numpy()
        out[f"{name}_rmse"] = np.sqrt(np.mean(e**2, axis=0))
        out[f"{name}_mae"] = np.mean(np.abs(e), axis=0)
        out[f"{name}_q2"] = 1 - np.sum(e**2, axis=0) / sst
    return pd.DataFrame({"pls_rmse": out["pls_rmse"], "pls_mae": out["pls_mae"],
                         "lm_rmse": out["lm_rmse"], "lm_mae": out["lm_mae"],
                         "q2predict": out["pls_q2"], "lm_q2predict": out["lm_q2"]},
                        index=actual.columns)


def _cross_validate(X: np.ndarray, spec: PLSSpec, F: np.ndarray, technique: str, method: str,
                    scheme: Scheme, max_iter: int, tol: float,
                    reflective: np.ndarray) -> dict[str, Any]:
    """Every training fit in one batch; predictions of held-out rows averaged over
    repetitions."""
    R_, n = F.shape
    k = int(F.max()) + 1
    train = np.concatenate([(F[r][None, :] != np.arange(k)[:, None]) for r in range(R_)])
    counts = train.astype(float)  # (R_*k, n)
    S = Correlator(X)(counts)
    fit = estimate(S, spec, scheme=scheme, max_iter=max_iter, tol=tol)
    Rl, L = fit.R, fit.SW
    if method == "plsc":
        c = consistent(S, fit, spec, reflective)
        Rl, L = c.R, c.L
    beta = regressions(Rl, spec)[0]
    L = L * spec.mask  # own-construct loadings (S W also holds the cross-loadings)
    tot = counts.sum(axis=1)[:, None]
    mean = counts @ X / tot
    sd = np.sqrt(np.maximum(counts @ (X * X) / tot - mean**2, 0) * tot / (tot - 1))
    endo = [kk for kk in range(spec.K) if spec.predecessors(kk)]
    exo = [kk for kk in range(spec.K) if not spec.predecessors(kk)]
    cols = [j for kk in endo for j in np.flatnonzero(spec.mask[:, kk])]
    order = _topological(spec)
    pls = np.zeros((R_, n, len(cols)))
    lm = np.zeros_like(pls)
    naive = np.zeros_like(pls)
    for b in range(R_ * k):
        r, test = b // k, ~train[b]
        Xs = (X[test] - mean[b]) / sd[b]
        Yhat = _construct_predictions(Xs @ fit.W[b], beta[b], spec, order, technique)
        pls[r, test] = (Yhat @ L[b].T * sd[b] + mean[b])[:, cols]
        naive[r, test] = mean[b, cols]
        pos = 0
        for kk in endo:
            preds = spec.predecessors(kk) if technique == "DA" else exo
            xcols = [j for p in preds for j in np.flatnonzero(spec.mask[:, p])]
            ycols = np.flatnonzero(spec.mask[:, kk])
            D = np.column_stack([np.ones(n), X[:, xcols]])
            coef = np.linalg.lstsq(D[train[b]], X[train[b]][:, ycols], rcond=None)[0]
            lm[r, test, pos:pos + ycols.size] = D[test] @ coef
            pos += ycols.size
    return {"pls": pls.mean(axis=0), "lm": lm.mean(axis=0), "naive": naive.mean(axis=0),
            "failed": int(np.sum(~fit.converged)), "fits": R_ * k}
