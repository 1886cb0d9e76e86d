"""The HTML report in headless Chromium (Debian ``chromium``): it renders, logs nothing to
the console (no script errors, no blocked network request), and screenshots look right:
right size, not blank, header and navigation aligned to the page direction (left for
English, right for Persian), the path diagram drawn with its nodes and its legend on the
canvas in both directions.

Screenshots are compared by robust statistics of pixel regions (fractions of non-white
pixels, centroids of dark pixels, a colour band), not pixel by pixel, so font hinting or
a changed number does not break them. Skipped when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest

from cemsurvey.analysis import AnalysisOptions, run_analysis
from cemsurvey.instrument import load_instrument
from cemsurvey.report.html import html_report
from cemsurvey.responses.exports import write_export
from cemsurvey.responses.simulate import simulate_responses
from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.skipif(not CHROMIUM.exists() and shutil.which("chromium") is None,
                                 reason="headless Chromium (/usr/bin/chromium) is not installed"),
              pytest.mark.slow]  # a headless browser per test: seconds each
WIDTH, HEIGHT = 1280, 1800
ACCENT = (11, 92, 173)  # header rule, var(--accent)
LATENT_FILL = (238, 244, 251)  # path-diagram ellipses, svg .latent


# ----------------------------------------------------------------------------- helpers
def read_png(path: Path) -> np.ndarray:
    """Decode an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes) to ``h x w x 3``."""
    raw = path.read_bytes()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w = 8, b"", 0
    h = depth = ctype = 0
    while pos < len(raw):
        length, kind = struct.unpack(">I4s", raw[pos:pos + 8])
        body = raw[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype, interlace)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    bpp = 3 if ctype == 2 else 4
    stride = w * bpp
    data = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(h, stride + 1)
    out = np.zeros((h, stride), dtype=np.int32)
    prev = np.zeros(stride, dtype=np.int32)
    for y in range(h):
        f, line = data[y, 0], data[y, 1:].astype(np.int32)
        if f == 0:
            cur = line
        elif f == 2:
            cur = (line + prev) & 255
        else:  # Sub, Average, Paeth depend on the pixel to the left: go byte by byte
            cur = np.zeros(stride, dtype=np.int32)
            for i in range(stride):
                a = cur[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                if f == 1:
                    pred = a
                elif f == 3:
                    pred = (a + b) // 2
                else:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                cur[i] = (line[i] + pred) & 255
        out[y] = cur
        prev = cur
    return out.reshape(h, w, bpp)[:, :, :3].astype(np.uint8)


def chromium(url: str, tmp: Path, *, screenshot: Path | None = None,
             size: tuple[int, int] = (WIDTH, HEIGHT)) -> list[str]:
    """Load ``url`` headless; return the console messages it logged."""
    exe = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    args = [exe, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={tmp / 'profile'}", "--hide-scrollbars",
            "--enable-logging=stderr", "--v=0", f"--window-size={size[0]},{size[1]}"]
    args += [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
    proc = subprocess.run([*args, url], capture_output=True, text=True, timeout=120,
                          check=False)
    if screenshot is not None:
        assert screenshot.exists(), proc.stderr[-2000:]
    else:
        assert "</html>" in proc.stdout, proc.stderr[-2000:]
    return [ln for ln in proc.stderr.splitlines() if ":CONSOLE" in ln]


def ink(img: np.ndarray) -> np.ndarray:
    """Pixels that are not (near) white."""
    return img.min(axis=2) < 235


def dark(img: np.ndarray) -> np.ndarray:
    """Text-like pixels."""
    return img.max(axis=2) < 110


def near(img: np.ndarray, rgb: tuple[int, int, int], tol: int = 12) -> np.ndarray:
    return (np.abs(img.astype(int) - np.array(rgb)).max(axis=2) <= tol)


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("chromium")
    ins = load_instrument(ROOT / "instruments" / "customer-engagement-journey.yaml")
    sim = simulate_responses(ins, 200, seed=11, group_effects={"gender": ("SAT", 1.0)})
    data = write_export(sim, ins, tmp / "responses.csv", "csv")
    opts = AnalysisOptions(method="pls", bootstrap=20, seed=1, by="gender", parallel_iter=10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run_analysis(data, ins, opts)
    out = {}
    for lang in ("en", "fa"):
        html = html_report(result, lang=lang)
        page = tmp / f"report-{lang}.html"
        page.write_text(html, encoding="utf-8")
        svg = re.findall(r"<svg[^>]*pathdiagram.*?</svg>", html, flags=re.DOTALL)
        assert svg, "no path diagram in the report"
        head = html[:html.index("<body")]
        fig = tmp / f"diagram-{lang}.html"
        fig.write_text(f"{head}<body>{svg[0]}</body></html>", encoding="utf-8")
        out[lang] = (page, fig)
    return tmp, out


# ----------------------------------------------------------------------------- tests
def test_console_errors_are_detected(tmp_path):
    """Control: the console check sees a script error and a blocked request."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
                   "content=\"default-src 'none'; script-src 'unsafe-inline'\"></head><body>"
                   "<script>console.error('boom')</script><img src='http://example.invalid/x.png'>"
                   "</body></html>", encoding="utf-8")
    msgs = chromium(bad.as_uri(), tmp_path)
    assert any("boom" in m for m in msgs)
    assert any("Content Security Policy" in m for m in msgs)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_report_renders_without_console_messages(reports, lang):
    tmp, out = reports
    page, _ = out[lang]
    assert chromium(page.as_uri(), tmp) == []


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_screenshot_layout_follows_page_direction(reports, lang):
    tmp, out = reports
    page, _ = out[lang]
    shot = tmp / f"page-{lang}.png"
    chromium(page.as_uri(), tmp, screenshot=shot)
    img = read_png(shot)
    assert img.shape == (HEIGHT, WIDTH, 3)
    frac = ink(img).mean()
    assert 0.02 < frac < 0.5, f"page looks blank or flooded: {frac:.3f} non-white"
    # the header rule: a full-width band in the accent colour near the top
    rows = near(img[:200], ACCENT).mean(axis=1)
    assert rows.max() > 0.9, "header rule missing"
    rule_y = int(np.argmax(rows > 0.9))
    title = dark(img[:rule_y])
    assert title.mean() > 0.003, "no title text above the rule"
    cx = np.nonzero(title)[1].mean() / WIDTH
    # English starts at the left, Persian at the right
    assert (cx < 0.4) if lang == "en" else (cx > 0.6), cx
    body = ink(img[rule_y + 10:])
    cols = np.nonzero(body)[1]
    assert cols.size > 0
    # body content starts at the page's start side: its first column of ink is near it
    if lang == "en":
        assert cols.min() < 60
    else:
        assert cols.max() > WIDTH - 60


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_path_diagram_nodes_and_legend_on_canvas(reports, lang):
    tmp, out = reports
    _, fig = out[lang]
    shot = tmp / f"diagram-{lang}.png"
    assert chromium(fig.as_uri(), tmp, screenshot=shot, size=(1300, 700)) == []
    img = read_png(shot)
    fill = near(img, LATENT_FILL, tol=4)
    assert fill.sum() > 5 * 4000, "latent ellipses not drawn"  # >= 5 nodes of ~100 x 45 px
    d = dark(img)
    ys = np.nonzero(d.any(axis=1))[0]
    legend = d[ys.max() - 14:ys.max() + 1]
    lx = np.nonzero(legend.any(axis=0))[0]
    # the legend sentence starts at x = 20 of the figure and runs ~500 px to the right; in
    # a right-to-left page it must not run off the canvas's left edge
    x0 = np.nonzero(d.any(axis=0))[0].min()
    assert lx.min() - x0 < 40 and lx.max() - lx.min() > 350, (lx.min(), lx.max(), x0)


def test_diagram_and_numbers_stay_left_to_right_in_persian(reports):
    _, out = reports
    html = out["fa"][0].read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl">' in html
    assert all('direction="ltr"' in s for s in re.findall(r"<svg[^>]*>", html))
    assert 'class="num"' in html and "td.num{" in html and "direction:ltr" in html
