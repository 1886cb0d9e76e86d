"""Full-collinearity VIFs (Kock 2015; Kock & Lynn 2012): a common-method-bias screen.

Every construct score is regressed on all the other construct scores;

.. math::

    VIF_j = 1 / (1 - R_j^2) = [R^{-1}]_{jj},

with ``R`` the correlation matrix of the scores (the second form is the same number,
computed at once). A VIF above 3.3 flags pathological collinearity, which Kock (2015)
reads as a sign that the model may be contaminated by common-method bias. The caller says
which scores were used (PLS construct scores under PLS, mean scores otherwise).

Verified against R ``1 / (1 - summary(lm(score_j ~ others))$r.squared)`` on mean scores of
Holzinger-Swineford and bfi at 1e-8 (tests/reference/method_bias_reference.R).

References
----------
Kock, N. (2015). Common method bias in PLS-SEM: A full collinearity assessment approach.
*International Journal of e-Collaboration* 11(4), 1-10.
Kock, N., & Lynn, G. S. (2012). Lateral collinearity and misleading results in
variance-based SEM. *J. Association for Information Systems* 13(7), 546-580.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import DataError

__all__ = ["FullCollinearity", "full_collinearity_vif"]


@dataclass(frozen=True)
class FullCollinearity:
    """Full-collinearity VIF of every construct score.

    Attributes
    ----------
    vif
        VIF per construct.
    threshold
        Flag cut-off (3.3, Kock 2015).
    flagged
        Constructs with ``vif > threshold``.
    scores
        Which scores were used (``"mean"``, ``"pls"``, ...), as the caller says.
    n
        Complete cases used.
    """

    vif: pd.Series
    threshold: float
    flagged: tuple[str, ...]
    scores: str
    n: int

    def to_dict(self) -> dict[str, Any]:
        """``{vif {construct: v}, threshold, flagged [..], scores, n, source}``."""
        return {"vif": {k: float(v) for k, v in self.vif.items()}, "threshold": self.threshold,
                "flagged": list(self.flagged), "scores": self.scores, "n": self.n,
                "source": "Kock (2015)"}


def full_collinearity_vif(scores: pd.DataFrame, *, which: str = "mean",
                          threshold: float = 3.3) -> FullCollinearity:
    """Full-collinearity VIFs of construct scores (complete cases).

    Parameters
    ----------
    scores
        Respondents x constructs (two or more).
    which
        Label of the scores, reported with the result (``"mean"`` or ``"pls"``).
    threshold
        Flag above this VIF (3.3).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> a = rng.normal(size=500)
    >>> s = pd.DataFrame({"A": a, "B": a + rng.normal(scale=0.3, size=500),
    ...                   "C": rng.normal(size=500)})
    >>> full_collinearity_vif(s).flagged
    ('A', 'B')
    """
    if scores.shape[1] < 2:
        raise DataError(f"full-collinearity VIFs need two or more construct scores, got "
                        f"{scores.shape[1]}")
    x = scores.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    x = x[np.all(np.isfinite(x), axis=1)]
    n = x.shape[0]
    if n <= scores.shape[1] + 1:
        raise DataError(f"full-collinearity VIFs: only {n} complete case(s) for "
                        f"{scores.shape[1]} scores")
    r = np.corrcoef(x, rowvar=False)
    try:
        vif = np.diag(np.linalg.inv(r))
    except np.linalg.LinAlgError:
        raise DataError("full-collinearity VIFs: the construct scores are linearly dependent "
                        "(one is a combination of the others); drop duplicated constructs") from None
    s = pd.Series(vif, index=[str(c) for c in scores.columns])
    return FullCollinearity(vif=s, threshold=threshold,
                            flagged=tuple(s.index[s > threshold]), scores=which, n=n)
