"""Every format for both shipped instruments in both languages, checked for structure.

* all formats through the CLI (``cemsurvey design -f FMT --lang LG -o FILE``);
* the XLSForm converts with pyxform into an XForm whose binds, selects and
  translations match the instrument (both instruments);
* the LimeSurvey TSV follows the manual's "Tab Separated Value survey structure":
  header, S/SL/G/Q/SQ/A rows, one block of rows per language with the same codes,
  array (F) questions with their subquestions and answer options, background questions
  as L (list), M (multiple choice), N (numerical) and T (text);
* the Qualtrics Advanced Format TXT uses only documented tags: one
  ``[[Question:Matrix]]`` per construct with ``[[Choices]]`` (statements) and
  ``[[Answers]]`` (scale points), MC for choice questions, TE for number/text.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cemsurvey.instrument import load_instrument
from cemsurvey.questionnaire import FORMATS, render
from cemsurvey.questionnaire.limesurvey import COLUMNS

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENTS = sorted((ROOT / "instruments").glob("*.yaml"))


def _ids(p: Path) -> str:
    return p.stem


def test_instrument_glob_is_not_empty():
    assert len(INSTRUMENTS) >= 2, "no instruments/*.yaml found: the tests below would pass vacuously"


@pytest.fixture(scope="module")
def loaded():
    return {p: load_instrument(p, warn=False) for p in INSTRUMENTS}


def _render(ins, fmt, lang):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return render(ins, fmt, lang=lang)


# ------------------------------------------------------------------ CLI, every format
@pytest.mark.parametrize("path", INSTRUMENTS, ids=_ids)
@pytest.mark.parametrize("lang", ["en", "fa"])
def test_every_format_through_cli(cli, tmp_path, path, lang, loaded):
    ins = loaded[path]
    for fmt, info in FORMATS.items():
        out = tmp_path / f"q-{lang}.{fmt}.{info.extension}"
        code, _, err = cli(["design", path, "-f", fmt, "--lang", lang, "-o", out])
        assert code == 0, (fmt, err)
        assert "Traceback" not in err and "error:" not in err
        assert out.stat().st_size > 0
        data = out.read_bytes()
        if info.binary:
            assert data[:2] == b"PK"  # a zip (xlsx)
            continue
        text = data.decode("utf-8-sig")
        # every item id appears in every text format (codes in codebook/lavaan/TSV, names in HTML)
        missing = [i for i in ins.item_ids if i not in text]
        if fmt in ("html", "codebook", "lavaan"):
            assert not missing, (fmt, missing[:5])
        if fmt == "markdown":  # a form for respondents: no variable codes unless asked
            assert not [i for i in ins.item_ids if f"`{i}`" in text]
            code, shown, err = cli(["design", path, "-f", fmt, "--lang", lang, "--show-codes"])
            assert code == 0 and all(f"`{i}`" in shown for i in ins.item_ids), err
        if fmt in ("html", "markdown", "qualtrics"):
            first_item = ins.tr(ins.items[0].text, lang)
            assert first_item.split()[0] in text, fmt


@pytest.mark.parametrize("path", INSTRUMENTS, ids=_ids)
def test_text_format_to_stdout_and_xlsx_needs_output(cli, path):
    code, out, err = cli(["design", path, "-f", "markdown", "--lang", "fa"])
    assert code == 0 and out.startswith('<div dir="rtl" lang="fa">')
    code, out, err = cli(["design", path, "-f", "xlsform"])
    flat = " ".join(err.replace("│", " ").split())  # usage errors come in a Rich panel
    assert code == 2 and "give -o FILE.xlsx" in flat and out == ""


def test_design_refuses_to_overwrite_and_unknown_language(cli, tmp_path):
    path = INSTRUMENTS[0]
    out = tmp_path / "q.html"
    out.write_text("keep")
    code, _, err = cli(["design", path, "-f", "html", "-o", out])
    assert code == 6 and "pass --force" in err and out.read_text() == "keep"
    code, _, err = cli(["design", path, "-f", "html", "-o", out, "--force"])
    assert code == 0 and out.read_text().startswith("<!DOCTYPE html>")
    code, _, err = cli(["design", path, "-f", "html", "--lang", "de"])
    assert code == 3 and "language 'de' is not one of the instrument's languages (en, fa)" in err


def test_shuffle_is_reproducible_and_within_constructs(cli, tmp_path, loaded):
    path = INSTRUMENTS[0]
    ins = loaded[path]
    outs = []
    for k in range(2):
        o = tmp_path / f"cb{k}.csv"
        code, _, err = cli(["design", path, "-f", "codebook", "--shuffle", "--seed", "11", "-o", o])
        assert code == 0, err
        outs.append(list(csv.DictReader(io.StringIO(o.read_text("utf-8-sig")))))
    assert outs[0] == outs[1]
    items = [r for r in outs[0] if r["kind"] == "item"]
    assert [r["variable"] for r in items] != ins.item_ids  # shuffled ...
    assert sorted(r["variable"] for r in items) == sorted(ins.item_ids)
    # ... but constructs stay contiguous and in declared order
    order = [r["construct"] for r in items]
    assert [c for i, c in enumerate(order) if i == 0 or c != order[i - 1]] == ins.construct_ids
    code, _, err = cli(["design", path, "-f", "codebook", "--shuffle", "-o", tmp_path / "x.csv"])
    assert code == 0 and "pass --seed" in err


# ------------------------------------------------------------------ XLSForm via pyxform
_XF = "{http://www.w3.org/2002/xforms}"


@pytest.mark.parametrize("path", INSTRUMENTS, ids=_ids)
def test_xlsform_converts_with_pyxform(path, loaded):
    from pyxform.xls2xform import convert

    ins = loaded[path]
    data = _render(ins, "xlsform", "fa")
    pyx_warnings: list[str] = []
    result = convert(data, warnings=pyx_warnings, file_type=".xlsx")
    assert pyx_warnings == []
    root = ET.fromstring(result.xform)
    binds = {b.get("nodeset").rsplit("/", 1)[-1]: b for b in root.iter(f"{_XF}bind")}
    for iid in ins.item_ids:
        assert iid in binds, iid
    for a in ins.attention_checks:
        assert a.id in binds
    # background questions: native XForm controls
    body_refs = {}
    for tag in ("select1", "select", "input"):
        for el in root.iter(f"{_XF}{tag}"):
            body_refs[el.get("ref").rsplit("/", 1)[-1]] = tag
    for b in ins.background:
        want = {"single": "select1", "multiple": "select", "number": "input", "text": "input"}[b.type]
        assert body_refs[b.id] == want, b.id
        bind = binds[b.id]
        if b.type == "number":
            assert bind.get("type") == "int"
            assert bind.get("constraint") == f". >= {int(b.min)} and . <= {int(b.max)}"
        if b.type == "text":
            assert bind.get("type") == "string"
        if b.required:
            assert bind.get("required") == "true()"
    # both languages are translations, Persian is the default
    langs = {t.get("lang"): t.get("default") for t in root.iter(f"{_XF}translation")}
    assert set(langs) == {"English (en)", "Persian (fa)"}
    assert langs["Persian (fa)"] == "true()"
    # one field-list group per construct
    groups = [g for g in root.iter(f"{_XF}group") if g.get("appearance") == "field-list"]
    assert len(groups) == len(ins.constructs)


# ------------------------------------------------------------------ LimeSurvey TSV
def _tsv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(text[1:]), delimiter="\t")
    assert reader.fieldnames == COLUMNS
    return list(reader)


@pytest.mark.parametrize("path", INSTRUMENTS, ids=_ids)
def test_limesurvey_structure(path, loaded):
    ins = loaded[path]
    rows = _tsv(_render(ins, "limesurvey", "fa"))
    assert all(r["class"] in {"S", "SL", "G", "Q", "SQ", "A"} for r in rows)
    s = {r["name"]: r["text"] for r in rows if r["class"] == "S"}
    assert s["language"] == "fa" and s["additional_languages"] == "en"
    titles = {r["language"]: r["text"] for r in rows if r["class"] == "SL" and r["name"] == "surveyls_title"}
    assert titles == {"fa": ins.tr(ins.title, "fa"), "en": ins.tr(ins.title, "en")}
    # the same structure (ids, classes, types, codes) in each language, base language first
    body = [r for r in rows if r["class"] in {"G", "Q", "SQ", "A"}]
    by_lang: dict[str, list[tuple]] = {}
    for r in body:
        by_lang.setdefault(r["language"], []).append((r["id"], r["class"], r["type/scale"],
                                                      r["name"] if r["class"] != "G" else ""))
    assert list(by_lang) == ["fa", "en"]
    assert by_lang["fa"] == by_lang["en"]
    fa = [r for r in body if r["language"] == "fa"]
    # a question's subquestions and answers follow it (relationship by proximity)
    current_q = None
    arrays: dict[str, dict[str, list[str]]] = {}
    for r in fa:
        if r["class"] == "G":
            current_q = None
        elif r["class"] == "Q":
            current_q = r
            arrays[r["name"]] = {"type": r["type/scale"], "SQ": [], "A": [], "row": r}
        else:
            assert current_q is not None, r
            arrays[current_q["name"]][r["class"]].append(r["name"])
            if r["class"] == "A":
                assert r["id"] == current_q["id"]  # answers carry their question's id
    for c in ins.constructs:
        q = arrays[c.id]
        assert q["type"] == "F"
        item_ids = [it.id for it in c.items]
        assert [x for x in q["SQ"] if x in item_ids] == item_ids
        assert q["A"] == [str(k) for k in ins.scale_of(c).codes]
    want = {"single": "L", "multiple": "M", "number": "N", "text": "T"}
    for b in ins.background:
        code = re.sub(r"[^A-Za-z0-9]", "", b.id)
        q = arrays[code]
        assert q["type"] == want[b.type], b.id
        if b.type == "single":
            assert q["A"] == [str(k) for k in b.options]
        if b.type == "multiple":
            assert q["SQ"] == [f"O{k}" for k in b.options]
        if b.type == "number":
            assert (q["row"]["min_num_value_n"], q["row"]["max_num_value_n"]) == ("0", "300")
            assert q["row"]["num_value_int_only"] == "1"
        assert q["row"]["mandatory"] == ("Y" if b.required else "N")
    # texts are one line, with no tabs or raw HTML
    for r in rows:
        assert "\n" not in r["text"] and "<" not in r["text"]


def test_limesurvey_warns_about_renamed_codes(loaded):
    ins = loaded[INSTRUMENTS[0]]
    with pytest.warns(Warning, match=r"renamed: .*shop_freq -> shopfreq"):
        render(ins, "limesurvey")


# ------------------------------------------------------------------ Qualtrics TXT
_TAG = re.compile(r"^\[\[(AdvancedFormat|Block:[^\[\]]+|Question:(Matrix|DB|MC:SingleAnswer|"
                  r"MC:MultipleAnswer|TE:SingleLine|TE:Form)|ID:[A-Za-z0-9_]+|Choices|Answers)\]\]$")


@pytest.mark.parametrize("path", INSTRUMENTS, ids=_ids)
@pytest.mark.parametrize("lang", ["en", "fa"])
def test_qualtrics_structure(path, lang, loaded):
    ins = loaded[path]
    text = _render(ins, "qualtrics", lang)
    lines = text.splitlines()
    assert lines[0] == "[[AdvancedFormat]]"
    for ln in lines:
        if ln.startswith("[["):
            assert _TAG.match(ln), ln
        else:
            assert "[[" not in ln, ln
    # split into questions
    questions: dict[str, dict] = {}
    i = 0
    while i < len(lines):
        if lines[i].startswith("[[Question:"):
            kind = lines[i][11:-2]
            qid = lines[i + 1][5:-2]
            j = i + 2
            block: list[str] = []
            while j < len(lines) and lines[j] and not lines[j].startswith("[[Question:") \
                    and not lines[j].startswith("[[Block:"):
                block.append(lines[j])
                j += 1
            questions[qid] = {"kind": kind, "lines": block}
            i = j
        else:
            i += 1
    assert len(questions) == len(set(questions))
    for c in ins.constructs:
        q = questions[c.id]
        assert q["kind"] == "Matrix"
        body = q["lines"]
        ch, an = body.index("[[Choices]]"), body.index("[[Answers]]")
        statements = body[ch + 1: an]
        n_checks = sum(1 for a in ins.attention_checks if a.after == c.id)
        assert len(statements) == len(c.items) + n_checks
        assert body[an + 1:] == ins.scale_of(c).labels[lang]
    for b in ins.background:
        q = questions[b.id]
        if b.type in ("single", "multiple"):
            assert q["kind"] == ("MC:SingleAnswer" if b.type == "single" else "MC:MultipleAnswer")
            assert len(q["lines"]) - q["lines"].index("[[Choices]]") - 1 == len(b.options)
        else:
            assert q["kind"] == "TE:SingleLine"


# ------------------------------------------------------------------ HTML / Markdown / codebook
class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.radio_names: dict[str, int] = {}
        self.inputs: dict[str, str] = {}
        self.html_attrs: dict[str, str] = {}
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = a
        if tag == "script":
            self.scripts += 1
        if tag == "input":
            self.inputs[a["name"]] = a["type"]
            if a["type"] == "radio":
                self.radio_names[a["name"]] = self.radio_names.get(a["name"], 0) + 1


@pytest.mark.parametrize("path", INSTRUMENTS, ids=_ids)
@pytest.mark.parametrize("lang", ["en", "fa"])
def test_html_structure(path, lang, loaded):
    ins = loaded[path]
    p = _Collect()
    p.feed(_render(ins, "html", lang))
    assert p.html_attrs == {"lang": lang, "dir": "rtl" if lang == "fa" else "ltr"}
    assert p.scripts == 0
    for iid in ins.item_ids:
        assert p.radio_names[iid] == ins.scale_of_item(iid).points
    for b in ins.background:
        want = {"single": "radio", "multiple": "checkbox", "number": "number", "text": "text"}[b.type]
        assert p.inputs[b.id] == want


@pytest.mark.parametrize("path", INSTRUMENTS, ids=_ids)
def test_codebook_rows(path, loaded):
    ins = loaded[path]
    rows = list(csv.DictReader(io.StringIO(_render(ins, "codebook", None).lstrip("\ufeff"))))
    kinds = [r["kind"] for r in rows]
    assert kinds.count("item") == len(ins.items)
    assert kinds.count("attention_check") == len(ins.attention_checks)
    assert kinds.count("background") == len(ins.background)
    by_var = {r["variable"]: r for r in rows}
    for iid in ins.reverse_items:
        assert by_var[iid]["reverse"] == "yes"
    for b in ins.background:
        r = by_var[b.id]
        assert r["type"] == b.type and r["text_fa"] == ins.tr(b.text, "fa")
        if b.options:
            assert r["labels_en"].startswith(f"1={ins.tr(b.options[1], 'en')}")
    # start block, items, end block
    pos = [r["kind"] for r in rows]
    first_item = pos.index("item")
    assert set(pos[:first_item]) == {"background"}
    n_end = sum(1 for b in ins.background if b.position == "end")
    assert pos[-n_end:] == ["background"] * n_end
