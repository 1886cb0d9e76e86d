"""The Persian report: every user-facing string of the analyze outputs has a translation.

Renders the analyze report (HTML, Markdown, "What to report") of both bundled instruments
(every default step, and the grouped steps under ``--by``, CB-SEM and PLS)
with ``--lang fa`` and fails listing every English string the catalogue
(``cemsurvey/report/locales/fa*.py``) does not translate.
"""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

import pytest

from cemsurvey.analysis import AnalysisOptions, run_analysis
from cemsurvey.instrument import load_instrument
from cemsurvey.report.analysis_summary import summary_lines
from cemsurvey.report.analysis_tables import analysis_sections, analysis_tables, translate_sections
from cemsurvey.report.html import html_report
from cemsurvey.report.i18n import Translator, english_words
from cemsurvey.report.markdown import markdown_document
from cemsurvey.report.tables import persian_digits
from cemsurvey.responses.exports import write_export
from cemsurvey.responses.simulate import simulate_responses

ROOT = Path(__file__).resolve().parents[2]
# (instrument, method, respondents, grouping question, steps): every default step (method
# bias and discriminant validity with inference included), then --by gender with the group
# comparisons and the invariance step (multi-group CFA levels, partial invariance, latent
# means and paths under CB-SEM; MICOM and PLS-MGA under PLS)
CASES = [("customer-engagement-journey", "pls", 300, None, None),
         ("digital-marketing-cem", "cb-sem", 300, None, None),
         ("customer-engagement-journey", "cb-sem", 450, "gender", ("groups", "invariance")),
         ("customer-engagement-journey", "pls", 450, "gender", ("groups", "invariance"))]
CATALOGUE = "cemsurvey/report/locales/fa*.py"


@pytest.mark.parametrize(("name", "method", "n", "by", "steps"), CASES)
def test_persian_report_has_no_untranslated_string(tmp_path: Path, name: str, method: str,
                                                   n: int, by: str | None,
                                                   steps: tuple[str, ...] | None):
    ins = load_instrument(ROOT / "instruments" / f"{name}.yaml")
    sim = simulate_responses(ins, n, seed=3, careless=0.05)
    data = write_export(sim, ins, tmp_path / "r.csv", "csv", force=True)
    extra = {"steps": steps} if steps else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = run_analysis(data, ins, AnalysisOptions(method=method, bootstrap=30, seed=3,
                                                      lang="fa", by=by, **extra))
    ran = ("groups", "invariance") if by else ("method-bias", "validity", "structural")
    assert all(res.record(s).status == "ok" for s in ran), [res.record(s) for s in ran]
    assert_all_persian(res, ins, data)


# a formative construct, an interaction term (PLSc, two-stage) and, without it, PLSpredict
# with CVPAT: the PLS extensions the bundled instruments do not reach
MODERATION = """\
title: {{en: Moderation, fa: تعدیل}}
languages: [en, fa]
scales:
  agree5: {{type: likert, points: 5}}
constructs:
  - {{id: EX, name: {{en: Experience, fa: تجربه}}, items: [{{id: EX1, text: {{en: x, fa: x}}}}, {{id: EX2, text: {{en: x, fa: x}}}},
     {{id: EX3, text: {{en: x, fa: x}}}}]}}
  - {{id: TR, name: {{en: Trust, fa: اعتماد}}, measurement: formative, items: [{{id: TR1, text: {{en: m, fa: m}}}},
     {{id: TR2, text: {{en: m, fa: m}}}}, {{id: TR3, text: {{en: m, fa: m}}}}]}}
  - {{id: LO, name: {{en: Loyalty, fa: وفاداری}}, items: [{{id: LO1, text: {{en: y, fa: y}}}}, {{id: LO2, text: {{en: y, fa: y}}}},
     {{id: LO3, text: {{en: y, fa: y}}}}]}}
paths:
  - {path}
"""


@pytest.mark.parametrize(("path", "method", "steps"), [
    ("LO ~ EX + TR + EX:TR", "plsc", ("reliability", "structural", "ipma")),
    ("LO ~ EX + TR", "pls", ("reliability", "structural", "predict"))])
def test_persian_pls_extensions_have_no_untranslated_string(tmp_path: Path, path: str,
                                                            method: str, steps: tuple[str, ...]):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(5)
    x, m = rng.standard_normal(250), rng.standard_normal(250)
    y = 0.4 * x + 0.3 * m + 0.3 * x * m + 0.6 * rng.standard_normal(250)
    cols = {f"{k}{i}": np.clip(np.round(3 + 1.1 * (0.8 * v + 0.6 * rng.standard_normal(250))),
                               1, 5) for k, v in (("EX", x), ("TR", m), ("LO", y)) for i in (1, 2, 3)}
    data = tmp_path / "r.csv"
    pd.DataFrame(cols, index=pd.RangeIndex(1, 251, name="respondent")).to_csv(data)
    (tmp_path / "m.yaml").write_text(MODERATION.format(path=path), encoding="utf-8")
    ins = load_instrument(tmp_path / "m.yaml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = run_analysis(data, ins, AnalysisOptions(method=method, bootstrap=30, seed=3,
                                                      lang="fa", steps=steps, predict_folds=5,
                                                      predict_repetitions=1))
    assert all(res.record(s).status == "ok" for s in steps), [res.record(s) for s in steps]
    assert_all_persian(res, ins, data)


def assert_all_persian(res, ins, data: Path) -> None:
    """Render ``res`` in Persian (HTML, Markdown, "What to report"); fail listing every
    string without a translation and every English word left on the page."""
    tr = Translator("fa", "fa")
    secs = translate_sections(analysis_sections(res, None), tr)
    page = html_report(res, lang="fa", sections=secs, tr=tr)
    markdown_document(analysis_tables(res, None, secs, tr), tr=tr)
    for topic, text, v in summary_lines(res):
        tr(topic), tr(text)
        if v is not None:
            tr(v.rule)
    missing = sorted(tr.missing)
    assert not missing, (f"strings without a Persian translation (add them to {CATALOGUE}):\n"
                         + "\n".join(missing))
    assert 'dir="rtl"' in page and "آنچه باید گزارش شود" in page
    left = visible_english(page) - allowed_words(ins, data)
    assert not left, f"English words left in the Persian page: {sorted(left)}"


CITATION = re.compile(r"[A-Z][\w'’-]+(?:(?:,\s*|\s*&\s*|\s+and\s+|\s+et al\.?,?\s*)"
                      r"(?:[A-Z][\w'’-]+)?)*,?\s*\(?\d{4}\)?")


def visible_english(page: str) -> set[str]:
    """English words of the page's text (tags, CSS and citations removed)."""
    text = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return set(english_words(CITATION.sub(" ", text)))


def allowed_words(ins, data: Path) -> set[str]:
    """Codes a reader needs as they are: construct, dimension and item ids, the data file's
    name, flag names (--drop), the formula letter k."""
    ids = {c.id for c in ins.constructs} | set(ins.dimensions) | set(ins.item_ids)
    parts = set(english_words(str(data)))
    return ids | parts | {"k", "drop", "thresholds", "sem"}


def test_templates_translate_their_parts_and_flag_unknown_parts():
    tr = Translator("fa")
    assert tr("AVE ranged from .41 to .59.") == \
        "میانگین واریانس استخراج‌شده (AVE) از .41 تا .59 بود."
    assert tr("causal -> ENG") == "شرایط علّی ← ENG"
    tr("Reliability; some new sentence")
    assert tr.missing == {"some new sentence"}


def test_english_words_allow_codes_abbreviations_and_symbols():
    assert english_words("CFI = .95, PE1, r14 ... (+2), df") == []
    assert english_words("Table 3") == ["Table"]


def test_persian_digits_in_tables_only_json_ascii():
    assert persian_digits("alpha = 0.85 [.70, .90]") == "alpha = ۰٫۸۵ [٫۷۰, ٫۹۰]"
    assert Translator("en", "fa")("n = 12") == "n = ۱۲"


def test_persian_workbook_sheets_are_right_to_left_with_translated_titles():
    import io

    import openpyxl

    from cemsurvey.report.xlsx import workbook_bytes

    tr = Translator("fa")
    t = tr.table(__import__("cemsurvey.report.tables", fromlist=["Table"]).Table(
        "rel", "Reliability per construct", ["construct", "alpha"], [["PE", 0.8]]))
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes([t], rtl=True)))
    ws = wb.worksheets[0]
    assert ws.sheet_view.rightToLeft and ws.cell(1, 1).value == "پایایی هر سازه"
    assert ws.cell(3, 2).value == "آلفا (α)" and ws.cell(4, 2).value == 0.8
