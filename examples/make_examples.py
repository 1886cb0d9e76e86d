"""Regenerate the example exports in examples/exports/ (and the answer keys the tests read).

Run from the repository root:

    python examples/make_examples.py [--force]

Each export is simulated from one of the two bundled instruments with
:func:`cemsurvey.responses.simulate_responses` (planted structural paths, a few careless
respondents, a few unanswered items; seeded, so the files are the same on every run) and
written as the platform writes it with :func:`cemsurvey.responses.write_export`, the code
behind ``cemsurvey simulate --as SHAPE``. The simulated codes go to
``tests/examples/keys/<export>.csv`` (respondent in file order x item and attention-check
codes), which ``tests/examples/test_examples.py`` compares with what ``cemsurvey import``
reads back.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "examples" / "exports"
KEYS = ROOT / "tests" / "examples" / "keys"
CEJ = ROOT / "instruments" / "customer-engagement-journey.yaml"
DMC = ROOT / "instruments" / "digital-marketing-cem.yaml"


@dataclass(frozen=True)
class Example:
    """One export: file name, instrument, platform shape, language, size and seed."""

    file: str
    model: Path
    shape: str
    lang: str
    n: int
    seed: int
    source: str  # what the importer should detect


#: The exports, each with its own respondents. In the Google Forms file engagement (ENG)
#: rises with buying frequency, by 0.8 SD from the first option to the last (for
#: ``analyze --by shop_freq``).
EXAMPLES: tuple[Example, ...] = (
    Example("google-forms-fa.csv", CEJ, "google-forms", "fa", 300, 1403, "google-forms"),
    Example("porsline-fa.xlsx", CEJ, "porsline", "fa", 240, 1404, "porsline"),
    Example("kobo.xlsx", CEJ, "kobo", "en", 200, 31, "kobo"),
    Example("spss-fa.sav", CEJ, "sav", "fa", 180, 32, "spss"),
    Example("limesurvey.csv", DMC, "limesurvey", "en", 250, 33, "limesurvey"),
    Example("qualtrics.csv", DMC, "qualtrics", "en", 220, 34, "qualtrics"),
    Example("excel.xlsx", DMC, "xlsx", "en", 160, 35, "plain"),
)

#: Share of careless respondents (straight-liners and random responders) and of item
#: answers left blank by attentive respondents.
CARELESS, MISSING = 0.03, 0.002


def simulate(ex: Example):
    """The seeded simulation behind one example (instrument, simulation result)."""
    from cemsurvey.instrument import load_instrument
    from cemsurvey.responses import simulate_responses

    ins = load_instrument(ex.model)
    effects = {"shop_freq": ("ENG", 0.8)} if ex.shape == "google-forms" else None
    sim = simulate_responses(ins, ex.n, seed=ex.seed, careless=CARELESS, missing=MISSING,
                             group_effects=effects)
    return ins, sim


def make(ex: Example, force: bool) -> Path:
    from cemsurvey.responses import write_export

    ins, sim = simulate(ex)
    path = write_export(sim, ins, OUT / ex.file, ex.shape, lang=ex.lang, force=force)
    key = sim.data.reset_index(drop=True)
    key.index = range(1, len(key) + 1)
    key.index.name = "row"
    KEYS.mkdir(parents=True, exist_ok=True)
    key_path = KEYS / f"{Path(ex.file).stem}.csv"
    key.to_csv(key_path, float_format="%.10g", lineterminator="\n")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="overwrite the existing exports")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    for ex in EXAMPLES:
        path = make(ex, args.force)
        print(f"{path.relative_to(ROOT)}: {ex.n} respondents, {ex.shape} ({ex.lang}), "
              f"{ex.model.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
