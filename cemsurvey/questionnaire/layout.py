"""The order in which a questionnaire presents its questions, shared by every renderer.

A questionnaire is: background questions with ``position: start``, then one grid per
construct (its items, optionally shuffled within the construct), then background
questions with ``position: end``. Attention checks become ordinary rows of the grid of
the construct they follow (``after:``; by default the middle construct, index
``(n - 1) // 2``) when they share that construct's scale; a check on another scale gets
a grid of its own right after that construct. Every renderer reads this one layout, so
an HTML print-out, an XLSForm and a LimeSurvey import built with the same ``seed`` show
the same order.

Shuffling uses a Fisher-Yates pass driven by :meth:`random.Random.random`, whose
stream Python guarantees to be reproducible for a given integer seed across versions,
so a seed printed in a methods section regenerates the same order later.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

from cemsurvey.instrument.model import BackgroundQuestion, Instrument, Scale

Localized = str | dict[str, str]


@dataclass(frozen=True)
class Row:
    """One row of a grid: an item or an attention check."""

    id: str
    text: Localized
    kind: Literal["item", "check"] = "item"
    reverse: bool = False
    expect: int | None = None


@dataclass(frozen=True)
class Grid:
    """A block of rows answered on one scale: a construct, or a lone attention check.

    ``construct`` is the construct id (``None`` for a check on a scale of its own);
    ``id`` is the block's name in platform formats (the construct id, or the check id).
    """

    id: str
    construct: str | None
    title: Localized | None
    dimension: str | None
    scale_id: str
    scale: Scale
    rows: tuple[Row, ...]

    @property
    def numeric(self) -> bool:
        """True when rows are answered with a number rather than a Likert point."""
        return self.scale.type == "numeric" or not self.scale.codes


@dataclass(frozen=True)
class Layout:
    """Background questions before, grids, background questions after."""

    start: tuple[BackgroundQuestion, ...]
    grids: tuple[Grid, ...]
    end: tuple[BackgroundQuestion, ...]
    seed: int | None = None

    @property
    def rows(self) -> list[tuple[Grid, Row]]:
        """Every grid row in presentation order."""
        return [(g, r) for g in self.grids for r in g.rows]


def seeded_permutation(n: int, rng: random.Random) -> list[int]:
    """A Fisher-Yates permutation of ``range(n)`` using only ``rng.random()``.

    >>> seeded_permutation(5, random.Random(1))
    [1, 4, 2, 3, 0]
    """
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = int(rng.random() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def _check_scale(ins: Instrument, scale_id: str | None) -> tuple[str, Scale]:
    if scale_id is not None:
        return scale_id, ins.scales[scale_id]
    if len(ins.scales) == 1:
        sid = next(iter(ins.scales))
        return sid, ins.scales[sid]
    if not ins.scales:
        return "_default", Scale(type="likert", points=5)
    # several scales and none named: the check follows its host construct's scale
    return "", Scale(type="likert", points=5)


def build_layout(ins: Instrument, *, shuffle: bool = False, seed: int | None = None) -> Layout:
    """Arrange an instrument's questions in presentation order.

    Parameters
    ----------
    ins
        A validated instrument.
    shuffle
        Shuffle the items within each construct (never across constructs).
    seed
        Integer seed for the shuffle; required when ``shuffle`` is true, so the order
        can be reproduced.

    Examples
    --------
    >>> from cemsurvey.instrument.model import Construct, Item
    >>> c = Construct(id="A", name="a", items=[Item(id=f"A{k}", text="t") for k in (1, 2, 3, 4)])
    >>> ins = Instrument(title="t", constructs=[c])
    >>> [r.id for r in build_layout(ins, shuffle=True, seed=3).grids[0].rows]
    ['A3', 'A4', 'A2', 'A1']
    """
    if shuffle and seed is None:
        raise ValueError("shuffle needs an integer seed so the order can be reproduced")
    rng = random.Random(seed) if shuffle else None
    n = len(ins.constructs)
    middle = ins.constructs[(n - 1) // 2].id if n else None
    checks_after: dict[str, list] = {}
    for chk in ins.attention_checks:
        checks_after.setdefault(chk.after or middle or "", []).append(chk)

    grids: list[Grid] = []
    for c in ins.constructs:
        items = list(c.items)
        if rng is not None:
            items = [items[i] for i in seeded_permutation(len(items), rng)]
        sid = ins.scale_id_of(c)
        scale = ins.scale_of(c)
        rows = [Row(id=it.id, text=it.text, reverse=it.reverse) for it in items]
        own: list[Grid] = []
        for chk in checks_after.get(c.id, []):
            csid, cscale = _check_scale(ins, chk.scale)
            row = Row(id=chk.id, text=chk.text, kind="check", expect=chk.expect)
            if csid in ("", sid) or cscale == scale:
                rows.append(row)
            else:
                own.append(Grid(chk.id, None, None, c.dimension, csid, cscale, (row,)))
        grids.append(Grid(c.id, c.id, c.name, c.dimension, sid, scale, tuple(rows)))
        grids.extend(own)
    start = tuple(b for b in ins.background if b.position == "start")
    end = tuple(b for b in ins.background if b.position == "end")
    return Layout(start=start, grids=tuple(grids), end=end, seed=seed if shuffle else None)
