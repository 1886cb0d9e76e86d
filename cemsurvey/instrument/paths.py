"""Parsing lavaan-style structural statements used in ``paths`` and ``covariances``.

``"strategies ~ phenomenon + contextual"`` declares one regression with two predictors;
``"a + b ~ c"`` declares two. ``"y1 ~~ y5"`` declares a residual covariance;
``"y1 ~~ y5 + y6"`` declares two.
"""

from __future__ import annotations

from cemsurvey.instrument.model import ID_RE


def _names(side: str, statement: str) -> list[str]:
    names = [p.strip() for p in side.split("+")]
    for n in names:
        if not n:
            raise ValueError(f"'{statement}': empty name around '+'; write 'a ~ b + c'")
        if not ID_RE.match(n):
            raise ValueError(
                f"'{statement}': '{n}' is not a construct or dimension id "
                "(labels and modifiers such as 'b1*x' are not supported)"
            )
    return names


def parse_regression(statement: str) -> list[tuple[str, list[str]]]:
    """Parse ``"lhs ~ rhs1 + rhs2"`` into ``[(lhs, [rhs1, rhs2])]``.

    >>> parse_regression("strategies ~ phenomenon + contextual")
    [('strategies', ['phenomenon', 'contextual'])]
    """
    if "~~" in statement or "=~" in statement or statement.count("~") != 1:
        raise ValueError(
            f"'{statement}' is not a regression; write 'outcome ~ predictor1 + predictor2'"
        )
    lhs, rhs = statement.split("~")
    return [(y, _names(rhs, statement)) for y in _names(lhs, statement)]


def parse_covariance(statement: str) -> list[tuple[str, str]]:
    """Parse ``"y1 ~~ y5 + y6"`` into ``[('y1', 'y5'), ('y1', 'y6')]``.

    >>> parse_covariance("y1 ~~ y5")
    [('y1', 'y5')]
    """
    if statement.count("~~") != 1:
        raise ValueError(f"'{statement}' is not a covariance; write 'a ~~ b'")
    lhs, rhs = statement.split("~~")
    return [(a, b) for a in _names(lhs, statement) for b in _names(rhs, statement)]
