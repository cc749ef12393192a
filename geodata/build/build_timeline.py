"""Build the shipped example timeline (east-ussr-timeline.geojson) from regions.geojson.

An invented sequence of four states, 1927 to 1950: one reading of the forum thread, not history. Each state
gives whole regions to its polities; each note names the debate's argument (geodata/annotations.geojson) the
state illustrates.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "app"))

from sovsplit.model.regions import read_regions  # noqa: E402
from sovsplit.model.scenario import Parcel, Polity, Scenario  # noqa: E402
from sovsplit.model.timeline.io import save_timeline  # noqa: E402
from sovsplit.model.timeline.timeline import State, Timeline  # noqa: E402

NAME = "The East USSR through time, 1927–1950: one invented reading of the forum thread"
WEST = Polity("west", "West USSR", "Moscow", "#b03a2e")
EAST = Polity("east", "East USSR", "Yakutsk", "#d4a017")
BUFFER = Polity("amur", "Amur Buffer Republic", "Khabarovsk", "#2e86c1")
EAST_CORE = ["RUSA", "RUMAG", "RUCHU", "RUKAM"]
AMUR = ["RUAMU", "RUYEV", "RUKHA", "RUPRI"]

# (start, title, note, {polity: region ids}); the West holds every region not listed.
STATES = [
    (
        dt.date(1927, 1, 1),
        "The East breaks away",
        "The Yakut lands secede on their own before any exile arrives, the precondition the thread sets "
        "(argument objection-break-away-first); Yakutsk is the capital from the start (premise-capital-yakutsk).",
        {EAST: ["RUSA"]},
    ),
    (
        dt.date(1932, 1, 1),
        "Along the Pacific coast",
        "Magadan, Kamchatka and Chukotka join, giving the East the towns the thread names (premise-cities) but "
        "still no ice-free Pacific port with a railway, the core of objection-vladivostok.",
        {EAST: EAST_CORE},
    ),
    (
        dt.date(1941, 1, 1),
        "A wartime buffer",
        "War in the Pacific: a short-lived buffer republic on the Amur and the Ussuri, leaning on Tokyo, sits "
        "between the two Unions; it illustrates question-ww2 and the fear of a Japanese orbit "
        "(objection-japan-orbit).",
        {EAST: EAST_CORE, BUFFER: AMUR},
    ),
    (
        dt.date(1950, 1, 1),
        "The Cold War",
        "The buffer folds into the East, which now holds Vladivostok and borders China: the Cold War across the "
        "Bering Strait (question-cold-war), rival patrons in China (objection-china-proxy), and a test of "
        "objection-vladivostok from the other side.",
        {EAST: EAST_CORE + AMUR},
    ),
]


def build(out: Path) -> None:
    regions = read_regions(ROOT / "geodata" / "regions.geojson")
    parcels = [Parcel(r.id, r.id, r.geometry) for r in regions.regions]
    states = []
    for start, title, note, holdings in STATES:
        owner = {r.id: WEST.id for r in regions.regions}
        for polity, ids in holdings.items():
            missing = [r for r in ids if r not in regions.by_id]
            if missing:
                raise SystemExit(f"build_timeline: regions.geojson lacks {missing}")
            owner.update({r: polity.id for r in ids})
        scenario = Scenario(NAME, regions, [WEST, *holdings], parcels, owner)
        states.append(State(start, scenario, title, note))
    save_timeline(Timeline(NAME, regions, states), out)
    print(f"wrote {out}")


if __name__ == "__main__":
    build(ROOT / "geodata" / "scenarios" / "east-ussr-timeline.geojson")
