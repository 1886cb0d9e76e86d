"""Model selection among PLS path models by information criteria (Sharma et al. 2019, 2021).

For an endogenous construct ``y`` of model ``k`` with ``p_k - 1`` predictors and the
residual sum of squares of its latent-score regression ``SSE_k = (1 - R^2_k)(n - 1)``
(standardized scores):

* ``AIC_k = n log(SSE_k / n) + 2 p_k``;
* ``BIC_k = n log(SSE_k / n) + p_k log n`` (Schwarz 1978);
* ``GM_k = SSE_k / S^2 + p_k log n`` (Geweke & Meese 1981), ``S^2 = SSE_f / (n - p_f)``
  the residual variance of the compared model with the most predictors of ``y``;

the model with the lowest value is preferred; Akaike weights ``exp(-D_k / 2) / sum``
(``D_k`` the difference from the lowest) express the evidence for each model. Sharma et
al. (2019) found BIC and GM the most accurate criteria for PLS path models; the models
compared must share the target construct and its measurement (the same scores' scale) and
the same respondents.

Verified against seminr's ``it_criteria`` (Python port 0.2.1: AIC and BIC of every
endogenous construct of the ECSI model, 1e-6; tests/reference/pls/pls_next.json) and GM
against its definition.

References
----------
Sharma, P. N., Sarstedt, M., Shmueli, G., Kim, K. H., & Thiele, K. O. (2019). PLS-based model
selection: the role of alternative explanations in information systems research. J.
Association for Information Systems, 20(4), 346-397. Sharma, P. N., Shmueli, G., Sarstedt,
M., Danks, N., & Ray, S. (2021). Prediction-oriented model selection in partial least
squares path modeling. Decision Sciences, 52(3), 567-607. Geweke, J., & Meese, R. (1981).
Estimating regression models of finite but unknown order. International Economic Review,
22(1), 55-70. McQuarrie, A. D. R., & Tsai, C.-L. (1998). *Regression and Time Series Model
Selection*. World Scientific.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import EstimationError
from cemsurvey.psychometrics.pls.result import PLSResult


def it_criteria(res: PLSResult) -> pd.DataFrame:
    """Per endogenous construct of one model: ``n, p, sse, aic, bic``."""
    rows = {}
    n = res.n
    for y, r2 in res.r2.items():
        p = int(sum(1 for _, b in res.paths.index if b == y)) + 1
        sse = (1 - r2) * (n - 1)
        ll = n * np.log(sse / n)
        rows[y] = {"n": n, "p": p, "sse": sse, "aic": ll + 2 * p, "bic": ll + p * np.log(n)}
    return pd.DataFrame.from_dict(rows, orient="index")


def akaike_weights(values: np.ndarray) -> np.ndarray:
    """``exp(-(v - min) / 2)`` normalised to sum 1.

    >>> akaike_weights(np.array([10.0, 12.0])).round(4).tolist()
    [0.7311, 0.2689]
    """
    r = np.exp(-(values - np.nanmin(values)) / 2)
    return r / np.nansum(r)


@dataclass(frozen=True)
class ModelComparison:
    """Information criteria of competing models for one target construct.

    Attributes
    ----------
    table
        Per model: ``n, p, sse, r2, aic, bic, gm, bic_weight, gm_weight``.
    best_bic, best_gm
        The preferred model by each criterion.
    """

    target: str
    table: pd.DataFrame
    best_bic: str
    best_gm: str

    def to_dict(self) -> dict[str, Any]:
        """``{target, best_bic, best_gm, models: [{model, ...}]}``."""
        return {"target": self.target, "best_bic": self.best_bic, "best_gm": self.best_gm,
                "models": [{"model": m, **row.to_dict()} for m, row in self.table.iterrows()]}


def compare_models(models: dict[str, PLSResult], target: str) -> ModelComparison:
    """BIC and Geweke-Meese comparison of ``models`` (name -> result) for ``target``.

    Raises
    ------
    EstimationError
        Fewer than two models, a model without ``target`` as an endogenous construct, or
        models estimated on different numbers of respondents.
    """
    if len(models) < 2:
        raise EstimationError("model comparison needs at least two models")
    rows = {}
    for name, res in models.items():
        crit = it_criteria(res)
        if target not in crit.index:
            raise EstimationError(f"model '{name}' has no paths into '{target}'; compare models "
                                  "that explain the same construct")
        rows[name] = crit.loc[target].to_dict() | {"r2": float(res.r2[target])}
    table = pd.DataFrame.from_dict(rows, orient="index")
    if table["n"].nunique() != 1:
        raise EstimationError("the models were estimated on different respondents "
                              f"(n = {', '.join(map(str, table['n'].astype(int)))}); compare "
                              "models on the same data")
    n = float(table["n"].iloc[0])
    full = table["p"].idxmax()
    s2 = table.loc[full, "sse"] / (n - table.loc[full, "p"])
    table["gm"] = table["sse"] / s2 + table["p"] * np.log(n)
    table["bic_weight"] = akaike_weights(table["bic"].to_numpy())
    table["gm_weight"] = akaike_weights(table["gm"].to_numpy())
    return ModelComparison(target=target, table=table, best_bic=str(table["bic"].idxmin()),
                           best_gm=str(table["gm"].idxmin()))
