"""CVPAT: the cross-validated predictive ability test (Liengaard et al. 2021; Sharma et al. 2023).

From the out-of-sample predictions of :func:`~cemsurvey.psychometrics.pls.predict.predict_pls`,
the loss of respondent ``i`` for construct ``c`` is the mean squared prediction error over
``c``'s indicators; the overall loss is the mean over the endogenous constructs. PLS is
compared with two benchmarks:

* **IA** (indicator averages): each indicator predicted by its mean in the training folds
  (``ia="training"``, default) or in the whole sample (``ia="sample"``, as seminrExtras);
* **LM** (linear model): the LM benchmark of PLSpredict.

With ``d_i = loss_benchmark,i - loss_PLS,i`` (positive: PLS predicts better) and its mean
``D``:

* Liengaard et al. (2021): the paired t test ``t = D / (s_d / sqrt n)``, Student's t with
  ``n - 1`` df;
* Sharma et al. (2023): the bootstrap variance test ``t = D / SD*(D)``, ``SD*`` the standard
  deviation of the means of ``nboot`` resamples of the centred ``d_i - D``, p from Student's
  t with ``n - 1`` df (seminrExtras' ``Boot T value`` and ``Boot P Value``).

The resamples come from ``numpy.random.default_rng(seed)`` in seminrExtras' order (IA
overall, LM overall, IA per construct, LM per construct; two index vectors per
resample), so the bootstrap test equals seminrExtras' ``assess_cvpat`` on the same folds.

Verified against seminrExtras 0.1.0 ``assess_cvpat`` (DA, 10 folds, seed 123, 2000 draws,
``ia="sample"``) on the ECSI model: losses, differences, bootstrap t and p, 1e-6
(tests/reference/pls/pls_next.json).

References
----------
Liengaard, B. D., Sharma, P. N., Hult, G. T. M., Jensen, M. B., Sarstedt, M., Hair, J. F., &
Ringle, C. M. (2021). Prediction: coveted, yet forsaken? Introducing a cross-validated
predictive ability test in partial least squares path modeling. Decision Sciences, 52(2),
362-392. Sharma, P. N., Liengaard, B. D., Hair, J. F., Sarstedt, M., & Ringle, C. M. (2023).
Predictive model assessment and selection in composite-based modeling using PLS-SEM:
extensions and guidelines for using CVPAT. European J. Marketing, 57(6), 1662-1677.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from cemsurvey.errors import EstimationError
from cemsurvey.psychometrics.pls.predict import PredictResult
from cemsurvey.stats.distributions import t_cdf, t_sf


@dataclass(frozen=True)
class CvpatResult:
    """CVPAT of PLS against the IA and LM benchmarks.

    Attributes
    ----------
    table
        Indexed by ``(benchmark, construct)`` (benchmark ``"IA"``/``"LM"``, construct an
        endogenous construct or ``"overall"``): ``pls_loss, benchmark_loss, diff`` (PLS
        minus benchmark; negative: PLS predicts better), ``t, p`` (paired t test) and
        ``boot_t, boot_p`` (bootstrap variance test).
    """

    table: pd.DataFrame
    nboot: int
    seed: int | None
    alternative: str
    ia: str
    alpha: float

    def to_dict(self) -> dict[str, Any]:
        """``{rows: [...], nboot, seed, alternative, ia, alpha}``."""
        return {"rows": [{"benchmark": b, "construct": c, **row.to_dict()}
                         for (b, c), row in self.table.iterrows()],
                "nboot": self.nboot, "seed": self.seed, "alternative": self.alternative,
                "ia": self.ia, "alpha": self.alpha}


def construct_losses(error: pd.DataFrame, constructs: dict[str, list[str]]) -> pd.DataFrame:
    """Per respondent and construct: mean squared error over the construct's indicators."""
    return pd.DataFrame({c: (error[its].to_numpy() ** 2).mean(axis=1)
                         for c, its in constructs.items()}, index=error.index)


def compare(loss_model: np.ndarray, loss_bench: np.ndarray, idx: np.ndarray,
            alternative: str) -> dict[str, float]:
    """Paired and bootstrap tests of ``d = loss_bench - loss_model`` (``idx`` ``(nboot, n)``
    resample indices of the centred differences)."""
    d = loss_bench - loss_model
    n = d.size
    dbar = float(d.mean())
    s = float(d.std(ddof=1))
    sd_boot = float((d - dbar)[idx].mean(axis=1).std(ddof=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = dbar / (s / np.sqrt(n))
        tb = dbar / sd_boot if sd_boot > np.finfo(float).eps else np.nan
    pv = ((lambda x: 2 * t_cdf(-abs(x), n - 1)) if alternative == "two-sided"
          else (lambda x: t_sf(x, n - 1)))
    return {"pls_loss": float(loss_model.mean()), "benchmark_loss": float(loss_bench.mean()),
            "diff": -dbar, "t": float(t), "p": float(pv(t)), "boot_t": float(tb),
            "boot_p": float(pv(tb)) if np.isfinite(tb) else np.nan}


def cvpat(pred: PredictResult, *, nboot: int = 2000, seed: int | None = 123,
          alternative: Literal["two-sided", "greater"] = "two-sided",
          ia: Literal["training", "sample"] = "training", alpha: float = 0.05) -> CvpatResult:
    """CVPAT of a PLSpredict result (see the module docstring).

    Parameters
    ----------
    pred
        :func:`~cemsurvey.psychometrics.pls.predict.predict_pls` result.
    nboot, seed
        Resamples of the bootstrap test and the seed of their generator.
    alternative
        ``"two-sided"`` or ``"greater"`` (H1: PLS has the lower loss).
    ia
        Indicator averages from the ``"training"`` folds or the whole ``"sample"``.
    """
    if alternative not in ("two-sided", "greater") or ia not in ("training", "sample"):
        raise EstimationError(f"alternative must be two-sided or greater and ia training or "
                              f"sample, got {alternative!r}, {ia!r}")
    if not isinstance(nboot, int) or nboot < 2:
        raise EstimationError(f"nboot must be a whole number >= 2, got {nboot!r}")
    y = pred.actual
    ia_pred = pred.naive if ia == "training" else \
        pd.DataFrame(np.broadcast_to(y.mean().to_numpy(), y.shape), index=y.index,
                     columns=y.columns)
    cons = pred.constructs
    losses = {name: construct_losses(y - p, cons)
              for name, p in (("PLS", pred.pls), ("IA", ia_pred), ("LM", pred.lm))}
    overall = {k: v.to_numpy().mean(axis=1) for k, v in losses.items()}
    n, k = y.shape[0], len(cons)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=((2 + 2 * k) * nboot, 2, n))[:, 1, :]  # seminrExtras' order
    blocks = [draws[b * nboot:(b + 1) * nboot] for b in range(2 + 2 * k)]
    rows = {("IA", "overall"): compare(overall["PLS"], overall["IA"], blocks[0], alternative),
            ("LM", "overall"): compare(overall["PLS"], overall["LM"], blocks[1], alternative)}
    for j, c in enumerate(cons):
        for b, bench in enumerate(("IA", "LM")):
            rows[(bench, c)] = compare(losses["PLS"][c].to_numpy(), losses[bench][c].to_numpy(),
                                       blocks[2 + b * k + j], alternative)
    order = [(b, c) for b in ("IA", "LM") for c in [*cons, "overall"]]
    table = pd.DataFrame.from_dict(rows, orient="index").loc[order]
    table.index = pd.MultiIndex.from_tuples(order, names=["benchmark", "construct"])
    return CvpatResult(table=table, nboot=nboot, seed=seed, alternative=alternative, ia=ia,
                       alpha=alpha)
