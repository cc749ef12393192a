"""The image's colours clustered in CIELAB into swatches: the sea, ink (lines and text) and the land colours."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from sovsplit.model.trace.image import MapImage, hex_to_rgb, lab_to_hex, rgb_to_lab

MERGE_DELTA_E = 10.0  # clusters closer than this are one colour split by JPEG noise or shading
MIN_SHARE = 0.004  # smaller clusters are anti-aliasing blends; their pixels join the nearest colour


@dataclass(frozen=True)
class Swatch:
    """One colour of the image: its centre, what it is, and how much of the land it paints."""

    index: int
    colour: str  # "#rrggbb"
    lab: tuple[float, float, float]
    # "colour" (a candidate polity), "sea", "ink" (near-black or near-white lines and text), or "blend" (a
    # small cluster that is a larger colour degraded by anti-aliasing or JPEG next to lines; see `parent`)
    kind: str
    pixel_share: float  # of all sampled pixels
    land_share: float  # of the pixels of kind "colour"; 0 for sea and ink
    parent: int | None = None  # a blend's larger colour: its pixels count for that colour's polity


@dataclass(frozen=True)
class Palette:
    """The swatches found in an image; `classify` gives any colour its nearest swatch."""

    swatches: tuple[Swatch, ...]

    @property
    def centres(self) -> np.ndarray:
        return np.array([s.lab for s in self.swatches], np.float32)

    @property
    def colours(self) -> list[Swatch]:
        return [s for s in self.swatches if s.kind == "colour"]

    @property
    def sea(self) -> Swatch | None:
        return next((s for s in self.swatches if s.kind == "sea"), None)

    def classify(self, lab: np.ndarray) -> np.ndarray:
        """Index of the nearest swatch for each (…, 3) CIELAB colour."""
        flat = np.asarray(lab, np.float32).reshape(-1, 3)
        centres = self.centres
        out = np.empty(len(flat), np.intp)
        for start in range(0, len(flat), 262144):  # bounded memory on a large image
            part = flat[start : start + 262144]
            out[start : start + len(part)] = _nearest(part, centres)
        return out.reshape(np.shape(lab)[:-1])

    def nearest_colour(self, colour: str) -> tuple[Swatch, float]:
        """The land swatch nearest to "#rrggbb" and the CIELAB distance (ΔE*76) to it."""
        lab = rgb_to_lab(np.array(hex_to_rgb(colour), np.float32))
        land = [s for s in self.swatches if s.kind in ("colour", "blend")] or list(self.swatches)
        dist = [float(np.linalg.norm(np.array(s.lab) - lab)) for s in land]
        best = int(np.argmin(dist))
        return land[best], dist[best]

    def with_sea(self, index: int | None) -> Palette:
        """The same swatches with another one (or none) taken as the sea; land shares recomputed."""
        kinds = []
        for s in self.swatches:
            if s.index == index:
                kinds.append("sea")
            elif s.kind == "sea":
                kinds.append("ink" if _is_ink(np.array(s.lab)) else "colour")
            else:
                kinds.append(s.kind)
        return _with_kinds(self.swatches, kinds)


def _hue_chroma(lab) -> tuple[float, float]:
    return float(np.degrees(np.arctan2(lab[2], lab[1]))), float(np.hypot(lab[1], lab[2]))


def _parent(s: Swatch, a: Swatch, swatches: tuple[Swatch, ...], kinds: list[str]) -> bool:
    """Whether small swatch `s` is larger colour `a` degraded: mixed with another swatch (anti-aliased lines,
    JPEG ringing) or washed out toward grey at the same hue (JPEG's halved chroma next to black lines)."""
    p, pa = np.array(s.lab), np.array(a.lab)
    hue_s, chroma_s = _hue_chroma(p)
    hue_a, chroma_a = _hue_chroma(pa)
    if chroma_a > 15 and chroma_s < chroma_a and abs((hue_s - hue_a + 180) % 360 - 180) < 8 and abs(p[0] - pa[0]) < 15:
        return True
    if a.pixel_share < 2 * s.pixel_share:
        return False
    for b in swatches:
        if b.index in (a.index, s.index):
            continue
        ab = np.array(b.lab) - pa
        t = float(np.dot(p - pa, ab) / np.dot(ab, ab))
        gap = float(np.linalg.norm(pa + t * ab - p))
        if 0.05 < t < 0.95 and gap <= max(6.0, 0.1 * float(np.linalg.norm(ab))):
            return True
    return False


def _blends(swatches: tuple[Swatch, ...], kinds: list[str]) -> tuple[list[str], list[int | None]]:
    """Mark small land swatches that are a larger land colour degraded, with that colour as their parent."""
    out: list[str] = list(kinds)
    parents: list[int | None] = [None] * len(swatches)
    for s in swatches:
        if kinds[s.index] != "colour":
            continue
        bigger = sorted(
            (
                a
                for a in swatches
                if kinds[a.index] == "colour" and a.index != s.index and a.pixel_share > s.pixel_share
            ),
            key=lambda a: float(np.linalg.norm(np.array(a.lab) - np.array(s.lab))),
        )
        for a in bigger:
            if _parent(s, a, swatches, kinds):
                out[s.index], parents[s.index] = "blend", a.index
                break
    return out, parents


def _is_ink(lab: np.ndarray) -> bool:
    chroma = float(np.hypot(lab[1], lab[2]))
    return bool(lab[0] < 30.0 or (lab[0] > 93.0 and chroma < 6.0))


def _with_kinds(swatches, kinds) -> Palette:
    kinds, parents = _blends(swatches, [k if k != "blend" else "colour" for k in kinds])
    for n in range(len(parents)):  # a blend of a blend belongs to the root colour
        seen = {n}
        parent = parents[n]
        while parent is not None and (grand := parents[parent]) is not None and grand not in seen:
            seen.add(parent)
            parents[n] = parent = grand
    share = [s.pixel_share if k == "colour" else 0.0 for s, k in zip(swatches, kinds)]
    for s, parent in zip(swatches, parents):
        if parent is not None:
            share[parent] += s.pixel_share
    land = sum(share) or 1.0
    return Palette(
        tuple(
            replace(s, kind=k, parent=parent, land_share=v / land)
            for s, k, parent, v in zip(swatches, kinds, parents, share)
        )
    )


def sample_lab(image: MapImage, count: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """CIELAB colours of `count` pixels drawn at random (reproducibly), and their flat pixel indices."""
    total = image.width * image.height
    rng = np.random.default_rng(seed)
    idx = rng.choice(total, size=min(count, total), replace=False) if total > count else np.arange(total)
    return rgb_to_lab(image.rgb.reshape(-1, 3)[idx]), idx


def _nearest(data: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Index of the nearest centre of each row (|x|² − 2x·c + |c|², one matrix product)."""
    d = (centres**2).sum(1)[None, :] - 2.0 * (data @ centres.T)
    return d.argmin(1)


def _means(data: np.ndarray, labels: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Mean of each cluster's rows (a cluster left empty keeps its centre)."""
    counts = np.bincount(labels, minlength=len(centres))
    sums = np.stack([np.bincount(labels, weights=data[:, i], minlength=len(centres)) for i in range(3)], 1)
    return np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centres).astype(np.float32)


def _kmeans(data: np.ndarray, k: int, seed: int, iterations: int = 25) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's k-means with k-means++ seeding (reproducible); returns centres and labels."""
    rng = np.random.default_rng(seed)
    seeds = [data[rng.integers(len(data))]]
    d2 = ((data - seeds[0]) ** 2).sum(1)
    for _ in range(1, k):
        if d2.sum() <= 0:
            break
        seeds.append(data[rng.choice(len(data), p=d2 / d2.sum())])
        d2 = np.minimum(d2, ((data - seeds[-1]) ** 2).sum(1))
    centres = np.array(seeds, np.float32)
    labels = np.zeros(len(data), int)
    for _ in range(iterations):
        labels = _nearest(data, centres)
        moved = _means(data, labels, centres)
        if np.allclose(moved, centres, atol=0.05):
            break
        centres = moved
    return centres, labels


def _merge(centres: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Merge the closest pair of centres while it is under MERGE_DELTA_E; drop clusters under MIN_SHARE."""
    pool, weights = list(centres), list(counts.astype(float))
    while len(pool) > 1:
        c = np.array(pool)
        d = np.sqrt(((c[:, None, :] - c[None, :, :]) ** 2).sum(-1)) + np.eye(len(c)) * 1e9
        i, j = np.unravel_index(d.argmin(), d.shape)
        if d[i, j] >= MERGE_DELTA_E:
            break
        w = weights[i] + weights[j]
        pool[i] = (pool[i] * weights[i] + pool[j] * weights[j]) / w
        weights[i] = w
        del pool[j], weights[j]
    total = sum(weights)
    keep = [n for n, c in enumerate(weights) if c >= MIN_SHARE * total] or [int(np.argmax(weights))]
    return np.array([pool[n] for n in keep], np.float32), np.array([weights[n] for n in keep])


def _frame_counts(image: MapImage, palette: Palette) -> np.ndarray:
    """How many pixels of a thin frame along the image's edges fall to each swatch."""
    w = max(2, min(image.width, image.height) // 100)
    rgb = image.rgb
    frame = np.concatenate(
        [rgb[:w].reshape(-1, 3), rgb[-w:].reshape(-1, 3), rgb[:, :w].reshape(-1, 3), rgb[:, -w:].reshape(-1, 3)]
    )
    step = max(1, len(frame) // 20000)
    labels = palette.classify(rgb_to_lab(frame[::step]))
    return np.bincount(labels, minlength=len(palette.swatches))


def cluster_colours(image: MapImage, k: int = 10, samples: int = 40000, seed: int = 0) -> Palette:
    """Swatches of the image: k-means in CIELAB on sampled pixels, near duplicates merged, small blends dropped.

    The sea is the blue-ish swatch that covers at least a tenth of the image's frame (else the swatch that
    covers most of the frame): maps show the sea around the land. Near-black and near-white swatches are ink.
    """
    lab, _ = sample_lab(image, samples, seed)
    centres, labels = _kmeans(lab, k, seed)
    centres, _ = _merge(centres, np.bincount(labels, minlength=len(centres)))
    labels = _nearest(lab, centres)
    for _ in range(3):  # settle the merged centres on their own pixels
        centres = _means(lab, labels, centres)
        labels = _nearest(lab, centres)
    share = np.bincount(labels, minlength=len(centres)) / len(labels)
    swatches = tuple(
        Swatch(
            n,
            lab_to_hex(c),
            (round(float(c[0]), 2), round(float(c[1]), 2), round(float(c[2]), 2)),
            "ink" if _is_ink(c) else "colour",
            float(share[n]),
            0.0,
        )
        for n, c in enumerate(centres)
    )
    palette = Palette(swatches)
    frame = _frame_counts(image, palette)
    touching = [s for s in swatches if frame[s.index] >= 0.1 * frame.sum()]
    blue = [s for s in touching if s.lab[2] < -8.0 and s.lab[2] < -abs(s.lab[1]) * 0.5]
    if blue:
        sea = min(blue, key=lambda s: s.lab[2])
    else:
        sea = swatches[int(np.argmax(frame))]
    return palette.with_sea(sea.index)
