"""Build geodata/population.csv: each shipped region's population at the 1989 All-Union census, with its source.

Counts are the census's *present* (наличное) population of 12 January 1989, the count whose USSR total is the
published 286,730,819 (the resident count, 285.7 million, is not used). Every figure is a published one and
carries its source; the script refuses a unit without one, checks that each union republic's units add up to
its published total and the republics to the USSR's, and only then writes the table.

The 97 shipped regions are today's units; the census counted the 1989 ones. How they are matched:
- a krai or oblast that held an autonomous okrug or oblast shipped as its own region (Arkhangelsk and the
  Nenets AO; Tyumen and the Khanty-Mansi and Yamal-Nenets AOs; Magadan and Chukotka; Krasnodar and Adygea;
  Stavropol and Karachay-Cherkessia; Altai Krai and Gorno-Altai; Khabarovsk and the Jewish AO; Krasnoyarsk and
  Khakassia) enters WITHOUT that unit, which enters on its own (the census tables give both);
- units merged since 2005 are summed: Perm Oblast + Komi-Permyak AO → Perm Krai; Krasnoyarsk Krai (without
  Khakassia) + Taymyr AO + Evenk AO → Krasnoyarsk Krai; Kamchatka Oblast + Koryak AO → Kamchatka Krai;
  Irkutsk Oblast + Ust-Orda Buryat AO → Irkutsk Oblast; Chita Oblast + Aga Buryat AO → Zabaykalsky Krai;
- the Checheno-Ingush ASSR, one unit in 1989, is split by its 1989 district figures: the districts that
  became Ingushetia in 1992 and the rest. Both parts need a cited figure and must add up to the ASSR's.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_cities import GEODATA, write_atomic

OUT_PATH = GEODATA / "population.csv"
REGIONS_PATH = GEODATA / "regions.geojson"
USSR_PRESENT_1989 = 286_730_819


@dataclass(frozen=True)
class Figure:
    """One published 1989 census count and where it is printed."""

    unit: str  # the 1989 unit as the census names it
    population: int
    source: str  # publication, table and page (or web table) the figure is read from


@dataclass(frozen=True)
class Match:
    """The 1989 census units whose counts are summed into one shipped region."""

    region_id: str
    units: tuple[str, ...]


# The 1989 units behind each shipped region where it is not simply the region's own 1989 unit under the same
# name. Regions not listed are one 1989 unit each, named as in regions.geojson.
MATCHES: list[Match] = [
    Match("RUPER", ("Perm Oblast without the Komi-Permyak AO", "Komi-Permyak AO")),
    Match("RUKYA", ("Krasnoyarsk Krai without Khakassia, Taymyr and Evenk AOs", "Taymyr AO", "Evenk AO")),
    Match("RUKAM", ("Kamchatka Oblast without the Koryak AO", "Koryak AO")),
    Match("RUIRK", ("Irkutsk Oblast without the Ust-Orda Buryat AO", "Ust-Orda Buryat AO")),
    Match("RUZAB", ("Chita Oblast without the Aga Buryat AO", "Aga Buryat AO")),
    Match("RUARK", ("Arkhangelsk Oblast without the Nenets AO",)),
    Match("RUTYU", ("Tyumen Oblast without the Khanty-Mansi and Yamal-Nenets AOs",)),
    Match("RUMAG", ("Magadan Oblast without the Chukotka AO",)),
    Match("RUKDA", ("Krasnodar Krai without the Adygei AO",)),
    Match("RUSTA", ("Stavropol Krai without the Karachay-Cherkess AO",)),
    Match("RUALT", ("Altai Krai without the Gorno-Altai AO",)),
    Match("RUKHA", ("Khabarovsk Krai without the Jewish AO",)),
    Match("RUCE", ("Checheno-Ingush ASSR: districts outside Ingushetia",)),
    Match("RUIN", ("Checheno-Ingush ASSR: districts of Ingushetia",)),
]
SPLIT_UNITS = {
    "Checheno-Ingush ASSR": (
        "Checheno-Ingush ASSR: districts outside Ingushetia",
        "Checheno-Ingush ASSR: districts of Ingushetia",
    )
}

# Published 1989 present-population counts with their sources. Entered so far: only the totals that could be
# read from a reachable source. The per-unit counts (Demoscope Weekly's tables of the 1989 census by region,
# or the Goskomstat volumes "Itogi Vsesoyuznoy perepisi naseleniya 1989 goda") could not be read when this
# script was written, and no count is entered from memory, so the script refuses to write the table.
CENSUS_1989 = (
    "1989 All-Union census, present population, as given in the infobox of the Wikipedia article "
    "'1989 Soviet census' (en.wikipedia.org/wiki/1989_Soviet_census)"
)
FIGURES: list[Figure] = [
    Figure("USSR", USSR_PRESENT_1989, CENSUS_1989),
    Figure("Russian SFSR", 147_400_537, CENSUS_1989),
    Figure("Estonian SSR", 1_572_916, CENSUS_1989),
]


class PopulationError(ValueError):
    """A unit without a cited figure, or figures that do not add up; the message names them."""


def read_regions(path: Path = REGIONS_PATH) -> list[dict]:
    """id, name, republic and republic_id of every shipped region."""
    return [f["properties"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]


def units_of(regions: list[dict]) -> dict[str, tuple[str, ...]]:
    """region id → the 1989 units summed into it (a union republic other than the RSFSR is its own unit)."""
    matched = {m.region_id: m.units for m in MATCHES}
    unknown = sorted(set(matched) - {r["id"] for r in regions})
    if unknown:
        raise PopulationError(f"matches for regions that are not shipped: {unknown}")
    return {r["id"]: matched.get(r["id"], (r["republic"] if r["republic_id"] != "RU" else r["name"],)) for r in regions}


def population_table(regions: list[dict], figures: list[Figure]) -> dict[str, tuple[int, str]]:
    """region id → (1989 population, sources), after every check; raises PopulationError naming what is wrong."""
    by_unit: dict[str, Figure] = {}
    for figure in figures:
        if not figure.source.strip():
            raise PopulationError(f"{figure.unit}: no source")
        if figure.unit in by_unit:
            raise PopulationError(f"{figure.unit}: listed twice")
        by_unit[figure.unit] = figure
    units = units_of(regions)
    missing = sorted({u for us in units.values() for u in us if u not in by_unit})
    if missing:
        shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
        raise PopulationError(f"no cited 1989 census figure for {len(missing)} units: {shown}")
    for whole, parts in SPLIT_UNITS.items():
        if whole in by_unit and sum(by_unit[p].population for p in parts) != by_unit[whole].population:
            raise PopulationError(f"{whole}: its parts do not add up to its census figure")
    table = {
        rid: (sum(by_unit[u].population for u in us), "; ".join(sorted({by_unit[u].source for u in us})))
        for rid, us in units.items()
    }
    for republic_id, republic in sorted({(r["republic_id"], r["republic"]) for r in regions}):
        total = sum(table[r["id"]][0] for r in regions if r["republic_id"] == republic_id)
        if republic in by_unit and total != by_unit[republic].population:
            raise PopulationError(
                f"{republic}: its regions add up to {total:,}, its census figure is {by_unit[republic].population:,}"
            )
    ussr = sum(p for p, _ in table.values())
    if ussr != USSR_PRESENT_1989:
        raise PopulationError(f"the regions add up to {ussr:,}, not the census's {USSR_PRESENT_1989:,}")
    return table


def csv_text(regions: list[dict], table: dict[str, tuple[int, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["region_id", "name", "population_1989", "source"])
    for region in regions:
        population, source = table[region["id"]]
        writer.writerow([region["id"], region["name"], population, source])
    return out.getvalue()


def main() -> int:
    regions = read_regions()
    try:
        table = population_table(regions, FIGURES)
    except PopulationError as error:
        print(f"build_population.py: {error}; {OUT_PATH.name} not written", file=sys.stderr)
        return 1
    write_atomic(OUT_PATH, csv_text(regions, table))
    print(f"wrote {len(table)} regions to {OUT_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
