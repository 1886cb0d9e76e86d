"""Exit codes of the ``cemsurvey`` command and the one table mapping errors to them.

:data:`EXIT_CODES` is the only place that decides which code a library exception ends the
process with; :func:`exit_code_for` looks an exception's class up along its MRO, so a
subclass without its own row inherits its parent's code. To give an error class its own
code, add a member to :class:`ExitCode` and a row to :data:`EXIT_CODES` (and document it
in the README's exit-code table).
"""

from __future__ import annotations

from enum import IntEnum

from cemsurvey.errors import CemsurveyError, DataError, EstimationError, OutputError, SpecError


class ExitCode(IntEnum):
    """Process exit codes of the ``cemsurvey`` command (documented in README)."""

    OK = 0
    ERROR = 1  # anything else: an internal error (a bug), an interruption
    USAGE = 2  # command-line usage error (unknown option, bad option value)
    SPEC = 3  # the instrument YAML (or a thresholds file) is invalid: SpecError
    DATA = 4  # a data or mapping file, or its values, is unusable: DataError
    ESTIMATION = 5  # an analysis cannot run on these data or this model: EstimationError
    OUTPUT = 6  # an output file cannot be written safely: OutputError


#: Library exception class -> exit code; the most specific class along the MRO wins.
EXIT_CODES: dict[type[BaseException], ExitCode] = {
    CemsurveyError: ExitCode.ERROR,
    SpecError: ExitCode.SPEC,
    DataError: ExitCode.DATA,
    EstimationError: ExitCode.ESTIMATION,
    OutputError: ExitCode.OUTPUT,
}


def exit_code_for(exc: BaseException) -> ExitCode:
    """The exit code of ``exc`` from :data:`EXIT_CODES` (``ERROR`` when none matches).

    >>> from cemsurvey.errors import DataError
    >>> int(exit_code_for(DataError("bad cell")))
    4
    """
    for cls in type(exc).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return ExitCode.ERROR
