"""Permutations of group labels for one pair of groups: everything MICOM and MGA need.

:func:`permute_pair` estimates the model in both groups of a pair for the observed
assignment and for ``P`` random permutations of the group labels (blocks of the batched
:class:`~cemsurvey.psychometrics.pls.groupwise.PairEngine`) and keeps, for each:

* ``c`` per composite (MICOM step 2), NaN where a group fit failed;
* the differences of the composite means and log variances of the pooled-weight scores
  (MICOM step 3; these need no re-estimation);
* the differences of the path coefficients (the permutation MGA of Chin & Dibbern 2010).

One run serves both analyses. Permutations come from the ``numpy.random.Generator``
passed in, one block after another (``Generator.permuted`` of a 0/1 membership row), so
a seeded generator gives the same permutations every time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass

import numpy as np

from cemsurvey.psychometrics.pls.engine import Scheme
from cemsurvey.psychometrics.pls.groupwise import GroupedItems, PairEngine


def membership(na: int, nb: int) -> np.ndarray:
    """``(1, na + nb)`` observed membership: the pair's first ``na`` rows are group A."""
    return np.concatenate([np.ones(na), np.zeros(nb)])[None]


def permutations_of(na: int, nb: int, permutations: int, rng: np.random.Generator,
                    block_size: int) -> Iterator[np.ndarray]:
    """Blocks of ``(b, na + nb)`` random memberships with ``na`` ones (group labels shuffled)."""
    base = membership(na, nb)[0]
    done = 0
    while done < permutations:
        b = min(block_size, permutations - done)
        yield rng.permuted(np.tile(base, (b, 1)), axis=1)
        done += b


def mean_var_diff(member: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(B, K)`` differences of group means and of log variances (A minus B).

    ``member`` ``(B, n)`` 0/1 membership in group A, ``scores`` ``(n, K)``; variances
    with ``n_g - 1`` denominators.
    """
    na = member.sum(axis=1)[:, None]
    nb = scores.shape[0] - na
    s1a, s2a = member @ scores, member @ scores**2
    s1b, s2b = scores.sum(axis=0) - s1a, (scores**2).sum(axis=0) - s2a
    ma, mb = s1a / na, s1b / nb
    va = (s2a - na * ma**2) / (na - 1)
    vb = (s2b - nb * mb**2) / (nb - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return ma - mb, np.log(va) - np.log(vb)


@dataclass(frozen=True)
class PairDraws:
    """Observed statistics of a pair (suffix 0) and their permutation distributions.

    Attributes
    ----------
    a, b, na, nb
        The group codes and sizes (group A = ``a``).
    c0, mean0, logvar0
        ``(K,)`` observed ``c``, mean difference and log-variance difference.
    beta_a, beta_b
        ``(E,)`` observed path coefficients of the model's arrows (``spec.edges``).
    c, mean, logvar
        ``(P, K)`` the same under permutation (``c`` NaN where a group fit failed).
    path_diff
        ``(P, E)`` permuted ``beta_A - beta_B`` (NaN where a group fit failed).
    """

    a: Hashable
    b: Hashable
    na: int
    nb: int
    c0: np.ndarray
    mean0: np.ndarray
    logvar0: np.ndarray
    beta_a: np.ndarray
    beta_b: np.ndarray
    c: np.ndarray
    mean: np.ndarray
    logvar: np.ndarray
    path_diff: np.ndarray

    @property
    def ok(self) -> np.ndarray:
        """``(P,)`` permutations where both group fits succeeded."""
        return np.all(np.isfinite(self.c), axis=1)


def permute_pair(gi: GroupedItems, a: Hashable, b: Hashable, permutations: int,
                 rng: np.random.Generator, *, scheme: Scheme, max_iter: int, tol: float,
                 block_size: int, progress: Callable[[int], None] | None) -> PairDraws:
    """The observed statistics of groups ``a`` and ``b`` and ``permutations`` permuted ones.

    ``progress`` is called with the number of permutations finished after each block.
    """
    ra, rb = gi.rows(a), gi.rows(b)
    na, nb = ra.size, rb.size
    engine = PairEngine(gi.X[np.concatenate([ra, rb])], gi.spec, scheme, max_iter, tol)
    ef = np.array([e for e, _ in gi.spec.edges], dtype=int)
    et = np.array([e for _, e in gi.spec.edges], dtype=int)
    scores = engine.pooled_scores()
    obs = engine.fit(membership(na, nb))
    m0, v0 = mean_var_diff(membership(na, nb), scores)
    cs, ms, vs, ds = [], [], [], []
    for member in permutations_of(na, nb, permutations, rng, block_size):
        f = engine.fit(member)
        c = engine.composite_correlation(f.Wa, f.Wb)
        d = f.beta_a[:, ef, et] - f.beta_b[:, ef, et]
        c[~f.ok] = np.nan
        d[~f.ok] = np.nan
        m, v = mean_var_diff(member, scores)
        cs.append(c)
        ms.append(m)
        vs.append(v)
        ds.append(d)
        if progress is not None:
            progress(member.shape[0])
    return PairDraws(a, b, na, nb, engine.composite_correlation(obs.Wa, obs.Wb)[0], m0[0], v0[0],
                     obs.beta_a[0, ef, et], obs.beta_b[0, ef, et], np.concatenate(cs),
                     np.concatenate(ms), np.concatenate(vs), np.concatenate(ds))
