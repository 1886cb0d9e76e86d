"""Default thresholds and verdicts, each naming its source (shared/conventions.md).

Every threshold is a default the user can override with ``--thresholds FILE`` (YAML with
the same keys). :func:`judge` turns a value into a :class:`~cemsurvey.report.tables.Verdict`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    from cemsurvey.fileio import read_regular, regular_file_problem
    from cemsurvey.instrument.yamlpos import load_yaml_with_positions, locate

    p = Path(path)
    problem = regular_file_problem(p)
    if problem:
        raise SpecError(Issue(f"thresholds file {problem}", str(p)))
    try:
        text = read_regular(p).decode("utf-8-sig")
    except OSError as exc:
        raise SpecError(Issue(f"cannot read the thresholds file ({exc.strerror}); check its "
                              "permissions", str(p))) from None
    except UnicodeDecodeError:
        raise SpecError(Issue("the thresholds file is not UTF-8 text; save it as UTF-8",
                              str(p))) from None
    data: Any
    data, positions, dups = load_yaml_with_positions(text, str(p))
    if dups:
        raise SpecError(dups)
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise SpecError(Issue("expected a mapping of threshold names to values", str(p), 1, 1))
    out = dict(DEFAULT_THRESHOLDS)
    for key, val in data.items():
        line, col = locate(positions, (key,))
        if key not in out:
            raise SpecError(
                Issue(f"unknown threshold {key!r} (known: {', '.join(sorted(out))})", str(p),
                      line, col)
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
            if isinstance(val, bool) or not all(math.isfinite(v) for v in (good, ok or 0.0)):
                raise ValueError(f"{val!r} is not a finite number")
        except (TypeError, ValueError) as exc:
            raise SpecError(Issue(f"threshold '{key}': {exc}; give a number such as 0.7",
                                  str(p), line, col)) from None
        out[key] = Threshold(good, ok, base.higher, base.label, f"user ({p.name})")
    return out
