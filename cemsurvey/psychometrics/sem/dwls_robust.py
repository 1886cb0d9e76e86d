"""Robust CFI, TLI and RMSEA of a WLSMV fit (Savalei 2021), as lavaan 0.6.14's
``fitMeasures(fit, c("cfi.robust", "tli.robust", "rmsea.robust"))`` for ordinal items
(``lav_fit_catml_dwls``).

The DWLS estimates are plugged into the normal-theory ML discrepancy on the polychoric matrix
``R`` (lavaan's "catML" fit, not refitted when ``R`` is positive definite):

.. math::

    X_3 = N \\left(\\log|\\Sigma| - \\log|R| + \\mathrm{tr}(R \\Sigma^{-1}) - p\\right), \\qquad
    X_{3,0} = -N \\log|R|,

with the robust correction ``c_3 = tr(U' V U Gamma) / df`` where ``U = I - Delta (Delta' W
Delta)^-1 Delta' W`` (DWLS), ``V`` the ML weight of the correlations at ``Sigma``
(``V_{kl,mn} = A_km A_ln + A_kn A_lm``, ``A = Sigma^-1``) and ``Gamma`` the asymptotic covariance
of the correlations; for the baseline ``c_{3,0} = tr(Gamma) / df_0`` (``V = I`` at ``Sigma = I``).
Then, with ``N' = N - 1`` (lavaan's count for DWLS):

- ``cfi.robust = 1 - max(X3 - c3 df, 0) / max(X3 - c3 df, X30 - c30 df0, 0)``;
- ``tli.robust = 1 - (X3 - c3 df) df0 / ((X30 - c30 df0) df)``;
- ``rmsea.robust = sqrt(max(X3 / (N' df) - c3 / N', 0))``, its CI the noncentrality bounds of
  ``X3 / c3`` times ``c3``, the close-fit p-value at ``.05 / sqrt(c3)``.

``y' V y = tr(M A M A) / 2`` for the symmetric, zero-diagonal ``M`` holding ``y``, so the
trace runs over respondents (``Gamma = IF' IF / N``) without forming ``V``.

Verified against lavaan 0.6.14 (complete data: tests/reference/estimators/{bfi,hs3}_wlsmv.json;
pairwise: tests/reference/wlsmv_pairwise/*.json) at 1e-4 relative.

References
----------
Savalei, V. (2021). Improving fit indices in structural equation modeling with categorical
data. *Multivariate Behavioral Research* 56(3), 390-407.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import sparse

from cemsurvey.psychometrics.sem import fit_indices as fi

__all__ = ["catml_robust"]

_CHUNK = 512


def catml_robust(r: np.ndarray, sigma: np.ndarray, k: np.ndarray, l_: np.ndarray,
                 inf_c: np.ndarray, proj: np.ndarray, d: sparse.spmatrix, df: int,
                 n: int) -> dict[str, float]:
    """Robust CFI/TLI/RMSEA (lavaan names, ``.robust``); empty when ``R`` is not positive
    definite or ``df == 0`` (lavaan gives NA).

    Parameters
    ----------
    r, sigma
        Polychoric and model-implied correlation matrices (p x p).
    k, l_
        Row and column of each correlation (lower triangle, the order of ``inf_c``).
    inf_c
        Influence functions of the correlations times ``sqrt(N / (N - 1))`` (N x ncor), as
        :func:`.dwls.dwls` uses them; lavaan's ``Gamma`` here is ``inf_c' inf_c (N - 1) / N^2``.
    proj
        ``W Delta (Delta' W Delta)^-1`` evaluated as ``inf_c W Delta H^-1`` (N x q).
    d
        ``Delta`` (ncor x q).
    """
    p = r.shape[0]
    if df <= 0 or np.linalg.eigvalsh(r).min() < math.sqrt(np.finfo(float).eps):
        return {}
    a = np.linalg.inv(sigma)
    ld_sig, ld_r = np.linalg.slogdet(sigma)[1], np.linalg.slogdet(r)[1]
    x3 = n * float(ld_sig - ld_r + np.sum(r * a) - p)
    x30 = -n * float(ld_r)
    df0 = k.size
    ks = 0.0
    for s in range(0, inf_c.shape[0], _CHUNK):
        y = inf_c[s:s + _CHUNK] - np.asarray(d @ proj[s:s + _CHUNK].T).T   # rows of IF U'
        m = np.zeros((y.shape[0], p, p))
        m[:, k, l_] = y
        m[:, l_, k] = y
        ma = m @ a
        ks += 0.5 * float(np.sum(ma * ma.transpose(0, 2, 1)))
    # lavaan's Gamma here is the influence-function covariance without the N / (N - 1) that
    # ``inf_c`` carries for the scaled test
    c3 = ks / n / df * (n - 1) / n
    c30 = float(np.sum(inf_c * inf_c)) / n / df0 * (n - 1) / n
    nn = n - 1
    d1, d0 = x3 - c3 * df, x30 - c30 * df0
    den = max(d1, d0, 0.0)
    out = {"cfi.robust": 1.0 if den == 0 else 1.0 - max(d1, 0.0) / den,
           "tli.robust": 1.0 - d1 * df0 / (d0 * df) if d0 != 0 else float("nan"),
           "rmsea.robust": math.sqrt(max(x3 / (nn * df) - c3 / nn, 0.0))}
    lo, hi = fi.rmsea_ci(x3 / c3, df, nn)
    out["rmsea.ci.lower.robust"], out["rmsea.ci.upper.robust"] = lo * math.sqrt(c3), hi * math.sqrt(c3)
    out["rmsea.pvalue.robust"] = fi.rmsea_pclose(x3 / c3, df, nn, h0=0.05 / math.sqrt(c3))
    return out
