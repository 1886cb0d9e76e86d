"""A user's column mapping file: ``column header -> item id`` from a dict, a two-column CSV
or a flat YAML file, read defensively (regular files only, UTF-8, YAML through the
instrument loader's safe parser: no tags, aliases bounded, nesting bounded)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from cemsurvey.errors import DataError
from cemsurvey.responses.normalize import norm_text


def load_mapping(mapping: str | Path | Mapping[str, str] | None) -> dict[str, str]:
    """A user mapping ``{column header: id}`` from a dict, a two-column CSV or a YAML file."""
    if mapping is None:
        return {}
    if isinstance(mapping, Mapping):
        return {str(k): str(v) for k, v in mapping.items()}
    from cemsurvey.fileio import read_regular, regular_file_problem

    p = Path(mapping)
    problem = regular_file_problem(p)
    if problem:
        raise DataError(f"{p}: mapping file {problem}")
    try:
        text = read_regular(p).decode("utf-8-sig")
    except OSError as exc:
        raise DataError(f"{p}: cannot read the mapping file ({exc.strerror}); check its "
                        "permissions") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{p}: byte {exc.start + 1} of the mapping file is not UTF-8 text; save "
                        "it as UTF-8") from None
    if p.suffix.lower() in (".yaml", ".yml"):
        return _yaml_mapping(p, text)
    import csv
    import io

    out: dict[str, str] = {}
    try:
        for i, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            if not row or not "".join(row).strip():
                continue
            if len(row) < 2:
                raise DataError(f"{p}: row {i} has one value ({row[0]!r}); write "
                                "'column header,item_id'")
            if i == 1 and norm_text(row[0]) in ("column", "header"):
                continue
            out[row[0].strip()] = row[1].strip()
    except csv.Error as exc:
        raise DataError(f"{p}: cannot read the mapping as CSV ({exc}); write one "
                        "'column header,item_id' line per column") from None
    return out


def _yaml_mapping(p: Path, text: str) -> dict[str, str]:
    """A YAML mapping file: ``column header: item_id`` lines (flat, text or numbers)."""
    from cemsurvey.errors import SpecError
    from cemsurvey.instrument.yamlpos import load_yaml_with_positions, locate

    try:
        data, positions, _dups = load_yaml_with_positions(text, str(p))
    except SpecError as exc:  # syntax, control characters, nesting: a data-file problem here
        raise DataError(f"{exc.issues[0]}; write 'column header: item_id' lines") from None
    if not isinstance(data, dict):
        raise DataError(f"{p}: expected 'column header: item_id' lines")
    for k, v in data.items():
        if isinstance(v, dict | list) or v is None:
            line, _ = locate(positions, (k,))
            raise DataError(f"{p}:{line}: column {str(k)!r} maps to {v!r}; write one item id "
                            "after the colon")
    return {str(k): str(v) for k, v in data.items()}
