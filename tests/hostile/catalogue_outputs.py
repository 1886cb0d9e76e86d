"""Hostile outputs and option values: every writer and every option of every command.

Same shape as :mod:`tests.hostile.catalogue_inputs`. A usage error (exit 2) is checked on
the words of Typer's panel; every other refusal on its one ``error:`` line.
"""

from __future__ import annotations

from tests.hostile.conftest import DIR, FIFO, Symlink

USAGE, SPEC, DATA, OUTPUT = 2, 3, 4, 6
IS_INPUT = ["is an input of this command", "even with --force", "choose another output path"]
EXISTS = ["file exists", "pass --force"]
NO_DIR = ["does not exist", "create it first"]
UNWRITABLE = ["cannot write the file"]

SIM = "simulate m.yaml -n 5 -o "
DES = "design m.yaml -f markdown -o "
IMP = "import d.csv -m m.yaml -o "
ANA = "analyze d.csv -m m.yaml --steps descriptives "

WRITER_CASES = [
    # never write over an input, --force or not
    ("out-simulate-over-model-force", SIM + "m.yaml --force", {}, OUTPUT, ["m.yaml", *IS_INPUT]),
    ("out-simulate-over-model", SIM + "m.yaml", {}, OUTPUT, ["m.yaml", "is an input"]),
    ("out-design-over-model-force", DES + "m.yaml --force", {}, OUTPUT, ["m.yaml", *IS_INPUT]),
    ("out-design-xlsform-over-model", "design m.yaml -f xlsform -o m.yaml --force", {}, OUTPUT,
     ["m.yaml", "is an input"]),
    ("out-import-over-data-force", IMP + "d.csv --force", {}, OUTPUT, ["d.csv", *IS_INPUT]),
    ("out-import-over-model-force", IMP + "m.yaml --force", {}, OUTPUT, ["m.yaml", *IS_INPUT]),
    ("out-import-over-mapping-force", IMP + "map.csv --force --mapping map.csv",
     {"map.csv": "SAT1,SAT1\n"}, OUTPUT, ["map.csv", *IS_INPUT]),
    ("out-analyze-report-over-model", ANA + "--report m.yaml --force", {}, OUTPUT, ["m.yaml", "is an input"]),
    ("out-analyze-xlsx-over-data", ANA + "--xlsx d.csv --force", {}, OUTPUT, ["d.csv", "is an input"]),
    ("out-analyze-markdown-over-thresholds", ANA + "--markdown th.yaml --force --thresholds th.yaml",
     {"th.yaml": "kmo: 0.8\n"}, OUTPUT, ["th.yaml", "is an input"]),
    ("out-link-to-input", IMP + "link.csv --force", {"link.csv": Symlink("d.csv")}, OUTPUT,
     ["link.csv", "is an input"]),
    ("out-hardlink-name-of-model", SIM + "./m.yaml --force", {}, OUTPUT, ["m.yaml", "is an input"]),
    # existing files without --force
    ("out-init-existing", "init m.yaml", {}, OUTPUT, ["m.yaml", *EXISTS]),
    ("out-design-existing", DES + "q.md", {"q.md": "keep"}, OUTPUT, ["q.md", *EXISTS]),
    ("out-simulate-existing", SIM + "s.csv", {"s.csv": "keep"}, OUTPUT, ["s.csv", *EXISTS]),
    ("out-import-existing", IMP + "c.csv", {"c.csv": "keep"}, OUTPUT, ["c.csv", *EXISTS]),
    ("out-analyze-existing", ANA + "--report r.html", {"r.html": "keep"}, OUTPUT, ["r.html", *EXISTS]),
    # missing directories, paths through files, unwritable places
    ("out-init-missing-dir", "init nodir/m2.yaml", {}, OUTPUT, ["nodir/m2.yaml", *NO_DIR]),
    ("out-design-missing-dir", DES + "nodir/q.md", {}, OUTPUT, ["nodir/q.md", *NO_DIR]),
    ("out-simulate-missing-dir", SIM + "nodir/s.csv", {}, OUTPUT, ["nodir/s.csv", *NO_DIR]),
    ("out-import-missing-dir", IMP + "nodir/c.csv", {}, OUTPUT, ["nodir/c.csv", *NO_DIR]),
    ("out-analyze-missing-dir", ANA + "--xlsx nodir/t.xlsx", {}, OUTPUT, ["nodir/t.xlsx", *NO_DIR]),
    ("out-through-a-file", SIM + "d.csv/s.csv", {}, OUTPUT, ["d.csv/s.csv", *NO_DIR]),
    ("out-init-unwritable", "init /proc/m2.yaml", {}, OUTPUT, ["/proc/m2.yaml", *UNWRITABLE]),
    ("out-design-unwritable", DES + "/proc/q.md", {}, OUTPUT, ["/proc/q.md", *UNWRITABLE]),
    ("out-simulate-unwritable", SIM + "/proc/s.csv", {}, OUTPUT, ["/proc/s.csv", *UNWRITABLE]),
    ("out-import-unwritable", IMP + "/proc/c.csv", {}, OUTPUT, ["/proc/c.csv", *UNWRITABLE]),
    ("out-analyze-unwritable", ANA + "--markdown /proc/t.md", {}, OUTPUT, ["/proc/t.md", *UNWRITABLE]),
    ("out-name-too-long", SIM + "x" * 300 + ".csv", {}, OUTPUT, ["cannot write the file", "shorter file name"]),
    # not a regular file
    ("out-is-dir-init", "init sub", {"sub": DIR}, OUTPUT, ["sub", "is a directory", "give a file name"]),
    ("out-is-dir-design", DES + "sub --force", {"sub": DIR}, OUTPUT, ["sub", "is a directory"]),
    ("out-is-dir-simulate", SIM + "sub", {"sub": DIR}, OUTPUT, ["sub", "is a directory"]),
    ("out-is-dir-import", IMP + "sub --force", {"sub": DIR}, OUTPUT, ["sub", "is a directory"]),
    ("out-is-fifo-force", SIM + "p.fifo --force", {"p.fifo": FIFO}, OUTPUT, ["p.fifo", "not a regular file"]),
    ("out-is-device-force", DES + "/dev/null --force", {}, OUTPUT, ["/dev/null", "not a regular file"]),
    ("out-is-link-force", DES + "ln.md --force", {"t.md": "keep", "ln.md": Symlink("t.md")}, OUTPUT,
     ["ln.md", "not a regular file"]),
    ("out-xlsform-to-stdout", "design m.yaml -f xlsform", {}, USAGE, ["give -o FILE.xlsx"]),
    ("out-same-file-twice", ANA + "--report r.out --xlsx r.out", {}, USAGE, ["must be different files"]),
]

OPTION_CASES = [
    # simulate
    ("opt-sim-n-zero", "simulate m.yaml -n 0 -o s.csv", {}, USAGE, ["'-n'", "greater than or equal to 1"]),
    ("opt-sim-n-negative", "simulate m.yaml -n -5 -o s.csv", {}, USAGE, ["'-n'"]),
    ("opt-sim-n-huge", "simulate m.yaml -n 2000000000 -o s.csv", {}, USAGE,
     ["2,000,000,000 respondents x 9 items", "limit of 50,000,000", "at most 5,555,555"]),
    ("opt-sim-n-text", "simulate m.yaml -n many -o s.csv", {}, USAGE, ["'-n'", "valid integer"]),
    ("opt-sim-seed-negative", "simulate m.yaml -n 5 -o s.csv --seed -1", {}, USAGE,
     ["--seed", "-1 is not a seed", "from 0 to 4294967295"]),
    ("opt-sim-seed-too-big", "simulate m.yaml -n 5 -o s.csv --seed 4294967296", {}, USAGE, ["--seed"]),
    ("opt-sim-seed-text", "simulate m.yaml -n 5 -o s.csv --seed abc", {}, USAGE, ["--seed", "valid integer"]),
    ("opt-sim-careless", "simulate m.yaml -n 5 -o s.csv --careless 0.9", {}, USAGE, ["--careless", "less than or equal to 0.5"]),
    ("opt-sim-missing", "simulate m.yaml -n 5 -o s.csv --missing 0.6", {}, USAGE, ["--missing"]),
    ("opt-sim-path-effect", "simulate m.yaml -n 5 -o s.csv --path-effect 2", {}, USAGE, ["--path-effect"]),
    ("opt-sim-shape", "simulate m.yaml -n 5 -o s.csv --as spss9", {}, USAGE, ["--as", "spss9", "csv"]),
    ("opt-sim-format-csv", "simulate m.yaml -n 5 -o s.csv --format csv", {}, USAGE, ["--format"]),
    ("opt-sim-group-effect", "simulate m.yaml -n 5 -o s.csv --group-effect bad", {}, USAGE,
     ["'bad'", "QUESTION=CONSTRUCT:D"]),
    ("opt-sim-null-path", "simulate m.yaml -n 5 -o s.csv --null-path 'SAT ~ LOY'", {}, SPEC,
     ["not a path of the model"]),
    ("opt-sim-lang", "simulate m.yaml -n 5 -o s.csv --lang de", {}, SPEC, ["language 'de'", "en"]),
    # design
    ("opt-design-format", "design m.yaml -f nope", {}, USAGE, ["'-f'", "nope", "html"]),
    ("opt-design-seed", "design m.yaml -f markdown --shuffle --seed -1", {}, USAGE, ["--seed", "-1"]),
    ("opt-design-level", "design m.yaml -f lavaan --level nope", {}, USAGE, ["--level", "nope"]),
    ("opt-design-lang", "design m.yaml -f markdown --lang de", {}, SPEC,
     ["language 'de'", "(en)", "pass --lang en"]),
    # analyze
    ("opt-an-seed", "analyze d.csv -m m.yaml --seed -1", {}, USAGE, ["--seed", "-1"]),
    ("opt-an-bootstrap-negative", "analyze d.csv -m m.yaml --bootstrap -1", {}, USAGE, ["--bootstrap"]),
    ("opt-an-bootstrap-huge", "analyze d.csv -m m.yaml --bootstrap 1000000000000", {}, USAGE,
     ["1,000,000,000,000 is above the limit of 100,000", "kept in memory", "5,000 to 10,000"]),
    ("opt-an-rotation", "analyze d.csv -m m.yaml --rotation spin", {}, USAGE,
     ["--rotation", "unknown rotation 'spin'", "oblimin, promax, varimax, geomin, none"]),
    ("opt-an-extraction", "analyze d.csv -m m.yaml --extraction foo", {}, USAGE, ["--extraction", "minres"]),
    ("opt-an-steps-empty", "analyze d.csv -m m.yaml --steps ''", {}, USAGE,
     ["--steps", "names no step", "choose from import"]),
    ("opt-an-steps-commas", "analyze d.csv -m m.yaml --steps ' , '", {}, USAGE, ["names no step"]),
    ("opt-an-steps-unknown", "analyze d.csv -m m.yaml --steps reliabilty", {}, USAGE,
     ["unknown step 'reliabilty'", "reliability"]),
    ("opt-an-factors", "analyze d.csv -m m.yaml --factors 0", {}, USAGE, ["--factors"]),
    ("opt-an-alpha-zero", "analyze d.csv -m m.yaml --alpha 0", {}, USAGE, ["alpha must be between 0 and 1"]),
    ("opt-an-alpha-big", "analyze d.csv -m m.yaml --alpha 1.5", {}, USAGE, ["alpha must be between 0 and 1"]),
    ("opt-an-alpha-nan", "analyze d.csv -m m.yaml --alpha nan", {}, USAGE, ["alpha must be between 0 and 1"]),
    ("opt-an-tails", "analyze d.csv -m m.yaml --tails 3", {}, USAGE, ["--tails"]),
    ("opt-an-method", "analyze d.csv -m m.yaml --method x", {}, USAGE, ["--method", "cb-sem", "pls"]),
    ("opt-an-missing", "analyze d.csv -m m.yaml --missing x", {}, USAGE, ["--missing", "listwise"]),
    ("opt-an-estimator", "analyze d.csv -m m.yaml --estimator x", {}, USAGE, ["--estimator", "mlr"]),
    ("opt-an-pls-scheme", "analyze d.csv -m m.yaml --pls-scheme x", {}, USAGE, ["--pls-scheme", "path"]),
    ("opt-an-higher-order", "analyze d.csv -m m.yaml --higher-order x", {}, USAGE, ["--higher-order"]),
    ("opt-an-ci", "analyze d.csv -m m.yaml --ci x", {}, USAGE, ["--ci", "percentile"]),
    ("opt-an-ci-method-mismatch", "analyze d.csv -m m.yaml --ci bca", {}, USAGE,
     ["--ci", "bca is not an interval of --method cb-sem"]),
    ("opt-an-format-csv", "analyze d.csv -m m.yaml --format csv", {}, USAGE, ["--format", "--xlsx"]),
    ("opt-an-lang", "analyze d.csv -m m.yaml --lang de", {}, USAGE, ["'de'", "(en)"]),
    # import
    ("opt-imp-invalid", IMP + "c.csv --invalid foo", {}, USAGE, ["--invalid", "'error' or 'missing'"]),
    ("opt-imp-format-csv", IMP + "c.csv --format csv", {}, USAGE, ["--format"]),
    ("opt-imp-max-missing", IMP + "c.csv --max-missing 2", {}, USAGE, ["--max-missing"]),
    ("opt-imp-outlier-p", IMP + "c.csv --outlier-p -1", {}, USAGE, ["--outlier-p"]),
    ("opt-imp-straightline", IMP + "c.csv --straightline-run 1", {}, USAGE, ["--straightline-run"]),
    ("opt-imp-min-seconds", IMP + "c.csv --min-seconds -1", {}, USAGE, ["--min-seconds"]),
    ("opt-imp-source", IMP + "c.csv --source nonsense", {}, USAGE,
     ["unknown source 'nonsense'", "qualtrics"]),
    # sample-size (range checks live in the sampling core: specification errors)
    ("opt-ss-proportion", "sample-size --proportion 1.2", {}, SPEC, ["--proportion must be between 0 and 1"]),
    ("opt-ss-margin", "sample-size --margin 0", {}, SPEC, ["--margin must be between 0 and 1"]),
    ("opt-ss-confidence", "sample-size --confidence 95", {}, SPEC, ["--confidence"]),
    ("opt-ss-population", "sample-size --population 0", {}, SPEC, ["--population must be at least 1"]),
    ("opt-ss-response-rate", "sample-size --response-rate 1.5", {}, SPEC, ["--response-rate"]),
    ("opt-ss-format-csv", "sample-size --format csv", {}, USAGE, ["--format", "table or json"]),
    ("opt-ss-mean-overflow", "sample-size --sd 1e308 --mean-margin 1e-308", {}, SPEC,
     ["comes out as inf", "check the inputs"]),
    ("opt-ss-text", "sample-size --margin abc", {}, USAGE, ["--margin", "valid number"]),
    # the command line itself
    ("opt-unknown-command", "frobnicate", {}, USAGE, ["No such command 'frobnicate'"]),
    ("opt-unknown-option", "validate m.yaml --no-such-option", {}, USAGE, ["No such option"]),
    ("opt-validate-no-file", "validate", {}, USAGE, ["Missing argument"]),
]

CASES = WRITER_CASES + OPTION_CASES
