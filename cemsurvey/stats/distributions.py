"""Tail probabilities and quantiles of the chi-square, normal, Student t and F distributions,
without importing :mod:`scipy.stats`.

``scipy.stats`` costs about 0.35 s of import time (its hundreds of distribution classes), and
the analyze path needs only a handful of its functions. Each function here calls the same
:mod:`scipy.special` function that ``scipy.stats`` calls for that distribution and method
(scipy 1.17, ``_continuous_distns.py``), and applies the same argument rule (degrees of
freedom must be positive, else NaN), so the results are identical to the bit:

=========================  ==================================  ======================================
function                   equals                              computed as
=========================  ==================================  ======================================
``chi2_sf(x, df)``         ``stats.chi2.sf(x, df)``            ``special.chdtrc(df, x)``
``chi2_cdf(x, df)``        ``stats.chi2.cdf(x, df)``           ``special.chdtr(df, x)``
``chi2_ppf(q, df)``        ``stats.chi2.ppf(q, df)``           ``2 * special.gammaincinv(df/2, q)``
``norm_cdf(x)``            ``stats.norm.cdf(x)``               ``special.ndtr(x)``
``norm_sf(x)``             ``stats.norm.sf(x)``                ``special.ndtr(-x)``
``norm_ppf(q)``            ``stats.norm.ppf(q)``               ``special.ndtri(q)``
``t_cdf(x, df)``           ``stats.t.cdf(x, df)``              ``special.stdtr(df, x)``
``t_sf(x, df)``            ``stats.t.sf(x, df)``               ``special.stdtr(df, -x)``
``t_ppf(q, df)``           ``stats.t.ppf(q, df)``              ``special.stdtrit(df, q)``
``f_ppf(q, dfn, dfd)``     ``stats.f.ppf(q, dfn, dfd)``        ``special.fdtri(dfn, dfd, q)``
``ncx2_cdf(x, df, nc)``    ``stats.ncx2.cdf(x, df, nc)``       ``special.chndtr(x, df, nc)`` [1]_
``ncx2_sf(x, df, nc)``     ``stats.ncx2.sf(x, df, nc)``        ``special._ufuncs._ncx2_sf`` [1]_ [2]_
=========================  ==================================  ======================================

.. [1] at ``nc`` = 0 the central ``chdtr`` / ``chdtrc``, as scipy.stats; degrees of freedom
   must be finite and ``nc >= 0`` (scipy's ``ncx2`` argcheck).
.. [2] a private ufunc of scipy (Boost's noncentral chi-square), the one ``scipy.stats.ncx2.sf``
   itself calls; scipy is pinned in constraints.txt and the bit-for-bit test would catch a
   rename or change.

Outside the open support, and for NaN or bad degrees of freedom, ``scipy.stats``'
``rv_continuous`` decides the value itself (cdf/sf 0 or 1 at and beyond the support's ends, ppf
the ends at ``q`` = 0 and 1, NaN for ``q`` outside [0, 1] or ``df <= 0``) and calls the special
function only strictly inside; :func:`_prob` and :func:`_quantile` follow the same rules.

Verified against ``scipy.stats`` 1.17 on grids including 0, negative, infinite and NaN
arguments and non-positive degrees of freedom: exact equality (``assert_array_equal``),
tests/stats/test_distributions.py. NumPy scalars in, NumPy scalar out; arrays broadcast.

References
----------
Virtanen, P. et al. (2020). SciPy 1.0: fundamental algorithms for scientific computing in
Python. *Nature Methods* 17, 261-272.
"""

from __future__ import annotations

import numpy as np
from scipy import special

__all__ = ["chi2_cdf", "chi2_ppf", "chi2_sf", "f_ppf", "ncx2_cdf", "ncx2_sf", "norm_cdf",
           "norm_ppf", "norm_sf", "t_cdf", "t_ppf", "t_sf"]


def _args(v, dfs, argcheck=None):
    """``v`` and the degrees of freedom broadcast together, and where the arguments are valid
    (``argcheck(*dfs)``, by default every degree of freedom positive), as ``rv_continuous``."""
    arrs = np.broadcast_arrays(np.asarray(v, dtype=float),
                               *(np.asarray(d, dtype=float) for d in dfs))
    v, dfs = arrs[0], arrs[1:]
    ok = np.ones(v.shape, dtype=bool)
    if argcheck is not None:
        ok &= argcheck(*dfs)
    else:
        for d in dfs:
            ok &= d > 0
    return v, dfs, ok


def _prob(fun, x, dfs, lo, hi, at_lo, at_hi, argcheck=None):
    """A cdf or sf the way ``rv_continuous`` evaluates it: NaN for invalid degrees of freedom
    (:func:`_args`) or NaN ``x``, ``at_lo`` / ``at_hi`` at and beyond the support's ends
    ``lo`` / ``hi``, ``fun(x, *dfs)`` strictly inside."""
    x, dfs, ok = _args(x, dfs, argcheck)
    out = np.zeros(x.shape)
    out[~ok | np.isnan(x)] = np.nan
    out[ok & (x <= lo)] = at_lo
    out[ok & (x >= hi)] = at_hi
    inside = ok & (lo < x) & (x < hi)
    if inside.any():
        out[inside] = fun(x[inside], *(d[inside] for d in dfs))
    return out[()] if out.ndim == 0 else out


def _quantile(fun, q, dfs, lo, hi):
    """A ppf the way ``rv_continuous`` evaluates it: NaN for non-positive degrees of freedom or
    ``q`` outside [0, 1], the support's ends at ``q`` = 0 and 1, ``fun(q, *dfs)`` inside."""
    q, dfs, ok = _args(q, dfs)
    out = np.full(q.shape, np.nan)
    out[ok & (q == 0)] = lo
    out[ok & (q == 1)] = hi
    inside = ok & (0 < q) & (q < 1)
    if inside.any():
        out[inside] = fun(q[inside], *(d[inside] for d in dfs))
    return out[()] if out.ndim == 0 else out


def chi2_sf(x, df):
    """Upper tail ``P(X > x)`` of chi-square(``df``), as ``scipy.stats.chi2.sf``.

    >>> round(float(chi2_sf(3.841458820694124, 1)), 12)
    0.05
    """
    return _prob(lambda v, k: special.chdtrc(k, v), x, (df,), 0.0, np.inf, 1.0, 0.0)


def chi2_cdf(x, df):
    """``P(X <= x)`` of chi-square(``df``), as ``scipy.stats.chi2.cdf``.

    >>> round(float(chi2_cdf(2.0, 2)), 12)  # 1 - exp(-1)
    0.632120558829
    """
    return _prob(lambda v, k: special.chdtr(k, v), x, (df,), 0.0, np.inf, 0.0, 1.0)


def chi2_ppf(q, df):
    """Quantile of chi-square(``df``), as ``scipy.stats.chi2.ppf``.

    >>> round(float(chi2_ppf(0.95, 1)), 10)
    3.8414588207
    """
    return _quantile(lambda p, k: 2 * special.gammaincinv(k / 2, p), q, (df,), 0.0, np.inf)


def norm_cdf(x):
    """Standard normal ``Phi(x)``, as ``scipy.stats.norm.cdf``.

    >>> float(norm_cdf(0.0))
    0.5
    """
    return _prob(special.ndtr, x, (), -np.inf, np.inf, 0.0, 1.0)


def norm_sf(x):
    """Standard normal upper tail ``1 - Phi(x)``, as ``scipy.stats.norm.sf``.

    >>> round(float(2 * norm_sf(1.959963984540054)), 12)
    0.05
    """
    return _prob(lambda v: special.ndtr(-v), x, (), -np.inf, np.inf, 1.0, 0.0)


def norm_ppf(q):
    """Standard normal quantile ``Phi^-1(q)``, as ``scipy.stats.norm.ppf``.

    >>> round(float(norm_ppf(0.975)), 10)
    1.9599639845
    """
    return _quantile(special.ndtri, q, (), -np.inf, np.inf)


def t_cdf(x, df):
    """``P(T <= x)`` of Student t(``df``), as ``scipy.stats.t.cdf``.

    >>> float(t_cdf(0.0, 5))
    0.5
    """
    return _prob(lambda v, k: special.stdtr(k, v), x, (df,), -np.inf, np.inf, 0.0, 1.0)


def t_sf(x, df):
    """Upper tail ``P(T > x)`` of Student t(``df``), as ``scipy.stats.t.sf``.

    >>> round(float(t_sf(2.015048372669157, 5)), 10)
    0.05
    """
    return _prob(lambda v, k: special.stdtr(k, -v), x, (df,), -np.inf, np.inf, 1.0, 0.0)


def t_ppf(q, df):
    """Quantile of Student t(``df``), as ``scipy.stats.t.ppf``.

    >>> round(float(t_ppf(0.95, 5)), 10)
    2.0150483733
    """
    return _quantile(lambda p, k: special.stdtrit(k, p), q, (df,), -np.inf, np.inf)


def f_ppf(q, dfn, dfd):
    """Quantile of F(``dfn``, ``dfd``), as ``scipy.stats.f.ppf``.

    >>> round(float(f_ppf(0.95, 3, 20)), 8)
    3.09839121
    """
    return _quantile(lambda p, m, k: special.fdtri(m, k, p), q, (dfn, dfd), 0.0, np.inf)


def _ncx2_ok(df, nc):
    return (df > 0) & np.isfinite(df) & (nc >= 0)


def _ncx2(noncentral, central):
    def fun(x, df, nc):
        out = central(df, x)
        pos = nc != 0
        if pos.any():
            with np.errstate(over="ignore"):  # as scipy.stats (its gh-17432)
                out[pos] = noncentral(x[pos], df[pos], nc[pos])
        return out
    return fun


def ncx2_cdf(x, df, nc):
    """``P(X <= x)`` of noncentral chi-square(``df``, ``nc``), as ``scipy.stats.ncx2.cdf``.

    >>> round(float(ncx2_cdf(3.0, 2, 1.5)), 12)
    0.551314141394
    """
    return _prob(_ncx2(special.chndtr, special.chdtr), x, (df, nc), 0.0, np.inf, 0.0, 1.0,
                 argcheck=_ncx2_ok)


def ncx2_sf(x, df, nc):
    """``P(X > x)`` of noncentral chi-square(``df``, ``nc``), as ``scipy.stats.ncx2.sf``.

    >>> round(float(ncx2_sf(3.0, 2, 1.5)), 12)
    0.448685858606
    """
    from scipy.special import _ufuncs
    return _prob(_ncx2(_ufuncs._ncx2_sf, special.chdtrc), x, (df, nc), 0.0, np.inf, 1.0, 0.0,
                 argcheck=_ncx2_ok)
