"""Inline SVG figures for the HTML report: scree plot with the parallel-analysis curve,
loading heatmap, and the structural path diagram.

Pure string builders (no plotting library, no network): every label is XML-escaped and
right-to-left labels (Persian) get ``direction="rtl"``; the figure itself is
``direction="ltr"`` so that inside a right-to-left page (``--lang fa``) Latin labels such
as ``H1: .45***`` keep their order and start-anchored legends stay on the canvas. Numbers are rounded here, for
display only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def esc(text: object) -> str:
    """XML/HTML-escape any value (quotes included).

    >>> esc('<b a="1">&')
    '&lt;b a=&quot;1&quot;&gt;&amp;'
    """
    return escape(str(text), quote=True)


def is_rtl(text: str) -> bool:
    """Whether ``text`` contains right-to-left script (Arabic/Persian/Hebrew).

    >>> is_rtl("تجربه مشتری"), is_rtl("Customer")
    (True, False)
    """
    return bool(_RTL.search(text))


def _text(x: float, y: float, s: str, *, anchor: str = "middle", size: float = 11,
          cls: str = "", extra: str = "") -> str:
    d = ' direction="rtl"' if is_rtl(s) else ""
    if d and anchor in ("start", "end"):  # keep the text on the same side of x as in LTR
        anchor = "end" if anchor == "start" else "start"
    c = f' class="{cls}"' if cls else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"'
            f'{d}{c}{extra}>{esc(s)}</text>')


def _dec(v: float, nd: int = 2) -> str:
    s = f"{v:.{nd}f}"
    return s.replace("0.", ".", 1) if s.lstrip("-").startswith("0.") else s


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=raw)
    start = math.ceil(lo / step) * step
    out = []
    v = start
    while v <= hi + 1e-9:
        out.append(round(v, 10))
        v += step
    return out


# ----------------------------------------------------------------------------- scree
def scree_plot(eigenvalues: Sequence[float], parallel: Sequence[float] | None = None,
               *, suggested: int | None = None, max_factors: int | None = None,
               width: int = 620, height: int = 330, title: str = "Scree plot",
               kaiser: bool = True, observed_label: str = "observed eigenvalues",
               tr: Callable[[str], str] = str) -> str:
    """Eigenvalues by factor number, the parallel-analysis curve (dashed) and the
    Kaiser line at 1 (dotted). ``tr`` translates the fixed labels (axes, legend).

    >>> s = scree_plot([3.0, 1.5, 0.5], [1.2, 1.1, 1.0], suggested=1)
    >>> s.startswith("<svg") and "polyline" in s and "parallel" in s
    True
    """
    title = tr(title)
    ev = [float(v) for v in eigenvalues if v is not None and math.isfinite(float(v))]
    pa = [float(v) for v in (parallel or []) if v is not None and math.isfinite(float(v))]
    k = len(ev)
    if max_factors:
        k = min(k, max_factors)
    ev, pa = ev[:k], pa[:k]
    ml, mr, mt, mb = 52, 16, 34, 44
    pw, ph = width - ml - mr, height - mt - mb
    ymax = max([*ev, *pa, 1.0]) * 1.08
    ymin = min([0.0, *ev, *pa])

    def X(i: int) -> float:
        return ml + (i - 1) / max(k - 1, 1) * pw

    def Y(v: float) -> float:
        return mt + ph - (v - ymin) / (ymax - ymin) * ph

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="figure" role="img" direction="ltr" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
             f"<title>{esc(title)}</title>",
             _text(width / 2, 18, title, size=13, cls="ftitle"),
             f'<rect x="{ml}" y="{mt}" width="{pw}" height="{ph}" class="plotbg"/>']
    for t in _nice_ticks(ymin, ymax):
        parts.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{Y(t):.1f}" y2="{Y(t):.1f}" '
                     'class="grid"/>')
        parts.append(_text(ml - 6, Y(t) + 4, f"{t:g}", anchor="end", size=10))
    step = max(1, math.ceil(k / 20))
    for i in range(1, k + 1, step):
        parts.append(_text(X(i), mt + ph + 16, str(i), size=10))
    parts.append(_text(ml + pw / 2, height - 8, tr("factor number"), size=11))
    parts.append(_text(14, mt + ph / 2, tr("eigenvalue"), size=11,
                       extra=f' transform="rotate(-90 14 {mt + ph / 2:.1f})"'))
    if kaiser and ymin <= 1.0 <= ymax:
        parts.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{Y(1):.1f}" y2="{Y(1):.1f}" '
                     'class="kaiser"/>')
    if suggested and 1 <= suggested <= k:
        parts.append(f'<line x1="{X(suggested):.1f}" x2="{X(suggested):.1f}" y1="{mt}" '
                     f'y2="{mt + ph}" class="suggest"/>')
    if pa:
        pts = " ".join(f"{X(i + 1):.1f},{Y(v):.1f}" for i, v in enumerate(pa))
        parts.append(f'<polyline points="{pts}" class="parallel"/>')
    if ev:
        pts = " ".join(f"{X(i + 1):.1f},{Y(v):.1f}" for i, v in enumerate(ev))
        parts.append(f'<polyline points="{pts}" class="observed"/>')
        for i, v in enumerate(ev):
            above = not pa or i >= len(pa) or v > pa[i]
            parts.append(f'<circle cx="{X(i + 1):.1f}" cy="{Y(v):.1f}" r="3" '
                         f'class="{"pt-in" if above else "pt-out"}"><title>{tr("factor")} {i + 1}: '
                         f'{v:.3f}</title></circle>')
    observed_label = tr(observed_label)
    lw = 50 + 6 * max(len(observed_label), 30)
    lx = ml + pw - lw - 6
    parts.append(f'<g class="legend"><rect x="{lx}" y="{mt + 6}" width="{lw}" height="'
                 f'{20 + 16 * (1 + bool(pa) + kaiser)}" class="legendbg"/>'
                 f'<line x1="{lx + 8}" x2="{lx + 30}" y1="{mt + 18}" y2="{mt + 18}" '
                 f'class="observed"/>{_text(lx + 36, mt + 22, observed_label, anchor="start", size=10)}')
    if kaiser:
        parts.append(f'<line x1="{lx + 8}" x2="{lx + 30}" y1="{mt + 34}" y2="{mt + 34}" '
                     f'class="kaiser"/>'
                     f'{_text(lx + 36, mt + 38, tr("Kaiser criterion (1)"), anchor="start", size=10)}')
    if pa:
        yy = mt + (50 if kaiser else 34)
        parts.append(f'<line x1="{lx + 8}" x2="{lx + 30}" y1="{yy}" y2="{yy}" '
                     f'class="parallel"/>'
                     f'{_text(lx + 36, yy + 4, tr("parallel analysis (random data)"), anchor="start", size=10)}')
    parts.append("</g></svg>")
    return "".join(parts)


# ----------------------------------------------------------------------------- heatmap
def _heat_color(v: float) -> str:
    """Blue for positive, red for negative loadings, stronger with |v| (white at 0)."""
    if v is None or not math.isfinite(v):
        return "#eeeeee"
    a = min(abs(v), 1.0)
    if v >= 0:
        r, g, b = 255 - a * (255 - 33), 255 - a * (255 - 102), 255 - a * (255 - 172)
    else:
        r, g, b = 255 - a * (255 - 178), 255 - a * (255 - 24), 255 - a * (255 - 43)
    return f"#{int(r):02x}{int(g):02x}{int(b):02x}"


def loading_heatmap(matrix: Sequence[Sequence[float]], row_labels: Sequence[str],
                    col_labels: Sequence[str], *, groups: Sequence[str] | None = None,
                    title: str = "Loadings", show_from: float = 0.30,
                    tr: Callable[[str], str] = str) -> str:
    """Heatmap of a loading matrix (rows items, columns factors).

    Values with ``|v| >= show_from`` are printed in their cells; ``groups`` (e.g. each
    item's construct) draws a separator where the group changes.

    >>> s = loading_heatmap([[0.8, 0.1], [-0.5, 0.6]], ["a", "b"], ["F1", "F2"])
    >>> s.count("<rect") >= 4 and ".80" in s and "-.50" in s
    True
    """
    nr, nc = len(row_labels), len(col_labels)
    cw = max(22, min(44, 640 // max(nc, 1)))
    rh = 15 if nr > 40 else 18
    label_w = 8 + 7 * max([len(str(r)) for r in row_labels] + [4])
    grp_w = 8 + 7 * max([len(str(g)) for g in (groups or [])] + [0]) if groups else 0
    ml = label_w + grp_w
    mt = 40 + int(6 * max([len(str(c)) for c in col_labels] + [2]))
    width = ml + nc * cw + 40
    height = mt + nr * rh + 40
    fs = 9 if rh < 18 else 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="figure" role="img" direction="ltr" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
             f"<title>{esc(title)}</title>",
             _text(width / 2, 16, title, size=13, cls="ftitle")]
    for j, c in enumerate(col_labels):
        x = ml + j * cw + cw / 2 + 3
        parts.append(_text(x, mt - 6, str(c), anchor="start", size=10,
                           extra=f' transform="rotate(-60 {x:.1f} {mt - 6})"'))
    prev = None
    for i, r in enumerate(row_labels):
        y = mt + i * rh
        parts.append(_text(ml - 4, y + rh * 0.72, str(r), anchor="end", size=fs))
        if groups:
            g = groups[i]
            if g != prev:
                if i:
                    parts.append(f'<line x1="0" x2="{ml + nc * cw}" y1="{y}" y2="{y}" '
                                 'class="sep"/>')
                parts.append(_text(4, y + rh * 0.72, str(g), anchor="start", size=fs,
                                   cls="grp"))
            prev = g
        for j in range(nc):
            v = matrix[i][j] if j < len(matrix[i]) else float("nan")
            v = float("nan") if v is None else float(v)
            parts.append(f'<rect x="{ml + j * cw}" y="{y}" width="{cw}" height="{rh}" '
                         f'fill="{_heat_color(v)}" class="cell"><title>{esc(r)} / {esc(col_labels[j])}: '
                         f'{"—" if not math.isfinite(v) else f"{v:.3f}"}</title></rect>')
            if math.isfinite(v) and abs(v) >= show_from:
                cls = "hv dark" if abs(v) >= 0.6 else "hv"
                parts.append(_text(ml + j * cw + cw / 2, y + rh * 0.72, _dec(v), size=fs - 1,
                                   cls=cls))
    ly = mt + nr * rh + 14
    for k, v in enumerate((-1.0, -0.5, 0.0, 0.5, 1.0)):
        x = ml + k * 44
        parts.append(f'<rect x="{x}" y="{ly}" width="14" height="12" fill="{_heat_color(v)}" '
                     'class="cell"/>')
        parts.append(_text(x + 17, ly + 10, f"{v:g}", anchor="start", size=9))
    parts.append(_text(ml + 5 * 44 + 4, ly + 10, tr(f"values shown when |loading| >= {show_from:g}"),
                       anchor="start", size=9))
    parts.append("</svg>")
    return "".join(parts)


# ----------------------------------------------------------------------------- paths
def path_depths(nodes: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Column of each node: the length of the longest chain of arrows leading to it.

    >>> path_depths(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("a", "c"), ("d", "c")])
    {'a': 0, 'b': 1, 'c': 2, 'd': 0}
    """
    preds: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in edges:
        preds.setdefault(b, []).append(a)
        preds.setdefault(a, [])
    depth: dict[str, int] = {}

    def d(n: str, seen: frozenset[str]) -> int:
        if n in depth:
            return depth[n]
        if n in seen:  # a cycle: stop (recursive models only, but never hang)
            return 0
        val = max((d(p, seen | {n}) + 1 for p in preds[n]), default=0)
        depth[n] = val
        return val

    for n in preds:
        d(n, frozenset())
    return {n: depth[n] for n in preds}


def _seg_dist(px: float, py: float, x1: float, y1: float, x2: float, y2: float) -> float:
    """Distance from point (px, py) to the segment (x1, y1)-(x2, y2)."""
    dx, dy = x2 - x1, y2 - y1
    L2 = dx * dx + dy * dy
    t = 0.0 if L2 == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / L2))
    return math.hypot(px - (x1 + t * dx), py - (y1 + t * dy))


#: Positions along an arrow (0 = start, 1 = end) tried for its label, nearest the default
#: first; the first spot no other arrow crosses wins.
_LABEL_TS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def _bezier(sx: float, sy: float, cx: float, cy: float, ex: float, ey: float) -> Any:
    """``f(t) -> [(x, y)]`` on the quadratic Bezier curve; ``f(None)`` samples it every
    ~4 px (to test which labels an arrow would cross)."""
    def at(t: float) -> tuple[float, float]:
        u = 1.0 - t
        return (u * u * sx + 2 * u * t * cx + t * t * ex, u * u * sy + 2 * u * t * cy + t * t * ey)

    def f(t: float | None) -> list[tuple[float, float]]:
        if t is not None:
            return [at(t)]
        n = max(2, int(math.hypot(ex - sx, ey - sy) / 4))
        return [at(i / n) for i in range(n + 1)]
    return f


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def stars(p: float | None) -> str:
    """Significance marks: *** p < .001, ** p < .01, * p < .05, ns otherwise.

    >>> stars(0.0004), stars(0.02), stars(0.2)
    ('***', '*', 'ns')
    """
    if p is None or not math.isfinite(p):
        return ""
    return "***" if p < 0.001 else "**" if p < 0.01 else "*" if p < 0.05 else "ns"


def path_diagram(edges: Sequence[dict], *, labels: dict[str, str] | None = None,
                 r2: dict[str, float] | None = None, title: str = "Structural model",
                 alpha: float = 0.05, tr: Callable[[str], str] = str) -> str:
    """The structural model: latent variables as ellipses in columns by depth, arrows
    labelled with standardized coefficients and significance marks.

    Parameters
    ----------
    edges
        ``{"from", "to", "std", "p", "supported", "hypothesis"}`` per path.
    labels
        Latent id -> display name (shown under the id).
    r2
        R^2 of endogenous latents (printed inside their ellipse).

    >>> s = path_diagram([{"from": "a", "to": "b", "std": 0.5, "p": 0.0001, "supported": True}])
    >>> "marker" in s and ".50***" in s
    True
    """
    labels = labels or {}
    r2 = r2 or {}
    nodes = list(dict.fromkeys([e["from"] for e in edges] + [e["to"] for e in edges]))
    depth = path_depths(nodes, [(e["from"], e["to"]) for e in edges])
    ncol = max(depth.values(), default=0) + 1
    cols: list[list[str]] = [[] for _ in range(ncol)]
    for n in nodes:
        cols[depth[n]].append(n)
    nw, nh, gap_x, gap_y = 150, 58, 110, 34
    nrow = max((len(c) for c in cols), default=1)
    width = ncol * nw + (ncol - 1) * gap_x + 40
    height = nrow * nh + (nrow - 1) * gap_y + 96
    pos: dict[str, tuple[float, float]] = {}
    for ci, col in enumerate(cols):
        total = len(col) * nh + (len(col) - 1) * gap_y
        top = 50 + (height - 96 - total) / 2
        for ri, n in enumerate(col):
            pos[n] = (20 + ci * (nw + gap_x) + nw / 2, top + ri * (nh + gap_y) + nh / 2)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="figure pathdiagram" role="img" direction="ltr" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
             f"<title>{esc(title)}</title>",
             '<defs><marker id="arr" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
             'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
             'class="arrowhead"/></marker>'
             '<marker id="arrns" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
             'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
             'class="arrowhead-ns"/></marker></defs>',
             _text(width / 2, 20, title, size=13, cls="ftitle")]
    rx, ry = nw / 2, nh / 2
    def boundary(cx: float, cy: float, tx: float, ty: float) -> tuple[float, float]:
        """Point where the ray from an ellipse's centre towards (tx, ty) leaves it."""
        dx, dy = tx - cx, ty - cy
        dist = math.hypot(dx, dy) or 1.0
        ux, uy = dx / dist, dy / dist
        t = 1.0 / math.sqrt((ux / rx) ** 2 + (uy / ry) ** 2)
        return cx + ux * t, cy + uy * t

    labels_svg: list[str] = []
    pending: list[tuple[Any, float, str, bool]] = []
    y_lo, y_hi = 0.0, float(height)
    for e in edges:
        (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
        # an arrow skipping columns bends around the latent variables in between
        blockers = [(x, y) for n, (x, y) in pos.items() if n not in (e["from"], e["to"])
                    and min(x1, x2) + rx < x < max(x1, x2) - rx
                    and _seg_dist(x, y, x1, y1, x2, y2) < ry + 12]
        if blockers:
            bx, by = blockers[0]
            my0 = (y1 + y2) / 2
            side = -1.0 if by >= my0 else 1.0
            cy = by + side * 2 * (ry + gap_y * 0.6)
            cx = (x1 + x2) / 2
            sx, sy = boundary(x1, y1, cx, cy)
            ex, ey = boundary(x2, y2, cx, cy)
            geom = f'<path d="M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}" fill="none" '
            mx, my = 0.25 * sx + 0.5 * cx + 0.25 * ex, 0.25 * sy + 0.5 * cy + 0.25 * ey
            y_lo, y_hi = min(y_lo, my - 30), max(y_hi, my + 40)
            close = "</path>"
            curve = _bezier(sx, sy, cx, cy, ex, ey)
            t0 = 0.5
        else:
            sx, sy = boundary(x1, y1, x2, y2)
            ex, ey = boundary(x2, y2, x1, y1)
            geom = f'<line x1="{sx:.1f}" y1="{sy:.1f}" x2="{ex:.1f}" y2="{ey:.1f}" '
            mx, my = sx + (ex - sx) * 0.45, sy + (ey - sy) * 0.45
            close = "</line>"
            curve = _bezier(sx, sy, (sx + ex) / 2, (sy + ey) / 2, ex, ey)
            t0 = 0.45
        p = e.get("p")
        sig = p is not None and math.isfinite(p) and p < alpha
        cls = "edge" if sig else "edge ns"
        marker = "arr" if sig else "arrns"
        std = e.get("std")
        lab = "" if std is None or not math.isfinite(std) else _dec(std) + stars(p)
        hyp = e.get("hypothesis") or ""
        parts.append(f'{geom}class="{cls}" marker-end="url(#{marker})"><title>{esc(hyp)} '
                     f'{esc(e["from"])} -&gt; {esc(e["to"])}</title>{close}')
        text = f"{hyp}: {lab}" if hyp else lab
        pending.append((curve, t0, text, sig))
    # labels where no other arrow crosses them (and not on each other), near the default spot
    curves = [c for c, _, _, _ in pending]
    placed: list[tuple[float, float, float, float]] = []
    for k, (curve, t0, text, sig) in enumerate(pending):
        bw = 7 * len(text) + 8
        others = [pt for j, c in enumerate(curves) if j != k for pt in c(None)]
        best = None
        for t in sorted(_LABEL_TS, key=lambda u: abs(u - t0)):
            mx, my = curve(t)[0]
            box = (mx - bw / 2 - 3, my - 12, mx + bw / 2 + 3, my + 10)
            cost = sum(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in others)
            cost += 50 * sum(_overlap(box, b) for b in placed)
            if best is None or cost < best[0]:
                best = (cost, mx, my, box)
            if cost == 0:
                break
        _, mx, my, box = best
        placed.append(box)
        labels_svg.append(f'<rect x="{mx - bw / 2:.1f}" y="{my - 9:.1f}" width="{bw}" '
                          'height="16" rx="3" class="edgelabelbg"/>')
        labels_svg.append(_text(mx, my + 3.5, text, size=11,
                                cls="edgelabel" + ("" if sig else " ns")))
    for n, (x, y) in pos.items():
        parts.append(f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{rx}" ry="{ry}" class="latent"/>')
        name = labels.get(n, "")
        parts.append(_text(x, y - (6 if name or n in r2 else -4), n, size=12, cls="lid"))
        if name and name != n:
            short = name if len(name) <= 24 else name[:23] + "…"
            parts.append(_text(x, y + 9, short, size=10, cls="lname"))
        if n in r2 and r2[n] is not None and math.isfinite(r2[n]):
            parts.append(_text(x, y + (22 if name and name != n else 12),
                               f"R² = {_dec(r2[n])}", size=10, cls="r2"))
    parts.extend(labels_svg)
    if y_lo < 0 or y_hi > height:  # curved arrows left the canvas: widen the view box
        h2 = y_hi - y_lo
        parts[0] = (f'<svg xmlns="http://www.w3.org/2000/svg" class="figure pathdiagram" '
                    f'role="img" direction="ltr" viewBox="0 {y_lo:.0f} {width} {h2:.0f}" width="{width}" '
                    f'height="{h2:.0f}">')
    parts.append(_text(20, y_hi - 12 if y_hi > height else height - 12, tr(
        "Standardized coefficients; *** p < .001, ** p < .01, * p < .05, ns: not significant "
        "(dashed). Columns: depth in the path graph."), anchor="start", size=10))
    parts.append("</svg>")
    return "".join(parts)
