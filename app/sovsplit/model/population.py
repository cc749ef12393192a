"""The 1989 census population of each shipped region (geodata/population.csv), and how a cut region's is split."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sovsplit.model.io.problems import InputError
from sovsplit.model.io.resources import geodata_path

# The rule for a region a border edit cuts: its population is split by area share. The census gives no finer
# grid here, so a piece holds the region's people in proportion to its km² (an even spread over the region);
# a cut through a city or an empty mountain range moves more or fewer people than this says.
SPLIT_RULE = "a region cut by a border edit splits its 1989 population by area share"


@dataclass(frozen=True)
class PopulationTable:
    """region id → people (1989 All-Union census, present population), with where the numbers come from."""

    by_region: dict[str, int]
    source: str

    def piece(self, region_id: str, piece_km2: float, region_km2: float) -> float:
        """People in a piece of a region, by area share (see SPLIT_RULE)."""
        whole = self.by_region[region_id]
        return whole if piece_km2 >= region_km2 else whole * max(piece_km2, 0.0) / region_km2


def read_population(path: Path) -> PopulationTable:
    """Read a population table (region_id, name, population_1989, source); a bad file is a one-line InputError."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        by_region = {row["region_id"]: int(row["population_1989"]) for row in rows}
    except (OSError, KeyError, ValueError, TypeError) as error:
        raise InputError(path, f"not a population table ({type(error).__name__}: {error})") from None
    if any(p < 0 for p in by_region.values()):
        raise InputError(path, "negative population")
    sources = sorted({row["source"] for row in rows if row.get("source")})
    return PopulationTable(by_region, "; ".join(sources))


@cache
def default_population() -> PopulationTable | None:
    """The shipped table, or None while geodata/population.csv is not built (see geodata/SOURCES.md)."""
    path = geodata_path("population.csv")
    return read_population(path) if path.exists() else None
