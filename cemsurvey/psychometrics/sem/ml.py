"""Maximum-likelihood discrepancy, its analytic gradient and expected information.

.. math::

    F_{ML}(\\theta) = \\log|\\Sigma| + \\operatorname{tr}(S\\Sigma^{-1}) - \\log|S| - p

with ``S`` the sample covariance matrix (divisor N, lavaan's default ``likelihood =
"normal"``). lavaan minimises ``F_ML / 2`` and reports ``chi2 = N F_ML``.

Gradient: ``dF/dtheta_j = tr(W dSigma_j)`` with ``W = Sigma^-1 (Sigma - S) Sigma^-1``;
with ``dSigma_j = s_j (a_j b_j' + b_j a_j')`` (see :mod:`.model`) this is
``2 s_j a_j' W b_j``.

Expected (Fisher) information per observation, as lavaan's ``information = "expected"``:

.. math::

    \\mathcal I_{jk} = \\tfrac12 \\operatorname{tr}(\\Sigma^{-1} d\\Sigma_j \\Sigma^{-1} d\\Sigma_k)
      = s_j s_k [(a_j'Va_k)(b_j'Vb_k) + (a_j'Vb_k)(b_j'Va_k)], \\quad V = \\Sigma^{-1}.

The expected Hessian of ``F_ML`` is ``2 I``; the asymptotic covariance of the estimates is
``I^-1 / N``.

References
----------
Bollen, K. A. (1989). *Structural Equations with Latent Variables*. Wiley, ch. 4.
Rosseel, Y. (2012). lavaan: An R package for structural equation modeling. *J. Stat. Softw.* 48(2).
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import LinAlgError, cho_factor, cho_solve

from cemsurvey.psychometrics.sem.model import Implied, SEMModel


def logdet_inv(sigma: np.ndarray) -> tuple[float, np.ndarray] | None:
    """``(log|Sigma|, Sigma^-1)`` by Cholesky, or ``None`` if Sigma is not positive definite."""
    try:
        c = cho_factor(sigma, lower=True, check_finite=False)
    except (LinAlgError, ValueError):
        return None
    d = np.diag(c[0])
    if not np.all(d > 0):
        return None
    logdet = 2.0 * float(np.sum(np.log(d)))
    inv = cho_solve(c, np.eye(sigma.shape[0]), check_finite=False)
    return logdet, inv


class MLProblem:
    """The ML fitting problem of one model on one sample covariance matrix.

    Parameters
    ----------
    model
        The :class:`~.model.SEMModel`.
    s
        Sample covariance matrix (divisor N), ordered as ``model.observed``.
    n
        Number of observations N.
    """

    def __init__(self, model: SEMModel, s: np.ndarray, n: int):
        self.model = model
        self.set_data(s, n)

    def set_data(self, s: np.ndarray, n: int) -> None:
        """Swap in a new sample covariance (bootstrap replicates reuse the model)."""
        self.s = np.asarray(s, dtype=float)
        self.n = int(n)
        ld = logdet_inv(self.s)
        self.logdet_s = ld[0] if ld is not None else float("nan")

    # ----------------------------------------------------------- objective
    def objective(self, theta: np.ndarray) -> float:
        """``F_ML(theta)`` (``inf`` where Sigma is not positive definite)."""
        imp = self.model.implied(theta)
        li = logdet_inv(imp.sigma)
        if li is None:
            return float("inf")
        logdet, inv = li
        return logdet + float(np.sum(self.s * inv)) - self.logdet_s - self.model.p

    def evaluate(self, theta: np.ndarray) -> tuple[float, Implied, np.ndarray] | None:
        """``(F, implied, Sigma^-1)`` or ``None`` if Sigma is not positive definite."""
        imp = self.model.implied(theta)
        li = logdet_inv(imp.sigma)
        if li is None:
            return None
        logdet, inv = li
        f = logdet + float(np.sum(self.s * inv)) - self.logdet_s - self.model.p
        return f, imp, inv

    # ------------------------------------------------------------ gradient
    def gradient_rows(self, imp: Implied, inv: np.ndarray, a: np.ndarray, b: np.ndarray,
                      s: np.ndarray) -> np.ndarray:
        """``dF/dtheta`` for parameters given by derivative index ``(a, b, s)``."""
        w = inv - inv @ self.s @ inv
        u = self.model.u_matrix(imp)
        uwu = u.T @ w @ u
        return 2.0 * s * uwu[a, b]

    def gradient(self, theta: np.ndarray) -> np.ndarray:
        """Analytic gradient of ``F_ML`` with respect to the free parameters."""
        ev = self.evaluate(theta)
        if ev is None:
            return np.full(self.model.q, np.nan)
        _, imp, inv = ev
        return self._free_gradient(imp, inv)

    def _free_gradient(self, imp: Implied, inv: np.ndarray) -> np.ndarray:
        m = self.model
        rows = m._free_rows
        g_rows = self.gradient_rows(imp, inv, m.a_idx[rows], m.b_idx[rows], m.scale[rows])
        out = np.zeros(m.q)
        np.add.at(out, m.partable.free[rows], g_rows)
        return out

    # --------------------------------------------------------- information
    @staticmethod
    def information_from(uvu: np.ndarray, a1: np.ndarray, b1: np.ndarray, s1: np.ndarray,
                         a2: np.ndarray, b2: np.ndarray, s2: np.ndarray) -> np.ndarray:
        """Expected information block between parameter sets 1 and 2 (per observation)."""
        aa = uvu[np.ix_(a1, a2)]
        bb = uvu[np.ix_(b1, b2)]
        ab = uvu[np.ix_(a1, b2)]
        ba = uvu[np.ix_(b1, a2)]
        return np.outer(s1, s2) * (aa * bb + ab * ba)

    def information(self, imp: Implied, inv: np.ndarray) -> np.ndarray:
        """Expected information of the free parameters (q x q, per observation)."""
        m = self.model
        u = m.u_matrix(imp)
        uvu = u.T @ inv @ u
        rows = m._free_rows
        a, b, s = m.a_idx[rows], m.b_idx[rows], m.scale[rows]
        return m.collapse(self.information_from(uvu, a, b, s, a, b, s), both=True)
