"""MICOM and PLS multi-group analysis in one run: :func:`compare_pls_groups`.

The permutations of each pair of groups serve both analyses (MICOM steps 2 and 3 and the
permutation test of the path differences; :mod:`.permutation`), so asking for both costs
little more than MICOM alone plus the groups' bootstraps. With the same seed the results
equal those of :func:`~cemsurvey.psychometrics.pls.micom.micom` and
:func:`~cemsurvey.psychometrics.pls.mga.pls_mga` run separately (the generator draws the
pairs' permutations first, then each group's bootstrap resamples).
"""

from __future__ import annotations

import warnings as _warnings
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from cemsurvey.errors import DataWarning
from cemsurvey.instrument.model import Instrument
from cemsurvey.psychometrics.pls.draws import draw_groups
from cemsurvey.psychometrics.pls.engine import Scheme
from cemsurvey.psychometrics.pls.mga import MGAResult, mga_result
from cemsurvey.psychometrics.pls.micom import MicomResult, micom_result


@dataclass(frozen=True)
class PLSGroupsResult:
    """MICOM and MGA of the same groups (see :class:`MicomResult`, :class:`MGAResult`)."""

    micom: MicomResult
    mga: MGAResult

    def to_dict(self) -> dict[str, Any]:
        """``{micom, paths}``: the JSON ``invariance.micom`` and ``invariance.paths``."""
        return {"micom": self.micom.to_dict(), "paths": self.mga.to_dict()}


def compare_pls_groups(data: pd.DataFrame, ins: Instrument, groups: pd.Series, *,
                       labels: Mapping[Hashable, str] | None = None, permutations: int = 5000,
                       bootstrap: int = 5000, seed: int | None = None, alpha: float = 0.05,
                       scheme: Scheme = "path", higher_order: str = "repeated",
                       max_iter: int = 300, tol: float = 1e-7, block_size: int = 250,
                       progress: Callable[[int], None] | None = None) -> PLSGroupsResult:
    """MICOM (steps 1-3, verdicts) and the path differences of every pair of groups.

    Parameters are those of :func:`~cemsurvey.psychometrics.pls.mga.pls_mga`; ``progress``
    receives ``permutations`` per pair plus ``bootstrap`` per group in total. Warnings
    (small groups, constant items, failed fits) are issued once and kept in both results.

    Examples
    --------
    >>> from cemsurvey.instrument.model import Instrument, Construct, Item
    >>> import numpy as np
    >>> c = lambda i: Construct(id=i, name=i, items=[Item(id=f"{i}{k}", text="t") for k in (1, 2, 3)])
    >>> ins = Instrument(title="t", constructs=[c("X"), c("Y")], paths=["Y ~ X"])
    >>> rng = np.random.default_rng(1)
    >>> x = rng.standard_normal(300); y = 0.5 * x + rng.standard_normal(300) * 0.87
    >>> cols = {f"X{k}": x + rng.standard_normal(300) * 0.6 for k in (1, 2, 3)}
    >>> cols |= {f"Y{k}": y + rng.standard_normal(300) * 0.6 for k in (1, 2, 3)}
    >>> res = compare_pls_groups(pd.DataFrame(cols), ins, pd.Series(np.repeat([1, 2], 150)),
    ...                          permutations=100, bootstrap=100, seed=1)
    >>> sorted(res.to_dict()), len(res.mga.paths), len(res.micom.pairs)
    (['micom', 'paths'], 1, 1)
    """
    gi, draws, boots, warn = draw_groups(
        data, ins, groups, labels=labels, permutations=permutations, bootstrap=bootstrap,
        seed=seed, alpha=alpha, scheme=scheme, higher_order=higher_order, max_iter=max_iter,
        tol=tol, block_size=block_size, progress=progress)
    settings = {"seed": seed, "alpha": alpha, "scheme": scheme, "higher_order": higher_order}
    mc = micom_result(gi, draws, permutations=permutations, warn=warn, **settings)
    mg = mga_result(gi, draws, boots, permutations=permutations, bootstrap=bootstrap,
                    warn=warn, **settings)
    mc = replace(mc, warnings=tuple(warn))  # the MGA's warnings too
    for m in warn:
        _warnings.warn(DataWarning(m), stacklevel=2)
    return PLSGroupsResult(micom=mc, mga=mg)
