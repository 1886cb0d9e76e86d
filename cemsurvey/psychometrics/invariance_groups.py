"""Which groups of a grouping question a multi-group analysis can use, and their data:
sample moments of the complete cases, or (FIML) the answers with their missingness patterns.
"""

from __future__ import annotations

import pandas as pd

from cemsurvey.errors import DataError
from cemsurvey.psychometrics.sem.multigroup_fiml import FIMLGroup, fiml_groups
from cemsurvey.psychometrics.sem.multigroup_fit import GroupMoments, group_moments

__all__ = ["MAX_GROUPS", "usable_groups"]

#: More groups than this warn that the comparison is rarely interpretable.
MAX_GROUPS = 10


def usable_groups(data: pd.DataFrame, items: list[str], group: pd.Series, n_par: int,
                  issues: list[str], fiml: bool = False) -> list[GroupMoments] | list[FIMLGroup]:
    """The groups of ``group`` that can be fitted, in the question's (category) order or
    order of appearance: a group with ``n_par`` or fewer respondents (complete ones; with
    ``fiml`` every one with an answer) or with an item constant (or unanswered) within it
    is left out with a message in ``issues``; more than :data:`MAX_GROUPS` groups adds a
    message; fewer than two usable groups is a :class:`DataError`. Moments for the
    complete-data fit (:func:`.sem.multigroup_fit.group_moments`) or, with ``fiml``, the
    answers with their patterns and EM moments (:func:`.sem.multigroup_fiml.fiml_groups`;
    respondents who answered none of the items are left out with a message, as lavaan)."""
    present = set(group.dropna())
    labels = ([g for g in group.cat.categories if g in present]
              if isinstance(group.dtype, pd.CategoricalDtype) else list(pd.unique(group.dropna())))
    if len(labels) > MAX_GROUPS:
        issues.append(f"{len(labels)} groups: invariance across more than {MAX_GROUPS} groups "
                      f"is rarely interpretable; merge small groups")
    keep = []
    for lab in labels:
        sub = data.loc[group == lab, items].apply(pd.to_numeric, errors="coerce")
        sub = sub.dropna(how="all" if fiml else "any")
        const = [i for i in items if sub[i].nunique() < 2]
        if len(sub) <= n_par or const:
            who = "respondents with answers" if fiml else "complete respondents"
            why = (f"item(s) {', '.join(const[:5])} constant{' or unanswered' * fiml} within it"
                   if const else
                   f"{len(sub)} {who} for {n_par} parameters per group")
            issues.append(f"group '{lab}' left out of the invariance tests: {why}")
            continue
        keep.append(lab)
    if len(keep) < 2:
        raise DataError(f"fewer than two groups of '{group.name}' can be compared "
                        f"({'; '.join(issues) or 'one group only'})")
    if not fiml:
        return group_moments(data, items, group, keep)
    out = fiml_groups(data, items, group, keep)
    issues += [f"{x.dropped} respondent(s) of group '{x.label}' answered none of the items; "
               f"FIML leaves them out (as lavaan)" for x in out if x.dropped]
    return out
