"""Tables for a sample-size plan (:class:`cemsurvey.sampling.SamplePlan`)."""

from __future__ import annotations

from typing import Any

from cemsurvey.report.tables import Table
from cemsurvey.sampling import SamplePlan, SampleSize

_ASSUMPTION_TEXT = {
    "confidence": lambda v: f"{v:.0%} confidence",
    "margin": lambda v: f"e = {v:g}",
    "proportion": lambda v: f"p = {v:g}",
    "population": lambda v: f"N = {int(v):,}" if v is not None else "N = infinite",
    "chi2": lambda v: f"X² = {v:g}",
    "sd": lambda v: f"SD = {v:g}",
    "df": lambda v: f"df = {v}",
    "power": lambda v: f"power {v:g}",
    "alpha": lambda v: f"alpha {v:g}",
    "min_path": lambda v: f"|p_min| = {v:g}",
    "constant": lambda v: f"c = {v:.3f}",
    "max_arrows": lambda v: f"{v} arrows into one construct",
}


def assumptions_text(m: SampleSize) -> str:
    """One line naming the inputs a method used.

    >>> from cemsurvey.sampling import cochran
    >>> assumptions_text(cochran(population=1000))
    '95% confidence, e = 0.05, p = 0.5, N = 1,000'
    """
    parts: list[str] = []
    a = m.assumptions
    if m.method.startswith("rmsea_"):
        parts.append(f"H0 RMSEA = {a['rmsea0']:g} vs Ha {a['rmsea_a']:g}")
    for key, value in a.items():
        fmt = _ASSUMPTION_TEXT.get(key)
        if fmt is None:
            continue
        if key == "margin" and m.method == "cochran_mean":
            parts.append(f"e = {value:g} scale units")
            continue
        parts.append(fmt(value))
    return ", ".join(parts)


def sampling_tables(plan: SamplePlan, thresholds: Any = None) -> list[Table]:
    """One table: method, assumptions, n (and invitations, post-hoc power when present).

    ``thresholds`` is accepted for the common ``<area>_tables`` signature and unused.
    The notes carry the recommendation's rationale, the model's df and the
    Krejcie-Morgan table row when N is one.
    """
    _ = thresholds
    has_inv = any(m.invitations is not None for m in plan.methods)
    has_power = any(m.power is not None for m in plan.methods)
    columns = ["method", "assumptions", "n"]
    if has_inv:
        columns.append("invitations")
    if has_power:
        columns.append("power at N")
    rows: list[list[Any]] = []
    for m in plan.methods:
        row: list[Any] = [m.label, assumptions_text(m), m.n]
        if has_inv:
            row.append(m.invitations)
        if has_power:
            row.append(m.power)
        rows.append(row)
    notes = [f"Recommended: {plan.rationale}"]
    if plan.model is not None:
        notes.append(
            f"Model: CFA df = {plan.model.cfa_df}, structural model df = {plan.model.sem_df} "
            f"(used by the RMSEA tests), largest number of arrows into one construct = "
            f"{plan.model.max_arrows}."
        )
    for m in plan.methods:
        if m.table_row is not None:
            notes.append(
                f"Krejcie & Morgan (1970) table row: N = {m.table_row[0]:,} -> S = {m.table_row[1]}."
            )
    notes.extend(plan.warnings)
    return [
        Table(
            key="sample_size",
            title="Sample size",
            columns=columns,
            rows=rows,
            formats={"n": "d", "invitations": "d", "power at N": ".3f"},
            notes=notes,
        )
    ]


def recommended_row(plan: SamplePlan) -> int:
    """Index of the recommended method's row in :func:`sampling_tables`."""
    return next(i for i, m in enumerate(plan.methods) if m is plan.recommended)
