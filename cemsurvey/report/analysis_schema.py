"""JSON Schema of ``cemsurvey analyze --format json`` (printed by ``cemsurvey schema --analysis``).

The schema fixes the top-level layout and the keys every area documents
(docs/api-contract.md and the issues); sections may carry further keys
(``additionalProperties`` is open inside a section so areas can add statistics without
breaking consumers). A step that did not run is ``null``. Numbers that could not be
computed are ``null`` (never NaN).
"""

from __future__ import annotations

from typing import Any

from cemsurvey.results import ALL_STEPS

NUM = {"type": ["number", "null"]}
INT = {"type": ["integer", "null"]}
STR = {"type": ["string", "null"]}
BOOL = {"type": ["boolean", "null"]}


def _obj(props: dict[str, Any], required: list[str] | None = None, *,
         nullable: bool = True, description: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": ["object", "null"] if nullable else "object",
                           "properties": props}
    if required:
        out["required"] = required
    if description:
        out["description"] = description
    return out


def _map(values: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "additionalProperties": values}
    if description:
        out["description"] = description
    return out


def analysis_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the analysis output.

    >>> s = analysis_json_schema()
    >>> s["required"][:3], "structural" in s["properties"]
    (['n', 'steps', 'import'], True)
    """
    step = {"type": "object", "required": ["name", "status", "seconds"],
            "properties": {"name": {"enum": list(ALL_STEPS)},
                           "status": {"enum": ["ok", "skipped", "not requested"]},
                           "seconds": {"type": "number", "minimum": 0},
                           "note": STR,
                           "warnings": {"type": "array", "items": {"type": "string"}}},
            "additionalProperties": False}
    item_rel = _obj({"alpha_if_deleted": NUM, "item_rest_r": NUM, "mean": NUM, "sd": NUM},
                    ["alpha_if_deleted", "item_rest_r"], nullable=False)
    construct_rel = _obj({"alpha": NUM, "alpha_std": NUM,
                          "alpha_ci": {"type": ["array", "null"], "items": NUM},
                          "omega": NUM, "items": _map(item_rel)},
                         ["alpha", "alpha_std", "alpha_ci", "omega", "items"], nullable=False)
    reliability = {"type": ["object", "null"], "additionalProperties": construct_rel,
                   "description": "Construct id -> reliability (Cronbach's alpha, McDonald's omega)."}
    efa = _obj({"kmo": NUM, "kmo_items": _map(NUM),
                "bartlett": _obj({"chi2": NUM, "df": INT, "p": NUM}, ["chi2", "df", "p"]),
                "parallel_factors": INT,
                "eigenvalues": {"type": "array", "items": NUM},
                "parallel_eigenvalues": {"type": "array", "items": NUM},
                "loadings": _map({"type": "array", "items": NUM}),
                "method": {"type": "string"}, "rotation": STR},
               ["kmo", "kmo_items", "bartlett", "parallel_factors", "eigenvalues", "loadings",
                "method", "rotation"])
    fit_keys = ["chi2", "df", "p", "cfi", "tli", "rmsea", "rmsea_ci_lower", "rmsea_ci_upper",
                "srmr", "aic", "bic", "loglik"]
    fit = _obj({k: NUM for k in fit_keys}, fit_keys)
    loading = _obj({k: (STR if k in ("construct", "item") else NUM)
                    for k in ("construct", "item", "est", "se", "std", "std_se", "p")},
                   ["construct", "item", "est", "se", "std", "std_se", "p"], nullable=False)
    cfa = _obj({"converged": {"type": "boolean"}, "fit": fit,
                "estimator": {"type": "string",
                              "description": "ML, MLR or WLSMV (--estimator / YAML)."},
                "missing": {"type": "string",
                            "description": "Missing-data policy: listwise, pairwise, fiml."},
                "loadings": {"type": "array", "items": loading},
                "correlations": _map(_map(NUM))},
               ["converged", "fit", "loadings", "correlations"])
    validity = _obj({"cr": _map(NUM), "ave": _map(NUM), "fornell_larcker": {},
                     "htmt": _map(_map(NUM)), "htmt2": {}, "msv": _map(NUM),
                     "asv": _map(NUM)},
                    ["cr", "ave", "fornell_larcker", "htmt"])
    path = _obj({"hypothesis": STR, "from": {"type": "string"}, "to": {"type": "string"},
                 "est": NUM, "std": NUM, "se": NUM, "t": NUM, "p": NUM, "ci_lower": NUM,
                 "ci_upper": NUM, "supported": {"type": "boolean"}},
                ["from", "to", "est", "std", "se", "t", "p", "ci_lower", "ci_upper",
                 "supported"], nullable=False)
    structural = _obj({"method": {"enum": ["cb-sem", "pls"]},
                       "paths": {"type": "array", "items": path},
                       "r2": _map(NUM), "indirect": {"type": "array"},
                       "fit": {"type": ["object", "null"]},
                       "pls": {"type": "object",
                               "description": "PLS only: outer model, f2, q2, HTMT, VIF ...; "
                                              "method pls or plsc (consistent PLS).",
                               "properties": {
                                   "method": {"enum": ["pls", "plsc"]},
                                   "formative": {"type": ["object", "null"],
                                                 "description": "Formative (mode B) "
                                                 "constructs: weights, VIF, decisions, "
                                                 "redundancy analysis."},
                                   "interactions": {"type": "array",
                                                    "description": "Interaction terms X:M "
                                                    "with simple slopes."}}},
                       "cbsem": {"type": "object",
                                 "description": "CB-SEM only: the ML fit of the structural "
                                                "model (estimator, fit indices, loadings), "
                                                "direct/indirect/total effects."}},
                      ["method", "paths", "r2", "indirect", "fit"])
    desc_item = _obj({k: NUM for k in ("mean", "sd", "median", "min", "max", "skew",
                                        "kurtosis")} | {"n": INT, "missing": INT,
                                                        "construct": STR, "reverse": BOOL},
                     ["n", "missing", "mean", "sd", "skew", "kurtosis"], nullable=False)
    descriptives = _obj({"n": INT, "method": STR, "items": _map(desc_item)}, ["n", "items"])
    imp = _obj({"n_rows": INT, "n_kept": INT, "source": STR,
                "flags": _map({"type": "array"}), "missing": {"type": ["object", "null"]}},
               ["n_rows", "n_kept"])
    profile = {"type": ["object", "null"],
               "description": "Sample profile: background question id -> counts, percentages, "
                              "missing (numbers: mean, sd, median, range)."}
    groups = {"type": ["object", "null"],
              "description": "Group comparison of construct scores (--by)."}
    level = _obj({"level": STR, "fit": {"type": "object"}, "delta": {"type": ["object", "null"]},
                  "verdict": STR, "released": {"type": "array", "items": STR},
                  "partial_fit": {"type": ["object", "null"]},
                  "partial_delta": {"type": ["object", "null"]}},
                 ["level", "fit", "delta", "verdict"], nullable=False)
    invariance = {
        "type": ["object", "null"],
        "description": "Measurement invariance across the groups of --by. CB-SEM: levels "
                       "(configural, metric, scalar, strict) with fit, deltas and verdicts, "
                       "the partial-invariance releases, latent mean differences and path "
                       "differences. PLS-SEM: micom (MICOM steps 1-3) and paths (MGA).",
        "properties": {"levels": {"type": "array", "items": level},
                       "partial": {"type": "object"}, "latent_means": {"type": "array"},
                       "paths": {"type": ["array", "object"]}, "micom": {"type": "object"},
                       "reached": STR, "group": STR}}
    pred_item = _obj({"indicator": STR, "construct": STR} | {
        k: NUM for k in ("q2predict", "pls_rmse", "lm_rmse", "pls_mae", "lm_mae")},
        ["indicator", "construct", "q2predict", "pls_rmse", "lm_rmse"], nullable=False)
    predict = _obj({"items": {"type": "array", "items": pred_item},
                    "verdict": {"type": "array", "items": _obj(
                        {"construct": STR, "verdict": {"enum": ["none", "low", "medium",
                                                                "high"]}},
                        ["construct", "verdict"], nullable=False)},
                    "folds": INT, "repetitions": INT, "technique": {"enum": ["EA", "DA"]},
                    "method": {"enum": ["pls", "plsc"]},
                    "cvpat": _obj({"rows": {"type": "array"}, "nboot": INT}, ["rows"],
                                  nullable=False)},
                   ["items", "verdict", "folds", "repetitions", "technique", "cvpat"])
    predict["description"] = ("PLSpredict (Shmueli et al. 2019) per endogenous indicator "
                              "and its verdict, with CVPAT against the IA and LM benchmarks.")
    ipma = _obj({"target": STR, "target_performance": NUM,
                 "rows": {"type": "array", "items": _obj(
                     {"construct": STR, "importance": NUM, "total_effect": NUM,
                      "performance": NUM}, ["construct", "importance", "performance"],
                     nullable=False)}},
                ["target", "rows"])
    ipma["description"] = "Importance-performance map of the target construct (PLS-SEM)."
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cemsurvey.invalid/schema/analysis.json",
        "title": "cemsurvey analyze --format json",
        "type": "object",
        "required": ["n", "steps", "import", "profile", "descriptives", "reliability", "efa",
                     "cfa", "validity", "structural", "groups", "notes", "timings"],
        "additionalProperties": False,
        "properties": {
            "n": {"type": "integer", "minimum": 0,
                  "description": "Respondents analysed after screening."},
            "data": {"type": "string"}, "title": {"type": "string"},
            "options": {"type": "object"},
            "steps": {"type": "array", "items": step},
            "import": imp, "missing": {
                "type": ["object", "null"],
                "description": "Missing answers: share per item, respondents by number "
                               "missing, patterns, EM moments, Little's MCAR test."},
            "profile": profile, "descriptives": descriptives,
            "reliability": reliability, "efa": efa, "cfa": cfa, "validity": validity,
            "structural": structural, "predict": predict, "ipma": ipma,
            "groups": groups, "invariance": invariance,
            "notes": {"type": "array", "items": {"type": "string"}},
            "warnings": {"type": "array", "items": {"type": "string"}},
            "timings": _map({"type": "number", "minimum": 0},
                            "Seconds per step that ran, and total."),
        },
    }
