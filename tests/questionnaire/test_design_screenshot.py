"""Headless-Chromium screenshots of the HTML questionnaire: RTL Persian, LTR English.

The assertions read the PNG itself: where the ink of the title line sits (right-aligned
for Persian, left-aligned for English), and whether the Likert grids' rules are drawn
(long horizontal lines across the page). Chromium's console (``--enable-logging``)
must stay silent; a control page with a script error proves that console messages are
caught. Skips, saying why, when /usr/bin/chromium or Pillow is missing (install the
Debian package ``chromium``; ``.ci/run`` may do so before ``make test``).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cemsurvey.instrument import load_instrument
from cemsurvey.questionnaire import render

CHROMIUM = Path("/usr/bin/chromium")
CASE = Path(__file__).parent / "cases" / "bilingual" / "model.yaml"
WIDTH, HEIGHT = 1000, 1600
REM = 11 * 96 / 72  # html { font-size: 11pt } in CSS px
#: x where the body's text starts: body { max-width: 60rem; margin: auto; padding: 0 1rem }
CONTENT_LEFT = (WIDTH - 60 * REM) / 2 + REM
CONTENT_RIGHT = WIDTH - CONTENT_LEFT

pytestmark = [pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="headless screenshot test needs /usr/bin/chromium (Debian package 'chromium')",
), pytest.mark.slow]  # a headless browser per test: seconds each


def _shoot(html: str, tmp: Path, name: str) -> tuple[Path, list[str]]:
    page = tmp / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    png = tmp / f"{name}.png"
    cmd = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={tmp / ('profile-' + name)}",
        "--enable-logging=stderr", "--v=0", "--hide-scrollbars",
        f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={png}", page.as_uri(),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=False)
    assert png.exists(), f"chromium wrote no screenshot (exit {proc.returncode}): {proc.stderr[-500:]}"
    console = [ln for ln in proc.stderr.splitlines() if ":CONSOLE" in ln]
    return png, console


def _ink(png: Path):
    Image = pytest.importorskip("PIL.Image", reason="reading the screenshot needs Pillow")
    import numpy as np

    img = np.asarray(Image.open(png).convert("L"), dtype=np.uint8)
    assert img.shape == (HEIGHT, WIDTH)
    return img < 110  # dark ink (text, box borders, rules); muted grey text excluded


def _title_extent(ink) -> tuple[int, int]:
    """Left and right x of the ink in the first text band (the <h1> title)."""
    import numpy as np

    rows = np.flatnonzero(ink.any(axis=1))
    top = rows[0]
    end = top
    while end + 1 < ink.shape[0] and ink[end + 1].any():
        end += 1
    cols = np.flatnonzero(ink[top : end + 1].any(axis=0))
    return int(cols[0]), int(cols[-1])


def _rules(ink) -> int:
    """Number of horizontal rules: runs of rows with ink across > 60% of the width."""
    full = ink.sum(axis=1) > 0.6 * ink.shape[1]
    return int(sum(1 for i in range(len(full)) if full[i] and (i == 0 or not full[i - 1])))


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("shots")
    ins = load_instrument(CASE, warn=False)
    return {lang: _shoot(render(ins, "html", lang=lang), tmp, lang) for lang in ("fa", "en")}


def test_persian_page_is_right_to_left_with_grid(shots):
    png, console = shots["fa"]
    assert console == [], console
    ink = _ink(png)
    left, right = _title_extent(ink)
    assert abs(right - CONTENT_RIGHT) < 8, (left, right)  # flush with the body's right edge
    assert left > WIDTH / 3, (left, right)  # a short title: nothing near the left edge
    assert _rules(ink) >= 2  # the two Likert grids' header rules
    # the statement column is on the right: in the grid rows the text ink sits right
    # of the tick boxes, so the right third holds more ink than the middle third
    lower = ink[HEIGHT // 4 :]
    thirds = [lower[:, k * WIDTH // 3 : (k + 1) * WIDTH // 3].sum() for k in range(3)]
    assert thirds[2] > thirds[1]


def test_english_page_is_left_to_right_with_grid(shots):
    png, console = shots["en"]
    assert console == [], console
    ink = _ink(png)
    left, right = _title_extent(ink)
    assert abs(left - CONTENT_LEFT) < 8, (left, right)  # flush with the body's left edge
    assert right < 2 * WIDTH / 3, (left, right)
    assert _rules(ink) >= 2
    lower = ink[HEIGHT // 4 :]
    thirds = [lower[:, k * WIDTH // 3 : (k + 1) * WIDTH // 3].sum() for k in range(3)]
    assert thirds[0] > thirds[1]


def test_console_errors_would_be_caught(tmp_path):
    """Control: a page with a script error produces console lines this test reads."""
    _, console = _shoot("<html><body><script>noSuchFunction();</script></body></html>",
                        tmp_path, "bad")
    assert any("noSuchFunction" in ln for ln in console)
