"""Parsing lavaan-style structural statements used in ``paths`` and ``covariances``.

``"strategies ~ phenomenon + contextual"`` declares one regression with two predictors;
``"a + b ~ c"`` declares two. ``"y1 ~~ y5"`` declares a residual covariance;
``"y1 ~~ y5 + y6"`` declares two. A predictor ``x:m`` is the interaction (product) of two
constructs, ``"y ~ x + m + x:m"`` a moderated regression (estimated by PLS only).
"""

from __future__ import annotations

from cemsurvey.instrument.ids import ID_RE


def interaction_parts(name: str) -> tuple[str, str] | None:
    """``("x", "m")`` for an interaction term ``"x:m"``, else ``None``.

    >>> interaction_parts("x:m"), interaction_parts("x")
    (('x', 'm'), None)
    """
    if ":" not in name:
        return None
    a, b = name.split(":")
    return a, b


def _names(side: str, statement: str, interaction: bool = False) -> list[str]:
    names = [p.strip() for p in side.split("+")]
    for n in names:
        if not n:
            raise ValueError(f"'{statement}': empty name around '+'; write 'a ~ b + c'")
        if interaction and n.count(":") == 1 and all(ID_RE.match(p.strip()) for p in n.split(":")):
            continue
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
    >>> parse_regression("y ~ x + m + x : m")
    [('y', ['x', 'm', 'x:m'])]
    """
    if "~~" in statement or "=~" in statement or statement.count("~") != 1:
        raise ValueError(
            f"'{statement}' is not a regression; write 'outcome ~ predictor1 + predictor2'"
        )
    lhs, rhs = statement.split("~")
    xs = [":".join(p.strip() for p in x.split(":")) for x in _names(rhs, statement, True)]
    return [(y, xs) for y in _names(lhs, statement)]


def parse_covariance(statement: str) -> list[tuple[str, str]]:
    """Parse ``"y1 ~~ y5 + y6"`` into ``[('y1', 'y5'), ('y1', 'y6')]``.

    >>> parse_covariance("y1 ~~ y5")
    [('y1', 'y5')]
    """
    if statement.count("~~") != 1:
        raise ValueError(f"'{statement}' is not a covariance; write 'a ~~ b'")
    lhs, rhs = statement.split("~~")
    return [(a, b) for a in _names(lhs, statement) for b in _names(rhs, statement)]
