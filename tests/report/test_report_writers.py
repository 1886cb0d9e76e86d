"""Writers for the neutral Table: terminal, Markdown, XLSX, HTML and SVG figures."""

from __future__ import annotations

import io
import re

import openpyxl
from rich.console import Console

from cemsurvey.analysis.options import AnalysisOptions
from cemsurvey.psychometrics.sem.structural_result import PathTest, StructuralResult
from cemsurvey.report.html import html_report, table_html
from cemsurvey.report.markdown import escape_md, markdown_document, markdown_table
from cemsurvey.report.svg import is_rtl, loading_heatmap, path_depths, path_diagram, scree_plot
from cemsurvey.report.tables import Table, Verdict
from cemsurvey.report.terminal import render_tables
from cemsurvey.report.xlsx import sheet_name, workbook_bytes
from cemsurvey.results import AnalysisResult, StepRecord

EVIL = '<script>alert("x")</script>'
V = Verdict("pass", "alpha >= .70", "Nunnally (1978)")


def _table(key="rel", name="A") -> Table:
    return Table(key, "Reliability", ["construct", "alpha", "p", "verdict"],
                 [[name, 0.812345, 0.00004, V], ["B", 0.5, 0.0321, Verdict("fail", "r", "s")]],
                 {"alpha": ".3f"}, ["N = 385; listwise."])


def test_terminal_shows_rounded_values_verdicts_and_notes():
    con = Console(file=io.StringIO(), width=160, color_system=None)
    render_tables([_table()], con, title="Reliability")
    out = con.file.getvalue()
    assert "0.812" in out and "0.812345" not in out
    assert "< .001" in out and ".032" in out
    assert "✓ alpha >= .70 (Nunnally (1978))" in out and "✗" in out
    assert "N = 385; listwise." in out


def test_markdown_apa_table():
    md = markdown_table(_table(), 1)
    lines = md.splitlines()
    assert lines[0] == "**Table 1**" and lines[2] == "*Reliability*"
    assert lines[5] == "|:---|---:|---:|:---|"
    assert "| A | 0.812 | < .001 | ✓ alpha >= .70 (Nunnally (1978)) |" in md
    assert md.rstrip().endswith("*Note.* N = 385; listwise.")


def test_markdown_escapes_user_text():
    md = markdown_table(_table(name="a|b\nc"))
    assert "a\\|b c" in md
    assert escape_md("*x*") == "\\*x\\*"
    doc = markdown_document([_table(), _table("b")], title="T")
    assert doc.startswith("# T") and "**Table 2**" in doc


def test_xlsx_never_writes_formulas_and_sanitises_sheet_names():
    evil = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)"]
    tables = [_table(key=f"t/{i}:x", name=e) for i, e in enumerate(evil)]
    tables.append(_table(key="t/0:x"))  # duplicate key after sanitising
    data = workbook_bytes(tables)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["t_0_x", "t_1_x", "t_2_x", "t_3_x", "t_0_x (2)"]
    for ws, e in zip(wb.worksheets, evil, strict=False):
        c = ws["A4"]
        assert c.value == e and c.data_type == "s" and c.quotePrefix
        assert ws["B4"].value == 0.812345 and ws["B4"].number_format == "0.000"
    import zipfile
    z = zipfile.ZipFile(io.BytesIO(data))
    for name in z.namelist():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in z.read(name).decode()


def test_sheet_name_rules():
    used: set[str] = set()
    assert sheet_name("History", used) == "History (2)"
    assert len(sheet_name("y" * 50, used)) == 31
    assert sheet_name("[a]*?", used) == "_a___"


def test_table_html_escapes_and_marks():
    h = table_html(_table(name=EVIL))
    assert "<script>" not in h and "&lt;script&gt;" in h
    assert 'class="v pass"' in h and 'class="v fail"' in h
    assert '<td class="num">0.812</td>' in h and "&lt; .001" in h


def _fake_result(name: str, lang_names: dict) -> AnalysisResult:
    from cemsurvey.instrument.model import Construct, Instrument, Item

    ins = Instrument(title={"en": name, "fa": "عنوان"}, languages=["en", "fa"],
                     constructs=[Construct(id=c, name=lang_names[c], items=[
                         Item(id=f"{c}{k}", text="t") for k in (1, 2, 3)]) for c in lang_names],
                     paths=[f"{list(lang_names)[1]} ~ {list(lang_names)[0]}"])
    st = StructuralResult(method="cb-sem", n=100, r2={"B": 0.3}, r2_adj={"B": 0.29},
                          paths=(PathTest("H1", "A", "B", 0.5, 0.45, 0.1, 5.0, 1e-6, 0.3, 0.7,
                                          True),))
    steps = tuple(StepRecord(s, "ok" if s == "structural" else "not requested")
                  for s in ("import", "profile", "descriptives", "reliability", "efa", "cfa",
                            "validity", "structural", "groups"))
    return AnalysisResult(n=100, data_path=f"{EVIL}.csv", title=name,
                          options=AnalysisOptions(), steps=steps, results={"structural": st},
                          notes=(EVIL,), timings={"total": 0.1}, instrument=ins)


def test_html_report_escapes_every_user_string_and_is_self_contained():
    res = _fake_result(EVIL, {"A": {"en": EVIL, "fa": "رضایت"}, "B": {"en": "b", "fa": "ب"}})
    h = html_report(res)
    assert "<script" not in h.lower()
    assert h.count("&lt;script&gt;") >= 3
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", h)
    assert "Content-Security-Policy" in h and "@media print" in h
    assert '<html lang="en" dir="ltr">' in h
    assert "<svg" in h and "H1: .45***" in h


def test_html_report_rtl_with_persian_names():
    res = _fake_result("Title", {"A": {"en": "Satisfaction", "fa": "رضایت مشتری"},
                                 "B": {"en": "Loyalty", "fa": "وفاداری"}})
    h = html_report(res, lang="fa")
    assert '<html lang="fa" dir="rtl">' in h
    assert "رضایت مشتری" in h and "عنوان" in h
    assert 'direction="rtl"' in h  # Persian labels in the path diagram


def test_svg_figures():
    s = scree_plot([5, 2, 1.2, 0.8, 0.5], [1.5, 1.3, 1.1, 1.0, 0.9], suggested=2)
    assert s.count("<polyline") == 2 and s.count("<circle") == 5
    h = loading_heatmap([[0.7, -0.1], [0.05, -0.65]], ["x1", "x2"], ["F1", "F2"],
                        groups=["A", "B"])
    assert ".70" in h and "-.65" in h and ".05</text>" not in h
    assert is_rtl("وفاداری") and not is_rtl("loyalty")


def test_path_layout_columns_by_depth_and_marks():
    assert path_depths(["c", "p", "s", "x", "i", "o"],
                       [("c", "p"), ("p", "s"), ("x", "s"), ("i", "s"), ("s", "o")]) == \
        {"c": 0, "p": 1, "s": 2, "x": 0, "i": 0, "o": 3}
    edges = [{"from": "c", "to": "p", "std": 0.4, "p": 0.0001, "hypothesis": "H1"},
             {"from": "x", "to": "s", "std": 0.05, "p": 0.4, "hypothesis": "H2"},
             {"from": "p", "to": "s", "std": -0.2, "p": 0.02, "hypothesis": "H3"}]
    svg = path_diagram(edges, r2={"s": 0.25})
    assert "H1: .40***" in svg and "H2: .05ns" in svg and "H3: -.20*" in svg
    assert 'class="edge ns"' in svg and "R² = .25" in svg
    # columns: c and x at depth 0 share an x position; s is right of p
    xs = {m.group(2): float(m.group(1)) for m in re.finditer(
        r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" font-size="12" class="lid">(\w)<',
        svg)}
    assert xs["c"] == xs["x"] < xs["p"] < xs["s"]


def test_path_labels_avoid_crossing_arrows():
    """The paradigm layout: contextual -> strategies bends around ENG and crosses the
    causal -> ENG arrow near its middle; H1's label moves along its arrow off the curve."""
    edges = [{"from": a, "to": b, "std": 0.4, "p": 1e-5, "supported": True, "hypothesis": h}
             for h, a, b in (("H1", "causal", "ENG"), ("H2", "ENG", "strategies"),
                             ("H3", "contextual", "strategies"),
                             ("H4", "intervening", "strategies"),
                             ("H5", "strategies", "consequences"))]
    s = path_diagram(edges)
    rects = [tuple(float(v) for v in m) for m in re.findall(
        r'<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.-]+)" height="16" rx="3" '
        r'class="edgelabelbg"/>', s)]
    assert len(rects) == 5
    curves = re.findall(r'<path d="M([\d.-]+),([\d.-]+) Q([\d.-]+),([\d.-]+) ([\d.-]+),([\d.-]+)"',
                        s)
    assert curves, "the arrow skipping a column should be curved"
    samples = []
    for c in curves:
        sx, sy, cx, cy, ex, ey = map(float, c)
        samples.append([((1 - t) ** 2 * sx + 2 * (1 - t) * t * cx + t * t * ex,
                         (1 - t) ** 2 * sy + 2 * (1 - t) * t * cy + t * t * ey)
                        for t in (i / 400 for i in range(401))])
    for x, y, w in rects:
        mx, my = x + w / 2, y + 9
        for pts in samples:
            if min(abs(px - mx) + abs(py - my) for px, py in pts) < 2:
                continue  # the curve's own label sits on it
            inside = [p for p in pts if x <= p[0] <= x + w and y <= p[1] <= y + 16]
            assert not inside, (x, y, w)
    for i, a in enumerate(rects):  # labels do not overlap each other
        for b in rects[i + 1:]:
            assert not (a[0] < b[0] + b[2] and b[0] < a[0] + a[2]
                        and a[1] < b[1] + 16 and b[1] < a[1] + 16)
