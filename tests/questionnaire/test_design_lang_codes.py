"""Printable forms show no codes unless --show-codes, number statements in the language's
digits; ``design -f codebook --lang fa`` honours --lang."""

from __future__ import annotations

from tests.conftest import INSTRUMENTS

MODEL = INSTRUMENTS / "customer-engagement-journey.yaml"


def test_codebook_with_lang_has_only_that_language(cli):
    code, fa, err = cli(["design", MODEL, "-f", "codebook", "--lang", "fa"])
    assert code == 0, err
    head = fa.lstrip("\ufeff").splitlines()[0].split(",")
    assert "text_fa" in head and "labels_fa" in head and "text_en" not in head
    code, both, _ = cli(["design", MODEL, "-f", "codebook"])
    assert {"text_en", "text_fa"} <= set(both.lstrip("\ufeff").splitlines()[0].split(","))


def test_persian_form_numbers_statements_in_persian_digits_without_codes(cli):
    code, md, err = cli(["design", MODEL, "-f", "markdown", "--lang", "fa"])
    assert code == 0, err
    assert "| ۱. " in md and "| ۱۲. " in md and "`SAT1`" not in md and "(۱)" not in md
    code, html, err = cli(["design", MODEL, "-f", "html", "--lang", "fa"])
    assert '<span class="qn">۱.</span>' in html and 'class="code"' not in html
    code, en, _ = cli(["design", MODEL, "-f", "markdown", "--lang", "en", "--show-codes"])
    assert "| 1. `SAT1` " in en and "(1)" in en
