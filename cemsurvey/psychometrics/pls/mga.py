"""PLS multi-group analysis: group differences of path coefficients, pairwise.

For every pair of groups and every structural path, the difference of the group-specific
path coefficients ``d = beta_A - beta_B`` (each group estimated on its own standardized
data, identical settings) and two tests:

* **Permutation test** (Chin & Dibbern 2010): group labels are permuted (default 5,000
  times) and both permuted groups re-estimated; ``p`` is the share of permuted absolute
  differences at least ``|d|`` (two-sided). The permutations are those of MICOM
  (:mod:`.groupwise`), so the same seed gives the same permutations.
* **Henseler's bootstrap MGA** (Henseler, Ringle & Sinkovics 2009): each group is
  bootstrapped separately (default 5,000 resamples) and, with ``J`` resamples per group
  and bootstrap means ``mu_A, mu_B``,

  .. math:: p_1 = 1 - \\frac{1}{J^2} \\sum_{i,j} \\Theta(2\\mu_A - \\beta_{A,i} - 2\\mu_B
            + \\beta_{B,j})

  (``Theta`` the unit step): the one-sided probability that ``beta_A <= beta_B``, as
  seminr's ``estimate_pls_mga``. The two-sided p value is ``2 min(p_1, 1 - p_1)``
  (Sarstedt, Henseler & Ringle 2011).

A path difference is significant when the two-sided p value is below ``alpha``. MGA
presupposes at least partial measurement invariance of the constructs (MICOM, :mod:`.micom`).

Verified against seminr's Python port 0.2.1 (``estimate_pls_mga`` with the same bootstrap
index matrices): group path coefficients, bootstrap path distributions and Henseler's
p value (tests/reference/micom_reference.py, 1e-6); the permutation test equals one
written out with the textbook PLS (tests/pls/test_pls_micom_textbook.py, 1e-8) and recovers a
planted path difference and finds none among equal groups (tests/pls/test_pls_mga.py).

References
----------
Chin, W. W., & Dibbern, J. (2010). An introduction to a permutation based procedure for
multi-group PLS analysis. In *Handbook of Partial Least Squares* (pp. 171-193). Springer.
Henseler, J., Ringle, C. M., & Sinkovics, R. R. (2009). The use of partial least squares
path modeling in international marketing. *Advances in International Marketing*, 20,
277-319. Sarstedt, M., Henseler, J., & Ringle, C. M. (2011). Multigroup analysis in
partial least squares (PLS) path modeling. *Advances in International Marketing*, 22,
195-218.
"""

from __future__ import annotations

import warnings as _warnings
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import DataWarning
from cemsurvey.instrument.model import Instrument
from cemsurvey.psychometrics.pls.draws import draw_groups, structural_positions
from cemsurvey.psychometrics.pls.engine import Scheme
from cemsurvey.psychometrics.pls.groupwise import GroupedItems
from cemsurvey.psychometrics.pls.permutation import PairDraws

REFERENCES = ("Chin & Dibbern (2010) Handbook of Partial Least Squares 171-193",
              "Henseler, Ringle & Sinkovics (2009) Advances in International Marketing 20 "
              "277-319", "Sarstedt, Henseler & Ringle (2011) Advances in International "
              "Marketing 22 195-218")


@dataclass(frozen=True)
class MGAResult:
    """Result of :func:`pls_mga` (full precision; rounding happens in report/).

    Attributes
    ----------
    paths
        Rows indexed by ``(group_a, group_b, from, to)``: ``beta_a, beta_b, diff,
        permutation_p, henseler_p_one_sided, henseler_p, different_permutation,
        different_henseler``.
    groups
        Group label -> respondents, for the groups compared.
    permutations, bootstrap, seed, alpha, scheme, higher_order
        Settings.
    """

    paths: pd.DataFrame
    groups: dict[str, int]
    permutations: int
    bootstrap: int
    seed: int | None
    alpha: float
    scheme: str
    higher_order: str
    warnings: tuple[str, ...] = ()
    method: str = "pls-mga"

    def to_dict(self) -> dict[str, Any]:
        """``{method, references, permutations, bootstrap, seed, alpha, scheme, groups,
        paths, warnings}`` (the JSON ``invariance.paths`` of a PLS model)."""
        rows = [{"groups": [a, b], "from": f, "to": t,
                 **{k: bool(v) if isinstance(v, bool | np.bool_) else float(v)
                    for k, v in r.items()}}
                for (a, b, f, t), r in self.paths.iterrows()]
        return {"method": self.method, "references": list(REFERENCES),
                "permutations": self.permutations, "bootstrap": self.bootstrap,
                "seed": self.seed, "alpha": self.alpha, "scheme": self.scheme,
                "higher_order": self.higher_order, "groups": dict(self.groups), "paths": rows,
                "warnings": list(self.warnings)}


def henseler_p(boot_a: np.ndarray, boot_b: np.ndarray) -> np.ndarray:
    """Henseler's one-sided p value ``P(beta_A <= beta_B)`` per column (see the module).

    ``boot_a`` and ``boot_b`` are ``(J, E)`` bootstrap draws of ``E`` paths (the same
    ``J``). The ``J x J`` comparisons are counted by sorting, ``O(J log J)`` per path.
    """
    boot_a, boot_b = np.atleast_2d(boot_a), np.atleast_2d(boot_b)
    J = boot_a.shape[0]
    out = np.empty(boot_a.shape[1])
    for e in range(boot_a.shape[1]):
        left = 2 * boot_a[:, e].mean() - boot_a[:, e] - 2 * boot_b[:, e].mean()
        # pairs with left_i + b_j > 0, i.e. b_j > -left_i
        right = np.sort(boot_b[:, e])
        above = J - np.searchsorted(right, -left, side="right")
        out[e] = 1.0 - above.sum() / (J * J)
    return out


def _pair_rows(gi: GroupedItems, d: PairDraws, boots: dict[Hashable, np.ndarray], alpha: float,
               warn: list[str]) -> list[dict[str, Any]]:
    """One row per structural path of the pair ``d.a``, ``d.b``."""
    pos = structural_positions(gi)
    la, lb = gi.labels[d.a], gi.labels[d.b]
    ba, bb = d.beta_a[pos], d.beta_b[pos]
    dp = d.path_diff[d.ok][:, pos]
    if dp.shape[0] < d.path_diff.shape[0]:
        warn.append(f"groups {la} and {lb}: {d.path_diff.shape[0] - dp.shape[0]} of "
                    f"{d.path_diff.shape[0]} permutations gave no group-specific fit and were "
                    "left out of the permutation test")
    p = (np.mean(np.abs(dp) >= np.abs(ba - bb) - 1e-12, axis=0) if dp.shape[0] >= 2
         else np.full(len(pos), np.nan))
    J = min(boots[d.a].shape[0], boots[d.b].shape[0])  # as seminr: the common J resamples
    p1 = henseler_p(boots[d.a][:J], boots[d.b][:J]) if J >= 2 else np.full(len(pos), np.nan)
    p2 = 2 * np.minimum(p1, 1 - p1)
    names = gi.spec.latents
    return [{"group_a": la, "group_b": lb, "from": names[gi.spec.edges[i][0]],
             "to": names[gi.spec.edges[i][1]], "beta_a": ba[e], "beta_b": bb[e],
             "diff": ba[e] - bb[e], "permutation_p": p[e], "henseler_p_one_sided": p1[e],
             "henseler_p": p2[e], "different_permutation": bool(p[e] < alpha),
             "different_henseler": bool(p2[e] < alpha)} for e, i in enumerate(pos)]


def mga_result(gi: GroupedItems, draws: list[PairDraws], boots: dict[Hashable, np.ndarray], *,
               permutations: int, bootstrap: int, seed: int | None, alpha: float,
               scheme: str, higher_order: str, warn: list[str]) -> MGAResult:
    """The :class:`MGAResult` of the pairs' permutation draws and the groups' bootstraps."""
    rows = [r for d in draws for r in _pair_rows(gi, d, boots, alpha, warn)]
    cols = ["group_a", "group_b", "from", "to"]
    table = (pd.DataFrame(rows).set_index(cols) if rows else
             pd.DataFrame(columns=cols).set_index(cols))
    return MGAResult(paths=table, groups={gi.labels[c]: int(gi.rows(c).size) for c in boots},
                     permutations=permutations, bootstrap=bootstrap, seed=seed, alpha=alpha,
                     scheme=scheme, higher_order=higher_order, warnings=tuple(warn))


def pls_mga(data: pd.DataFrame, ins: Instrument, groups: pd.Series, *,
            labels: Mapping[Hashable, str] | None = None, permutations: int = 5000,
            bootstrap: int = 5000, seed: int | None = None, alpha: float = 0.05,
            scheme: Scheme = "path", higher_order: str = "repeated", max_iter: int = 300,
            tol: float = 1e-7, block_size: int = 250,
            progress: Callable[[int], None] | None = None) -> MGAResult:
    """Group differences of every structural path, pairwise (see the module docstring).

    Parameters
    ----------
    data, ins, groups, labels
        Responses, the instrument, the group code of each respondent (indexed like
        ``data``) and optional group labels.
    permutations
        Permutations per pair (Chin & Dibbern test; at least 20).
    bootstrap
        Resamples per group (Henseler's MGA; at least 20).
    seed
        Seed of the generator: permutations of each pair in order, then the bootstrap
        resamples of each group.
    alpha
        Level of the two-sided tests.
    scheme, higher_order, max_iter, tol, block_size
        As :func:`~cemsurvey.psychometrics.pls.micom.micom`.
    progress
        Called with the number of permutations or resamples finished after each block
        (in total ``permutations`` times the pairs plus ``bootstrap`` times the groups).

    Returns
    -------
    MGAResult

    Examples
    --------
    >>> from cemsurvey.instrument.model import Instrument, Construct, Item
    >>> import numpy as np, pandas as pd
    >>> c = lambda i: Construct(id=i, name=i, items=[Item(id=f"{i}{k}", text="t") for k in (1, 2, 3)])
    >>> ins = Instrument(title="t", constructs=[c("X"), c("Y")], paths=["Y ~ X"])
    >>> rng = np.random.default_rng(1)
    >>> b = np.repeat([0.6, 0.0], 200)  # X -> Y in group 1 and group 2
    >>> x = rng.standard_normal(400); y = b * x + rng.standard_normal(400) * 0.8
    >>> cols = {f"X{k}": x + rng.standard_normal(400) * 0.6 for k in (1, 2, 3)}
    >>> cols |= {f"Y{k}": y + rng.standard_normal(400) * 0.6 for k in (1, 2, 3)}
    >>> data, groups = pd.DataFrame(cols), pd.Series(np.repeat([1, 2], 200))
    >>> res = pls_mga(data, ins, groups, permutations=200, bootstrap=200, seed=1)
    >>> row = res.paths.loc[("1", "2", "X", "Y")]
    >>> bool(row.different_permutation), bool(row.different_henseler), bool(row["diff"] > 0.3)
    (True, True, True)
    """
    gi, draws, boots, warn = draw_groups(
        data, ins, groups, labels=labels, permutations=permutations, bootstrap=bootstrap,
        seed=seed, alpha=alpha, scheme=scheme, higher_order=higher_order, max_iter=max_iter,
        tol=tol, block_size=block_size, progress=progress)
    res = mga_result(gi, draws, boots, permutations=permutations, bootstrap=bootstrap,
                     seed=seed, alpha=alpha, scheme=scheme, higher_order=higher_order, warn=warn)
    for m in res.warnings:
        _warnings.warn(DataWarning(m), stacklevel=2)
    return res
