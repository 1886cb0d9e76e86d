"""Hostile inputs: the YAML loader (models, thresholds, mappings) and every data reader.

Each case: ``(id, command line, files, exit code, fragments of the error line)``. The
command runs in a directory holding ``m.yaml`` (valid model) and ``d.csv`` (valid data)
unless ``files`` replaces them. Fragments name the file, line/row, column, value and fix.
"""

from __future__ import annotations

from tests.hostile.conftest import DIR, FIFO, HEADER, MODEL, Sparse, Symlink

SPEC, DATA = 3, 4
V = "validate m.yaml"


def _with_title(raw: bytes) -> bytes:
    return b"title: Hostile " + raw + b" survey\n" + MODEL.encode().split(b"\n", 1)[1]


def _ctl(code: int) -> bytes:
    return _with_title(chr(code).encode("utf-8"))


def _replace(old: str, new: str) -> str:
    assert old in MODEL
    return MODEL.replace(old, new, 1)


_CONTROL = [0x00, 0x01, 0x02, 0x07, 0x08, 0x0B, 0x0C, 0x1B, 0x7F, 0x80, 0x9B, 0x9F, 0xFFFE]
YAML_CASES = [
    (f"yaml-control-U+{c:04X}", V, {"m.yaml": _ctl(c)}, SPEC,
     ["m.yaml:1:16", f"U+{c:04X}", "delete it"]) for c in _CONTROL
] + [
    ("yaml-deep-flow-seq", V, {"m.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n"}, SPEC,
     ["m.yaml:1:", "nested more than 64 deep", "remove the extra brackets"]),
    ("yaml-deep-flow-map", V, {"m.yaml": "a: " + "{b: " * 3000 + "1" + "}" * 3000 + "\n"}, SPEC,
     ["m.yaml:1:", "nested more than 64 deep"]),
    ("yaml-deep-block", V, {"m.yaml": "".join(" " * i + "a:\n" for i in range(2000)) + " " * 2000
                            + "b: 1\n"}, SPEC, ["m.yaml:65:65", "nested more than 64 deep"]),
    ("yaml-just-too-deep", V, {"m.yaml": "a: " + "[" * 65 + "]" * 65 + "\n"}, SPEC,
     ["m.yaml:1:", "nested more than 64 deep"]),
    ("yaml-alias-bomb", V, {"m.yaml": "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6))},
     SPEC, ["m.yaml:", "expands to more than 200,000 values", "write the values out"]),
    ("yaml-recursive-alias", V, {"m.yaml": "a: &a [1, *a]\n"}, SPEC, ["m.yaml:1:", "a cycle"]),
    ("yaml-python-tag", V, {"m.yaml": "title: !!python/object/apply:os.system [ls]\n"}, SPEC,
     ["m.yaml:1:8", "unsupported YAML tag '!!python/object/apply:os.system'", "remove it"]),
    ("yaml-binary-tag", V, {"m.yaml": "title: !!binary aGVsbG8=\n"}, SPEC,
     ["m.yaml:1:8", "unsupported YAML tag '!!binary'"]),
    ("yaml-custom-tag", V, {"m.yaml": "title: !evil x\n"}, SPEC, ["m.yaml:1:8", "unsupported YAML tag"]),
    ("yaml-merge-key", V, {"m.yaml": "a: &a {x: 1}\nb:\n  <<: *a\n"}, SPEC,
     ["m.yaml:3:3", "merge keys (<<) are not supported"]),
    ("yaml-two-documents", V, {"m.yaml": MODEL + "---\ntitle: other\n"}, SPEC,
     ["m.yaml:", "more than one YAML document", "keep one model per file"]),
    ("yaml-tab-indent", V, {"m.yaml": "title: x\nconstructs:\n\t- id: A\n"}, SPEC,
     ["m.yaml:3:", "indent with spaces, not tabs"]),
    ("yaml-latin1", V, {"m.yaml": _with_title(b"caf\xe9")}, SPEC,
     ["m.yaml:1", "not UTF-8 text", "save it as UTF-8"]),
    ("yaml-utf16", V, {"m.yaml": MODEL.encode("utf-16")}, SPEC, ["m.yaml:1", "not UTF-8"]),
    ("yaml-empty", V, {"m.yaml": b""}, SPEC, ["m.yaml:1:1", "the file is empty", "cemsurvey init"]),
    ("yaml-only-comments", V, {"m.yaml": "# nothing\n# here\n"}, SPEC, ["m.yaml:1:1", "empty"]),
    ("yaml-bom-only", V, {"m.yaml": b"\xef\xbb\xbf"}, SPEC, ["m.yaml:1:1", "empty"]),
    ("yaml-top-list", V, {"m.yaml": "- a\n- b\n"}, SPEC,
     ["m.yaml:1:1", "expected a mapping of keys", "found list"]),
    ("yaml-top-scalar", V, {"m.yaml": "just text\n"}, SPEC, ["m.yaml:1:1", "found str"]),
    ("yaml-huge-int", V, {"m.yaml": _replace("points: 5", "points: " + "9" * 400)}, SPEC,
     ["m.yaml:3:", "points"]),
    ("yaml-nan-points", V, {"m.yaml": _replace("points: 5", "points: .nan")}, SPEC,
     ["m.yaml:3:", "'points'", "finite number", "found nan"]),
    ("yaml-duplicate-key", V, {"m.yaml": MODEL + "title: again\n"}, SPEC,
     ["m.yaml:", "key 'title' is given twice (first at line 1)", "remove one"]),
    ("yaml-unterminated-quote", V, {"m.yaml": 'title: "never closed\nconstructs: []\n'}, SPEC,
     ["m.yaml:", "YAML syntax error"]),
    ("yaml-id-with-newline", V, {"m.yaml": _replace("id: SAT1,", 'id: "SA\\nT1",')}, SPEC,
     ["m.yaml:8:", "SA\\nT1"]),
    ("yaml-id-with-escape", V, {"m.yaml": _replace("id: SAT1,", 'id: "\\e[2J",')}, SPEC,
     ["m.yaml:8:", "\\x1b[2J"]),
    ("yaml-id-with-bidi", V, {"m.yaml": _replace("id: SAT1,", 'id: "A\\u202eB",')}, SPEC,
     ["m.yaml:8:", "A\\u202eB"]),
    ("yaml-key-is-list", V, {"m.yaml": MODEL + "[a, b]: 1\n"}, SPEC, ["m.yaml:", "unknown key"]),
    ("yaml-model-is-dir", V, {"m.yaml": DIR}, SPEC, ["m.yaml", "is a directory"]),
    ("yaml-model-is-fifo", V, {"m.yaml": FIFO}, SPEC, ["m.yaml", "not a regular file", "save the content to a file"]),
    ("yaml-model-is-device", "validate /dev/null", {}, SPEC, ["/dev/null", "not a regular file"]),
    ("yaml-model-missing", "validate nope.yaml", {}, SPEC, ["nope.yaml", "not found", "check the path"]),
    ("yaml-model-symlink-loop", V, {"m.yaml": Symlink("m.yaml")}, SPEC, ["m.yaml", "cannot be read"]),
    ("yaml-model-huge", V, {"m.yaml": Sparse(100_000_000)}, SPEC,
     ["m.yaml", "100,000,000 bytes", "more than a model file may", "check that this is"]),
    ("yaml-model-through-file", "validate d.csv/m.yaml", {}, SPEC, ["d.csv/m.yaml", "not found"]),
]

# the same hostile model reaches every command that reads one
_BAD = {"m.yaml": _ctl(0x02)}
_FRAGS = ["m.yaml:1:16", "U+0002", "delete it"]
COMMAND_MODEL_CASES = [
    ("model-control-design", "design m.yaml -f markdown", _BAD, SPEC, _FRAGS),
    ("model-control-simulate", "simulate m.yaml -n 5 -o s.csv", _BAD, SPEC, _FRAGS),
    ("model-control-import", "import d.csv -m m.yaml -o c.csv", _BAD, SPEC, _FRAGS),
    ("model-control-analyze", "analyze d.csv -m m.yaml", _BAD, SPEC, _FRAGS),
    ("model-control-sample-size", "sample-size --model m.yaml", _BAD, SPEC, _FRAGS),
    ("model-deep-analyze", "analyze d.csv -m m.yaml", {"m.yaml": "a: " + "[" * 3000 + "]" * 3000},
     SPEC, ["m.yaml:1:", "nested more than 64 deep"]),
    ("model-fifo-design", "design m.yaml -f html", {"m.yaml": FIFO}, SPEC, ["m.yaml", "not a regular file"]),
    ("model-fifo-import", "import d.csv -m m.yaml -o c.csv", {"m.yaml": FIFO}, SPEC,
     ["m.yaml", "not a regular file"]),
]

A = "analyze d.csv -m m.yaml --steps descriptives --thresholds th.yaml"
THRESHOLD_CASES = [
    ("thresholds-control", A, {"th.yaml": b"kmo: 0.8\x01\n"}, SPEC, ["th.yaml:1:9", "U+0001"]),
    ("thresholds-deep", A, {"th.yaml": "kmo: " + "[" * 500 + "]" * 500}, SPEC,
     ["th.yaml:1:", "nested more than 64 deep"]),
    ("thresholds-latin1", A, {"th.yaml": b"kmo: 0.8 # caf\xe9\n"}, SPEC, ["th.yaml", "not UTF-8"]),
    ("thresholds-unknown-key", A, {"th.yaml": "alpha: 0.7\nkmoo: 0.9\n"}, SPEC,
     ["th.yaml:2:1", "unknown threshold 'kmoo'", "known:"]),
    ("thresholds-nan", A, {"th.yaml": "kmo: .nan\n"}, SPEC, ["th.yaml:1:1", "'kmo'", "nan", "give a number"]),
    ("thresholds-inf", A, {"th.yaml": "kmo: {good: .inf}\n"}, SPEC, ["th.yaml:1:1", "'kmo'", "give a number"]),
    ("thresholds-bool", A, {"th.yaml": "kmo: true\n"}, SPEC, ["th.yaml:1:1", "True", "give a number"]),
    ("thresholds-text", A, {"th.yaml": "kmo: high\n"}, SPEC, ["th.yaml:1:1", "high", "give a number"]),
    ("thresholds-list", A, {"th.yaml": "- kmo\n"}, SPEC, ["th.yaml:1:1", "expected a mapping"]),
    ("thresholds-duplicate", A, {"th.yaml": "kmo: 0.8\nkmo: 0.9\n"}, SPEC, ["th.yaml:2:1", "given twice"]),
    ("thresholds-fifo", A, {"th.yaml": FIFO}, SPEC, ["th.yaml", "not a regular file"]),
    ("thresholds-missing", "analyze d.csv -m m.yaml --thresholds none.yaml", {}, SPEC,
     ["none.yaml", "not found"]),
    ("thresholds-dir", A, {"th.yaml": DIR}, SPEC, ["th.yaml", "is a directory"]),
]

I = "import d.csv -m m.yaml -o c.csv --mapping "
MAPPING_CASES = [
    ("mapping-latin1-csv", I + "map.csv", {"map.csv": b"caf\xe9,SAT1\n"}, DATA,
     ["map.csv", "byte 4", "not UTF-8", "save it as UTF-8"]),
    ("mapping-latin1-yaml", I + "map.yaml", {"map.yaml": b"caf\xe9: SAT1\n"}, DATA, ["map.yaml", "not UTF-8"]),
    ("mapping-control-yaml", I + "map.yaml", {"map.yaml": b"a\x02: SAT1\n"}, DATA,
     ["map.yaml:1:2", "U+0002", "column header: item_id"]),
    ("mapping-deep-yaml", I + "map.yaml", {"map.yaml": "a: " + "[" * 400 + "]" * 400}, DATA,
     ["map.yaml:1:", "nested more than 64 deep"]),
    ("mapping-list-yaml", I + "map.yaml", {"map.yaml": "- SAT1\n"}, DATA,
     ["map.yaml", "expected 'column header: item_id' lines"]),
    ("mapping-nested-value", I + "map.yaml", {"map.yaml": "SAT1: {a: b}\n"}, DATA,
     ["map.yaml:1", "'SAT1' maps to", "write one item id"]),
    ("mapping-syntax-yaml", I + "map.yaml", {"map.yaml": "a: [b\n"}, DATA, ["map.yaml:", "YAML syntax error"]),
    ("mapping-one-value", I + "map.csv", {"map.csv": "SAT1\n"}, DATA,
     ["map.csv", "row 1 has one value ('SAT1')", "column header,item_id"]),
    ("mapping-fifo", I + "map.csv", {"map.csv": FIFO}, DATA, ["map.csv", "not a regular file"]),
    ("mapping-missing", I + "nomap.csv", {}, DATA, ["nomap.csv", "not found"]),
    ("mapping-dir", I + "map.csv", {"map.csv": DIR}, DATA, ["map.csv", "is a directory"]),
    ("mapping-unknown-target", I + "map.csv", {"map.csv": "SAT1,NOPE\n"}, DATA,
     ["'SAT1' -> 'NOPE'", "fix the mapping file"]),
    ("mapping-unknown-column", I + "map.csv", {"map.csv": "Nope column,SAT1\n"}, DATA,
     ["'Nope column' is not in d.csv", "fix the header"]),
]

_ROW = "r1,1,2,3,4,5,1,2,3,4,1,ok"
D = "import x.csv -m m.yaml -o c.csv"
READER_CASES = [
    ("csv-vertical-tab-only", D, {"x.csv": "\v"}, DATA, ["x.csv", "empty", "export the responses again"]),
    ("csv-form-feed-only", D, {"x.csv": "\f\n\f"}, DATA, ["x.csv", "empty"]),
    ("csv-file-separator-only", D, {"x.csv": "\x1c\x1d\x1e"}, DATA, ["x.csv", "blank"]),
    ("csv-whitespace-only", D, {"x.csv": "  \n\t\n  "}, DATA, ["x.csv", "empty"]),
    ("csv-bom-only", D, {"x.csv": b"\xef\xbb\xbf"}, DATA, ["x.csv", "empty"]),
    ("csv-empty", D, {"x.csv": b""}, DATA, ["x.csv", "empty"]),
    ("csv-nul-bytes", D, {"x.csv": (HEADER + "\n").encode() + b"\x00" * 10}, DATA,
     ["x.csv", "UTF-16 or binary data", "CSV UTF-8"]),
    ("csv-utf16", D, {"x.csv": (HEADER + "\n" + _ROW + "\n").encode("utf-16")}, DATA,
     ["x.csv", "UTF-16 or binary"]),
    ("csv-zip-named-csv", D, {"x.csv": b"PK\x03\x04junk"}, DATA, ["x.csv", "rename it to .xlsx"]),
    ("csv-header-only", D, {"x.csv": HEADER + "\n"}, DATA, ["x.csv", "header but no respondents"]),
    ("csv-ragged", D, {"x.csv": f"{HEADER}\n{_ROW}\n{_ROW},extra\n"}, DATA,
     ["x.csv", "row 3 has 13 fields but the header has 12", "fix that row"]),
    ("csv-one-column", D, {"x.csv": "a\nb\n"}, DATA, ["x.csv", "single column"]),
    ("csv-only-delimiters", D, {"x.csv": ",,,\n,,,\n"}, DATA, ["x.csv", "no header row", "export"]),
    ("csv-lone-quote", D, {"x.csv": '"'}, DATA, ["x.csv"]),
    ("csv-cell-newline", D, {"x.csv": f'{HEADER}\n{_ROW}\nr2,"ba\nd",2,3,4,5,1,2,3,4,1,ok\n'}, DATA,
     ["x.csv", "row 3", "column B 'SAT1'", "'ba\\nd'", "not one of the codes", "--invalid missing"]),
    ("csv-cell-escape", D, {"x.csv": f"{HEADER}\n{_ROW}\nr2,\x1b[2J,2,3,4,5,1,2,3,4,1,ok\n"}, DATA,
     ["row 3", "column B", "\\x1b[2J"]),
    ("csv-cell-bidi", D, {"x.csv": f"{HEADER}\n{_ROW}\nr2,5\u202e1,2,3,4,5,1,2,3,4,1,ok\n"}, DATA,
     ["row 3", "column B", "5\\u202e1"]),
    ("csv-cell-out-of-range", D, {"x.csv": f"{HEADER}\n{_ROW}\nr2,-7,2,3,4,5,1,2,3,4,1,ok\n"}, DATA,
     ["row 3", "column B 'SAT1'", "'-7'", "codes 1, 2, 3, 4, 5"]),
    ("csv-cell-formula", D, {"x.csv": f"{HEADER}\n{_ROW}\nr2,=1+1,2,3,4,5,1,2,3,4,1,ok\n"}, DATA,
     ["row 3", "'=1+1'"]),
    ("csv-header-control", D, {"x.csv": HEADER.replace("SAT1", "SAT\x071") + f"\n{_ROW}\n"}, DATA,
     ["x.csv", "SAT1", "SAT\\x071"]),
    ("csv-duplicate-column", D, {"x.csv": HEADER.replace("SAT3", "SAT1") + f"\n{_ROW}\n"}, DATA,
     ["x.csv", "duplicated column name 'SAT1'", "rename or delete"]),
    ("csv-gender-not-option", D, {"x.csv": f"{HEADER}\n{_ROW}\nr2,1,2,3,4,5,1,2,3,4,3,ok\n"}, DATA,
     ["row 3", "column K 'gender'", "'3'", "codes 1, 2"]),
    ("csv-fifo", D, {"x.csv": FIFO}, DATA, ["x.csv", "not a regular file"]),
    ("csv-device", "import /dev/zero -m m.yaml -o c.csv", {}, DATA, ["/dev/zero", "not a regular file"]),
    ("csv-dir", D, {"x.csv": DIR}, DATA, ["x.csv", "is a directory"]),
    ("csv-missing", D, {}, DATA, ["x.csv", "not found"]),
    ("csv-symlink-loop", D, {"x.csv": Symlink("x.csv")}, DATA, ["x.csv", "cannot be read"]),
    ("xlsx-not-a-workbook", "import x.xlsx -m m.yaml -o c.csv", {"x.xlsx": b"not a zip"}, DATA,
     ["x.xlsx", "cannot open the workbook", "re-save it"]),
    ("xlsx-fifo", "import x.xlsx -m m.yaml -o c.csv", {"x.xlsx": FIFO}, DATA, ["x.xlsx", "not a regular file"]),
    ("sav-not-spss", "import x.sav -m m.yaml -o c.csv", {"x.sav": b"$FL2 junk"}, DATA,
     ["x.sav", "cannot read the SPSS file"]),
    ("sav-fifo", "import x.sav -m m.yaml -o c.csv", {"x.sav": FIFO}, DATA, ["x.sav", "not a regular file"]),
    ("xls-old-excel", "import x.xls -m m.yaml -o c.csv", {"x.xls": b"\xd0\xcf\x11\xe0"}, DATA,
     ["x.xls", "old Excel .xls"]),
    ("analyze-vertical-tab", "analyze x.csv -m m.yaml", {"x.csv": "\v"}, DATA, ["x.csv", "empty"]),
    ("analyze-fifo", "analyze x.csv -m m.yaml", {"x.csv": FIFO}, DATA, ["x.csv", "not a regular file"]),
    ("analyze-dir", "analyze x.csv -m m.yaml", {"x.csv": DIR}, DATA, ["x.csv", "is a directory"]),
    ("analyze-cell-newline", "analyze x.csv -m m.yaml",
     {"x.csv": f'{HEADER}\n{_ROW}\nr2,"ba\nd",2,3,4,5,1,2,3,4,1,ok\n'}, DATA, ["row 3", "'ba\\nd'"]),
]

CASES = YAML_CASES + COMMAND_MODEL_CASES + THRESHOLD_CASES + MAPPING_CASES + READER_CASES
