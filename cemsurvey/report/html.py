"""The single-file HTML report of ``cemsurvey analyze --report``.

Self-contained: inline CSS and SVG, no script, no font or image fetched from anywhere
(a Content-Security-Policy forbids it), readable printed (print CSS: no navigation,
tables kept whole, colours kept). Every user string (titles, construct names, item ids,
file names) is HTML-escaped. With a right-to-left language (``--lang fa``) the page is
``lang="fa" dir="rtl"`` and construct names are shown in Persian; numbers stay
left-to-right.

Figures: a scree plot with the parallel-analysis curve and a loading heatmap (EFA), and a
path diagram of the structural model with standardized coefficients and significance
marks (:mod:`cemsurvey.report.svg`).
"""

from __future__ import annotations

import math
from typing import Any

from cemsurvey import __version__
from cemsurvey.report.analysis_summary import summary_lines
from cemsurvey.report.analysis_tables import (
    Section,
    analysis_sections,
    steps_table,
    translate_sections,
)
from cemsurvey.report.i18n import Translator
from cemsurvey.report.pls_next_svg import ipma_map, simple_slope_plot
from cemsurvey.report.svg import esc, loading_heatmap, path_diagram, scree_plot
from cemsurvey.report.tables import Table, Verdict
from cemsurvey.report.terminal import cell_text, numeric_columns
from cemsurvey.report.thresholds import Threshold
from cemsurvey.results import AnalysisResult

RTL_LANGS = {"fa", "ar", "he", "ur", "ps", "ckb"}

CSS = """
:root{--fg:#1b1f24;--muted:#5b6570;--line:#d5dae0;--bg:#fff;--head:#f3f5f7;--pass:#1a7f37;
--warn:#9a6700;--fail:#cf222e;--accent:#0b5cad}
*{box-sizing:border-box}
body{font-family:"Vazirmatn","Noto Sans","Segoe UI",Tahoma,Arial,sans-serif;color:var(--fg);
background:var(--bg);margin:0;line-height:1.45;font-size:14px}
header{padding:20px 28px 12px;border-bottom:3px solid var(--accent)}
header h1{margin:0 0 6px;font-size:22px}
header .meta{color:var(--muted);font-size:13px}
nav{padding:8px 28px;border-bottom:1px solid var(--line);font-size:13px;background:var(--head);
display:flex;flex-wrap:wrap;gap:4px 14px}
nav a{color:var(--accent);text-decoration:none;white-space:nowrap}
main{padding:8px 28px 32px;max-width:1400px;overflow-wrap:anywhere}
section{margin-top:22px}
h2{font-size:18px;border-bottom:1px solid var(--line);padding-bottom:4px;margin:18px 0 10px}
.tablewrap{overflow-x:auto;margin:8px 0 18px}
table{border-collapse:collapse;font-size:12.5px;min-width:30%}
caption{text-align:start;font-style:italic;font-weight:600;padding:4px 0 6px;font-size:13.5px}
th,td{padding:3px 9px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{border-top:2px solid var(--fg);border-bottom:1px solid var(--fg);background:var(--head);
text-align:start;white-space:nowrap}
tbody tr:last-child td{border-bottom:2px solid var(--fg)}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;direction:ltr}
th.num{text-align:right}
.v{font-weight:700;display:inline-block;min-width:1.1em}
.v.pass{color:var(--pass)}.v.warn{color:var(--warn)}.v.fail{color:var(--fail)}.v.info{color:var(--muted)}
.rule{color:var(--muted);font-size:11.5px}
p.note{color:var(--muted);font-size:12px;margin:4px 0}
ul.summary{list-style:none;padding:0}
ul.summary li{padding:4px 0;border-bottom:1px dotted var(--line)}
.topic{font-weight:600;margin-inline-end:6px}
.notes li{color:var(--muted)}
.warnings li{color:var(--warn)}
figure{margin:12px 0 20px;overflow-x:auto}
figcaption{font-size:12px;color:var(--muted)}
svg.figure{max-width:100%;height:auto;font-family:inherit;background:#fff}
svg .ftitle{font-weight:600}
svg .plotbg{fill:#fbfcfd;stroke:#c8ced6}
svg .grid{stroke:#e6e9ed}
svg .observed{fill:none;stroke:#0b5cad;stroke-width:2}
svg .parallel{fill:none;stroke:#cf222e;stroke-width:1.6;stroke-dasharray:6 4}
svg .kaiser{stroke:#6e7781;stroke-dasharray:2 3}
svg .suggest{stroke:#9a6700;stroke-dasharray:4 3}
svg .pt-in{fill:#0b5cad}svg .pt-out{fill:#fff;stroke:#0b5cad}
svg .legendbg{fill:#fff;stroke:#d5dae0}
svg .cell{stroke:#fff;stroke-width:.5}
svg .hv{fill:#1b1f24}svg .hv.dark{fill:#fff}
svg .sep{stroke:#1b1f24;stroke-width:1}
svg .grp{fill:#5b6570;font-weight:600}
svg .latent{fill:#eef4fb;stroke:#0b5cad;stroke-width:1.6}
svg .lid{font-weight:700}svg .lname,svg .r2{fill:#3d454d}
svg .edge{stroke:#1b1f24;stroke-width:1.8}
svg .edge.ns{stroke:#8c959f;stroke-dasharray:6 4;stroke-width:1.4}
svg .arrowhead{fill:#1b1f24}svg .arrowhead-ns{fill:#8c959f}
svg .edgelabelbg{fill:#fff;stroke:#d5dae0}
svg .edgelabel{font-weight:600}svg .edgelabel.ns{fill:#6e7781;font-weight:400}
footer{color:var(--muted);font-size:12px;padding:12px 28px;border-top:1px solid var(--line)}
@media print{
 nav{display:none}
 body{font-size:11px}
 header{border-bottom-width:2px}
 main{padding:0 6px}
 table,figure{page-break-inside:avoid;break-inside:avoid}
 h2{page-break-after:avoid;break-after:avoid}
 .tablewrap,figure{overflow:visible}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 a{color:inherit;text-decoration:none}
}
"""


def _verdict_html(v: Verdict) -> str:
    return (f'<span class="v {v.status}" title="{esc(v.status)}">{esc(v.mark)}</span> '
            f'<bdi class="rule">{esc(v.rule)} ({esc(v.source)})</bdi>')


def table_html(table: Table) -> str:
    """One table: caption (title), header, right-aligned numbers, verdict marks, notes."""
    num = numeric_columns(table)
    out = [f'<div class="tablewrap" id="t-{esc(table.key)}"><table>',
           f"<caption>{esc(table.title)}</caption><thead><tr>"]
    out += [f'<th{" class=num" if c in num else ""} dir="auto">{esc(c)}</th>'
            for c in table.columns]
    out.append("</tr></thead><tbody>")
    for row in table.rows:
        out.append("<tr>")
        for c, v in zip(table.columns, row, strict=False):
            if isinstance(v, Verdict):
                out.append(f"<td>{_verdict_html(v)}</td>")
            elif c in num:
                out.append(f'<td class="num">{esc(cell_text(table, row, c, v))}</td>')
            else:
                out.append(f'<td dir="auto">{esc(cell_text(table, row, c, v))}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    out += [f'<p class="note" dir="auto">{esc(n)}</p>' for n in table.notes]
    out.append("</div>")
    return "".join(out)


# ----------------------------------------------------------------------------- figures
def _finite(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def efa_figures(efa: dict[str, Any], construct_of: dict[str, str],
                tr: Translator | None = None) -> list[tuple[str, str]]:
    """``[(svg, caption), ...]``: scree plot with parallel analysis, loading heatmap."""
    tr = tr or Translator()
    figs: list[tuple[str, str]] = []
    fa_ev, fa_pa = efa.get("fa_eigenvalues"), efa.get("parallel_fa_eigenvalues")
    if fa_ev:
        ev, pa, kaiser, lab = fa_ev, fa_pa, False, "factor eigenvalues (SMC in diagonal)"
    else:
        ev, pa, kaiser, lab = efa.get("eigenvalues"), efa.get("parallel_eigenvalues"), True, \
            "observed eigenvalues"
    if ev:
        sug = efa.get("parallel_factors")
        k_model = efa.get("n_factors") or 0
        limit = min(len(ev), max(20, 2 * max(int(sug or 0), int(k_model))))
        figs.append((scree_plot(ev, pa, suggested=sug, max_factors=limit, kaiser=kaiser,
                                observed_label=lab, tr=tr),
                     tr(f"Scree plot of the first {limit} factor eigenvalues with the "
                     f"parallel-analysis curve ({efa.get('parallel_iter', '?')} random data "
                     f"sets); parallel analysis suggests {sug} factors (vertical line).")))
    lo = efa.get("loadings")
    if isinstance(lo, dict) and lo:
        items = list(lo)
        factors = efa.get("factors") or [f"F{i + 1}" for i in range(len(next(iter(lo.values()))))]
        fc = efa.get("factor_constructs") or {}
        # columns in the order of the constructs they match: a block diagonal when EFA agrees
        rank = {c: i for i, c in enumerate(dict.fromkeys(construct_of.get(i, "") for i in items))}
        order = sorted(range(len(factors)),
                       key=lambda j: (rank.get(fc.get(factors[j]) or "", len(rank)), j))
        cols = [f"{factors[j]}" + (f" ({fc[factors[j]]})" if fc.get(factors[j]) else "")
                for j in order]
        mat = [[lo[i][j] if j < len(lo[i]) and _finite(lo[i][j]) else float("nan")
                for j in order] for i in items]
        figs.append((loading_heatmap(mat, items, cols, groups=[construct_of.get(i, "")
                                                                for i in items],
                                     title=tr(f"{efa.get('method', '')} / "
                                              f"{efa.get('rotation', '')} pattern loadings"),
                                     tr=tr),
                     tr("Loading heatmap: rows are items grouped by their declared construct, "
                        "columns the rotated factors labelled with the construct they match; "
                        "blue positive, red negative.")))
    return figs


def structural_figure(st: dict[str, Any], labels: dict[str, str],
                      tr: Translator | None = None) -> tuple[str, str] | None:
    """The path diagram of the structural model, or ``None`` without paths."""
    tr = tr or Translator()
    paths = st.get("paths") or []
    if not paths:
        return None
    r2 = {k: v for k, v in (st.get("r2") or {}).items() if _finite(v)}
    edges = [{"from": p["from"], "to": p["to"], "std": p.get("std") if _finite(p.get("std"))
              else float("nan"), "p": p.get("p") if _finite(p.get("p")) else float("nan"),
              "supported": p.get("supported"), "hypothesis": p.get("hypothesis")}
             for p in paths]
    svg = path_diagram(edges, labels=labels, r2=r2, alpha=float(st.get("alpha") or 0.05),
                       title=tr(f"Structural model ({st.get('method', '')})"), tr=tr)
    return svg, tr("Path diagram: latent variables in columns by their depth in the path "
                   "graph; arrows carry H-number, standardized coefficient and significance "
                   f"({st.get('tails', 2)}-tailed, n = {st.get('n', '?')}).")


def pls_figures(step: str, res: Any, tr: Translator | None = None) -> list[tuple[str, str]]:
    """The simple slope plot of each interaction term (structural step) and the
    importance-performance map (ipma step); ``[]`` for other steps and results."""
    tr = tr or Translator()
    if step == "structural":
        return [(simple_slope_plot(e, tr), tr(f"Simple slopes of {e.x} on {e.y} at {e.m} = -1, "
                                              "0 and +1 SD (standardized latent scores)."))
                for e in getattr(res, "interactions", ()) or ()]
    if step == "ipma" and res is not None:
        return [(ipma_map(res, tr), tr(f"Importance-performance map of {res.target}: "
                                       "importance = unstandardized total effect, performance "
                                       "= mean score on 0-100; dashed lines at the means."))]
    return []


def _latent_labels(ins: Any, lang: str | None) -> dict[str, str]:
    if ins is None:
        return {}
    out = {c.id: ins.tr(c.name, lang) for c in ins.constructs}
    for d, dim in ins.dimensions.items():
        if dim.label is not None:
            out[d] = ins.tr(dim.label, lang)
    return out


def model_table(ins: Any, lang: str | None) -> Table:
    """Constructs of the instrument: id, name (in ``lang``), dimension, items."""
    rows = [[c.id, ins.tr(c.name, lang), c.dimension or "", len(c.items),
             ", ".join(it.id for it in c.items if it.reverse)] for c in ins.constructs]
    return Table("model", "Constructs", ["construct", "name", "dimension", "items",
                                         "reverse-keyed"], rows,
                 {"items": "d"}, rtl_columns=("name",))


# ----------------------------------------------------------------------------- page
def html_report(result: AnalysisResult, *, thresholds: dict[str, Threshold] | None = None,
                lang: str | None = None, sections: list[Section] | None = None,
                tr: Translator | None = None) -> str:
    """The whole report as one HTML document (string).

    ``sections`` given are shown as they are (already translated by the caller with
    ``tr``); built here, they are translated with ``tr`` (default: a translator for
    ``lang``)."""
    ins = result.instrument
    lang = lang or (ins.languages[0] if ins is not None else "en")
    rtl = lang.split("-")[0] in RTL_LANGS
    if tr is None:
        tr = Translator(lang)
    if sections is None:
        sections = translate_sections(analysis_sections(result, thresholds), tr)
    labels = _latent_labels(ins, lang)
    title = ins.tr(ins.title, lang) if ins is not None else result.title
    d = result.json_dict()
    nav = [("summary", tr("What to report")), ("model", tr("Model"))]
    nav += [(s.step, s.title) for s in sections]
    nav.append(("steps", tr("Steps and notes")))
    opts = result.options
    meta = " · ".join([
        tr.text(f"Data: {result.data_path}"), tr.num(f"N = {result.n}"),
        tr(f"structural method: {getattr(opts, 'method', '')}"),
        tr(f"bootstrap: {getattr(opts, 'bootstrap', None)}"),
        tr(f"seed: {getattr(opts, 'seed', None)}"),
        tr(f"missing: {getattr(opts, 'missing', '')}")])
    h = ["<!DOCTYPE html>",
         f'<html lang="{esc(lang)}" dir="{"rtl" if rtl else "ltr"}"><head><meta charset="utf-8">',
         '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
         "style-src 'unsafe-inline'; img-src data:\">",
         '<meta name="viewport" content="width=device-width, initial-scale=1">',
         f'<meta name="generator" content="cemsurvey {esc(__version__)}">',
         f"<title>{esc(title)} — {esc(tr('cemsurvey analysis'))}</title><style>{CSS}</style></head><body>",
         f'<header><h1 dir="auto">{esc(title)}</h1><div class="meta" dir="auto">{esc(meta)}'
         "</div></header>",
         "<nav>" + "".join(f'<a href="#{esc(k)}">{esc(v)}</a>' for k, v in nav) + "</nav>",
         "<main>"]
    h.append(f'<section id="summary"><h2>{esc(tr("What to report"))}</h2><ul class="summary">')
    for topic, text, v in summary_lines(result, thresholds):
        mark = (_verdict_html(tr.verdict(v)) if v is not None and v.status != "info" else "")
        h.append(f'<li><bdi class="topic">{esc(tr(topic))}</bdi> <bdi>{esc(tr(text))}</bdi> '
                 f'{mark}</li>')
    h.append("</ul></section>")
    if ins is not None:
        h.append(f'<section id="model"><h2>{esc(tr("Model"))}</h2>'
                 f'{table_html(tr.table(model_table(ins, lang)))}</section>')
    construct_of = dict(ins.construct_of_item) if ins is not None else {}
    for s in sections:
        h.append(f'<section id="{esc(s.step)}"><h2>{esc(s.title)}</h2>')
        figs: list[tuple[str, str]] = []
        if s.step == "efa" and isinstance(d.get("efa"), dict):
            figs = efa_figures(d["efa"], construct_of, tr)
        if s.step == "structural" and isinstance(d.get("structural"), dict):
            f = structural_figure(d["structural"], labels, tr)
            figs = [f] if f else []
        figs += pls_figures(s.step, result.results.get(s.step), tr)
        for svg, cap in figs[:1]:
            h.append(f"<figure>{svg}<figcaption dir='auto'>{esc(cap)}</figcaption></figure>")
        for t in s.tables:
            h.append(table_html(t))
        for svg, cap in figs[1:]:
            h.append(f"<figure>{svg}<figcaption dir='auto'>{esc(cap)}</figcaption></figure>")
        h.append("</section>")
    h.append(f'<section id="steps"><h2>{esc(tr("Steps and notes"))}</h2>'
             f'{table_html(tr.table(steps_table(result)))}')
    if result.notes:
        h.append('<ul class="notes">' + "".join(f'<li dir="auto">{esc(tr(n))}</li>'
                                                for n in result.notes) + "</ul>")
    if result.warnings:
        h.append(f'<h3>{esc(tr("Warnings"))}</h3><ul class="warnings">'
                 + "".join(f'<li dir="auto">{esc(tr(w))}</li>' for w in result.warnings)
                 + "</ul>")
    h.append("</section></main>")
    h.append(f"<footer>cemsurvey {esc(__version__)} · "
             f"{esc(tr('every verdict names its rule and source; thresholds can be changed with --thresholds FILE.'))}"
             "</footer></body></html>")
    return "\n".join(h)
