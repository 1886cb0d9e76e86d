"""MICOM: measurement invariance of composites (Henseler, Ringle & Sarstedt 2016).

Three steps for every pair of groups:

1. **Configural invariance** (:func:`~cemsurvey.psychometrics.pls.groupwise.split_groups`):
   the same model, the same indicators and the same data treatment (reverse-keying,
   listwise deletion, standardization) and algorithm settings in every group. Checked per
   group: at least 10 respondents, every indicator with variance in the group, a converged
   PLS fit. A group failing it is left out of the comparisons, with a warning.
2. **Compositional invariance**: for each composite ``k`` the correlation

   .. math:: c_k = \\operatorname{corr}(X w_k^{(1)}, X w_k^{(2)})

   where ``X`` is the pair's pooled data standardized on the pooled sample and
   ``w^{(g)}`` the weights estimated in group ``g`` (on its own standardized data;
   Henseler et al. 2016, p. 414). (Programs that stack each group's own standardized
   data instead give slightly different ``c`` when group means or SDs differ.) Group labels are permuted (default 5,000 times) and the model
   re-estimated in both permuted groups; ``p`` is the share of permuted ``c`` below the
   original and compositional invariance holds when ``c`` is at least the ``alpha``
   (5%) quantile of the permutation distribution (numpy's linear quantile, R's type 7).
3. **Equal composite means and variances**: scores from the pooled-sample weights on the
   pooled-standardized data; the differences of the group means and of the logarithms
   of the group variances (``n - 1`` denominators) against the permutation distribution
   of the same differences: equality holds when the original difference lies within the
   ``alpha/2`` and ``1 - alpha/2`` (2.5%, 97.5%) quantiles; ``p`` is the share of
   permuted absolute differences at least the original one.

Verdict per composite: **no** invariance when step 2 fails; **partial** when step 2 holds
but a mean or a variance differs (path coefficients may be compared across groups);
**full** when means and variances are equal too (the groups may be pooled). A pair's
verdict is its weakest composite's; the overall verdict the weakest pair's.

Permutations are seeded (``numpy.random.default_rng(seed)``): the same seed gives the
same result. Permuted fits that fail (a constant indicator in a permuted group,
non-convergence) are left out of step 2, counted in a warning.

Verified: an independent slow MICOM written out in the tests with the textbook PLS on
the data (tests/pls/pls_textbook.py) gives, for the same permutations, the same ``c``,
quantiles, intervals and p values (1e-8; tests/pls/test_pls_micom_textbook.py); ``c``
equals the correlation of the composite scores computed directly; the batched group
fits equal single fits of each group and seminr's (Python port 0.2.1) per-group
estimates (tests/reference/micom_reference.py, 1e-6); a planted difference in
composition (weights) or in means is detected and equal groups are rejected near the
nominal 5% (tests/pls/test_pls_micom.py). No other program's MICOM was available to
compare p values with (seminr has none; cSEM and SmartPLS were not available).

References
----------
Henseler, J., Ringle, C. M., & Sarstedt, M. (2016). Testing measurement invariance of
composites using partial least squares. *International Marketing Review*, 33(3), 405-431.
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
from cemsurvey.psychometrics.pls.draws import draw_groups
from cemsurvey.psychometrics.pls.engine import Scheme
from cemsurvey.psychometrics.pls.groupwise import GroupedItems
from cemsurvey.psychometrics.pls.permutation import PairDraws

VERDICTS = ("no", "partial", "full")
REFERENCE = "Henseler, Ringle & Sarstedt (2016) International Marketing Review 33(3) 405-431"


@dataclass(frozen=True)
class MicomPair:
    """Steps 2 and 3 for one pair of groups.

    Attributes
    ----------
    groups, n
        The two group labels and their respondents.
    composites
        Indexed by construct: ``c, c_quantile, c_p, compositional`` (step 2),
        ``mean_diff, mean_lower, mean_upper, mean_p, equal_mean`` and
        ``log_var_diff, var_lower, var_upper, var_p, equal_var`` (step 3), ``verdict``.
    permutations_used
        Permutations whose group fits succeeded (step 2 uses these; step 3 all).
    verdict
        The weakest composite's verdict.
    """

    groups: tuple[str, str]
    n: tuple[int, int]
    composites: pd.DataFrame
    permutations_used: int
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        rows = []
        for k, r in self.composites.iterrows():
            rows.append({
                "construct": k, "c": r.c, "c_quantile": r.c_quantile, "c_p": r.c_p,
                "compositional": bool(r.compositional), "mean_diff": r.mean_diff,
                "mean_ci": [r.mean_lower, r.mean_upper], "mean_p": r.mean_p,
                "equal_mean": bool(r.equal_mean), "log_var_diff": r.log_var_diff,
                "log_var_ci": [r.var_lower, r.var_upper], "var_p": r.var_p,
                "equal_var": bool(r.equal_var), "verdict": r.verdict})
        return {"groups": list(self.groups), "n": list(self.n),
                "permutations_used": self.permutations_used, "composites": rows,
                "verdict": self.verdict}


@dataclass(frozen=True)
class MicomResult:
    """Result of :func:`micom` (full precision; rounding happens in report/).

    Attributes
    ----------
    configural
        Step 1 by group label: ``n, constant_items, converged, holds``.
    pairs
        Steps 2 and 3 for every pair of groups where step 1 holds.
    verdict
        ``"full"``, ``"partial"`` or ``"no"`` (weakest pair), ``"not tested"`` when
        fewer than two groups pass step 1.
    permutations, seed, alpha, scheme, higher_order, n
        Settings and respondents used (all groups).
    """

    configural: pd.DataFrame
    pairs: tuple[MicomPair, ...]
    verdict: str
    permutations: int
    seed: int | None
    alpha: float
    scheme: str
    higher_order: str
    n: int
    warnings: tuple[str, ...] = ()
    method: str = "micom"

    def to_dict(self) -> dict[str, Any]:
        """``{method, reference, permutations, seed, alpha, scheme, higher_order, n,
        configural, pairs, verdict, warnings}`` (the JSON ``invariance.micom``)."""
        conf = [{"group": g, "n": int(r.n), "constant_items": list(r.constant_items),
                 "converged": bool(r.converged), "holds": bool(r.holds)}
                for g, r in self.configural.iterrows()]
        return {"method": self.method, "reference": REFERENCE,
                "permutations": self.permutations, "seed": self.seed, "alpha": self.alpha,
                "scheme": self.scheme, "higher_order": self.higher_order, "n": self.n,
                "configural": {"holds": bool(self.configural["holds"].all()),
                               "same_model": True, "same_indicators": True,
                               "same_treatment": True, "groups": conf},
                "pairs": [p.to_dict() for p in self.pairs], "verdict": self.verdict,
                "warnings": list(self.warnings)}


def _verdict(compositional: bool, equal_mean: bool, equal_var: bool) -> str:
    if not compositional:
        return "no"
    return "full" if equal_mean and equal_var else "partial"


def micom_pair(gi: GroupedItems, draws: PairDraws, alpha: float,
               warn: list[str]) -> MicomPair | None:
    """Steps 2 and 3 for one pair from its permutation draws (:func:`permute_pair`);
    ``None`` (with a warning) when fewer than 2 permutations gave group fits."""
    c0, md0, lv0 = draws.c0, draws.mean0, draws.logvar0
    cp, mdp, lvp = draws.c, draws.mean, draws.logvar
    permutations = cp.shape[0]
    okp = np.all(np.isfinite(cp), axis=1)
    used = int(okp.sum())
    la, lb = gi.labels[draws.a], gi.labels[draws.b]
    if used < permutations:
        warn.append(f"groups {la} and {lb}: {permutations - used} of {permutations} permutations "
                    "gave no group-specific fit (a constant item in a permuted group or no "
                    "convergence) and were left out of step 2")
    if used < 2:
        warn.append(f"groups {la} and {lb}: fewer than 2 permutations gave group-specific "
                    "fits; MICOM could not compare them")
        return None
    cp = cp[okp]
    q_c = np.quantile(cp, alpha, axis=0)
    lo, hi = alpha / 2, 1 - alpha / 2
    m_lo, m_hi = np.quantile(mdp, [lo, hi], axis=0)
    v_lo, v_hi = np.nanquantile(lvp, [lo, hi], axis=0)
    tab = pd.DataFrame({
        "c": c0, "c_quantile": q_c, "c_p": np.mean(cp < c0, axis=0),
        "compositional": c0 >= q_c - 1e-10,  # single-item composites: c = 1 up to rounding
        "mean_diff": md0, "mean_lower": m_lo, "mean_upper": m_hi,
        "mean_p": np.mean(np.abs(mdp) >= np.abs(md0) - 1e-12, axis=0),
        "equal_mean": (m_lo <= md0) & (md0 <= m_hi),
        "log_var_diff": lv0, "var_lower": v_lo, "var_upper": v_hi,
        "var_p": np.mean(np.abs(lvp) >= np.abs(lv0) - 1e-12, axis=0),
        "equal_var": (v_lo <= lv0) & (lv0 <= v_hi)}, index=pd.Index(gi.spec.latents, name="construct"))
    tab["verdict"] = [_verdict(*r) for r in tab[["compositional", "equal_mean", "equal_var"]]
                      .itertuples(index=False)]
    worst = min(tab["verdict"], key=VERDICTS.index)
    return MicomPair((la, lb), (draws.na, draws.nb), tab, used, worst)


def micom(data: pd.DataFrame, ins: Instrument, groups: pd.Series, *,
          labels: Mapping[Hashable, str] | None = None, permutations: int = 5000,
          seed: int | None = None, alpha: float = 0.05, scheme: Scheme = "path",
          higher_order: str = "repeated", max_iter: int = 300, tol: float = 1e-7,
          block_size: int = 250, progress: Callable[[int], None] | None = None) -> MicomResult:
    """MICOM steps 1-3 and the verdict for every pair of groups (see the module docstring).

    Parameters
    ----------
    data
        Responses: respondents x item ids, codes as answered.
    ins
        The instrument (its ``paths`` or the paradigm default).
    groups
        Group code of each respondent, indexed like ``data`` (NaN: left out).
    labels
        Group code -> label (default the code as text).
    permutations
        Permutations per pair of groups (default 5,000, at least 20).
    seed
        Seed of the permutation generator (same seed, same result).
    alpha
        Level: step 2 compares ``c`` with the ``alpha`` quantile, step 3 uses the
        ``alpha/2`` and ``1 - alpha/2`` quantiles.
    scheme, max_iter, tol
        PLS settings (as :func:`~cemsurvey.psychometrics.pls.fit_pls`).
    higher_order
        Composites of the model: ``"repeated"`` indicators (the HOCs measured by all their
        items; also used for ``"two-stage"``, whose stage 1 it is) or ``"disjoint"``
        (first-order constructs only).
    block_size
        Permutations estimated together.
    progress
        Called with the number of permutations finished after each block (in total
        ``permutations`` times the number of pairs).

    Returns
    -------
    MicomResult

    Raises
    ------
    DataError, SpecError, EstimationError
        Bad responses, groups, model or options.

    Examples
    --------
    >>> from cemsurvey.instrument.model import Instrument, Construct, Item
    >>> import numpy as np, pandas as pd
    >>> c = lambda i: Construct(id=i, name=i, items=[Item(id=f"{i}{k}", text="t") for k in (1, 2, 3)])
    >>> ins = Instrument(title="t", constructs=[c("X"), c("Y")], paths=["Y ~ X"])
    >>> rng = np.random.default_rng(1)
    >>> x = rng.standard_normal(400); y = 0.5 * x + rng.standard_normal(400) * 0.87
    >>> cols = {f"X{k}": x + rng.standard_normal(400) * 0.6 for k in (1, 2, 3)}
    >>> cols |= {f"Y{k}": y + rng.standard_normal(400) * 0.6 for k in (1, 2, 3)}
    >>> data, groups = pd.DataFrame(cols), pd.Series(np.repeat([1, 2], 200))
    >>> res = micom(data, ins, groups, labels={1: "a", 2: "b"}, permutations=200, seed=1)
    >>> res.pairs[0].groups, list(res.pairs[0].composites.index)
    (('a', 'b'), ['X', 'Y'])
    >>> bool(res.pairs[0].composites.loc["X", "c"] > 0.99)
    True
    """
    gi, draws, _, warn = draw_groups(
        data, ins, groups, labels=labels, permutations=permutations, bootstrap=None,
        seed=seed, alpha=alpha, scheme=scheme, higher_order=higher_order, max_iter=max_iter,
        tol=tol, block_size=block_size, progress=progress)
    res = micom_result(gi, draws, permutations=permutations, seed=seed, alpha=alpha,
                       scheme=scheme, higher_order=higher_order, warn=warn)
    for m in res.warnings:
        _warnings.warn(DataWarning(m), stacklevel=2)
    return res


def micom_result(gi: GroupedItems, draws: list[PairDraws], *, permutations: int,
                 seed: int | None, alpha: float, scheme: str, higher_order: str,
                 warn: list[str]) -> MicomResult:
    """The :class:`MicomResult` of step 1 and the pairs' permutation draws."""
    pairs = tuple(p for d in draws if (p := micom_pair(gi, d, alpha, warn)) is not None)
    verdict = min((p.verdict for p in pairs), key=VERDICTS.index) if pairs else "not tested"
    return MicomResult(configural=gi.configural, pairs=pairs, verdict=verdict,
                       permutations=permutations, seed=seed, alpha=alpha, scheme=scheme,
                       higher_order=higher_order, n=int(gi.X.shape[0]), warnings=tuple(warn))
