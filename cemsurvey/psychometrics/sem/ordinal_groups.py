"""Polychoric sample statistics of ordered items by group, for multi-group WLSMV
(:mod:`.multigroup_dwls`): thresholds and polychoric correlations in lavaan's order with their
influence functions (``Gamma_g = IF' IF / N_g``, lavaan's ``NACOV`` of the group), complete
cases within each group (lavaan's ``missing = "listwise"``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cemsurvey.psychometrics.sem.polychoric import polychoric

__all__ = ["OrdinalGroup", "ordinal_groups", "pairs"]


@dataclass(frozen=True)
class OrdinalGroup:
    """One group's sample statistics: thresholds then correlations (lavaan's order)."""

    label: str
    n: int
    stats: np.ndarray           # thresholds item by item, then correlations column-wise
    influence: np.ndarray = field(repr=False)   # N x len(stats): Gamma = IF' IF / N
    nthr: tuple[int, ...] = ()
    categories: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    warnings: tuple[str, ...] = ()

    @property
    def weight(self) -> np.ndarray:
        return 1.0 / np.mean(self.influence ** 2, axis=0)


def ordinal_groups(data: pd.DataFrame, items: Sequence[str], group: pd.Series,
                   labels: Sequence[str]) -> list[OrdinalGroup]:
    """Polychoric statistics of ``items`` in each group (complete cases within the group);
    the polychorics' warnings (rare categories) are kept on each group, not raised."""
    out = []
    for lab in labels:
        x = data.loc[(group == lab).to_numpy(), list(items)]
        x = x.apply(pd.to_numeric, errors="coerce").dropna()
        with warnings.catch_warnings():     # kept in ``warnings``, re-raised with the group
            warnings.simplefilter("ignore")
            pc = polychoric(x, acov=True)
        assert pc.influence is not None
        n = pc.n
        inf = pc.influence
        thr = np.concatenate([pc.thresholds[it] for it in items])
        r = pc.correlation.to_numpy()
        k, l_ = pairs(len(items))
        out.append(OrdinalGroup(str(lab), n, np.concatenate([thr, r[k, l_]]), inf,
                                tuple(pc.thresholds[it].size for it in items),
                                dict(pc.categories), pc.warnings))
    return out


def pairs(p: int) -> tuple[np.ndarray, np.ndarray]:
    """Lower-triangle pairs column-wise (lavaan's ``vech(diagonal = FALSE)`` order)."""
    col, row = np.triu_indices(p, 1)
    order = np.lexsort((row, col))
    return row[order], col[order]
