"""Quality of a PLS model: construct reliability and validity, effect sizes, collinearity.

* Cronbach's alpha on standardized indicators: ``p / (p - 1) (1 - p / 1'S1)``;
* rho_A (Dijkstra & Henseler 2015): ``(w'w)^2 w'(S - diag S)w / w'(ww' - diag ww')w``;
* rho_C: ``(sum l)^2 / ((sum l)^2 + sum (1 - l^2))``; AVE: ``mean l^2`` (loadings ``l``);
* f^2 of ``l -> k``: ``(R^2_incl - R^2_excl) / (1 - R^2_incl)`` on the latent scores (the
  excluded model re-fitted by OLS on the same scores; seminr's ``fSquared`` re-estimates
  the whole model instead);
* inner VIF: diagonal of the inverse correlation matrix of each endogenous latent's
  predecessors; outer VIF: the same within each block of indicators;
* HTMT on indicator correlations (absolute values, as semTools).

Verified against seminr's published estimates for the mobi (ECSI) model (alpha, rho_A,
rho_C, AVE, HTMT, inner and outer VIF; tests/reference/pls/seminr_mobi.json, 1e-7
absolute) and f^2 and VIF against their definitions (tests/pls).

References
----------
Dijkstra, T. K., & Henseler, J. (2015). Consistent partial least squares path modeling. MIS
Quarterly, 39(2), 297-316. Henseler, J., Ringle, C. M., & Sarstedt, M. (2015). J. Acad.
Marketing Science, 43(1), 115-135. Hair, Hult, Ringle & Sarstedt (2022) *A Primer on
PLS-SEM*, 3rd ed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cemsurvey.psychometrics.pls.model import PLSSpec


def construct_quality(S: np.ndarray, W: np.ndarray, L: np.ndarray, mask: np.ndarray,
                      latents: tuple[str, ...]) -> pd.DataFrame:
    """Per latent: Cronbach's alpha, rho_A, rho_C and AVE (see the module docstring).

    ``S`` the indicator correlations, ``W`` the weights and ``L`` the loadings (q x K) of
    one fit; single-indicator blocks get alpha = rho_A = 1.
    """
    rows = []
    for k in range(len(latents)):
        c = np.flatnonzero(mask[:, k])
        lam = L[c, k]
        w = W[c, k]
        Sb = S[np.ix_(c, c)]
        p = c.size
        if p > 1:
            alpha = p / (p - 1) * (1 - p / Sb.sum())
            ww = np.outer(w, w)
            num = w @ (Sb - np.diag(np.diag(Sb))) @ w
            den = w @ (ww - np.diag(np.diag(ww))) @ w
            rho_a = (w @ w) ** 2 * num / den
        else:
            alpha = rho_a = 1.0
        sl = lam.sum()
        rho_c = sl**2 / (sl**2 + np.sum(1 - lam**2))
        rows.append({"alpha": alpha, "rho_a": rho_a, "rho_c": rho_c, "ave": np.mean(lam**2)})
    return pd.DataFrame(rows, index=pd.Index(latents, name="latent"))


def f2_vif(R: np.ndarray, spec: PLSSpec, r2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f^2 and inner VIF per edge (in ``spec.edges`` order)."""
    f2 = np.full(len(spec.edges), np.nan)
    vif = np.full(len(spec.edges), np.nan)
    for k in range(spec.K):
        P = spec.predecessors(k)
        if not P:
            continue
        Rpp = R[np.ix_(P, P)]
        try:
            inv = np.linalg.inv(Rpp)
        except np.linalg.LinAlgError:
            inv = np.linalg.pinv(Rpp)
        for i, lat in enumerate(P):
            e = spec.edges.index((lat, k))
            vif[e] = inv[i, i] if len(P) > 1 else 1.0
            rest = [x for x in P if x != lat]
            if rest:
                b = np.linalg.lstsq(R[np.ix_(rest, rest)], R[rest, k], rcond=None)[0]
                r2x = float(R[k, rest] @ b)
            else:
                r2x = 0.0
            f2[e] = (r2[k] - r2x) / (1 - r2[k])
    return f2, vif


def outer_vif(spec: PLSSpec, S: np.ndarray, latents: list[str]) -> dict[tuple[str, str], float]:
    """VIF of each indicator within its block, ``{(latent, indicator): vif}``.

    ``diag(S_kk^-1)`` of the block's correlation matrix; 1 for a single indicator and
    infinite for a singular block.
    """
    out: dict[tuple[str, str], float] = {}
    for lat in latents:
        k = spec.latents.index(lat)
        c = np.flatnonzero(spec.mask[:, k])
        if c.size == 1:
            v = np.array([1.0])
        else:
            try:
                v = np.diag(np.linalg.inv(S[np.ix_(c, c)]))
            except np.linalg.LinAlgError:
                v = np.full(c.size, np.inf)
        for j, vv in zip(c, v, strict=True):
            out[(lat, spec.manifest[j])] = float(vv)
    return out


def htmt(S: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Heterotrait-monotrait ratios from indicator correlations (absolute values).

    ``HTMT_kl = mean|r_ij| (i in k, j in l) / sqrt(mean|r_ii'|_k * mean|r_jj'|_l)`` with
    the monotrait means over distinct pairs within a block (Henseler, Ringle & Sarstedt
    2015; absolute correlations as semTools' ``htmt()``). NaN for single-indicator blocks.

    Parameters
    ----------
    S
        ``(B, q, q)`` correlations.
    members
        ``(q, G)`` 0/1 membership of indicators in the compared constructs.
    """
    M = members.astype(float)
    T = np.matmul(M.T, np.matmul(np.abs(S), M))  # (B, G, G), batched BLAS
    nk = M.sum(axis=0)
    hetero = T / (nk[:, None] * nk[None, :])
    with np.errstate(invalid="ignore", divide="ignore"):
        mono = (np.einsum("bgg->bg", T) - nk) / (nk * (nk - 1))
        mono = np.where(nk > 1, mono, np.nan)
        out = hetero / np.sqrt(mono[:, :, None] * mono[:, None, :])
    g = np.arange(M.shape[1])
    out[:, g, g] = np.nan
    return out
