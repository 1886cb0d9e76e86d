"""Exceptions and warning classes used across cemsurvey.

The library raises typed exceptions; the CLI (:mod:`cemsurvey.cli.app`) is the one
place that turns them into one-line messages and exit codes
(:mod:`cemsurvey.cli.exit_codes`).

Hierarchy::

    CemsurveyError            base of everything the user can fix
    ├── SpecError             the instrument YAML is wrong (carries located issues)
    ├── DataError             a data file or its values are wrong
    ├── EstimationError       an analysis cannot run on these data
    └── OutputError           a file cannot be written (exists, would overwrite input)

    CemsurveyWarning          "ran, but doubtful"
    ├── SpecWarning           instrument is valid but odd (single-item construct)
    ├── DataWarning           data were repaired or look suspicious (encoding fallback)
    ├── ConvergenceWarning    an optimiser stopped before convergence
    ├── HeywoodWarning        negative variance or |standardized loading| > 1
    ├── SingularMatrixWarning a matrix is (near) singular / not positive definite
    └── ReliabilityWarning    negative or near-zero alpha, items that look reverse-keyed
"""

from __future__ import annotations

from dataclasses import dataclass

#: Characters shown escaped in messages: controls (C0, DEL, C1), line and paragraph
#: separators and the bidirectional overrides ("Trojan Source"). ZWNJ/ZWJ, which Persian
#: text needs, are kept.
_UNSAFE = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}
_UNSAFE.update({c: f"\\u{c:04x}" for c in (0x2028, 0x2029, 0xFEFF, *range(0x202A, 0x202F),
                                           *range(0x2066, 0x206A))})
_UNSAFE.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"})


def one_line(text: str) -> str:
    r"""``text`` with control and bidi-override characters escaped, so a message stays
    one line and shows what a cell really holds.

    >>> one_line("a\nb\x00c")
    'a\\nb\\x00c'
    """
    return text.translate(_UNSAFE)


@dataclass(frozen=True)
class Issue:
    """One located problem in an input file.

    ``line`` and ``column`` are 1-based; ``None`` when unknown.
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return one_line(f"{where}{self.message}")


class CemsurveyError(Exception):
    """Base class of all errors a user can fix. ``str(err)`` is one line: control
    characters in it (a cell holding a newline) are shown escaped."""

    def __str__(self) -> str:
        return one_line(super().__str__())


class SpecError(CemsurveyError):
    """The instrument specification (YAML) is invalid.

    Parameters
    ----------
    issues
        Every problem found, each located by file, line and column.
    """

    def __init__(self, issues: list[Issue] | Issue | str):
        if isinstance(issues, str):
            issues = [Issue(issues)]
        elif isinstance(issues, Issue):
            issues = [issues]
        self.issues: list[Issue] = list(issues)
        super().__init__(str(self.issues[0]) if self.issues else "invalid specification")

    def lines(self) -> list[str]:
        """All issues, one line each."""
        return [str(i) for i in self.issues]


class DataError(CemsurveyError):
    """A data file or its content is unusable (names file, row, column, value)."""


class EstimationError(CemsurveyError):
    """An analysis cannot be carried out on these data or this model."""


class OutputError(CemsurveyError):
    """An output file cannot be written safely."""


class CemsurveyWarning(UserWarning):
    """Base class: the computation ran but its result needs attention."""


class SpecWarning(CemsurveyWarning):
    """The instrument is valid but something in it limits some analyses."""


class DataWarning(CemsurveyWarning):
    """Data were read with a fallback or contain something suspicious."""


class ConvergenceWarning(CemsurveyWarning):
    """An iterative estimator stopped before meeting its convergence criterion."""


class HeywoodWarning(CemsurveyWarning):
    """A variance estimate is negative or a standardized loading exceeds 1."""


class SingularMatrixWarning(CemsurveyWarning):
    """A covariance or correlation matrix is singular or not positive definite."""


class ReliabilityWarning(CemsurveyWarning):
    """Reliability is negative/near zero or items look reverse-keyed but are not declared so."""
