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
                     "asv": _map(NUM), **discriminant_schemas()},
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
                     "cfa", "validity", "structural", "groups", "notes", "timings",
                     "method_bias"],
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
            "compare": {"type": ["object", "null"],
                        "description": "PLS model comparison with --compare-model: target, "
                                       "best_bic, best_gm, models [{model, bic, gm, r2, ...}] "
                                       "(Sharma et al. 2019)."},
            "groups": groups, "invariance": invariance,
            "method_bias": method_bias_schema(),
            "notes": {"type": "array", "items": {"type": "string"}},
            "warnings": {"type": "array", "items": {"type": "string"}},
            "timings": _map({"type": "number", "minimum": 0},
                            "Seconds per step that ran, and total."),
        },
    }


def _pairs(props: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "array", "items": _obj(props, required, nullable=False)}


def _test() -> dict[str, Any]:
    return _obj({"chi2": NUM, "df": INT, "p": NUM}, ["chi2", "df", "p"], nullable=False)


def discriminant_schemas() -> dict[str, Any]:
    """``validity.discriminant`` (Rönkkö & Cho 2022) and ``validity.htmt_inference``
    (HTMT/HTMT2 bootstrap intervals, Franke & Sarstedt 2019); ``null`` when not computed."""
    cfa_pair = {k: STR for k in ("lhs", "rhs", "class")} | {"below_cutoff": BOOL} | {
        k: NUM for k in ("est", "se", "ci_lower", "ci_upper", "upper", "cut", "chi2", "df",
                         "chi2_diff", "df_diff", "p")}
    htmt_pair = {k: STR for k in ("lhs", "rhs")} | {k: BOOL for k in ("supported",
                                                                       "supported2")} | {
        k: NUM for k in ("htmt", "htmt_lower", "htmt_upper", "htmt2", "htmt2_lower",
                         "htmt2_upper")}
    return {
        "discriminant": _obj(
            {"cutoff": NUM, "level": NUM, "alpha": NUM, "chi2_tests": {"type": "boolean"},
             "pairs": _pairs(cfa_pair, ["lhs", "rhs", "est", "ci_lower", "ci_upper", "upper",
                                        "p", "below_cutoff", "class"]),
             "source": STR},
            ["cutoff", "level", "chi2_tests", "pairs"],
            description="Factor correlations (latent variances 1, ML, complete cases) with "
                        "Wald CIs and chi2(cut) tests (Rönkkö & Cho 2022)."),
        "htmt_inference": _obj(
            {"cutoff": NUM, "level": NUM, "n_boot": INT, "n_failed": INT, "seed": INT,
             "pairs": _pairs(htmt_pair, ["lhs", "rhs", "htmt", "htmt_upper", "supported"]),
             "source": STR},
            ["cutoff", "level", "n_boot", "pairs"],
            description="HTMT and HTMT2 with percentile bootstrap CIs; verdicts from the "
                        "upper bound (Franke & Sarstedt 2019)."),
    }


def method_bias_schema() -> dict[str, Any]:
    """``method_bias``: Harman, full-collinearity VIFs, common latent factor and the marker
    techniques (each ``null`` when not run)."""
    fits = _map(_obj({k: NUM for k in ("chi2", "cfi", "tli", "rmsea", "srmr", "aic", "bic",
                                       "p")} | {"df": INT, "converged": BOOL},
                     ["chi2", "df"], nullable=False))
    harman = _obj({"pca_share": NUM, "efa_share": NUM, "threshold": NUM, "flagged": BOOL,
                   "n": INT, "pca_loadings": _map(NUM), "efa_loadings": _map(NUM)},
                  ["pca_share", "efa_share", "threshold", "flagged", "n"])
    vif = _obj({"vif": _map(NUM), "threshold": NUM, "flagged": {"type": "array"},
                "scores": {"type": "string", "description": "mean or PLS construct scores"},
                "n": INT}, ["vif", "threshold", "flagged", "scores", "n"])
    clf = _obj({"test": _test(), "method_loading": NUM, "method_share": NUM, "threshold": NUM,
                "flagged": {"type": "array"}, "items": {"type": "array"}, "fit": fits},
               ["test", "method_share", "threshold", "flagged", "items", "fit"])
    lw = _obj({"marker": STR, "r_marker": NUM, "n": INT,
               "pairs": _pairs({"lhs": STR, "rhs": STR} | {k: NUM for k in (
                   "r", "r_adjusted", "t", "p")}, ["lhs", "rhs", "r", "r_adjusted"])},
              ["marker", "r_marker", "pairs"])
    mt = _obj({"marker": STR, "retained": {"enum": ["method_c", "method_u"]}, "alpha": NUM,
               "method_share": NUM, "fit": fits, "correlations": {"type": "array"},
               "items": _map(NUM),
               "tests": _obj({k: _test() for k in ("baseline_vs_c", "c_vs_u", "r_test")},
                             ["baseline_vs_c", "c_vs_u", "r_test"], nullable=False)},
              ["marker", "retained", "tests", "fit"])
    return _obj({"harman": harman, "full_collinearity": vif, "common_latent_factor": clf,
                 "lindell_whitney": lw, "marker_technique": mt, "marker_construct": STR,
                 "n": INT, "warnings": {"type": "array", "items": {"type": "string"}}},
                ["harman", "full_collinearity", "common_latent_factor", "lindell_whitney",
                 "marker_technique", "marker_construct", "n"],
                description="Common-method bias (Podsakoff et al. 2003; Kock 2015; Lindell & "
                            "Whitney 2001; Williams, Hartman & Cavazotte 2010).")
