"""``--lang fa``: the one-line errors and warnings on stderr are Persian too, with their
values (file names, rows, columns, numbers) as written and the exit code unchanged; a
message the catalogue lacks stays English, whole (issue 21)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from cemsurvey.errors import DataError
from cemsurvey.report.i18n import Translator
from cemsurvey.report.locales import fa, fa_commands, fa_errors, fa_groups, fa_methods, fa_pls

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "responses" / "models" / "store_small.yaml"
PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")


def _persian_words(line: str) -> bool:
    return bool(re.search(r"[\u0600-\u06FF]{3}", line))


def _both(cli, args: list[str]) -> tuple[tuple[int, str], tuple[int, str]]:
    """(exit code, the one error line) in English and under --lang fa."""
    out = []
    for extra in ([], ["--lang", "fa"]):
        code, _, err = cli([*args, *extra])
        errors = [ln for ln in err.splitlines() if ln.startswith(("error: ", "خطا: "))]
        assert len(errors) == 1, err
        out.append((code, errors[0]))
    return out[0], out[1]


def _sample(cli, tmp_path: Path, bad: str | None = None) -> Path:
    raw = tmp_path / "raw.csv"
    assert cli(["simulate", SMALL, "-n", "60", "--seed", "3", "-o", raw])[0] == 0
    if bad is not None:  # the first item answer of the second respondent
        rows = list(csv.reader(raw.open(encoding="utf-8")))
        rows[2][rows[0].index("SAT1")] = bad
        with raw.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
    return raw


@pytest.mark.parametrize("case", ["missing-file", "output-exists", "bad-answer", "usage",
                                  "bad-proportion", "yaml-control"])
def test_errors_in_persian_same_exit_code(cli, tmp_path: Path, monkeypatch, case: str) -> None:
    monkeypatch.chdir(tmp_path)
    if case == "missing-file":
        args, values = ["import", "nope.csv", "-m", str(SMALL), "-o", "c.csv"], ["nope.csv"]
        code = 4
    elif case == "output-exists":
        raw = _sample(cli, tmp_path)
        (tmp_path / "c.csv").write_text("keep\n", encoding="utf-8")
        args, values, code = ["import", str(raw), "-m", str(SMALL), "-o", "c.csv"], ["c.csv"], 6
    elif case == "bad-answer":
        raw = _sample(cli, tmp_path, bad="9")
        args, code = ["import", str(raw), "-m", str(SMALL), "-o", "c.csv"], 4
        values = ["raw.csv", "'SAT1'", "'9'", "--invalid missing"]
    elif case == "usage":
        args, values, code = ["sample-size", "--margin", "abc"], ["'--margin'", "sample-size"], 2
    elif case == "bad-proportion":
        args, values, code = ["sample-size", "--proportion", "1.2"], ["--proportion", "1.2"], 3
    else:
        model = tmp_path / "m.yaml"
        model.write_bytes(b"title: bad \x02 survey\n" + SMALL.read_bytes())
        args, values, code = ["sample-size", "--model", str(model)], ["m.yaml:1:", "U+0002"], 3
    (en_code, en), (fa_code, fa_line) = _both(cli, args)
    assert en_code == fa_code == code, (en, fa_line)
    assert en.startswith("error: ") and fa_line.startswith("خطا: "), fa_line
    assert _persian_words(fa_line)
    for v in values:  # file names, rows, columns, values and flags kept as written
        assert v in en and v in fa_line, (v, fa_line)
    assert not any(w in fa_line for w in (" the ", " is ", " not ", " found", " file ")), fa_line
    if case == "bad-answer":  # the row number too
        row = re.search(r"row (\d+),", en)
        assert row and f"سطر {row.group(1)}،" in fa_line, fa_line
    if case == "output-exists":
        assert (tmp_path / "c.csv").read_text(encoding="utf-8") == "keep\n"


def test_a_message_without_a_template_stays_english(cli, tmp_path: Path, monkeypatch) -> None:
    """Never a crash, never half a translation: a message the catalogue lacks is printed
    as it is, with its exit code."""
    from cemsurvey.sampling import plan

    def fail(**_kw):
        raise DataError("x.csv: a message no catalogue knows; fix it")

    monkeypatch.setattr(plan, "plan_sample_size", fail)
    code, _, err = cli(["sample-size", "--lang", "fa"])
    assert code == 4
    assert err.strip() == "error: x.csv: a message no catalogue knows; fix it"


def test_warnings_in_persian(cli, tmp_path: Path) -> None:
    raw = _sample(cli, tmp_path, bad="9")
    code, _, err = cli(["import", raw, "-m", SMALL, "-o", tmp_path / "c.csv", "--invalid",
                        "missing", "--lang", "fa"])
    assert code == 0, err
    warned = [ln for ln in err.splitlines() if ln.startswith("هشدار: ")]
    assert warned and "raw.csv" in warned[0] and "SAT1" in warned[0], err
    assert not [ln for ln in err.splitlines() if ln.startswith("warning: ")], err
    code, _, err = cli(["import", raw, "-m", SMALL, "-o", tmp_path / "d.csv", "--invalid",
                        "missing"])
    assert code == 0 and "warning: " in err and "set missing" in err  # English unchanged


@pytest.mark.parametrize("module", [fa, fa_commands, fa_groups, fa_methods, fa_pls, fa_errors],
                         ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_every_template_keeps_its_placeholders(module) -> None:
    """A translation holds exactly the placeholders of its English message (no value lost,
    none invented: a KeyError at print time)."""
    wrong = [k for k, v in module.MESSAGES.items()
             if sorted(PLACEHOLDER.findall(k)) != sorted(PLACEHOLDER.findall(v))]
    assert wrong == []


def test_message_translation_keeps_values_and_falls_back() -> None:
    tr = Translator("fa")
    line = ("error: my data.csv: row 12, column C 'Q: 3' (SAT2): 'x' is not one of the codes "
            "1, 2, 3 or labels such as 'No', 'Yes'; correct it, or pass --invalid missing to "
            "count such answers as missing")
    assert tr.message(line) == (
        "خطا: my data.csv: سطر 12، ستون C 'Q: 3' (SAT2): 'x' هیچ‌یک از کدهای 1, 2, 3 یا "
        "برچسب‌هایی مانند 'No', 'Yes' نیست؛ آن را اصلاح کنید یا با --invalid missing چنین "
        "پاسخ‌هایی را گمشده بشمارید")
    # an outer usage frame around a message the catalogue lacks: English, whole
    usage = "error: Invalid value for --foo: something new (see 'cemsurvey import --help')"
    assert tr.message(usage) == usage
    assert Translator("en").message(line) == line
    # no Persian digits in messages (values as written), even with --digits fa
    assert "12" in Translator("fa", "fa").message(line)


def test_analyze_notes_and_warnings_in_persian(cli, tmp_path: Path) -> None:
    """analyze's notes, warnings and 'wrote' lines under --lang fa: Persian where the
    catalogues know them, otherwise English whole (never a line half translated)."""
    raw = tmp_path / "s.csv"
    assert cli(["simulate", SMALL, "-n", "40", "--seed", "1", "-o", raw, "--missing",
                "0.05"])[0] == 0
    args = ["analyze", raw, "-m", SMALL, "--steps", "import,cfa,validity", "--format", "json"]
    code, _, en = cli([*args, "--report", tmp_path / "en.html"])
    assert code == 0 and "note: validity: the discriminant-validity intervals" in en, en
    code, _, err = cli([*args, "--report", tmp_path / "fa.html", "--lang", "fa"])
    assert code == 0, err
    lines = err.splitlines()
    assert any(ln.startswith("یادداشت: ") and "فاصله‌ها و آزمون‌های روایی واگرا" in ln
               for ln in lines), err
    assert any(ln.startswith("هشدار: غربال ") for ln in lines), err
    assert f"فایل {tmp_path / 'fa.html'} نوشته شد" in lines, err
    for ln in lines:  # a line is Persian from its prefix on, or English whole
        if ln.startswith(("note: ", "warning: ")):
            assert not _persian_words(ln), ln


def test_design_and_simulate_notes_follow_a_persian_questionnaire(cli, tmp_path: Path) -> None:
    code, _, err = cli(["design", SMALL, "-f", "markdown", "--lang", "fa", "--shuffle",
                        "--seed", "5", "-o", tmp_path / "q.md"])
    assert code == 0 and err.splitlines() == [f"فایل {tmp_path / 'q.md'} نوشته شد (markdown)"], err
    code, _, err = cli(["simulate", SMALL, "-n", "30", "--lang", "fa", "-o", tmp_path / "s.csv"])
    assert code == 0 and err.strip() == f"فایل {tmp_path / 's.csv'} نوشته شد", err
    code, _, err = cli(["design", SMALL, "-f", "markdown", "--shuffle", "-o", tmp_path / "e.md"])
    assert code == 0 and err.startswith("shuffled with seed ") and "wrote " in err, err
