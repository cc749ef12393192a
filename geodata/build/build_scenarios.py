"""Build the shipped scenarios (the default two-USSR split and the Vladivostok variant) from regions.geojson."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "app"))

from sovsplit.model.io.scenario_io import save_scenario  # noqa: E402
from sovsplit.model.regions import read_regions  # noqa: E402
from sovsplit.model.scenario import Parcel, Polity, Scenario  # noqa: E402

WEST = Polity("west", "West USSR", "Moscow", "#b03a2e")
EAST = Polity("east", "East USSR", "Yakutsk", "#d4a017")
# Sakha, Magadan, Chukotka and Kamchatka, as in the forum thread: the East without Vladivostok.
EAST_CORE = ["RUSA", "RUMAG", "RUCHU", "RUKAM"]

VARIANTS = {
    "default.geojson": ("Two USSRs: the Stalinist West and the Trotskyist East (1991 borders)", EAST_CORE),
    "east-with-primorsky.geojson": ("Two USSRs: the East with Primorsky Krai and Vladivostok", EAST_CORE + ["RUPRI"]),
}


def build(out_dir: Path) -> None:
    regions = read_regions(ROOT / "geodata" / "regions.geojson")
    parcels = [Parcel(r.id, r.id, r.geometry) for r in regions.regions]
    out_dir.mkdir(parents=True, exist_ok=True)
    for filename, (title, east_ids) in VARIANTS.items():
        missing = [r for r in east_ids if r not in regions.by_id]
        if missing:
            raise SystemExit(f"build_scenarios: regions.geojson lacks {missing}")
        owner = {r.id: EAST.id if r.id in east_ids else WEST.id for r in regions.regions}
        scenario = Scenario(title, regions, [WEST, EAST], parcels, owner)
        save_scenario(scenario, out_dir / filename)
        print(f"wrote {out_dir / filename}")


if __name__ == "__main__":
    build(ROOT / "geodata" / "scenarios")
