"""Model matrices of a latent-variable model (LISREL "all-y" form) and its parameter table.

The model for ``p`` observed and ``m`` latent variables is

.. math::

    \\Sigma(\\theta) = \\Lambda A \\Psi A^\\top \\Lambda^\\top + \\Theta, \\qquad A = (I - B)^{-1},

with ``Lambda`` (p x m) the loadings of items on first-order factors, ``B`` (m x m)
higher-order loadings and latent regressions (``B[k, l]``: effect of latent ``l`` on
latent ``k``), ``Psi`` (m x m) latent (co)variances or disturbances, and ``Theta`` (p x p)
residual (co)variances. ``M = A Psi A'`` is the model-implied latent covariance matrix.

Every parameter (free or fixed) is one row of a table: its matrix, row and column. The
derivative of ``Sigma`` with respect to any parameter is a symmetrised rank-one matrix,

.. math::

    \\partial\\Sigma / \\partial\\theta_j = s_j (a_j b_j^\\top + b_j a_j^\\top),

where ``a_j`` and ``b_j`` are columns of ``U = [I_p, G, H]`` with ``G = Lambda M`` and
``H = Lambda A``, and ``s_j = 1/2`` when ``a_j = b_j`` (a variance), else 1:

========================  ==========  ==========
parameter                 a           b
========================  ==========  ==========
loading Lambda[i, k]      e_i         G[:, k]
regression B[k, l]        H[:, k]     G[:, l]
Psi[k, l]                 H[:, k]     H[:, l]
Theta[i, j]               e_i         e_j
========================  ==========  ==========

This makes the gradient and the expected information of the ML discrepancy simple
gathers from two small matrices ``U' W U`` and ``U' Sigma^-1 U`` (see :mod:`.ml`):
no per-parameter Python loop and no ``p^2 x q`` Jacobian.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from cemsurvey.errors import EstimationError
from cemsurvey.instrument.structure import LatentStructure

Identification = Literal["marker", "variance"]

LAMBDA, BETA, PSI, THETA = 0, 1, 2, 3


@dataclass(frozen=True)
class Constraints:
    """Changes to a model's default parameters, by lavaan label ``"lhs op rhs"``.

    Attributes
    ----------
    fixed
        Parameters fixed to a value (``"F1 ~~ F2": 0.9``, ``"F =~ x1": 0.7``).
    free
        Parameters freed (``"M =~ x1"``, a marker loading).
    equal
        Groups of free parameters constrained equal (lavaan's shared labels).
    """

    fixed: dict[str, float] = field(default_factory=dict)
    free: tuple[str, ...] = ()
    equal: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class ParTable:
    """Parameters of a model, lavaan-style (one row per parameter, free or fixed).

    Attributes
    ----------
    lhs, op, rhs
        lavaan notation: ``f =~ x`` loading, ``y ~ x`` regression, ``a ~~ b`` (co)variance.
    mat, row, col
        Matrix code (``LAMBDA``, ``BETA``, ``PSI``, ``THETA``) and position.
    free
        Index into the free-parameter vector, or -1 for a fixed parameter.
    value
        Value of fixed parameters (ignored for free ones).
    """

    lhs: tuple[str, ...]
    op: tuple[str, ...]
    rhs: tuple[str, ...]
    mat: np.ndarray
    row: np.ndarray
    col: np.ndarray
    free: np.ndarray
    value: np.ndarray

    def __len__(self) -> int:
        return len(self.lhs)


class SEMModel:
    """Matrices and parameter bookkeeping of one model; cheap to evaluate repeatedly.

    Parameters
    ----------
    structure
        The latent structure (which parameters exist; lavaan's default rules).
    identification
        ``"marker"``: the first loading of every latent is fixed to 1 (lavaan's default);
        ``"variance"``: every latent (disturbance) variance is fixed to 1 and all loadings
        are free (lavaan's ``std.lv = TRUE``).
    """

    def __init__(self, structure: LatentStructure, identification: Identification = "marker"):
        if identification not in ("marker", "variance"):
            raise EstimationError(
                f"identification must be 'marker' or 'variance', got {identification!r}"
            )
        self.structure = structure
        self.identification = identification
        self.observed: tuple[str, ...] = tuple(structure.observed)
        self.latents: tuple[str, ...] = tuple(structure.latents)
        self.p = len(self.observed)
        self.m = len(self.latents)
        obs = {v: i for i, v in enumerate(self.observed)}
        lat = {v: i for i, v in enumerate(self.latents)}
        self._obs, self._lat = obs, lat

        rows: list[tuple[str, str, str, int, int, int, bool, float]] = []
        marker = identification == "marker"
        for f in self.latents:
            for j, ind in enumerate(structure.indicators[f]):
                fixed = marker and j == 0
                if ind in obs:
                    rows.append((f, "=~", ind, LAMBDA, obs[ind], lat[f], not fixed, 1.0))
                elif ind in lat:
                    rows.append((f, "=~", ind, BETA, lat[ind], lat[f], not fixed, 1.0))
                else:
                    raise EstimationError(f"indicator '{ind}' of '{f}' is neither an item nor a latent")
        for y, xs in structure.regressions:
            for x in xs:
                rows.append((y, "~", x, BETA, lat[y], lat[x], True, 0.0))
        for a, b in structure.residual_covariances:
            if a in obs and b in obs:
                i, j = sorted((obs[a], obs[b]))
                rows.append((a, "~~", b, THETA, j, i, True, 0.0))
            elif a in lat and b in lat:
                i, j = sorted((lat[a], lat[b]))
                rows.append((a, "~~", b, PSI, j, i, True, 0.0))
            else:
                raise EstimationError(f"residual covariance '{a} ~~ {b}' names an unknown variable")
        for v in self.observed:
            rows.append((v, "~~", v, THETA, obs[v], obs[v], True, 0.0))
        for f in self.latents:
            rows.append((f, "~~", f, PSI, lat[f], lat[f], marker, 1.0))
        for a, b in structure.latent_covariances:
            i, j = sorted((lat[a], lat[b]))
            rows.append((a, "~~", b, PSI, j, i, True, 0.0))

        free = np.array([r[6] for r in rows])
        free_idx = np.full(len(rows), -1)
        free_idx[free] = np.arange(int(free.sum()))
        self.partable = ParTable(
            lhs=tuple(r[0] for r in rows),
            op=tuple(r[1] for r in rows),
            rhs=tuple(r[2] for r in rows),
            mat=np.array([r[3] for r in rows], dtype=int),
            row=np.array([r[4] for r in rows], dtype=int),
            col=np.array([r[5] for r in rows], dtype=int),
            free=free_idx,
            value=np.array([0.0 if r[6] else r[7] for r in rows]),
        )
        self._index()

    def _index(self) -> None:
        """Free-parameter bookkeeping derived from ``self.partable``."""
        free_idx = self.partable.free
        self._free_rows = np.flatnonzero(free_idx >= 0)
        self.q = int(free_idx.max()) + 1 if self._free_rows.size else 0
        self.a_idx, self.b_idx, self.scale = self.derivative_index(
            self.partable.mat, self.partable.row, self.partable.col
        )
        # rows sharing a free index (equality constraints): d/dtheta sums over those rows
        fi = free_idx[self._free_rows]
        self._collapse: np.ndarray | None = None
        if len(fi) != self.q:
            k = np.zeros((len(fi), self.q))
            k[np.arange(len(fi)), fi] = 1.0
            self._collapse = k
        self._build_fill()
        self._recursive = bool(self.structure.regressions or self.structure.higher_order)
        self._eye_m = np.eye(self.m)
        self._eye_m.flags.writeable = False

    # ---------------------------------------------------------------- constraints
    def collapse(self, x: np.ndarray, *, both: bool = False) -> np.ndarray:
        """Per-free-row derivatives (last axis, and the first too with ``both``) summed into
        per-parameter ones: ``x K`` or ``K' x K`` with ``K[r, j] = 1`` when free row ``r``
        is parameter ``j`` (the chain rule of an equality constraint). Identity without
        equality constraints."""
        k = self._collapse
        if k is None:
            return x
        return k.T @ x @ k if both else x @ k

    def label_row(self, label: str) -> int:
        """Table row of a parameter named ``"lhs op rhs"`` (``"F =~ x1"``, ``"F1 ~~ F2"``)."""
        parts = label.split()
        pt = self.partable
        if len(parts) == 3:
            lhs, op, rhs = parts
            for r in range(len(pt)):
                if pt.op[r] == op and ((pt.lhs[r], pt.rhs[r]) == (lhs, rhs) or
                                       (op == "~~" and (pt.rhs[r], pt.lhs[r]) == (lhs, rhs))):
                    return r
        raise EstimationError(f"the model has no parameter '{label}'; name one as 'lhs op rhs' "
                              f"with op '=~', '~' or '~~' among the model's variables")

    def constrained(self, constraints: Constraints) -> SEMModel:
        """A copy of this model with parameters fixed, freed or set equal (lavaan's
        ``1*x``/``NA*x`` modifiers and shared labels). Equal parameters share one free
        index; gradients and information sum over them (see :meth:`collapse`)."""
        pt = self.partable
        free = pt.free >= 0
        value = pt.value.copy()
        for lab in constraints.free:
            free[self.label_row(lab)] = True
        for lab, v in constraints.fixed.items():
            r = self.label_row(lab)
            free[r], value[r] = False, float(v)
        idx = np.full(len(pt), -1)
        idx[free] = np.arange(int(free.sum()))
        for group in constraints.equal:
            rows = [self.label_row(lab) for lab in group]
            if not all(free[r] for r in rows):
                raise EstimationError(f"equality constraint {list(group)} names a fixed parameter; "
                                      f"free it or fix all of them")
            idx[rows] = idx[rows[0]]
        used = np.unique(idx[idx >= 0])
        remap = np.full(len(pt), -1)
        remap[used] = np.arange(len(used))
        idx = np.where(idx >= 0, remap[np.maximum(idx, 0)], -1)
        value[free] = 0.0
        out = object.__new__(SEMModel)
        out.__dict__.update(self.__dict__)
        out.partable = ParTable(pt.lhs, pt.op, pt.rhs, pt.mat, pt.row, pt.col, idx, value)
        out._index()
        return out

    # ---------------------------------------------------------------- bookkeeping
    def derivative_index(
        self, mat: np.ndarray, row: np.ndarray, col: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Columns ``a``, ``b`` of ``U = [I_p, G, H]`` and scale ``s`` for each parameter."""
        p, m = self.p, self.m
        a = np.empty(len(mat), dtype=int)
        b = np.empty(len(mat), dtype=int)
        is_l, is_b, is_p, is_t = (mat == LAMBDA), (mat == BETA), (mat == PSI), (mat == THETA)
        a[is_l], b[is_l] = row[is_l], p + col[is_l]
        a[is_b], b[is_b] = p + m + row[is_b], p + col[is_b]
        a[is_p], b[is_p] = p + m + row[is_p], p + m + col[is_p]
        a[is_t], b[is_t] = row[is_t], col[is_t]
        s = np.where(a == b, 0.5, 1.0)
        return a, b, s

    def _build_fill(self) -> None:
        pt = self.partable
        self._fixed_rows = np.flatnonzero(pt.free < 0)
        fr = self._free_rows
        self._fill = {}
        for code in (LAMBDA, BETA, PSI, THETA):
            sel = fr[pt.mat[fr] == code]
            self._fill[code] = (pt.row[sel], pt.col[sel], pt.free[sel])
        shape = {LAMBDA: (self.p, self.m), BETA: (self.m, self.m), PSI: (self.m, self.m),
                 THETA: (self.p, self.p)}
        self._base = {}
        for code, shp in shape.items():
            base = np.zeros(shp)
            sel = self._fixed_rows[pt.mat[self._fixed_rows] == code]
            base[pt.row[sel], pt.col[sel]] = pt.value[sel]
            if code in (PSI, THETA):
                base[pt.col[sel], pt.row[sel]] = pt.value[sel]
            self._base[code] = base

    def values(self, theta: np.ndarray) -> np.ndarray:
        """Value of every table row (free rows from ``theta``, fixed rows their value)."""
        v = self.partable.value.copy()
        fr = self._free_rows
        v[fr] = theta[self.partable.free[fr]]
        return v

    def matrices(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(Lambda, B, Psi, Theta)`` at ``theta``."""
        out = []
        for code in (LAMBDA, BETA, PSI, THETA):
            mat = self._base[code].copy()
            r, c, k = self._fill[code]
            mat[r, c] = theta[k]
            if code in (PSI, THETA):
                mat[c, r] = theta[k]
            out.append(mat)
        return out[0], out[1], out[2], out[3]

    def implied(self, theta: np.ndarray) -> Implied:
        """Model-implied matrices at ``theta``."""
        lam, beta, psi, th = self.matrices(theta)
        if self._recursive:
            try:
                a = np.linalg.inv(np.eye(self.m) - beta)
            except np.linalg.LinAlgError:
                raise EstimationError("I - B is singular: the latent regressions contain a cycle "
                                      "with unit gain; check `paths`") from None
            mm = a @ psi @ a.T
            h = lam @ a
        else:  # A = I: M = Psi and H = Lambda, no products needed
            a = self._eye_m
            mm = psi
            h = lam
        g = lam @ mm
        sigma = g @ lam.T + th
        return Implied(lam, beta, psi, th, a, mm, g, h, sigma)

    def u_matrix(self, imp: Implied) -> np.ndarray:
        """``U = [I_p, G, H]`` (p x (p + 2m))."""
        return np.hstack([np.eye(self.p), imp.g, imp.h])


@dataclass(frozen=True)
class Implied:
    """Model matrices at one parameter value, with ``A = (I-B)^-1``, ``M = A Psi A'``,
    ``G = Lambda M``, ``H = Lambda A`` and ``Sigma``."""

    lam: np.ndarray
    beta: np.ndarray
    psi: np.ndarray
    theta: np.ndarray
    a: np.ndarray
    m: np.ndarray
    g: np.ndarray
    h: np.ndarray
    sigma: np.ndarray
