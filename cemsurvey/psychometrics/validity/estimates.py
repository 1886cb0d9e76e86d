"""Validity statistics of a measurement model from its estimates and its item data.

:func:`validity_from_estimates` computes CR, AVE, Fornell-Larcker, HTMT/HTMT2 (with optional
bootstrap intervals) and MSV/ASV from loadings, factor and residual covariances and the
reverse-keyed item data; :func:`analyze_validity` reads those estimates from a fitted CFA.
Formulas in :mod:`~cemsurvey.psychometrics.validity.formulas` and
:mod:`~cemsurvey.psychometrics.validity.htmt`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from cemsurvey.errors import (
    ConvergenceWarning,
    DataError,
    EstimationError,
    HeywoodWarning,
    SingularMatrixWarning,
)
from cemsurvey.psychometrics.scores import reverse_keyed
from cemsurvey.psychometrics.validity.formulas import (
    average_variance_extracted,
    composite_reliability,
    fornell_larcker_table,
    shared_variance,
)
from cemsurvey.psychometrics.validity.htmt import HTMTBootstrap, htmt_bootstrap, htmt_matrix
from cemsurvey.psychometrics.validity.result import ValidityResult

htmt_bootstrap_fn = htmt_bootstrap  # the parameter of validity_from_estimates shadows the name


def _warn(messages: list[str], warning: Warning) -> None:
    """Record ``warning``'s text and issue it at the caller of the public function."""
    messages.append(str(warning))
    warnings.warn(warning, stacklevel=4)


def _complete_items(data: pd.DataFrame, items: list[str]) -> pd.DataFrame:
    """The item columns of ``data``, numeric, complete rows only (listwise)."""
    missing_cols = [it for it in items if it not in data.columns]
    if missing_cols:
        raise DataError(
            f"item column(s) not in the data: {', '.join(missing_cols[:5])}; the data must "
            "have one column per item id"
        )
    complete = data[items].apply(pd.to_numeric, errors="coerce").astype(float).dropna()
    n = len(complete)
    if n < 3:
        raise EstimationError(
            f"only {n} respondents answered every item; HTMT needs at least 3 complete rows"
        )
    sd = complete.to_numpy().std(axis=0)
    if np.any(sd == 0):
        const = [items[i] for i in np.flatnonzero(sd == 0)]
        raise DataError(f"item(s) without variance: {', '.join(const[:5])}; drop them")
    return complete


def _convergent(blocks: Mapping[str, Sequence[str]], loadings: Mapping[str, float] | pd.Series,
                factor_cov: pd.DataFrame, theta: pd.DataFrame, s_obs: pd.DataFrame,
                obs_var: bool, msgs: list[str]) -> tuple[pd.Series, pd.Series]:
    """CR and AVE per construct (NaN for single-item constructs, with a warning)."""
    cr: dict[str, float] = {}
    ave: dict[str, float] = {}
    for c, ids in blocks.items():
        ids = list(ids)
        if len(ids) < 2:
            _warn(msgs, SingularMatrixWarning(
                f"construct {c} has a single item: composite reliability, AVE and HTMT are "
                "not defined for it (NaN); measure it with 3 or more items"))
            cr[c] = ave[c] = float("nan")
            continue
        lam = np.array([float(loadings[it]) for it in ids])
        psi = float(factor_cov.loc[c, c])
        th = theta.loc[ids, ids].to_numpy(dtype=float)
        if np.any(np.diag(th) < 0) or psi < 0:
            _warn(msgs, HeywoodWarning(
                f"construct {c}: negative (residual) variance in the CFA estimates, so its CR "
                "and AVE can exceed 1; inspect the loadings of "
                f"{', '.join(ids)} (Heywood case)"))
        if obs_var:
            cr[c] = composite_reliability(lam, psi, th, s_obs.loc[ids, ids].to_numpy())
            ave[c] = average_variance_extracted(lam, psi,
                                                observed_variances=np.diag(s_obs.loc[ids, ids]))
        else:
            cr[c] = composite_reliability(lam, psi, th)
            ave[c] = average_variance_extracted(lam, psi, residual_variances=np.diag(th))
    return pd.Series(cr, dtype=float), pd.Series(ave, dtype=float)


def _warn_undefined_htmt(corr: pd.DataFrame, multi: Mapping[str, Sequence[str]],
                         absolute: bool, msgs: list[str]) -> None:
    """Warn for constructs whose HTMT2 (uncorrelated items) or HTMT (negative mean) is NaN."""
    for c, ids in multi.items():
        sub = corr.loc[list(ids), list(ids)].to_numpy()
        off = sub[~np.eye(len(sub), dtype=bool)]
        if np.any(np.abs(off) < 1e-12):
            _warn(msgs, SingularMatrixWarning(
                f"construct {c}: two of its items are uncorrelated, so HTMT2's geometric mean "
                "is 0 and HTMT2 is undefined (NaN) for it; check the items' keying"))
        elif (not absolute) and np.mean(off) <= 0:
            _warn(msgs, SingularMatrixWarning(
                f"construct {c}: its items correlate negatively on average, so HTMT is "
                "undefined (NaN); declare reverse-keyed items with `reverse: true`"))


def _bootstrap_all(complete: pd.DataFrame, multi: Mapping[str, Sequence[str]], names: list[str],
                   n_boot: int, *, seed: int | None, level: float, absolute: bool,
                   progress: Callable[[int], None] | None, msgs: list[str]) -> HTMTBootstrap:
    """HTMT bootstrap of the multi-item constructs, limits laid out over every construct."""
    boot = htmt_bootstrap_fn(complete, multi, n_boot, seed=seed, level=level,
                             absolute=absolute, progress=progress)
    if boot.n_failed:
        _warn(msgs, SingularMatrixWarning(
            f"{boot.n_failed} of {boot.n_boot} HTMT bootstrap replicates failed (an item "
            "without variance in the resample) and were left out"))
    full = {}
    for attr in ("htmt_lower", "htmt_upper", "htmt2_lower", "htmt2_upper"):
        m = getattr(boot, attr).reindex(index=names, columns=names)
        for c in names:
            m.loc[c, c] = 1.0
        full[attr] = m
    return HTMTBootstrap(**full, n_boot=boot.n_boot, n_failed=boot.n_failed,
                         level=boot.level, seed=boot.seed)


def _method_names(obs_var: bool, absolute: bool, boot: HTMTBootstrap | None,
                  level: float) -> dict[str, str]:
    """The formula behind each statistic, as reported."""
    method = {
        "cr": "rho_C = (sum lambda)^2 psi / "
              + ("observed variance of the sum score (compRelSEM obs.var = TRUE)" if obs_var
                 else "((sum lambda)^2 psi + sum theta + 2 sum theta_ij) (compRelSEM obs.var = FALSE)"),
        "ave": "sum lambda^2 psi / sum "
               + ("observed item variances (semTools AVE obs.var = TRUE)" if obs_var
                  else "model-implied item variances (Fornell & Larcker 1981; AVE obs.var = FALSE)"),
        "htmt": "Henseler et al. (2015), arithmetic means of "
                + ("absolute " if absolute else "") + "item correlations",
        "htmt2": "Roemer et al. (2021), geometric means of absolute item correlations",
        "msv_asv": "max / mean squared factor correlation",
    }
    if boot is not None:
        method["htmt_ci"] = f"percentile bootstrap, {boot.n_boot} replicates, level {level:g}"
    return method


def validity_from_estimates(
    blocks: Mapping[str, Sequence[str]],
    loadings: Mapping[str, float] | pd.Series,
    factor_cov: pd.DataFrame,
    factor_cor: pd.DataFrame,
    theta: pd.DataFrame,
    data: pd.DataFrame,
    *,
    obs_var: bool = False,
    htmt_bootstrap: int = 0,
    seed: int | None = None,
    level: float = 0.95,
    absolute: bool = True,
    progress: Callable[[int], None] | None = None,
) -> ValidityResult:
    """Validity statistics from CFA estimates and the (reverse-keyed) item data.

    Parameters
    ----------
    blocks
        Construct id -> item ids (first-order constructs).
    loadings
        Item id -> unstandardized loading on its construct.
    factor_cov, factor_cor
        Latent covariance and correlation matrices (labelled by construct id).
    theta
        Residual covariance matrix labelled by item id (variances on the diagonal).
    data
        Respondents x item ids, reverse-keyed items already recoded; rows with a missing
        item are dropped (listwise) for HTMT and the observed covariances.
    obs_var
        Use observed variances in the CR and AVE denominators (semTools' default);
        False (default here) uses the model-implied ones, i.e. the textbook rho_C and
        Fornell-Larcker AVE.
    htmt_bootstrap
        Bootstrap replicates for HTMT/HTMT2 percentile CIs (0 = none).
    """
    msgs: list[str] = []
    names = list(blocks)
    items = [it for ids in blocks.values() for it in ids]
    complete = _complete_items(data, items)
    x = complete.to_numpy()
    s_obs = pd.DataFrame(np.cov(x, rowvar=False, bias=True), index=items, columns=items)
    corr = pd.DataFrame(np.corrcoef(x, rowvar=False), index=items, columns=items)
    cr_s, ave_s = _convergent(blocks, loadings, factor_cov, theta, s_obs, obs_var, msgs)
    cor = factor_cor.loc[names, names].astype(float)
    fl = fornell_larcker_table(ave_s, cor)
    msv, asv = shared_variance(cor)
    multi = {c: ids for c, ids in blocks.items() if len(ids) >= 2}
    with np.errstate(all="ignore"):
        h1 = htmt_matrix(corr, blocks, absolute=absolute)
        h2 = htmt_matrix(corr, blocks, geometric=True)
    _warn_undefined_htmt(corr, multi, absolute, msgs)
    boot = None
    if htmt_bootstrap:
        boot = _bootstrap_all(complete, multi, names, htmt_bootstrap, seed=seed, level=level,
                              absolute=absolute, progress=progress, msgs=msgs)
    return ValidityResult(
        cr=cr_s, ave=ave_s, fornell_larcker=fl, factor_correlations=cor, htmt=h1, htmt2=h2,
        msv=msv, asv=asv, n=len(complete), method=_method_names(obs_var, absolute, boot, level),
        missing="listwise", bootstrap=boot, warnings=tuple(msgs),
    )


# ------------------------------------------------------------------ CFA adapter
def _theta_from_cfa(cfa: Any, items: list[str]) -> pd.DataFrame:
    rv = cfa.residual_variances
    if isinstance(rv, pd.DataFrame):
        var = rv["est"] if "est" in rv.columns else rv.iloc[:, 0]
    else:
        var = pd.Series(rv)
    theta = pd.DataFrame(np.diag([float(var[it]) for it in items]), index=items, columns=items)
    rc = getattr(cfa, "residual_covariances", None)
    if isinstance(rc, pd.DataFrame) and len(rc):
        cols = [c for c in rc.columns if c != "est"]
        if {"lhs", "rhs"} <= set(rc.columns):
            cols = ["lhs", "rhs"]
        for _, row in rc.iterrows():
            a, b, est = row[cols[0]], row[cols[1]], float(row["est"])
            if a in theta.index and b in theta.index:
                theta.loc[a, b] = theta.loc[b, a] = est
    return theta


def analyze_validity(
    cfa: Any,
    data: pd.DataFrame,
    ins: Any,
    *,
    htmt_bootstrap: int = 0,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    obs_var: bool = False,
    level: float = 0.95,
) -> ValidityResult:
    """Validity statistics of a fitted first-order CFA (``CFAResult``) and its data.

    Reads ``cfa.loadings`` (columns ``construct, item, est``), ``cfa.factor_covariances``,
    ``cfa.factor_correlations``, ``cfa.residual_variances`` (``est`` by item) and
    ``cfa.residual_covariances`` (``lhs, rhs, est``) as documented in
    docs/api-contract.md. Rows of a second-order model whose ``construct`` is a dimension
    are ignored. ``data`` holds codes as answered; reverse-keyed items are recoded here.
    """
    lo = cfa.loadings
    item_ids = set(ins.item_ids)
    lo = lo[lo["item"].isin(item_ids)]
    blocks: dict[str, list[str]] = {}
    for c in ins.construct_ids:
        ids = lo.loc[lo["construct"] == c, "item"].tolist()
        if ids:
            blocks[c] = ids
    if not blocks:
        raise EstimationError("the CFA result has no loadings of the instrument's items")
    loadings = {row.item: float(row.est) for row in lo.itertuples()}
    items = [it for ids in blocks.values() for it in ids]
    theta = _theta_from_cfa(cfa, items)
    pre: list[str] = []
    if not getattr(cfa, "converged", True):
        w = ConvergenceWarning("the CFA did not converge, so CR, AVE and Fornell-Larcker rest "
                               "on unreliable estimates; fix the CFA first")
        warnings.warn(w, stacklevel=2)
        pre.append(str(w))
    rk = reverse_keyed(data, ins)
    res = validity_from_estimates(
        blocks, loadings, cfa.factor_covariances, cfa.factor_correlations, theta, rk,
        obs_var=obs_var, htmt_bootstrap=htmt_bootstrap, seed=seed, level=level,
        progress=progress,
    )
    if pre:
        res = replace(res, warnings=tuple(pre) + res.warnings)
    return res
