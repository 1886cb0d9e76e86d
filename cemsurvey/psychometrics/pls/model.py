"""The PLS model of an instrument: latent variables, their indicators, inner arrows, stages.

From :func:`~cemsurvey.instrument.structure.latent_structure` at level ``"structural"``: a
dimension named in a path is a higher-order construct (HOC) measured by its constructs
(reflective-reflective). :class:`PLSModel` holds the first-order constructs connected to the
paths, the HOCs, every latent's indicators and the inner arrows (HOC -> construct, then the
structural paths); :class:`PLSSpec` is the numeric form the engine runs on (a measurement
mask over manifest variables and arrows as latent indices).

Higher-order approaches (Sarstedt et al. 2019, Becker, Klein & Wetzels 2012):

* ``"repeated"`` indicators: a HOC is measured by all items of its constructs, and the
  inner model has the arrows HOC -> construct besides the structural paths;
* ``"two-stage"`` (embedded): stage 1 is the repeated-indicators model; stage 2 measures
  each HOC by the stage-1 scores of its constructs and keeps only the structural paths;
* ``"disjoint"`` (seminr's ``two_stage_HOC``): stage 1 holds only the first-order
  constructs, each HOC's place in the paths taken by its constructs; stage 2 as above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from cemsurvey.errors import EstimationError, SpecError
from cemsurvey.instrument.model import Instrument
from cemsurvey.instrument.structure import latent_structure
from cemsurvey.psychometrics.sem.structural_result import structural_order

HigherOrder = Literal["repeated", "two-stage", "disjoint"]
HIGHER_ORDER = ("repeated", "two-stage", "disjoint")


@dataclass(frozen=True, eq=False)
class PLSSpec:
    """A PLS model over ``q`` manifest variables and ``K`` latent variables.

    Attributes
    ----------
    manifest
        Manifest variable names (columns of the data matrix), length ``q``.
    latents
        Latent variable names, length ``K``.
    mask
        ``(q, K)`` bool: manifest ``j`` measures latent ``k`` (mode A, reflective).
    edges
        Inner model arrows ``(from, to)`` as latent indices.
    mode_b
        Latents estimated in mode B (regression weights; formative constructs); empty or
        all False: mode A throughout.
    """

    manifest: tuple[str, ...]
    latents: tuple[str, ...]
    mask: np.ndarray
    edges: tuple[tuple[int, int], ...]
    mode_b: tuple[bool, ...] = ()
    _groups: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        K = len(self.latents)
        preds: list[list[int]] = [[] for _ in range(K)]
        for a, b in self.edges:
            preds[b].append(a)
        by_m: dict[int, list[int]] = {}
        for k in range(K):
            if preds[k]:
                by_m.setdefault(len(preds[k]), []).append(k)
        groups = [(np.array(ks), np.array([preds[k] for k in ks])) for _, ks in sorted(by_m.items())]
        self._groups.extend(groups)

    @property
    def K(self) -> int:
        return len(self.latents)

    @property
    def q(self) -> int:
        return len(self.manifest)

    @property
    def direct(self) -> np.ndarray:
        """``(K, K)`` bool, ``D[l, k]`` when ``l -> k``."""
        D = np.zeros((self.K, self.K), dtype=bool)
        for a, b in self.edges:
            D[a, b] = True
        return D

    @property
    def groups(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Endogenous latents grouped by number of predecessors: ``(ks (G,), preds (G, m))``."""
        return self._groups

    def predecessors(self, k: int) -> list[int]:
        return [a for a, b in self.edges if b == k]

    def is_mode_b(self, k: int) -> bool:
        return bool(self.mode_b) and self.mode_b[k]


def spec_of(manifest: list[str], latents: list[str], blocks: dict[str, list[str]],
            edges: list[tuple[str, str]], formative: frozenset[str] | set[str] = frozenset()
            ) -> PLSSpec:
    """The :class:`PLSSpec` of named manifest variables, latents, blocks and arrows
    (``formative``: the latents estimated in mode B)."""
    pos = {m: j for j, m in enumerate(manifest)}
    mask = np.zeros((len(manifest), len(latents)), dtype=bool)
    for k, lat in enumerate(latents):
        for m in blocks[lat]:
            mask[pos[m], k] = True
    li = {lat: k for k, lat in enumerate(latents)}
    mode_b = tuple(lat in formative for lat in latents) if formative else ()
    return PLSSpec(tuple(manifest), tuple(latents), mask,
                   tuple((li[a], li[b]) for a, b in edges), mode_b)


@dataclass(frozen=True)
class PLSModel:
    """An instrument's PLS model by name.

    Attributes
    ----------
    latents
        First-order constructs connected to the paths, then the HOCs named in paths.
    blocks
        Latent -> its indicators (a HOC: every item of its constructs).
    edges
        Inner arrows ``(from, to)``: HOC -> construct, then the structural paths.
    hoc_members
        HOC -> its constructs.
    measurement
        First-order construct -> ``"reflective"``, ``"composite"`` or ``"formative"``
        (HOCs are reflective).
    global_items
        Formative construct -> the column of its global single item.
    interactions
        Interaction term ``"x:m"`` -> ``(x, m)``; each term is a latent variable (after the
        first-order constructs) whose indicators :mod:`.interaction` adds.
    """

    latents: list[str]
    blocks: dict[str, list[str]]
    edges: list[tuple[str, str]]
    hoc_members: dict[str, tuple[str, ...]]
    measurement: dict[str, str] = field(default_factory=dict)
    global_items: dict[str, str] = field(default_factory=dict)
    interactions: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def formative(self) -> frozenset[str]:
        """Latents estimated in mode B."""
        return frozenset(k for k, v in self.measurement.items() if v == "formative")

    def hoc_pairs(self, latents: tuple[str, ...] | list[str]) -> np.ndarray:
        """``(K, K)`` bool: a HOC and one of its constructs (both directions)."""
        K = len(latents)
        out = np.zeros((K, K), dtype=bool)
        for i, a in enumerate(latents):
            for j, b in enumerate(latents):
                out[i, j] = self.is_hoc_arrow(a, b) or self.is_hoc_arrow(b, a)
        return out

    def reflective(self, latents: tuple[str, ...] | list[str]) -> np.ndarray:
        """``(K,)`` bool: the latents PLSc corrects (reflective; HOCs count as reflective)."""
        return np.array([self.measurement.get(v, "reflective") == "reflective"
                         for v in latents])

    @property
    def first_order(self) -> list[str]:
        return [f for f in self.latents if f not in self.hoc_members]

    @property
    def items(self) -> list[str]:
        """The items of the first-order constructs, each once, in block order."""
        return list(dict.fromkeys(i for f in self.first_order for i in self.blocks[f]))

    def is_hoc_arrow(self, a: str, b: str) -> bool:
        """``a -> b`` is a HOC -> construct arrow (not a structural path)."""
        return a in self.hoc_members and b in self.hoc_members[a]


def model_of(ins: Instrument, warn: list[str]) -> PLSModel:
    """The instrument's PLS model; unconnected constructs are left out with a warning.

    Raises
    ------
    SpecError
        A malformed ``paths`` statement or cyclic paths.
    EstimationError
        The instrument has no structural paths.
    """
    try:
        st = latent_structure(ins, "structural")
    except ValueError as exc:  # a malformed 'paths' statement, e.g. 'y ~ ' (no predictors)
        raise SpecError(f"paths: {exc}") from None
    if not st.regressions:
        raise EstimationError("the instrument has no structural paths; declare 'paths:' "
                              "(e.g. 'y ~ x1 + x2') or use the six paradigm dimensions")
    terms = {x: (x.split(":")[0], x.split(":")[1]) for _, xs in st.regressions for x in xs
             if ":" in x}
    structural_order([(y, tuple(x for x in xs if x not in terms)) for y, xs in st.regressions],
                     st.latents)
    higher = set(st.higher_order)
    in_paths = {v for y, xs in st.regressions for v in (y, *xs)}
    keep_first = [f for f in st.first_order
                  if f in in_paths or any(f in st.indicators[h] for h in higher & in_paths)]
    dropped = [f for f in st.first_order if f not in keep_first]
    if dropped:
        warn.append(f"construct(s) {', '.join(dropped)} are not connected to the structural "
                    "model; PLS leaves them out (name them in 'paths' to include them)")
    hocs = [h for h in st.higher_order if h in in_paths]
    items: dict[str, list[str]] = {f: list(st.indicators[f]) for f in keep_first}
    for h in hocs:
        items[h] = [i for c in st.indicators[h] for i in st.indicators[c]]
    edges = [(h, c) for h in hocs for c in st.indicators[h]]
    struct = [(x, y) for y, xs in st.regressions for x in xs]
    cons = {c.id: c for c in ins.constructs}
    measurement = {f: cons[f].measurement if f in cons else "reflective" for f in keep_first}
    measurement |= dict.fromkeys(terms, "composite")
    items |= {t: [t] for t in terms}
    global_items = {f: cons[f].global_item for f in keep_first
                    if f in cons and cons[f].global_item}
    return PLSModel(keep_first + list(terms) + hocs, items, edges + struct,
                    {h: st.indicators[h] for h in hocs}, measurement, global_items, terms)


def stage1_spec(model: PLSModel, higher_order: str) -> PLSSpec:
    """The model estimated on the items: repeated indicators, or (disjoint) first-order only.

    In the disjoint approach each HOC's place in the paths is taken by its constructs: the
    HOC's predictors point at every one of its constructs, which point at every outcome.
    """
    items, hm = model.items, model.hoc_members
    if higher_order == "disjoint" and hm:
        sub = [(x, y) for a, b in model.edges if not model.is_hoc_arrow(a, b)
               for x in hm.get(a, (a,)) for y in hm.get(b, (b,))]
        fo = model.first_order
        return spec_of(items, fo, {f: model.blocks[f] for f in fo}, list(dict.fromkeys(sub)),
                       model.formative)
    return spec_of(items, model.latents, model.blocks, model.edges, model.formative)


def stage2(model: PLSModel, Xitems: np.ndarray, spec1: PLSSpec,
           scores1: np.ndarray) -> tuple[PLSSpec, np.ndarray]:
    """Stage-2 model and data: each HOC measured by its constructs' stage-1 scores.

    Constructs outside every HOC keep their items; only the structural paths remain.
    ``scores1`` are the stage-1 latent scores (columns as ``spec1.latents``).
    """
    items, hm, blocks = model.items, model.hoc_members, model.blocks
    direct = [f for f in model.first_order if not any(f in m for m in hm.values())]
    manifest = [i for f in direct for i in blocks[f]] + [c for h in hm for c in hm[h]]
    cols = [Xitems[:, items.index(i)] for f in direct for i in blocks[f]] + \
        [scores1[:, spec1.latents.index(c)] for h in hm for c in hm[h]]
    lat2 = direct + list(hm)
    blocks2 = {f: blocks[f] for f in direct} | {h: list(m) for h, m in hm.items()}
    edges2 = [e for e in model.edges if e[0] in lat2 and e[1] in lat2 and
              not model.is_hoc_arrow(*e)]
    return spec_of(manifest, lat2, blocks2, edges2, model.formative), np.column_stack(cols)
