"""``--lang fa`` on ``import`` and ``sample-size``: every printed table and sentence is
Persian (issue 21); English output and JSON are unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cemsurvey.report import i18n
from cemsurvey.report.i18n import english_words

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "responses" / "models" / "store_small.yaml"
MODEL = ROOT / "instruments" / "digital-marketing-cem.yaml"


@pytest.fixture
def made(monkeypatch):
    """The translators the command built (their ``missing`` lists untranslated strings)."""
    seen: list[i18n.Translator] = []

    class Recording(i18n.Translator):
        def __init__(self, *a, **kw) -> None:
            super().__init__(*a, **kw)
            seen.append(self)

    monkeypatch.setattr(i18n, "Translator", Recording)
    return seen


def _english(text: str, *allowed: str) -> list[str]:
    """English words left in ``text`` (file paths, command-line flags and ``allowed``
    words aside)."""
    words = []
    for line in text.splitlines():
        for tok in line.split():
            if "/" in tok or tok.startswith("--") or tok.strip("()[]:,") in allowed:
                continue
            words += english_words(tok)
    return words


def _check(made, out: str, *allowed: str) -> None:
    assert made and made[-1].lang == "fa"
    assert made[-1].missing == set(), sorted(made[-1].missing)
    assert _english(out, *allowed) == []


def _raw(cli, tmp_path: Path) -> Path:
    raw = tmp_path / "raw.csv"
    assert cli(["simulate", SMALL, "-n", "80", "--seed", "2", "-o", raw, "--careless",
                "0.1"])[0] == 0
    return raw


@pytest.mark.parametrize("extra", [[], ["--drop"]])
def test_import_in_persian(cli, made, tmp_path: Path, extra: list[str]) -> None:
    raw = _raw(cli, tmp_path)
    code, out, err = cli(["import", raw, "--model", SMALL, "-o", tmp_path / "a.csv",
                          "--lang", "fa", *extra])
    assert code == 0, err
    assert "غربال پاسخ‌دهندگان" in out
    _check(made, out, "csv")
    wrote = [line for line in err.splitlines() if "a.csv" in line]
    assert len(wrote) == 1 and "نوشته شد" in wrote[0] and _english(wrote[0]) == []


def test_import_english_and_json_unchanged(cli, tmp_path: Path) -> None:
    raw = _raw(cli, tmp_path)
    en = cli(["import", raw, "--model", SMALL, "-o", tmp_path / "a.csv"])
    fa = cli(["import", raw, "--model", SMALL, "-o", tmp_path / "b.csv", "--lang", "fa",
              "--format", "json"])
    assert en[0] == fa[0] == 0
    assert "Screening" in en[1] and "respondents read" in en[1]
    d = json.loads(fa[1])
    assert d["n_rows"] == 80 and fa[1].isascii()


@pytest.mark.parametrize("args", [
    ["--population", "5000"],
    ["--population", "800", "--response-rate", "0.4", "--sd", "1", "--mean-margin", "0.1"],
    ["--model", str(MODEL), "--population", "5000", "--n", "250"],
])
def test_sample_size_in_persian(cli, made, args: list[str]) -> None:
    code, out, err = cli(["sample-size", *args, "--lang", "fa"])
    assert code == 0, err
    assert "حجم نمونه" in out
    _check(made, out)


def test_sample_size_persian_digits(cli) -> None:
    code, out, _ = cli(["sample-size", "--population", "5000", "--lang", "fa", "--digits", "fa"])
    assert code == 0 and "۳۵۷" in out and "357" not in out


def test_sample_size_english_and_json_unchanged(cli) -> None:
    code, out, _ = cli(["sample-size", "--population", "5000"])
    assert code == 0 and "Sample size" in out and "Recommended" in out
    code, out, _ = cli(["sample-size", "--population", "5000", "--lang", "fa", "--format", "json"])
    assert code == 0 and out.isascii() and json.loads(out)


def test_bad_lang_is_refused(cli) -> None:
    code, _, err = cli(["sample-size", "--lang", "de"])
    assert code != 0 and "--lang" in err


def test_monte_carlo_in_persian(cli, made) -> None:
    code, out, err = cli(["sample-size", "--model", SMALL, "--monte-carlo", "--reps", "5",
                          "--workers", "1", "--n-grid", "100,200", "--lang", "fa"])
    assert code == 0, err
    assert "توان آزمون مونت‌کارلو" in out and "همگرایی و برازش مدل" in out
    _check(made, out)


def test_monte_carlo_warnings_translated() -> None:
    from cemsurvey.report.i18n import Translator

    tr = Translator("fa")
    for text in ("paths without a stated effect took the default 0.2: ENG ~ SAT",
                 "stopped early: 40 replications done",
                 "no sample size studied gives every nonzero path power >= 0.8; extend the grid.",
                 "40 replications on 2 local processes in 1.5 s."):
        assert english_words(tr(text)) == [], text
    assert tr.missing == set()


def test_sample_size_warning_in_persian(cli, made) -> None:
    code, out, err = cli(["sample-size", "--model", MODEL, "--lang", "fa"])
    assert code == 0
    warned = [line for line in err.splitlines() if "RMSEA" in line]
    assert warned and "آزمون‌های RMSEA" in warned[0]
    _check(made, out)


def test_monte_carlo_html_page_in_persian(cli, made, tmp_path: Path) -> None:
    """``--html`` under ``--lang fa``: a right-to-left Persian page (headings, column
    headers, notes, figure labels); the English page keeps ``lang="en"``."""
    import xml.dom.minidom
    from html.parser import HTMLParser

    page = tmp_path / "power.html"
    code, _, err = cli(["sample-size", "--model", SMALL, "--monte-carlo", "--reps", "5",
                        "--workers", "1", "--n-grid", "100,200", "--lang", "fa", "--html", page])
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl">' in html
    assert made[-1].lang == "fa" and made[-1].missing == set(), sorted(made[-1].missing)
    svg = html[html.index("<svg"): html.index("</svg>") + 6]
    xml.dom.minidom.parseString(svg)
    assert 'aria-label="منحنی توان آزمون مونت‌کارلو"' in svg and "حجم نمونه n" in svg
    assert 'direction="rtl"' in svg and 'class="target"' in svg

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    reader = Text()
    reader.feed(html[html.index("<body>"):])
    paths = {"SAT", "LOY", "ENG", "Y", "X"}  # path labels are the model's codes
    left = [w for part in reader.parts if "~" not in part
            for w in english_words(part) if w not in paths]
    assert left == [], left
    assert "<h1>توان آزمون مونت‌کارلو: نظرسنجی کوچک فروشگاه</h1>" in html  # the YAML's fa title
    assert "<h2" in html and "توان آزمون مونت‌کارلو برای هر مسیر و n" in html
    assert "نرخ رد chi2" in html and "هدف 0.8" in svg and "wrote" not in err
    code, _, _ = cli(["sample-size", "--model", SMALL, "--monte-carlo", "--reps", "5",
                      "--workers", "1", "--n-grid", "100,200", "--html", tmp_path / "en.html"])
    en = (tmp_path / "en.html").read_text(encoding="utf-8")
    assert code == 0 and '<html lang="en" dir="ltr">' in en and "target 0.8" in en
    assert "sample size n" in en and "Monte Carlo power by path and n" in en
