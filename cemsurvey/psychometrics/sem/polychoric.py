"""Thresholds and polychoric correlations (two-step), all item pairs at once, with the
asymptotic covariance of the estimates (Muthen 1984) for WLSMV.

Step 1, thresholds: for item ``j`` with observed categories ``1..K_j``,
``tau_jk = Phi^-1(P(y_j <= k))`` (``k = 1..K_j - 1``). Step 2, with thresholds fixed, each
``rho_jl`` maximises the bivariate probit log-likelihood of the ``K_j x K_l`` table,

.. math::

    \\ell(\\rho) = \\sum_{a,b} n_{ab} \\log \\pi_{ab}(\\rho), \\quad
    \\pi_{ab} = \\Phi_2(\\tau_{a}, \\tau_{b}; \\rho) - \\Phi_2(\\tau_{a-1}, \\tau_{b}; \\rho)
               - \\Phi_2(\\tau_{a}, \\tau_{b-1}; \\rho) + \\Phi_2(\\tau_{a-1}, \\tau_{b-1}; \\rho),

solved by Newton's method simultaneously for every pair (``d Phi_2 / d rho = phi_2``). The
bivariate normal CDF is Sheppard's integral in the form

.. math::

    \\Phi_2(h, k; \\rho) = \\Phi(h)\\Phi(k) + \\frac{1}{2\\pi} \\int_0^{\\arcsin\\rho}
       \\exp\\Big(-\\frac{h^2 + k^2 - 2hk\\sin\\theta}{2\\cos^2\\theta}\\Big)\\, d\\theta

with 24-point Gauss-Legendre quadrature (smooth integrand for every ``|rho| < 1``; agrees
with scipy's ``multivariate_normal.cdf`` to ~1e-12).

Asymptotic covariance ``Gamma`` of ``(tau, rho)``: casewise influence functions, for
thresholds ``(1[y <= k] - Phi(tau_k)) / phi(tau_k)`` and for correlations
``(s_i - J_rho,tau IF_tau,i) / J_rho,rho`` with ``s_i`` the casewise score of ``rho`` and
``J`` the outer-product (first-order) information of the bivariate scores, as lavaan's
``muthen1984``; ``Gamma = IF' IF / N`` (lavaan's ``NACOV``).

Pairwise (``missing="pairwise"``, lavaan's ``missing = "pairwise"``): thresholds of item
``j`` from its ``n_j`` answers, ``rho_jl`` from the ``n_jl`` respondents who answered both,
``N`` the respondents with at least one answer. lavaan's ``muthen1984`` sums every score over
the rows where it is observed (``lav_matrix_crossprod`` with ``na.rm``), so the influence
functions become ``(N / n_j) (1[y <= k] - Phi(tau_k)) / phi(tau_k)`` (0 where ``y_j`` is
missing) and ``((N / n_jl) s_i - J_rho,tau IF_tau,i) / J_rho,rho`` with ``s_i = 0`` where the
pair is incomplete and ``J`` averaged over the pair's rows; ``Gamma = IF' IF / N`` as before.
Verified against lavaan 0.6.14 ``cfa(..., estimator = "WLSMV", missing = "pairwise")``
(``tests/reference/wlsmv_pairwise_reference.R``).

Verified against lavaan 0.6.14 ``lavCor(ordered = ...)`` and ``psych::polychoric(correct =
0)`` on six bfi items at 1e-6, and (through the WLSMV fit) lavaan's threshold SEs
(``tests/estimators/test_estimators_wlsmv.py``).

References
----------
Olsson, U. (1979). Maximum likelihood estimation of the polychoric correlation coefficient.
*Psychometrika* 44, 443-460.
Muthen, B. (1984). A general structural equation model with dichotomous, ordered
categorical, and continuous latent variable indicators. *Psychometrika* 49, 115-132.
"""

from __future__ import annotations

import warnings as _warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from cemsurvey.errors import ConvergenceWarning, DataError, DataWarning, EstimationError

__all__ = ["Polychoric", "bvn_cdf", "polychoric", "thresholds"]

_BIG = 1e4                                   # stands in for +-infinity in thresholds
_GL_X, _GL_W = np.polynomial.legendre.leggauss(24)
_SQ2PI = np.sqrt(2.0 * np.pi)


def _phi(x: np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * x * x) / _SQ2PI


def _Phi(x: np.ndarray) -> np.ndarray:
    return special.ndtr(x)


def bvn_cdf(h: np.ndarray, k: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """Bivariate standard normal CDF ``P(X <= h, Y <= k)`` with correlation ``rho``
    (broadcasting; ``|h|, |k| >= 1e4`` act as infinite).

    >>> from scipy.stats import multivariate_normal
    >>> round(float(bvn_cdf(np.array(0.3), np.array(-0.5), np.array(0.6))), 10) == round(
    ...     float(multivariate_normal([0, 0], [[1, .6], [.6, 1]]).cdf([0.3, -0.5])), 10)
    True
    """
    h, k, rho = np.broadcast_arrays(np.asarray(h, float), np.asarray(k, float), np.asarray(rho, float))
    a = np.arcsin(np.clip(rho, -0.999999, 0.999999))
    th = (0.5 * a)[..., None] * (_GL_X + 1.0)             # nodes on [0, asin rho]
    s, c2 = np.sin(th), np.cos(th) ** 2
    hh, kk = h[..., None], k[..., None]
    with np.errstate(over="ignore", invalid="ignore"):
        q = (hh * hh + kk * kk - 2.0 * hh * kk * s) / (2.0 * c2)
        integ = np.exp(-np.minimum(q, 700.0)) @ _GL_W * (0.5 * a)
    return _Phi(h) * _Phi(k) + integ / (2.0 * np.pi)


def _bvn_pdf(h: np.ndarray, k: np.ndarray, rho: np.ndarray) -> np.ndarray:
    r2 = 1.0 - rho * rho
    q = (h * h - 2.0 * rho * h * k + k * k) / (2.0 * r2)
    return np.exp(-np.minimum(q, 700.0)) / (2.0 * np.pi * np.sqrt(r2))


def _cells(tj: np.ndarray, tl: np.ndarray, rho: np.ndarray, second: bool = False
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Cell probabilities ``pi``, ``d pi / d rho`` (and ``d2 pi / d rho2``) of the tables of
    many pairs: ``tj``/``tl`` padded threshold rows ``(npair, kmax+1)`` with +-1e4 ends.
    Only interior grid points need the bivariate CDF (an infinite bound reduces it to Phi)."""
    npair, kp1 = tj.shape
    r = rho[:, None, None]
    hj, hl = tj[:, :, None], tl[:, None, :]
    grid = np.zeros((npair, kp1, kp1))
    grid[:, 1:-1, 1:-1] = bvn_cdf(hj[:, 1:-1], hl[:, :, 1:-1], r)
    grid[:, -1, 1:] = _Phi(tl[:, 1:])
    grid[:, 1:, -1] = _Phi(tj[:, 1:])

    def cell(g: np.ndarray) -> np.ndarray:
        return g[:, 1:, 1:] - g[:, :-1, 1:] - g[:, 1:, :-1] + g[:, :-1, :-1]

    pdf = _bvn_pdf(hj, hl, r)
    pi = np.maximum(cell(grid), 1e-300)
    d1 = cell(pdf)
    if not second:
        return pi, d1, None
    r2 = 1.0 - r * r
    qq = hj * hj - 2.0 * r * hj * hl + hl * hl
    d2 = cell(pdf * (r / r2 + hj * hl / r2 - r * qq / (r2 * r2)))
    return pi, d1, d2


def thresholds(codes: np.ndarray, ncat: int) -> np.ndarray:
    """Thresholds ``Phi^-1`` of cumulative proportions of 0-based ``codes`` (``ncat - 1``)."""
    counts = np.bincount(codes, minlength=ncat)
    cum = np.cumsum(counts)[:-1] / codes.size
    return special.ndtri(cum)


@dataclass(frozen=True)
class Polychoric:
    """Two-step polychoric correlations of ordinal items.

    Attributes
    ----------
    items
        Item ids in order.
    correlation
        Polychoric correlation matrix (item x item DataFrame).
    thresholds
        Dict item -> array of thresholds (``K - 1`` each).
    categories
        Dict item -> observed category codes (ascending).
    n
        Respondents used: complete cases (listwise), or those with at least one answer
        (pairwise; lavaan's ``nobs``).
    gamma
        Asymptotic covariance (``N`` times) of ``(thresholds, lower-triangle correlations)``
        in lavaan's order (thresholds item by item, then correlations column-wise below the
        diagonal), or None if not requested.
    influence
        Casewise influence functions (``N x (n_th + n_cor)``) behind ``gamma``.
    warnings
        Texts of warnings (rare categories, non-converged pairs).
    missing
        ``"listwise"`` or ``"pairwise"``.
    pair_n
        Respondents who answered both items of each pair (item x item; the diagonal: each
        item's answers).
    """

    items: tuple[str, ...]
    correlation: pd.DataFrame
    thresholds: dict[str, np.ndarray]
    categories: dict[str, np.ndarray]
    n: int
    gamma: np.ndarray | None = field(repr=False, default=None)
    influence: np.ndarray | None = field(repr=False, default=None)
    warnings: tuple[str, ...] = ()
    method: str = "two-step polychoric (ML thresholds from marginals, bivariate ML rho)"
    missing: str = "listwise"
    pair_n: pd.DataFrame | None = field(repr=False, default=None)


def _encode(data: pd.DataFrame) -> tuple[np.ndarray, list[np.ndarray], list[str]]:
    """0-based category codes per item; warn about rare categories."""
    items = [str(c) for c in data.columns]
    x = data.to_numpy(dtype=float)
    codes = np.empty(x.shape, dtype=np.int64)
    cats: list[np.ndarray] = []
    issues: list[str] = []
    for j, it in enumerate(items):
        ok = ~np.isnan(x[:, j])
        if not ok.any():
            raise DataError(f"item {it} has no answers: it carries no information for a "
                            f"polychoric correlation; drop it")
        u, inv, cnt = np.unique(x[ok, j], return_inverse=True, return_counts=True)
        if u.size < 2:
            raise DataError(f"item {it} has a single observed category ({u[0]:g}) among its "
                            f"{int(ok.sum())} answers: it carries no information for a "
                            f"polychoric correlation; drop it")
        if np.any(u != np.round(u)):
            raise DataError(f"item {it} holds non-integer codes (e.g. {u[u != np.round(u)][0]:g}); "
                            f"ordinal estimation needs integer category codes")
        codes[:, j] = -1                    # missing answer (pairwise only)
        codes[ok, j] = inv
        cats.append(u)
        rare = u[cnt == 1]
        if rare.size:
            issues.append(f"item {it}: category {', '.join(f'{v:g}' for v in rare)} chosen by one "
                          f"respondent only: its threshold and the polychorics are unstable; "
                          f"consider merging it with the neighbouring category")
        span = np.arange(u[0], u[-1] + 1)
        empty = np.setdiff1d(span, u)
        if empty.size:
            issues.append(f"item {it}: category {', '.join(f'{v:g}' for v in empty)} never chosen "
                          f"(between {u[0]:g} and {u[-1]:g}); the observed categories are used "
                          f"({u.size} of them), as lavaan does")
    return codes, cats, issues


def polychoric(data: pd.DataFrame, *, acov: bool = False, missing: str = "listwise",
               tol: float = 1e-10, max_iter: int = 100) -> Polychoric:
    """Thresholds and polychoric correlations of every item pair (lavaan's two-step).

    Parameters
    ----------
    data
        Respondents x items of integer category codes.
    acov
        Also compute the influence functions and ``Gamma`` (needed for WLSMV).
    missing
        ``"listwise"``: rows with a missing answer are dropped. ``"pairwise"`` (lavaan's
        ``missing = "pairwise"``): each item's thresholds from its answers, each correlation
        from the respondents who answered both items (rows with no answer are dropped).
    tol
        Newton convergence tolerance on the score (per observation).

    Returns
    -------
    Polychoric

    Raises
    ------
    DataError
        An item with no answers or a single category.
    EstimationError
        With ``pairwise``: an item pair no respondent answered together, or a pair whose
        common answers leave one item with a single category (not identified).

    Examples
    --------
    >>> rng = np.random.default_rng(2)
    >>> z = rng.multivariate_normal([0, 0], [[1, .5], [.5, 1]], size=3000)
    >>> d = pd.DataFrame(np.digitize(z, [-1, 0, 1]) + 1, columns=["a", "b"])
    >>> round(float(polychoric(d).correlation.loc["a", "b"]), 1)
    0.5
    >>> d.iloc[::7, 0] = np.nan
    >>> pc = polychoric(d, missing="pairwise", acov=True)
    >>> pc.n, int(pc.pair_n.loc["a", "b"]), round(float(pc.correlation.loc["a", "b"]), 1)
    (3000, 2571, 0.5)
    """
    if not isinstance(data, pd.DataFrame):
        raise DataError("polychoric needs a DataFrame of respondents x items")
    if missing not in ("listwise", "pairwise"):
        raise DataError(f"missing must be 'listwise' or 'pairwise', got {missing!r}")
    x = data.apply(pd.to_numeric, errors="coerce")
    allna = x.isna().all(axis=1)
    keep = ~allna if missing == "pairwise" else ~x.isna().any(axis=1)
    issues: list[str] = []
    if allna.any():
        issues.append(f"{int(allna.sum())} row(s) have every answer missing (first: row "
                      f"{x.index[allna.to_numpy()][0]}); they are dropped")
    x = x[keep]
    n, p = x.shape
    if n < 2:
        raise DataError(f"only {n} {'' if missing == 'pairwise' else 'complete '}row(s): "
                        f"polychoric correlations need respondents")
    codes, cats, more = _encode(x)
    issues += more
    items = tuple(str(c) for c in x.columns)
    ncat = np.array([c.size for c in cats])
    kmax = int(ncat.max())
    # padded thresholds with -BIG / +BIG ends: tau[j, 0..kmax]
    tau = np.full((p, kmax + 1), _BIG)
    tau[:, 0] = -_BIG
    th_list = []
    for j in range(p):
        t = thresholds(codes[codes[:, j] >= 0, j], ncat[j])
        th_list.append(t)
        tau[j, 1:ncat[j]] = t
    ja, la = _pair_index(p)
    tab = _tables(codes, ja, la, kmax)
    obs = (codes >= 0).astype(float)
    pair_n = pd.DataFrame(obs.T @ obs, index=list(items), columns=list(items)).astype(int)
    if missing == "pairwise":
        _check_pairs(tab, items, ja, la, issues)
    rho, conv = _newton(tab, tau, ja, la, codes, tol, max_iter)
    if not conv.all():
        bad = [f"{items[ja[k]]}-{items[la[k]]}" for k in np.flatnonzero(~conv)[:5]]
        issues.append(f"polychoric correlation did not converge for {', '.join(bad)}: the "
                      f"bivariate table is too sparse; merge rare categories")
    for msg in issues:
        _warnings.warn((ConvergenceWarning if "converge" in msg else DataWarning)(msg), stacklevel=2)
    rmat = np.eye(p)
    rmat[ja, la] = rho
    rmat[la, ja] = rho
    cor = pd.DataFrame(rmat, index=list(items), columns=list(items))
    gamma = inf_fn = None
    if acov:
        inf_fn = _influence(codes, tau, ncat, ja, la, rho, th_list, tab)
        gamma = inf_fn.T @ inf_fn / n
    return Polychoric(items=items, correlation=cor,
                      thresholds={it: th_list[j] for j, it in enumerate(items)},
                      categories={it: cats[j] for j, it in enumerate(items)}, n=n,
                      gamma=gamma, influence=inf_fn, warnings=tuple(issues), missing=missing,
                      pair_n=pair_n)


def _pair_index(p: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs in lavaan's order: column-wise below the diagonal, (1,0), (2,0), ..., (2,1), ..."""
    jj, ll = [], []
    for col in range(p):
        for row in range(col + 1, p):
            jj.append(row)
            ll.append(col)
    return np.array(jj, dtype=np.int64), np.array(ll, dtype=np.int64)


def _tables(codes: np.ndarray, ja: np.ndarray, la: np.ndarray, kmax: int) -> np.ndarray:
    """Contingency tables ``(npair, kmax, kmax)`` over the rows that answered both items."""
    npair = ja.size
    cj, cl = codes[:, ja], codes[:, la]
    both = (cj >= 0) & (cl >= 0)
    flat = (cj * kmax + cl + (np.arange(npair) * kmax * kmax)[None, :])[both]
    tab = np.bincount(flat, minlength=npair * kmax * kmax).astype(float)
    return tab.reshape(npair, kmax, kmax)


def _check_pairs(tab: np.ndarray, items: tuple[str, ...], ja: np.ndarray, la: np.ndarray,
                 issues: list[str]) -> None:
    """Pairwise: a pair answered together by nobody, or whose common answers leave one item
    with a single category, has no polychoric correlation (EstimationError: the data are
    valid, this model cannot be estimated on them); few common answers give a warning."""
    npr = tab.sum(axis=(1, 2))
    name = [f"{items[a]}-{items[b]}" for a, b in zip(ja, la)]
    none = np.flatnonzero(npr == 0)
    if none.size:
        raise EstimationError(f"{none.size} item pair(s) were never answered together "
                        f"({', '.join(name[k] for k in none[:5])}): their polychoric "
                        f"correlation cannot be estimated; drop one item of each pair or use "
                        f"complete cases")
    flat_j = np.sum(tab.sum(axis=2) > 0, axis=1) < 2
    flat_l = np.sum(tab.sum(axis=1) > 0, axis=1) < 2
    one = np.flatnonzero(flat_j | flat_l)
    if one.size:
        raise EstimationError(f"{one.size} item pair(s) show a single category of one item among "
                        f"the respondents who answered both ({', '.join(name[k] for k in one[:5])}"
                        f"): their polychoric correlation is not identified; drop or merge "
                        f"those items")
    few = np.flatnonzero(npr < 30)
    if few.size:
        issues.append(f"{few.size} item pair(s) were answered together by fewer than 30 "
                      f"respondents ({', '.join(f'{name[k]}: {int(npr[k])}' for k in few[:5])}): "
                      f"their polychoric correlations are unstable")


def _newton(tab: np.ndarray, tau: np.ndarray, ja: np.ndarray, la: np.ndarray,
            codes: np.ndarray, tol: float, max_iter: int) -> tuple[np.ndarray, np.ndarray]:
    """Newton's method on every pair's bivariate probit likelihood at once (thresholds
    fixed); start: the Pearson correlation of the codes over the pair's rows."""
    npair = ja.size
    npr = np.maximum(tab.sum(axis=(1, 2)), 1.0)
    c = np.where(codes >= 0, codes, np.nan)
    rc = pd.DataFrame(c).corr().to_numpy()
    rho = np.clip(np.nan_to_num(rc[ja, la]), -0.95, 0.95)
    conv = np.zeros(npair, dtype=bool)
    act = np.arange(npair)
    for _ in range(max_iter):
        pi, d1, d2 = _cells(tau[ja[act]], tau[la[act]], rho[act], second=True)
        tb = tab[act]
        mask = tb > 0
        ratio = np.where(mask, d1 / pi, 0.0)
        g = np.sum(tb * ratio, axis=(1, 2)) / npr[act]
        h = np.sum(np.where(mask, tb * (d2 / pi - ratio * ratio), 0.0), axis=(1, 2)) / npr[act]
        info = np.sum(d1 * d1 / pi, axis=(1, 2))
        h = np.where(h < 0, h, -info)
        step = np.clip(-g / h, -0.2, 0.2)
        done = np.abs(g) < tol
        conv[act[done]] = True
        upd = act[~done]
        rho[upd] = np.clip(rho[upd] + step[~done], -0.9999, 0.9999)
        act = upd
        if act.size == 0:
            break
    return rho, conv


def _influence(codes: np.ndarray, tau: np.ndarray, ncat: np.ndarray, ja: np.ndarray,
               la: np.ndarray, rho: np.ndarray, th_list: list[np.ndarray],
               tab: np.ndarray) -> np.ndarray:
    """Casewise influence functions of (thresholds, correlations), lavaan's ``muthen1984``:
    threshold IFs ``(N / n_j) (1[y <= k] - Phi) / phi``, then ``((N / n_jl) s_i - J_rt IF_t)
    / J_rr`` with outer-product informations averaged over each pair's rows (a missing
    answer scores 0; with complete data ``n_j = n_jl = N``)."""
    n, p = codes.shape
    kmax = tau.shape[1] - 1
    npair = ja.size
    off = np.concatenate([[0], np.cumsum(ncat - 1)]).astype(np.int64)
    nth = int(off[-1])
    out = np.empty((n, nth + npair))
    obs = codes >= 0
    for j in range(p):                      # thresholds: (1[y <= k] - Phi(tau_k)) / phi(tau_k)
        t = th_list[j]
        ind = (codes[:, j][:, None] <= np.arange(t.size)[None, :]).astype(float)
        val = (ind - _Phi(t)) / _phi(t) * (n / obs[:, j].sum())
        out[:, off[j]:off[j + 1]] = np.where(obs[:, j][:, None], val, 0.0)
    hj = tau[ja][:, :, None]
    hl = tau[la][:, None, :]
    r = rho[:, None, None]
    sr = np.sqrt(1.0 - r * r)

    pi, d1, _ = _cells(tau[ja], tau[la], rho)
    ratio = d1 / pi                                        # d log pi / d rho per cell
    npr = tab.sum(axis=(1, 2))
    prop = tab / npr[:, None, None]
    i_rr = np.sum(prop * ratio * ratio, axis=(1, 2))       # mean s_i^2 over the pair's rows
    qm = prop * ratio / pi
    # dF(h, k)/dh = phi(h) Phi((k - rho h)/sqrt(1 - rho^2)); likewise in k
    dfh = _phi(hj) * _Phi((hl - r * hj) / sr)              # (npair, kmax+1, kmax+1)
    dfk = _phi(hl) * _Phi((hj - r * hl) / sr)
    dh = dfh[:, 1:kmax, 1:] - dfh[:, 1:kmax, :-1]          # threshold t of item j, over b
    dk = dfk[:, 1:, 1:kmax] - dfk[:, :-1, 1:kmax]          # threshold t of item l, over a
    i_rj = np.sum((qm[:, :-1, :] - qm[:, 1:, :]) * dh, axis=2)   # (npair, kmax-1)
    i_rl = np.sum((qm[:, :, :-1] - qm[:, :, 1:]) * dk, axis=1)   # (npair, kmax-1)
    cmat = np.zeros((nth, npair))
    cols = np.arange(npair)
    for t in range(kmax - 1):
        okj = t < ncat[ja] - 1
        cmat[off[ja[okj]] + t, cols[okj]] += i_rj[okj, t]
        okl = t < ncat[la] - 1
        cmat[off[la[okl]] + t, cols[okl]] += i_rl[okl, t]
    cj, cl = codes[:, ja], codes[:, la]
    both = (cj >= 0) & (cl >= 0)
    s_i = np.where(both, ratio[cols[None, :], np.maximum(cj, 0), np.maximum(cl, 0)], 0.0)
    out[:, nth:] = (s_i * (n / npr)[None, :] - out[:, :nth] @ cmat) / i_rr[None, :]
    return out
