"""Build geodata/seas.geojson: the seas and oceans around the USSR, each with one label point checked to lie in water."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import shapely

GEODATA = Path(__file__).resolve().parents[1]
OUT_PATH = GEODATA / "seas.geojson"
LAND_FILES = ("regions.geojson", "neighbours.geojson")
# A label point closer than this to the shipped land (degrees) is refused: the name would start on the coast.
MIN_CLEARANCE_DEG = 0.25

# Name on the map, name in IHO S-23 "Limits of Oceans and Seas" (3rd edition, 1953; None where S-23 has no
# such sea: the Caspian and the Aral are lakes), kind (ocean, sea, lake), label rank (1 first), and the label
# point (longitude, latitude; west longitudes negative as RFC 7946 wants). The points are the sovsplit editors'
# choice of a spot well inside each S-23 limit where a name has room, rounded to a tenth of a degree; they are
# label anchors, not centroids, and the build checks each against the shipped land.
SEAS: list[tuple[str, str | None, str, int, float, float]] = [
    ("Arctic Ocean", "Arctic Ocean", "ocean", 1, 110.0, 81.0),
    ("Pacific Ocean", "North Pacific Ocean", "ocean", 1, 165.0, 45.0),
    ("Barents Sea", "Barentsz Sea", "sea", 2, 40.0, 73.0),
    ("Kara Sea", "Kara Sea", "sea", 2, 68.0, 75.5),
    ("Laptev Sea", "Laptev Sea", "sea", 2, 125.0, 76.0),
    ("East Siberian Sea", "East Siberian Sea", "sea", 2, 163.0, 72.5),
    ("Chukchi Sea", "Chukchi Sea", "sea", 2, -169.0, 70.0),
    ("Bering Sea", "Bering Sea", "sea", 2, 178.0, 58.0),
    ("Sea of Okhotsk", "Sea of Okhotsk", "sea", 2, 149.0, 55.0),
    ("Sea of Japan", "Japan Sea", "sea", 2, 134.0, 40.5),
    ("Black Sea", "Black Sea", "sea", 2, 34.0, 43.5),
    ("Baltic Sea", "Baltic Sea", "sea", 2, 19.5, 56.0),
    ("Caspian Sea", None, "lake", 2, 50.8, 42.0),
    ("White Sea", "White Sea", "sea", 3, 38.0, 65.8),
    ("Sea of Azov", "Sea of Azov", "sea", 3, 36.6, 46.2),
    ("Aral Sea", None, "lake", 3, 59.5, 45.3),
]


def land() -> shapely.Geometry:
    """All shipped land: the USSR's regions and the neighbouring countries (both cut at 180°)."""
    shapes = []
    for name in LAND_FILES:
        for feature in json.loads((GEODATA / name).read_text(encoding="utf-8"))["features"]:
            shapes.append(shapely.geometry.shape(feature["geometry"]))
    return shapely.union_all(shapes)


def build() -> dict:
    ground = land()
    shapely.prepare(ground)
    features, refused = [], []
    for name, iho, kind, rank, lon, lat in SEAS:
        point = shapely.Point(lon, lat)
        if ground.intersects(point) or ground.distance(point) < MIN_CLEARANCE_DEG:
            refused.append(f"{name} ({lon}, {lat}) is on or next to land")
            continue
        properties = {"name": name, "iho_name": iho, "kind": kind, "rank": rank}
        geometry = {"type": "Point", "coordinates": [lon, lat]}
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    if refused:
        sys.exit("build_seas.py: " + "; ".join(refused))
    return {"type": "FeatureCollection", "features": features}


def main() -> int:
    collection = build()
    text = json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=GEODATA, delete=False, suffix=".tmp") as tmp:
        tmp.write(text)
    os.replace(tmp.name, OUT_PATH)
    print(f"wrote {OUT_PATH} ({len(collection['features'])} seas)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
