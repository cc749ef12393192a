"""Regions from colours: each region takes the polity whose colour covers most of its sampled interior."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sovsplit.model.regions import RegionSet
from sovsplit.model.trace.colours import Palette
from sovsplit.model.trace.georef import Georeference
from sovsplit.model.trace.image import MapImage, rgb_to_lab
from sovsplit.model.trace.sampling import region_samples

THRESHOLD = 0.7  # a region whose leading polity covers less than this share is uncertain
MIN_SAMPLES = 3  # fewer land-coloured samples than this (off the image, all sea or ink): uncertain
BORDER_PX = 3.0  # samples this close to a region's border in the image see its line and its JPEG ringing
UNMAPPED = -1  # share key of colours the user mapped to no polity


@dataclass(frozen=True)
class Target:
    """The polity a swatch stands for: an existing one (`polity_id`) or a new one named and coloured here."""

    name: str
    colour: str
    polity_id: str | None = None


@dataclass(frozen=True)
class RegionTrace:
    """What the image shows in one region."""

    region_id: str
    name: str
    target: int | None  # index in TraceResult.targets of the polity that takes the region; None if uncertain
    best: int | None  # the leading polity even when uncertain (None: unmapped colours lead, or no samples)
    shares: dict[int, float] = field(default_factory=dict)  # target index (UNMAPPED: other colours) → share
    samples: int = 0  # samples that showed a land colour

    @property
    def uncertain(self) -> bool:
        return self.target is None


@dataclass(frozen=True)
class TraceResult:
    """The assignment of every region, with the uncertain ones and their shares."""

    targets: tuple[Target, ...]
    regions: tuple[RegionTrace, ...]
    threshold: float = THRESHOLD

    @property
    def assigned(self) -> dict[str, int]:
        return {r.region_id: r.target for r in self.regions if r.target is not None}

    @property
    def uncertain(self) -> list[RegionTrace]:
        return [r for r in self.regions if r.target is None]

    def by_target(self) -> dict[int, list[str]]:
        """Region ids each target takes (uncertain ones left out)."""
        out: dict[int, list[str]] = {i: [] for i in range(len(self.targets))}
        for r in self.regions:
            if r.target is not None:
                out[r.target].append(r.region_id)
        return out


def sample_pixels(georef: Georeference, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer pixel (column, row) of each lon/lat, −1 where it falls off the image."""
    px, py = georef.lonlat_to_pixel(lon, lat)
    inside = (px >= 0) & (px < georef.width) & (py >= 0) & (py < georef.height)
    if georef.frame.geographic and not inside.all():
        # A lon/lat image centred on Greenwich shows Chukotka's east at its left edge, at −180…−170°.
        qx, qy = georef.lonlat_to_pixel(lon - 360.0, lat)
        alt = (qx >= 0) & (qx < georef.width) & (qy >= 0) & (qy < georef.height) & ~inside
        px, py, inside = np.where(alt, qx, px), np.where(alt, qy, py), inside | alt
    ix = np.where(inside, np.floor(np.nan_to_num(px, nan=-1)), -1).astype(int)
    iy = np.where(inside, np.floor(np.nan_to_num(py, nan=-1)), -1).astype(int)
    return ix, iy


def sample_categories(
    image: MapImage, georef: Georeference, palette: Palette, mapping: dict[int, int], lon: np.ndarray, lat: np.ndarray
) -> np.ndarray:
    """Per sample: the target index its colour maps to, UNMAPPED, or −2 (sea, ink, off the image)."""
    ix, iy = sample_pixels(georef, lon, lat)
    ok = ix >= 0
    swatch = np.full(len(lon), -1)
    if ok.any():
        swatch[ok] = palette.classify(rgb_to_lab(image.rgb[iy[ok], ix[ok]]))
    lookup = np.full(len(palette.swatches) + 1, -2)
    for s in palette.swatches:
        if s.index in mapping:
            lookup[s.index] = mapping[s.index]
        elif s.kind == "colour" or (s.kind == "blend" and s.parent is not None):
            parent = s.parent if s.kind == "blend" else None
            lookup[s.index] = mapping.get(parent, UNMAPPED) if parent is not None else UNMAPPED
    return lookup[swatch]  # swatch −1 (off the image) reads the last entry, −2


def pixels_per_km(georef: Georeference, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """The image's smallest scale at each point, in pixels per km (from steps of 0.01° north and east)."""
    px, py = georef.lonlat_to_pixel(lon, lat)
    nx, ny = georef.lonlat_to_pixel(lon, lat + 0.01)
    ex, ey = georef.lonlat_to_pixel(lon + 0.01, lat)
    north = np.hypot(nx - px, ny - py) / 1.112
    east = np.hypot(ex - px, ey - py) / (1.112 * np.maximum(np.cos(np.radians(lat)), 1e-3))
    return np.nan_to_num(np.minimum(north, east))


def interior_mask(georef: Georeference, samples, border_px: float = BORDER_PX) -> np.ndarray:
    """Samples at least `border_px` pixels from their region's border; in a region too small for that, its
    most interior third."""
    away = samples.border_km * pixels_per_km(georef, samples.lon, samples.lat)
    keep = away >= border_px
    for n in np.unique(samples.region[~keep]):
        mine = samples.region == n
        if keep[mine].sum() < 10 * MIN_SAMPLES:
            keep[mine] = away[mine] >= min(border_px / 2, np.quantile(away[mine], 2 / 3))
    return keep


def trace_regions(
    image: MapImage,
    georef: Georeference,
    palette: Palette,
    mapping: dict[int, int],
    targets: tuple[Target, ...],
    regions: RegionSet,
    threshold: float = THRESHOLD,
) -> TraceResult:
    """Assign every region to the target whose colour covers ≥ `threshold` of its interior, else uncertain.

    `mapping` maps swatch indexes (Palette.swatches) to indexes of `targets`; several swatches may map to one.
    """
    samples = region_samples(regions)
    cats = sample_categories(image, georef, palette, mapping, samples.lon, samples.lat)
    width = len(targets) + 1  # column 0: unmapped colours; column t + 1: target t
    land = (cats >= UNMAPPED) & interior_mask(georef, samples)
    key = samples.region[land] * width + (cats[land] + 1)
    weight = np.bincount(key, weights=samples.weight[land], minlength=len(regions) * width).reshape(-1, width)
    counts = np.bincount(samples.region[land], minlength=len(regions))
    rows = []
    for n, region in enumerate(regions.regions):
        total = weight[n].sum()
        shares = {(c - 1): float(weight[n, c] / total) for c in range(width) if total > 0 and weight[n, c] > 0}
        lead = max(shares, key=shares.__getitem__) if shares else None
        mapped = {t: s for t, s in shares.items() if t != UNMAPPED}
        best = max(mapped, key=mapped.__getitem__) if mapped else None
        sure = best is not None and lead == best and shares[best] >= threshold and counts[n] >= MIN_SAMPLES
        rows.append(
            RegionTrace(
                region.id,
                region.name,
                best if sure else None,
                best if lead != UNMAPPED else None,
                {t: round(s, 4) for t, s in sorted(shares.items(), key=lambda kv: -kv[1])},
                int(counts[n]),
            )
        )
    return TraceResult(tuple(targets), tuple(rows), threshold)
