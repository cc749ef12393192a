"""Pixel ↔ map transforms fitted to control points: affine, second-order polynomial, thin-plate spline."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

METHODS = ("affine", "poly2", "tps")
MIN_POINTS = {"affine": 3, "poly2": 6, "tps": 3}


class TransformError(ValueError):
    """Too few or degenerate control points for the chosen transform; the message is for the user."""


@dataclass(frozen=True)
class _Norm:
    """Centre and scale of a point cloud, so polynomial and spline systems stay well conditioned."""

    cx: float
    cy: float
    s: float

    @classmethod
    def of(cls, x: np.ndarray, y: np.ndarray) -> _Norm:
        s = float(np.sqrt(np.mean((x - x.mean()) ** 2 + (y - y.mean()) ** 2))) or 1.0
        return cls(float(x.mean()), float(y.mean()), s)

    def apply(self, x, y):
        return (np.asarray(x, float) - self.cx) / self.s, (np.asarray(y, float) - self.cy) / self.s

    def undo(self, u, v):
        return u * self.s + self.cx, v * self.s + self.cy


def _poly_terms(u: np.ndarray, v: np.ndarray, order: int) -> np.ndarray:
    cols = [np.ones_like(u), u, v]
    if order == 2:
        cols += [u * u, u * v, v * v]
    return np.stack(cols, axis=-1)


def _tps_kernel(r2: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        k = 0.5 * r2 * np.log(r2)  # r² log r written with r²
    return np.nan_to_num(k, nan=0.0, posinf=0.0, neginf=0.0)


@dataclass(frozen=True)
class _Mapping:
    """One direction of a fitted transform in normalised coordinates."""

    kind: str
    src: _Norm
    dst: _Norm
    coef: np.ndarray  # polynomial coefficients, or spline weights stacked on the affine part
    centres: np.ndarray | None = None  # spline centres (normalised source coordinates)

    def __call__(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        u, v = self.src.apply(x, y)
        shape = u.shape
        uv = np.stack([u.ravel(), v.ravel()], axis=-1)
        if self.kind == "tps":
            assert self.centres is not None, "a thin-plate spline mapping carries its centres"
            out = _poly_terms(uv[:, 0], uv[:, 1], 1) @ self.coef[-3:]
            n, chunk = len(uv), 65536
            for start in range(0, n, chunk):  # bounded memory: (chunk × centres) kernel at a time
                part = uv[start : start + chunk]
                r2 = ((part[:, None, :] - self.centres[None, :, :]) ** 2).sum(-1)
                out[start : start + chunk] += _tps_kernel(r2) @ self.coef[:-3]
        else:
            out = _poly_terms(uv[:, 0], uv[:, 1], 2 if self.kind == "poly2" else 1) @ self.coef
        mx, my = self.dst.undo(out[:, 0], out[:, 1])
        return mx.reshape(shape), my.reshape(shape)


def _fit_mapping(kind: str, sx, sy, tx, ty) -> _Mapping:
    src, dst = _Norm.of(sx, sy), _Norm.of(tx, ty)
    u, v = src.apply(sx, sy)
    target = np.stack(dst.apply(tx, ty), axis=-1)
    if kind == "tps":
        centres = np.stack([u, v], axis=-1)
        n = len(centres)
        k = _tps_kernel(((centres[:, None, :] - centres[None, :, :]) ** 2).sum(-1))
        p = _poly_terms(u, v, 1)
        if np.linalg.matrix_rank(p) < 3:
            raise TransformError("the control points are degenerate (repeated or all on one line)")
        system = np.zeros((n + 3, n + 3))
        system[:n, :n], system[:n, n:], system[n:, :n] = k, p, p.T
        rhs = np.vstack([target, np.zeros((3, 2))])
        try:
            coef = np.linalg.solve(system, rhs)
        except np.linalg.LinAlgError:
            raise TransformError("the control points are degenerate (repeated or all on one line)") from None
        return _Mapping(kind, src, dst, coef, centres)
    terms = _poly_terms(u, v, 2 if kind == "poly2" else 1)
    if np.linalg.matrix_rank(terms) < terms.shape[1]:
        raise TransformError("the control points are degenerate (repeated or all on one line)")
    coef, *_ = np.linalg.lstsq(terms, target, rcond=None)
    return _Mapping(kind, src, dst, coef)


@dataclass(frozen=True)
class Transform:
    """pixel → map (`forward`) and map → pixel (`inverse`) for one method and one set of points."""

    method: str
    forward_map: _Mapping
    inverse_map: _Mapping

    def forward(self, px, py) -> tuple[np.ndarray, np.ndarray]:
        return self.forward_map(px, py)

    def inverse(self, mx, my) -> tuple[np.ndarray, np.ndarray]:
        px, py = self.inverse_map(mx, my)
        if self.method == "affine":
            return px, py
        # The separately fitted inverse is close but not exact between the points: two Newton steps on the
        # forward map make pixel → map → pixel agree to far below a pixel.
        mx, my = np.asarray(mx, float), np.asarray(my, float)
        h = 0.5
        for _ in range(2):
            fx, fy = self.forward_map(px, py)
            ax, ay = self.forward_map(px + h, py)
            bx, by = self.forward_map(px, py + h)
            j11, j21 = (ax - fx) / h, (ay - fy) / h
            j12, j22 = (bx - fx) / h, (by - fy) / h
            det = j11 * j22 - j12 * j21
            det = np.where(np.abs(det) < 1e-300, np.nan, det)
            ex, ey = mx - fx, my - fy
            step_x = np.nan_to_num((j22 * ex - j12 * ey) / det)
            step_y = np.nan_to_num((-j21 * ex + j11 * ey) / det)
            px, py = px + step_x, py + step_y
        return px, py


def fit_transform(method: str, px, py, mx, my) -> Transform:
    """Fit `method` to pixel (px, py) ↔ map (mx, my) pairs; TransformError if there are too few points."""
    if method not in METHODS:
        raise TransformError(f"unknown transform {method!r}; choose one of {', '.join(METHODS)}")
    px, py, mx, my = (np.asarray(a, float) for a in (px, py, mx, my))
    need = MIN_POINTS[method]
    if len(px) < need:
        raise TransformError(f"the {method} transform needs at least {need} enabled control points, {len(px)} given")
    return Transform(method, _fit_mapping(method, px, py, mx, my), _fit_mapping(method, mx, my, px, py))
