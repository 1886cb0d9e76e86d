"""Tables, power curve (SVG) and HTML page of a Monte Carlo power study.

Reads :class:`cemsurvey.sampling.mcresult.MonteCarloResult` only; everything shown is on the
result (rounding happens here, for display). With a Persian translator the page is right to
left (``lang="fa" dir="rtl"``): headings, tables and the figure's labels in Persian, the
figure's axes left to right as in the report's figures.
"""

from __future__ import annotations

import math
from typing import Any

from cemsurvey.report.i18n import Translator
from cemsurvey.report.svg import esc, is_rtl
from cemsurvey.report.tables import Table
from cemsurvey.sampling.mcresult import MonteCarloResult

__all__ = ["montecarlo_tables", "power_curve_svg", "montecarlo_html", "settings_line"]

_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
           "#17becf", "#7f7f7f", "#bcbd22")


def settings_line(res: MonteCarloResult) -> str:
    """One line with the study's settings."""
    data = "Likert items" if res.data == "likert" else "multivariate normal items"
    gaps = f", {res.missing:.0%} MCAR gaps (FIML)" if res.missing else ""
    est = "PLS" if res.method == "pls" else f"CB-SEM, {res.estimator.upper()}"
    return (f"{est}; {data}{gaps}; loadings {res.loading:g}; {res.reps} replications per n, "
            f"seed {res.seed}; alpha {res.alpha:g}, target power {res.target_power:g}; "
            f"{res.reps_done} replications on {res.executor} in {res.seconds:.1f} s.")


def _power_table(res: MonteCarloResult) -> Table:
    cols = ["path", "effect"] + [f"n={n}" for n in res.n_grid] + ["n required"]
    rows: list[list[Any]] = []
    for p in res.paths:
        by_n = dict(zip(p.n, p.power))
        rows.append([p.label, p.effect, *[by_n.get(n) for n in res.n_grid],
                     p.n_required if p.effect != 0 else "(null path)"])
    fmts = {c: ".3f" for c in cols[2:-1]}
    fmts["effect"] = ".2f"
    need = (f"{res.n_required} respondents give every nonzero path power >= "
            f"{res.target_power:g}" if res.n_required is not None else
            f"no sample size studied gives every nonzero path power >= {res.target_power:g}; "
            "extend the grid")
    notes = [f"Recommended: {need}.", settings_line(res)]
    if res.bisection:
        notes.append("Bisection added n = " + ", ".join(str(n) for n in res.bisection) + ".")
    notes += list(res.warnings)
    return Table(key="monte_carlo_power", title="Monte Carlo power by path and n",
                 columns=cols, rows=rows, formats=fmts, notes=notes)


def _quality_table(res: MonteCarloResult) -> Table:
    cols = ["path", "n", "power", "MC SE", "analytic", "mean est", "population", "rel. bias",
            "SE bias", "coverage", "converged"]
    rows = []
    for p in res.paths:
        for i, n in enumerate(p.n):
            rows.append([p.label, n, p.power[i], p.mcse[i],
                         p.analytic[i] if p.analytic is not None else None, p.mean_est[i],
                         p.population, p.rel_bias[i], p.se_bias[i], p.coverage[i],
                         p.converged[i]])
    return Table(key="monte_carlo_paths", title="Estimates, standard errors and coverage",
                 columns=cols, rows=rows,
                 formats={"n": "d", "power": ".3f", "MC SE": ".3f", "analytic": ".3f",
                          "mean est": ".3f", "population": ".3f", "rel. bias": ".1%",
                          "SE bias": ".1%", "coverage": ".3f", "converged": "d"},
                 notes=["Muthen & Muthen (2002): relative bias of estimates and SEs within "
                        "10%, coverage .91-.98. analytic: Satorra & Saris (1985) power of "
                        "the path (CB-SEM, ML, complete continuous data)."])


def _model_table(res: MonteCarloResult) -> Table:
    rows = [[s.n, s.reps, s.convergence_rate, s.chi2_reject, s.mean_rmsea, s.mean_cfi]
            for s in res.sizes]
    return Table(key="monte_carlo_model", title="Convergence and model fit by n",
                 columns=["n", "replications", "converged", "chi2 rejects", "mean RMSEA",
                          "mean CFI"], rows=rows,
                 formats={"n": "d", "replications": "d", "converged": ".1%",
                          "chi2 rejects": ".3f", "mean RMSEA": ".3f", "mean CFI": ".3f"},
                 notes=[f"chi2 rejects: share of replications whose model chi-square test "
                        f"rejects at alpha {res.alpha:g} (about alpha for a correct model)."])


def montecarlo_tables(res: MonteCarloResult, thresholds: Any = None) -> list[Table]:
    """Power by path and n; estimation quality per path and n; convergence and fit by n."""
    _ = thresholds
    return [_power_table(res), _quality_table(res), _model_table(res)]


def _label(x: float, y: float, text: str, *, anchor: str = "start", size: int = 11,
           extra: str = "") -> str:
    """A figure label; Persian text runs right to left, on the same side of ``x``."""
    rtl = ' direction="rtl"' if is_rtl(text) else ""
    if rtl and anchor in ("start", "end"):
        anchor = "end" if anchor == "start" else "start"
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{rtl}'
            f'{extra}>{esc(text)}</text>')


def power_curve_svg(res: MonteCarloResult, *, width: int = 560, height: int = 340,
                    tr: Translator | None = None) -> str:
    """Power against n, one line per path, with the target power as a dashed line; ``tr``
    translates the axis titles and the legend's words."""
    tr = tr or Translator("en")
    ml, mr, mt, mb = 56, 150, 20, 44
    pw, ph = width - ml - mr, height - mt - mb
    ns = [n for p in res.paths for n in p.n] or [0, 1]
    lo, hi = min(ns), max(ns)
    if hi == lo:
        lo, hi = lo - 1, hi + 1

    def x(n: float) -> float:
        return ml + (n - lo) / (hi - lo) * pw

    def y(v: float) -> float:
        return mt + (1.0 - v) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" direction="ltr" role="img" '
           f'aria-label="{esc(tr.text("Monte Carlo power curve"))}" font-family="sans-serif">',
           f'<rect x="{ml}" y="{mt}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>']
    for v in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        out.append(f'<line x1="{ml - 4}" y1="{y(v):.1f}" x2="{ml}" y2="{y(v):.1f}" stroke="#999"/>'
                   f'<text x="{ml - 7}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11">'
                   f'{v:.1f}</text>')
    for n in sorted(set(ns)):
        out.append(f'<line x1="{x(n):.1f}" y1="{mt + ph}" x2="{x(n):.1f}" y2="{mt + ph + 4}" '
                   f'stroke="#999"/><text x="{x(n):.1f}" y="{mt + ph + 17}" '
                   f'text-anchor="middle" font-size="11">{n}</text>')
    out.append(_label(ml + pw / 2, height - 6, tr.text("sample size n"), anchor="middle",
                      size=12))
    out.append(_label(14, mt + ph / 2, tr.text("power"), anchor="middle", size=12,
                      extra=f' transform="rotate(-90 14 {mt + ph / 2:.1f})"'))
    t = res.target_power
    out.append(f'<line x1="{ml}" y1="{y(t):.1f}" x2="{ml + pw}" y2="{y(t):.1f}" stroke="#444" '
               f'stroke-dasharray="6 4" class="target"/>'
               + _label(ml + 6, y(t) - 5, tr.text(f"target {t:g}"), extra=' fill="#444"'))
    for k, p in enumerate(res.paths):
        color = _COLORS[k % len(_COLORS)]
        if p.analytic is not None:  # Satorra-Saris power, dotted
            ana = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in zip(p.n, p.analytic))
            out.append(f'<polyline fill="none" stroke="{color}" stroke-width="1.2" '
                       f'stroke-dasharray="2 3" class="analytic" points="{ana}"/>')
        pts = [(x(n), y(v)) for n, v in zip(p.n, p.power) if math.isfinite(v)]
        if pts:
            out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="'
                       + " ".join(f"{a:.1f},{b:.1f}" for a, b in pts) + '"/>')
            out += [f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{color}"/>' for a, b in pts]
        ly = mt + 16 + 18 * k
        out.append(f'<line x1="{ml + pw + 6}" y1="{ly + 18:.1f}" x2="{ml + pw + 24}" '
                   f'y2="{ly + 18:.1f}" stroke="{color}" stroke-width="2"/>'
                   f'<text x="{ml + pw + 28}" y="{ly + 22:.1f}" font-size="11">'
                   f'{esc(p.label)} ({p.effect:g})</text>')
    if any(p.analytic is not None for p in res.paths):
        ly = mt + 16 + 18 * len(res.paths) + 22
        out.append(_label(ml + pw + 6, ly, tr.text("dotted: analytic"), size=10,
                          extra=' fill="#555"')
                   + _label(ml + pw + 6, ly + 13, tr.text("(Satorra-Saris)"), size=10,
                            extra=' fill="#555"'))
    out.append("</svg>")
    return "\n".join(out)


def _html_table(t: Table) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in t.columns)
    body = "".join("<tr>" + "".join(f"<td>{esc(t.formatted(r, c, v))}</td>"
                                    for c, v in zip(t.columns, r)) + "</tr>" for r in t.rows)
    notes = "".join(f"<p class=note>{esc(n)}</p>" for n in t.notes)
    return (f'<h2 id="{esc(t.key)}">{esc(t.title)}</h2><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{notes}")


def montecarlo_html(res: MonteCarloResult, title: str = "Monte Carlo power",
                    tr: Translator | None = None) -> str:
    """A self-contained HTML page: the power curve and the three tables, in the language of
    ``tr`` (English by default; Persian: ``lang="fa" dir="rtl"``, translated headings,
    column headers, notes and figure labels). ``title`` is shown as given.
    """
    tr = tr or Translator("en")
    rtl = tr.lang == "fa"
    # logical alignment: numbers at the end of the line, the first column at its start
    css = ("body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
           "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;"
           "padding:.2rem .5rem;text-align:end}td:first-child,th:first-child{text-align:start}"
           ".note{color:#555;font-size:.9em;margin:.2rem 0}figure{margin:1rem 0}"
           + ("body{font-family:Vazirmatn,Tahoma,sans-serif}td:first-child{direction:ltr;"
              "unicode-bidi:isolate}" if rtl else ""))
    head = f'<html lang="{tr.lang}" dir="{"rtl" if rtl else "ltr"}"><head><meta charset="utf-8">'
    parts = ["<!DOCTYPE html>", head,
             f"<title>{esc(title)}</title><style>{css}</style></head><body>",
             f"<h1>{esc(title)}</h1>", f"<figure>{power_curve_svg(res, tr=tr)}</figure>"]
    parts += [_html_table(tr.table(t)) for t in montecarlo_tables(res)]
    parts.append("</body></html>")
    return "\n".join(parts)

