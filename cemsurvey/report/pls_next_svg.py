"""Inline SVG figures of the PLS extensions: the importance-performance map and the simple
slope plot. Pure string builders like :mod:`cemsurvey.report.svg` (labels XML-escaped,
numbers rounded here for display only); they take the result objects of
:mod:`cemsurvey.psychometrics.pls` (:class:`IpmaResult`, :class:`InteractionEffect`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cemsurvey.report.svg import esc, is_rtl

W, H, LEFT, RIGHT, TOP, BOTTOM = 460, 320, 56, 20, 30, 46
COLORS = ("#1f77b4", "#555555", "#d62728")


def _label(x: float, y: float, s: str, anchor: str = "middle", size: float = 11) -> str:
    rtl = ' direction="rtl"' if is_rtl(s) else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"'
            f'{rtl}>{esc(s)}</text>')


def _frame(title: str, xlab: str, ylab: str, xr: tuple[float, float],
           yr: tuple[float, float]) -> tuple[list[str], Any, Any]:
    """Axes, ticks and labels; returns the parts and the x and y mappings."""
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM
    fx = lambda v: LEFT + (v - xr[0]) / (xr[1] - xr[0]) * pw  # noqa: E731
    fy = lambda v: TOP + ph - (v - yr[0]) / (yr[1] - yr[0]) * ph  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" '
             f'width="{W}" height="{H}" direction="ltr" font-family="sans-serif">',
             _label(W / 2, 18, title, size=13),
             f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" '
             'stroke="#999"/>']
    for k in range(5):
        xv = xr[0] + k * (xr[1] - xr[0]) / 4
        yv = yr[0] + k * (yr[1] - yr[0]) / 4
        parts.append(_label(fx(xv), TOP + ph + 14, f"{xv:.2f}", size=10))
        parts.append(_label(LEFT - 6, fy(yv) + 3, f"{yv:.2f}".rstrip("0").rstrip("."),
                            anchor="end", size=10))
    parts.append(_label(LEFT + pw / 2, H - 8, xlab))
    parts.append(f'<text x="14" y="{TOP + ph / 2:.1f}" text-anchor="middle" font-size="11" '
                 f'transform="rotate(-90 14 {TOP + ph / 2:.1f})">{esc(ylab)}</text>')
    return parts, fx, fy


def ipma_map(ip: Any, tr: Callable[[str], str] = str) -> str:
    """Importance (x) against performance (y, 0-100) of the target's predecessors; ``tr``
    translates the title and axis labels.

    Dashed lines mark the mean importance and mean performance (the map's quadrants).
    """
    t = ip.table
    imp, perf = t["importance"].astype(float), t["performance"].astype(float)
    lo, hi = min(0.0, float(imp.min())), float(imp.max())
    pad = 0.1 * (hi - lo or 1.0)
    ylo = max(0.0, 10 * (float(perf.min()) // 10) - 10)
    parts, fx, fy = _frame(tr(f"Importance-performance map: {ip.target}"),
                           tr("importance (unstandardized total effect)"),
                           tr("performance (0-100)"), (lo, hi + pad), (ylo, 100.0))
    mx, my = float(imp.mean()), float(perf.mean())
    parts.append(f'<line x1="{fx(mx):.1f}" y1="{fy(ylo):.1f}" x2="{fx(mx):.1f}" y2="{fy(100):.1f}" '
                 'stroke="#bbb" stroke-dasharray="4 3"/>')
    parts.append(f'<line x1="{fx(lo):.1f}" y1="{fy(my):.1f}" x2="{fx(hi + pad):.1f}" '
                 f'y2="{fy(my):.1f}" stroke="#bbb" stroke-dasharray="4 3"/>')
    for c in t.index:
        x, y = fx(float(imp[c])), fy(float(perf[c]))
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{COLORS[0]}"/>')
        parts.append(_label(x + 6, y - 6, str(c), anchor="start", size=10))
    parts.append("</svg>")
    return "".join(parts)


def simple_slope_plot(effect: Any, tr: Callable[[str], str] = str) -> str:
    """The outcome against ``x`` (-1 to +1 SD) at moderator values -1, 0, +1 SD; ``tr``
    translates the title and labels."""
    s = effect.slopes
    ys = [float(v) for v in (*s["y_low"], *s["y_high"])]
    lo, hi = min(ys), max(ys)
    pad = 0.1 * (hi - lo or 1.0)
    parts, fx, fy = _frame(tr(f"Simple slopes: {effect.x} -> {effect.y} by {effect.m}"),
                           tr(f"{effect.x} (SD)"), tr(f"{effect.y} (SD)"), (-1.0, 1.0),
                           (lo - pad, hi + pad))
    for k, (lv, row) in enumerate(s.iterrows()):
        col = COLORS[k % len(COLORS)]
        parts.append(f'<line x1="{fx(-1):.1f}" y1="{fy(float(row["y_low"])):.1f}" '
                     f'x2="{fx(1):.1f}" y2="{fy(float(row["y_high"])):.1f}" stroke="{col}" '
                     'stroke-width="2"/>')
        parts.append(_label(fx(1) - 4, fy(float(row["y_high"])) - 6,
                            tr(f"{effect.m} {lv:+.0f} SD (slope {float(row['slope']):.2f})"),
                            anchor="end", size=10))
    parts.append("</svg>")
    return "".join(parts)
