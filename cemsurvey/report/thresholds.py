"""Default thresholds and verdicts, each naming its source (shared/conventions.md).

Every threshold is a default the user can override with ``--thresholds FILE`` (YAML with
the same keys). :func:`judge` turns a value into a :class:`~cemsurvey.report.tables.Verdict`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cemsurvey.errors import Issue, SpecError
from cemsurvey.report.tables import Verdict


@dataclass(frozen=True)
class Threshold:
    """``good``: pass at or beyond; ``ok``: warn between ok and good; fail beyond ok.

    ``higher`` says whether larger values are better.
    """

    good: float
    ok: float | None
    higher: bool
    label: str
    source: str


HAIR2019 = "Hair et al. (2019)"
FL1981 = "Fornell & Larcker (1981)"
HB1999 = "Hu & Bentler (1999)"
HRS2015 = "Henseler, Ringle & Sarstedt (2015)"

DEFAULT_THRESHOLDS: dict[str, Threshold] = {
    "alpha": Threshold(0.70, 0.60, True, "Cronbach's alpha", "Nunnally (1978); " + HAIR2019),
    "alpha_max": Threshold(0.95, None, False, "alpha (redundancy)", HAIR2019),
    "cr": Threshold(0.70, 0.60, True, "composite reliability rho_C", HAIR2019),
    "cr_max": Threshold(0.95, None, False, "rho_C (redundancy)", HAIR2019),
    "omega": Threshold(0.70, 0.60, True, "McDonald's omega", HAIR2019),
    "loading": Threshold(0.708, 0.50, True, "standardized loading", HAIR2019),
    "ave": Threshold(0.50, None, True, "AVE", FL1981),
    "htmt": Threshold(0.85, 0.90, False, "HTMT", HRS2015),
    "cfi": Threshold(0.95, 0.90, True, "CFI", HB1999),
    "tli": Threshold(0.95, 0.90, True, "TLI", HB1999),
    "rmsea": Threshold(0.06, 0.08, False, "RMSEA", HB1999),
    "srmr": Threshold(0.08, None, False, "SRMR", HB1999),
    "kmo": Threshold(0.80, 0.60, True, "KMO", "Kaiser (1974)"),
    "bartlett_p": Threshold(0.05, None, False, "Bartlett p", "Bartlett (1950)"),
    "vif": Threshold(3.0, 5.0, False, "VIF", HAIR2019),
    "full_vif": Threshold(3.3, None, False, "full-collinearity VIF", "Kock (2015)"),
    "item_rest_r": Threshold(0.30, 0.20, True, "item-rest correlation", "Nunnally (1978)"),
    "efa_loading": Threshold(0.40, None, True, "EFA loading", "Hair et al. (2019)"),
    "cross_loading": Threshold(0.30, None, False, "cross-loading", "Hair et al. (2019)"),
    "r2": Threshold(0.25, None, True, "R^2 (weak >= .25)", HAIR2019),
    "q2": Threshold(0.0, None, True, "Q^2", HAIR2019),
    "alpha_test": Threshold(0.05, None, False, "significance level", "conventional"),
}


def _fmt(x: float) -> str:
    s = f"{x:.3f}".rstrip("0").rstrip(".")
    return s[1:] if s.startswith("0.") else s


def judge(key: str, value: float | None, thresholds: dict[str, Threshold] | None = None) -> Verdict:
    """Verdict for ``value`` under threshold ``key``.

    >>> judge("alpha", 0.82).status, judge("alpha", 0.65).status, judge("rmsea", 0.09).status
    ('pass', 'warn', 'fail')
    """
    th = (thresholds or DEFAULT_THRESHOLDS)[key]
    op_good, op_bad = (">=", "<") if th.higher else ("<=", ">")
    if th.ok is not None:
        rule = f"{th.label} {op_good} {_fmt(th.good)} ({op_good} {_fmt(th.ok)} acceptable)"
    else:
        rule = f"{th.label} {op_good} {_fmt(th.good)}"
    if value is None or value != value:  # NaN
        return Verdict("info", rule, th.source)
    better = (lambda a, b: a >= b) if th.higher else (lambda a, b: a <= b)
    if better(value, th.good):
        return Verdict("pass", rule, th.source)
    if th.ok is not None and better(value, th.ok):
        return Verdict("warn", rule, th.source)
    return Verdict("fail", rule, th.source)


def load_thresholds(path: str | Path) -> dict[str, Threshold]:
    """Defaults overridden by a YAML file of ``key: value`` or ``key: {good:, ok:}``.

    Raises
    ------
    SpecError
        Unknown keys or non-numeric values, naming the file and key.
    """
    p = Path(path)
    try:
        data: Any = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise SpecError(Issue(f"thresholds file not found: {p}", str(p))) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SpecError(
            Issue("YAML syntax error in thresholds file", str(p),
                  mark.line + 1 if mark else None, mark.column + 1 if mark else None)
        ) from None
    if not isinstance(data, dict):
        raise SpecError(Issue("expected a mapping of threshold names to values", str(p), 1, 1))
    out = dict(DEFAULT_THRESHOLDS)
    for key, val in data.items():
        if key not in out:
            raise SpecError(
                Issue(f"unknown threshold '{key}' (known: {', '.join(sorted(out))})", str(p))
            )
        base = out[key]
        try:
            if isinstance(val, dict):
                unknown = set(val) - {"good", "ok"}
                if unknown:
                    raise ValueError(f"unknown keys {sorted(unknown)}; use good and ok")
                good = float(val.get("good", base.good))
                ok = val.get("ok", base.ok)
                ok = None if ok is None else float(ok)
            else:
                good, ok = float(val), base.ok
        except (TypeError, ValueError) as exc:
            raise SpecError(Issue(f"threshold '{key}': {exc}; give a number", str(p))) from None
        out[key] = Threshold(good, ok, base.higher, base.label, f"user ({p.name})")
    return out
