"""Rebuild geodata/regions.geojson, neighbours.geojson and coastline.geojson from Debian's gmt-dcw."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import netCDF4
import numpy as np
import pyproj
import shapely
from shapely.geometry import box

DCW_DIR = Path("/usr/share/gmt-dcw")
GEODATA = Path(__file__).resolve().parents[1]

# 1991 union republics other than the RSFSR, shipped whole (DCW country code -> republic name).
UNION_REPUBLICS = {
    "UA": "Ukrainian SSR",
    "BY": "Byelorussian SSR",
    "KZ": "Kazakh SSR",
    "UZ": "Uzbek SSR",
    "TM": "Turkmen SSR",
    "KG": "Kirghiz SSR",
    "TJ": "Tajik SSR",
    "GE": "Georgian SSR",
    "AM": "Armenian SSR",
    "AZ": "Azerbaijan SSR",
    "MD": "Moldavian SSR",
    "LT": "Lithuanian SSR",
    "LV": "Latvian SSR",
    "EE": "Estonian SSR",
}
RSFSR = "Russian SFSR"

# Typos in dcw-states.txt that would otherwise reach the UI.
NAME_FIXES = {
    "RULIP": "Lipetsk Oblast",
    "RUMOS": "Moscow Oblast",
    "RUZAB": "Zabaykalsky Krai",
}

# Countries drawn around the USSR for context. DCW's "US" is the whole country; Alaska alone is enough.
NEIGHBOURS = {
    "CN": "CN",
    "MN": "MN",
    "JP": "JP",
    "KP": "KP",
    "KR": "KR",
    "FI": "FI",
    "NO": "NO",
    "SJ": "SJ",
    "SE": "SE",
    "PL": "PL",
    "DE": "DE",
    "CZ": "CZ",
    "SK": "SK",
    "HU": "HU",
    "RO": "RO",
    "BG": "BG",
    "TR": "TR",
    "SY": "SY",
    "IQ": "IQ",
    "IR": "IR",
    "AF": "AF",
    "PK": "PK",
    "IN": "IN",
    "US": "USAK",
}
NEIGHBOUR_NAMES = {"US": "United States (Alaska)"}
# Unwrapped window kept for neighbours: enough for context, small enough for a small file.
NEIGHBOUR_WINDOW = box(5.0, 28.0, 205.0, 86.0)
NEIGHBOUR_TOLERANCE = 0.03
# Neighbour islets below this (square degrees, ~10 km²) add bytes but nothing to the picture.
NEIGHBOUR_MIN_PART = 0.001

# Overlaps between DCW units are slivers along borders; gaps narrower than this (degrees) are
# digitising artefacts, not water, so they are merged into a neighbour.
GAP_WIDTH = 0.02
# Holes of the union smaller than this are gaps too (the smallest real lake DCW cuts out is far larger).
SMALL_HOLE_KM2 = 300.0
# Thin slivers between two units that open onto the outside (e.g. along the Finnish border) are
# closed by a morphological closing of this width; straits are wider and stay open.
NOTCH_WIDTH = 0.04
# A closing piece whose rim lies at least this much on unit borders is a notch, not a strait.
NOTCH_RIM_SHARE = 0.8
SIMPLIFY_TOLERANCE = 0.01
DECIMALS = 5
# A coast segment closer than this (degrees) to a neighbouring country is a land border.
LAND_BORDER_DISTANCE = 0.05
# Open water is what neither the USSR nor its (slightly grown) neighbours cover; pieces smaller than
# this (square degrees) are lakes or river gaps on borders (Lake Khanka, the Amur), not sea.
SEA_MIN_AREA = 10.0
NEIGHBOUR_GROWTH = 0.03

CITY_CHECKS = [
    ("Moscow", 55.7558, 37.6173, "RUMOW"),
    ("Yakutsk", 62.0355, 129.6755, "RUSA"),
    ("Anadyr", 64.7337, 177.5089, "RUCHU"),
    ("Petropavlovsk-Kamchatsky", 53.0452, 158.6483, "RUKAM"),
    ("Batagay", 67.656, 134.635, "RUSA"),
    ("Magadan", 59.5682, 150.8085, "RUMAG"),
    ("Vladivostok", 43.1056, 131.8735, "RUPRI"),
    ("Kyiv", 50.4501, 30.5234, "UA"),
    ("Tbilisi", 41.7151, 44.8271, "GE"),
    ("Tallinn", 59.4370, 24.7536, "EE"),
    ("Baku", 40.4093, 49.8671, "AZ"),
]
EAST = ("RUSA", "RUMAG", "RUCHU", "RUKAM")
# Water bodies whose DCW treatment (hole or land) the summary reports.
WATER_BODIES = [
    ("Aral Sea", 45.0, 60.0),
    ("Lake Baikal", 53.5, 108.0),
    ("Lake Ladoga", 61.0, 31.5),
    ("Lake Onega", 61.7, 35.5),
    ("Lake Balkhash", 46.5, 74.5),
    ("Issyk-Kul", 42.45, 77.3),
    ("Lake Peipus", 58.7, 27.5),
]

GEOD = pyproj.Geod(ellps="WGS84")
_T0 = time.monotonic()


def progress(message: str) -> None:
    print(f"[{time.monotonic() - _T0:7.1f}s] {message}", flush=True)


# --- reading DCW -------------------------------------------------------------------------------


def read_rings(ds: netCDF4.Dataset, item: str) -> list[tuple[bool, np.ndarray]]:
    """Return (is_hole, lon/lat array) for every ring of a DCW item."""
    lon_var, lat_var = ds.variables[f"{item}_lon"], ds.variables[f"{item}_lat"]
    lon_var.set_auto_maskandscale(False)
    lat_var.set_auto_maskandscale(False)
    raw_lon = lon_var[:].astype(np.int64)
    raw_lat = lat_var[:].astype(np.int64)
    # getncattr, not .scale: netCDF4 shadows the "scale" attribute with its auto-scale flag.
    lon = raw_lon / lon_var.getncattr("scale") + lon_var.getncattr("min")
    lat = raw_lat / lat_var.getncattr("scale") + lat_var.getncattr("min")
    starts = np.flatnonzero(raw_lon == 65535)
    ends = np.append(starts[1:], len(raw_lon))
    rings = []
    for start, end in zip(starts, ends):
        coords = np.column_stack([lon[start + 1 : end], lat[start + 1 : end]])
        if len(np.unique(coords, axis=0)) < 3:
            continue
        if not np.array_equal(coords[0], coords[-1]):
            coords = np.vstack([coords, coords[:1]])  # one Perm ring is stored open
        rings.append((bool(raw_lat[start] == 1), coords))
    return rings


def polygonal_part(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the areal parts of a geometry (make_valid can return stray lines and points)."""
    parts = shapely.get_parts(geom)
    polygons = [p for p in parts if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polygons) if polygons else shapely.Polygon()


def valid_ring_area(coords: np.ndarray) -> shapely.Geometry:
    return polygonal_part(shapely.make_valid(shapely.Polygon(coords)))


def item_geometry(rings: list[tuple[bool, np.ndarray]]) -> shapely.Geometry:
    """Fill an item's rings: flagged holes and rings stored twice (enclaves) are cut out."""
    # A ring stored twice cancels itself under even-odd fill, which is how DCW marks some enclaves;
    # identify copies by their vertex set because the copies may start at different vertices.
    keys = [frozenset(map(tuple, coords.tolist())) for _, coords in rings]
    copies = Counter(keys)
    outers, holes, seen = [], [], set()
    for (is_hole, coords), key in zip(rings, keys):
        if copies[key] > 1:
            if key not in seen:
                holes.append(valid_ring_area(coords))
                seen.add(key)
        elif is_hole:
            holes.append(valid_ring_area(coords))
        else:
            outers.append(valid_ring_area(coords))
    area = shapely.union_all(outers)
    if holes:
        area = area.difference(shapely.union_all(holes))
    return polygonal_part(shapely.make_valid(area))


def read_item(ds: netCDF4.Dataset, item: str) -> shapely.Geometry:
    return item_geometry(read_rings(ds, item))


def read_names(path: Path, key_fields: int) -> dict[str, str]:
    """Map DCW codes to names from dcw-states.txt (2 key fields) or dcw-countries.txt (1 after the continent)."""
    names = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split(maxsplit=key_fields + (1 if key_fields == 1 else 0))
        if key_fields == 2:
            code, name = fields[0] + fields[1], fields[2]
        else:
            code, name = fields[1], fields[2]
        names[code] = name.split(" (")[0].strip()
    return names


def unit_catalogue() -> list[dict]:
    """The 97 units with their properties, sorted by id."""
    states = read_names(DCW_DIR / "dcw-states.txt", 2)
    countries = read_names(DCW_DIR / "dcw-countries.txt", 1)
    units = [
        {
            "id": code,
            "name": NAME_FIXES.get(code, name),
            "republic": RSFSR,
            "republic_id": "RU",
            "kind": "federal subject",
        }
        for code, name in states.items()
        if code.startswith("RU")
    ]
    units += [
        {"id": code, "name": countries[code], "republic": republic, "republic_id": code, "kind": "union republic"}
        for code, republic in UNION_REPUBLICS.items()
    ]
    units.sort(key=lambda u: u["id"])
    if len(units) != 97:
        sys.exit(f"expected 97 units, found {len(units)}")
    return units


# --- geodesy -----------------------------------------------------------------------------------


def geodesic_area_km2(geom: shapely.Geometry) -> float:
    oriented = shapely.orient_polygons(geom)
    area, _ = GEOD.geometry_area_perimeter(oriented)
    return abs(area) / 1e6


def geodesic_length_km(geom: shapely.Geometry) -> float:
    return GEOD.geometry_length(geom) / 1e3


# --- making one clean coverage -----------------------------------------------------------------


def shared_border_lengths(piece: shapely.Geometry, geoms: np.ndarray, candidates) -> dict[int, float]:
    """Length of the piece's rim lying on each candidate unit's boundary."""
    rim = piece.boundary
    xmin, ymin, xmax, ymax = piece.bounds
    lengths = {}
    for i in candidates:
        # Clipping first keeps the overlay small: unit boundaries have tens of thousands of vertices.
        nearby = shapely.clip_by_rect(geoms[i].boundary, xmin - 1e-6, ymin - 1e-6, xmax + 1e-6, ymax + 1e-6)
        length = rim.intersection(nearby).length
        if length > 0:
            lengths[int(i)] = length
    return lengths


def notch_slivers(geoms: np.ndarray) -> list[shapely.Geometry]:
    """Thin slivers between two units that open onto the outside, which gap filling cannot see."""
    union = shapely.coverage_union_all(geoms)
    # Few segments per arc: only the closed pieces matter, and their mouths are tiny.
    closed = union.buffer(NOTCH_WIDTH / 2, quad_segs=2).buffer(-NOTCH_WIDTH / 2, quad_segs=2)
    tree = shapely.STRtree(geoms)
    notches = []
    for piece in shapely.get_parts(polygonal_part(closed.difference(union))):
        candidates = tree.query(piece, predicate="intersects")
        if len(candidates) < 2:
            continue  # a narrow bay of a single unit is real coast
        lengths = shared_border_lengths(piece, geoms, candidates)
        if len(lengths) >= 2 and sum(lengths.values()) >= NOTCH_RIM_SHARE * piece.boundary.length:
            notches.append(piece)
    return notches


def clean_coverage(geoms: np.ndarray) -> np.ndarray:
    """Remove overlaps (each to the smaller unit) and merge narrow gaps into the longest-border neighbour."""
    # min_area: an overlap is usually a city or enclave drawn slightly too large in its surroundings,
    # so the smaller unit keeps its outline; the choice depends only on the data, not on order.
    cleaned = shapely.coverage_clean(geoms, gap_width=GAP_WIDTH, merge_strategy="min_area")
    return np.array([polygonal_part(g) for g in cleaned], dtype=object)


def fill_notches(geoms: np.ndarray) -> np.ndarray:
    """Merge each notch sliver into the unit sharing most of its rim.

    Runs on the simplified coverage: buffering the full-resolution union takes many minutes.
    """
    notches = notch_slivers(geoms)
    progress(f"found {len(notches)} notch slivers between units")
    pieces = np.concatenate([geoms, np.array(notches, dtype=object)])
    # Re-noding puts the units' vertices on the notch rims, so the merges below stay edge-matched.
    cleaned = shapely.coverage_clean(pieces, merge_strategy="min_area")
    cleaned = np.array([polygonal_part(g) for g in cleaned], dtype=object)
    units, notch_pieces = cleaned[: len(geoms)].copy(), cleaned[len(geoms) :]
    tree = shapely.STRtree(units)
    for piece in notch_pieces:
        if piece.is_empty:
            continue
        lengths = shared_border_lengths(piece, units, tree.query(piece, predicate="intersects"))
        best = max(lengths, key=lambda i: (lengths[i], -i))
        units[best] = shapely.coverage_union(units[best], piece)
    return units


def union_holes(geoms: np.ndarray) -> list[shapely.Polygon]:
    union = shapely.coverage_union_all(geoms)
    holes = []
    for polygon in shapely.get_parts(union):
        holes += [shapely.Polygon(ring) for ring in polygon.interiors]
    return holes


def fill_small_holes(geoms: np.ndarray, ids: list[str]) -> tuple[np.ndarray, list[shapely.Polygon]]:
    """Give holes of the union below SMALL_HOLE_KM2 to the unit sharing most of their rim; return the rest."""
    geoms = geoms.copy()
    kept = []
    tree = shapely.STRtree(geoms)
    for hole in union_holes(geoms):
        if geodesic_area_km2(hole) >= SMALL_HOLE_KM2:
            kept.append(hole)
            continue
        rim = hole.exterior
        candidates = tree.query(rim, predicate="intersects")
        # Vertices on the rim are the units' own vertices, so shared length is exact.
        shared = [(rim.intersection(geoms[i].boundary).length, ids[i], i) for i in candidates]
        best = max(shared)[2]
        geoms[best] = shapely.coverage_union(geoms[best], hole)
    return geoms, kept


def assert_coverage(geoms: np.ndarray, stage: str) -> None:
    invalid_units = [i for i, g in enumerate(geoms) if not g.is_valid]
    if invalid_units:
        sys.exit(f"{stage}: invalid unit geometries at {invalid_units}")
    if not shapely.coverage_is_valid(geoms):
        edges = shapely.coverage_invalid_edges(geoms)
        bad = [i for i, e in enumerate(edges) if not e.is_empty]
        sys.exit(f"{stage}: coverage invalid at units {bad}")
    if any(not e.is_empty for e in shapely.coverage_invalid_edges(geoms)):
        sys.exit(f"{stage}: coverage_invalid_edges not empty")


# --- antimeridian ------------------------------------------------------------------------------


def split_ring_at_180(coords: np.ndarray) -> np.ndarray:
    """Insert a vertex at lon 180 on every segment that crosses it."""
    out = [coords[0]]
    for a, b in zip(coords[:-1], coords[1:]):
        if (a[0] - 180.0) * (b[0] - 180.0) < 0:
            # Interpolate from the western end so both sides of a shared edge get the same point.
            west, east = (a, b) if a[0] < b[0] else (b, a)
            t = (180.0 - west[0]) / (east[0] - west[0])
            out.append(np.array([180.0, west[1] + t * (east[1] - west[1])]))
        out.append(b)
    return np.array(out)


def map_polygon_rings(geom: shapely.Geometry, ring_fn) -> shapely.Geometry:
    polygons = []
    for polygon in shapely.get_parts(geom):
        shell = ring_fn(np.asarray(polygon.exterior.coords))
        holes = [ring_fn(np.asarray(r.coords)) for r in polygon.interiors]
        polygons.append(shapely.Polygon(shell, holes))
    return shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]


def finalise_coordinates(geom: shapely.Geometry) -> shapely.Geometry:
    """Add the 180° vertices and round to the shipped precision (shared vertices round identically)."""
    return map_polygon_rings(geom, lambda c: np.round(split_ring_at_180(c), DECIMALS))


def round_coverage(geoms: np.ndarray) -> np.ndarray:
    """Round a coverage to the shipped precision and repair what rounding breaks.

    Rounding keeps shared vertices shared, but two nearby vertices can collapse into a pinch or a
    thin spike can fold over; re-noding the coverage and rounding again settles within a pass or two.
    """
    geoms = np.array([finalise_coordinates(g) for g in geoms], dtype=object)
    for _ in range(5):
        if all(g.is_valid for g in geoms) and shapely.coverage_is_valid(geoms):
            return geoms
        repaired = np.array([polygonal_part(shapely.make_valid(g)) for g in geoms], dtype=object)
        repaired = shapely.coverage_clean(repaired, snapping_distance=0, merge_strategy="min_area")
        geoms = np.array([finalise_coordinates(polygonal_part(g)) for g in repaired], dtype=object)
    return geoms


def wrap_polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Cut an unwrapped geometry at 180° and shift the eastern part by -360° (RFC 7946)."""
    if geom.bounds[2] <= 180.0:
        return geom
    west = polygonal_part(geom.intersection(box(-180.0, -90.0, 180.0, 90.0)))
    east = polygonal_part(geom.intersection(box(180.0, -90.0, 540.0, 90.0)))
    east = shapely.transform(east, lambda c: c - np.array([360.0, 0.0]))
    return shapely.MultiPolygon(list(shapely.get_parts(west)) + list(shapely.get_parts(east)))


def wrap_lines(geom: shapely.Geometry) -> shapely.Geometry:
    if geom.bounds[2] <= 180.0:
        return geom
    west = geom.intersection(box(-180.0, -90.0, 180.0, 90.0))
    east = geom.intersection(box(180.0, -90.0, 540.0, 90.0))
    east = shapely.transform(east, lambda c: c - np.array([360.0, 0.0]))
    lines = [g for g in shapely.get_parts(shapely.line_merge(west)) if g.geom_type == "LineString"]
    lines += [g for g in shapely.get_parts(shapely.line_merge(east)) if g.geom_type == "LineString"]
    return shapely.MultiLineString(lines)


def vertex_set(geom: shapely.Geometry) -> set[tuple[float, float]]:
    return set(map(tuple, shapely.get_coordinates(geom).tolist()))


# --- coastline ---------------------------------------------------------------------------------


def basin_of(lon: float, lat: float) -> str:
    """Name the sea a coastal point belongs to; boxes are generous because only USSR coasts are tested."""
    if 45.0 <= lon <= 56.0 and 36.0 <= lat <= 48.0:
        return "caspian"
    if 27.0 <= lon <= 42.5 and 40.0 <= lat <= 48.5:
        return "black_sea"
    if lon <= 31.0 and lat <= 61.0:
        return "baltic"
    # The Bering Strait (Cape Dezhnev, 66.07°N) separates the Chukchi Sea from the Bering Sea.
    if lon >= 127.0 and lat < 66.07:
        return "pacific"
    return "arctic"


BASIN_NAMES = {
    "arctic": "Arctic Ocean coast",
    "pacific": "Pacific coast (Bering Sea, Sea of Okhotsk, Sea of Japan)",
    "baltic": "Baltic Sea coast",
    "black_sea": "Black Sea and Sea of Azov coast",
    "caspian": "Caspian Sea coast",
}


def open_sea(ussr: shapely.Geometry, neighbours: list[shapely.Geometry]) -> shapely.STRtree:
    """Large connected water around the USSR; growing the neighbours seals border slivers and rivers."""
    grown = shapely.union_all([g.buffer(NEIGHBOUR_GROWTH) for g in neighbours] + [ussr])
    water = shapely.get_parts(NEIGHBOUR_WINDOW.difference(grown))
    return shapely.STRtree([w for w in water if w.area >= SEA_MIN_AREA])


def coast_segments(union: shapely.Geometry, land: shapely.STRtree, sea: shapely.STRtree) -> dict[str, list[np.ndarray]]:
    """Split the union's outer rings into runs of coast per basin, dropping land borders and lakes."""
    runs: dict[str, list[np.ndarray]] = {name: [] for name in BASIN_NAMES}
    for polygon in shapely.get_parts(union):
        coords = np.asarray(polygon.exterior.coords)
        mids = shapely.points((coords[:-1] + coords[1:]) / 2)
        not_coast = np.ones(len(mids), dtype=bool)
        hit, _ = sea.query(mids, predicate="dwithin", distance=LAND_BORDER_DISTANCE)
        not_coast[hit] = False
        hit, _ = land.query(mids, predicate="dwithin", distance=LAND_BORDER_DISTANCE)
        not_coast[hit] = True
        labels = [None if skip else basin_of(*coords[i]) for i, skip in enumerate(not_coast)]
        # Rotate the ring so it starts at a label change; then runs never wrap around the start.
        change = next((i for i in range(len(labels)) if labels[i] != labels[i - 1]), None)
        if change is None:
            if labels[0] is not None:
                runs[labels[0]].append(coords)
            continue
        order = np.r_[change : len(labels), 0:change]
        start = 0
        for k in range(1, len(order) + 1):
            if k == len(order) or labels[order[k]] != labels[order[start]]:
                label = labels[order[start]]
                if label is not None:
                    seg_ids = order[start:k]
                    run = np.vstack([coords[seg_ids], coords[seg_ids[-1] + 1]])
                    runs[label].append(run)
                start = k
    return runs


def build_coastline(regions: np.ndarray, land: shapely.STRtree, sea: shapely.STRtree) -> list[dict]:
    union = shapely.coverage_union_all(regions)
    features = []
    for basin, runs in coast_segments(union, land, sea).items():
        lines = shapely.MultiLineString([r.tolist() for r in runs])
        features.append({"id": basin, "name": BASIN_NAMES[basin], "geometry": lines})
    return features


# --- neighbours --------------------------------------------------------------------------------


def build_neighbours(ds: netCDF4.Dataset, ussr: shapely.Geometry) -> tuple[list[dict], shapely.STRtree]:
    """Clip, simplify and subtract the USSR from each neighbour; also return raw land for coast tests."""
    countries = read_names(DCW_DIR / "dcw-countries.txt", 1)
    features, raw_land = [], []
    for iso, item in sorted(NEIGHBOURS.items()):
        raw = read_item(ds, item).intersection(NEIGHBOUR_WINDOW)
        raw_land += list(shapely.get_parts(raw))
        simple = shapely.simplify(raw, NEIGHBOUR_TOLERANCE, preserve_topology=True)
        clipped = polygonal_part(simple.difference(ussr))
        clipped = shapely.union_all([p for p in shapely.get_parts(clipped) if p.area >= NEIGHBOUR_MIN_PART])
        clipped = map_polygon_rings(clipped, lambda c: np.round(split_ring_at_180(c), DECIMALS))
        clipped = polygonal_part(shapely.make_valid(clipped))
        features.append({"id": iso, "name": NEIGHBOUR_NAMES.get(iso, countries[iso]), "geometry": clipped})
        progress(f"neighbour {iso}: {shapely.get_num_coordinates(clipped)} vertices")
    return features, shapely.STRtree(raw_land)


# --- output ------------------------------------------------------------------------------------


def geometry_json(geom: shapely.Geometry) -> dict:
    """GeoJSON geometry with CCW exteriors and coordinates at the shipped precision."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.orient_polygons(geom)
        polygons = [
            [np.round(np.asarray(r.coords), DECIMALS).tolist() for r in (p.exterior, *p.interiors)]
            for p in shapely.get_parts(geom)
        ]
        if len(polygons) == 1:
            return {"type": "Polygon", "coordinates": polygons[0]}
        return {"type": "MultiPolygon", "coordinates": polygons}
    lines = [np.round(np.asarray(g.coords), DECIMALS).tolist() for g in shapely.get_parts(geom)]
    return {"type": "MultiLineString", "coordinates": lines}


def write_feature_collection(path: Path, features: list[dict]) -> None:
    """Write one feature per line, atomically, so reruns give identical bytes."""
    lines = []
    for feature in features:
        props = {k: v for k, v in feature.items() if k != "geometry"}
        record = {"type": "Feature", "properties": props, "geometry": geometry_json(feature["geometry"])}
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes files private; shipped data must be readable by all
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    progress(f"wrote {path.relative_to(GEODATA.parent)} ({path.stat().st_size / 1e6:.2f} MB)")


# --- checks ------------------------------------------------------------------------------------


def check_cities(geoms: np.ndarray, ids: list[str]) -> None:
    failures = []
    for name, lat, lon, expected in CITY_CHECKS:
        point = shapely.Point(lon, lat)
        found = [ids[i] for i, g in enumerate(geoms) if g.covers(point)]
        if found != [expected]:
            failures.append(f"{name} ({lat}, {lon}) in {found or 'nothing'}, expected {expected}")
    if failures:
        sys.exit("city check failed:\n  " + "\n  ".join(failures))
    progress(f"all {len(CITY_CHECKS)} cities fall in their regions")


def report_water_bodies(holes: list[shapely.Polygon]) -> None:
    for name, lat, lon in WATER_BODIES:
        point = shapely.Point(lon, lat)
        hole = next((h for h in holes if h.covers(point)), None)
        state = f"hole, {geodesic_area_km2(hole):,.0f} km²" if hole else "land (not a hole)"
        print(f"    {name}: {state}")


def summarise(geoms: np.ndarray, ids: list[str], holes: list[shapely.Polygon]) -> None:
    areas = {i: geodesic_area_km2(g) for i, g in zip(ids, geoms)}
    total = sum(areas.values())
    east = sum(areas[i] for i in EAST)
    print("summary:")
    print(f"    units: {len(ids)}, vertices: {int(shapely.get_num_coordinates(geoms).sum())}")
    print(f"    USSR total: {total:,.0f} km²")
    print(f"    Sakha (RUSA): {areas['RUSA']:,.0f} km² (reference 3,083,523)")
    print(f"    Primorsky (RUPRI): {areas['RUPRI']:,.0f} km²")
    print(f"    East (RUSA+RUMAG+RUCHU+RUKAM): {east:,.0f} km²")
    print(f"    West: {total - east:,.0f} km²")
    print(f"    holes left in the USSR: {len(holes)}")
    report_water_bodies(holes)
    if abs(areas["RUSA"] / 3_083_523 - 1) > 0.01:
        sys.exit("Sakha area is off by more than 1%")


# --- main --------------------------------------------------------------------------------------


def main() -> None:
    units = unit_catalogue()
    ids = [u["id"] for u in units]
    ds = netCDF4.Dataset(DCW_DIR / "dcw-gmt.nc")
    raw = np.array([read_item(ds, i) for i in ids], dtype=object)
    progress(f"read {len(raw)} units, {int(shapely.get_num_coordinates(raw).sum())} vertices")

    cleaned = clean_coverage(raw)
    progress("coverage cleaned (overlaps resolved, narrow gaps merged)")
    filled, holes = fill_small_holes(cleaned, ids)
    assert_coverage(filled, "cleaned")
    progress(f"small holes filled; {len(holes)} holes kept as water")

    simplified = shapely.coverage_simplify(filled, SIMPLIFY_TOLERANCE)
    final = round_coverage(fill_notches(simplified))
    assert_coverage(final, "simplified")
    progress(f"simplified to {int(shapely.get_num_coordinates(final).sum())} vertices; coverage valid")
    check_cities(final, ids)
    kept_holes = union_holes(final)

    ussr = shapely.coverage_union_all(final)
    neighbours, land = build_neighbours(ds, ussr)
    sea = open_sea(ussr, [f["geometry"] for f in neighbours])
    coast = build_coastline(final, land, sea)
    coast_vertices = vertex_set(shapely.GeometryCollection([f["geometry"] for f in coast]))
    if not coast_vertices <= vertex_set(shapely.GeometryCollection(list(final))):
        sys.exit("coastline has vertices that are not region vertices")

    regions = []
    for unit, geom in zip(units, final):
        wrapped = wrap_polygonal(geom)
        if not vertex_set(wrapped) <= vertex_set(geom) | {(x - 360.0, y) for x, y in vertex_set(geom)}:
            sys.exit(f"{unit['id']}: cutting at 180° created new vertices")
        regions.append({**unit, "geometry": wrapped})
    for feature in neighbours:
        feature["geometry"] = wrap_polygonal(feature["geometry"])
    for feature in coast:
        feature["geometry"] = wrap_lines(feature["geometry"])

    write_feature_collection(GEODATA / "regions.geojson", regions)
    write_feature_collection(GEODATA / "neighbours.geojson", neighbours)
    write_feature_collection(GEODATA / "coastline.geojson", coast)
    coast_km = sum(geodesic_length_km(f["geometry"]) for f in coast)
    print(f"    neighbours: {len(neighbours)}; coastline: {len(coast)} features, {coast_km:,.0f} km")
    summarise(final, ids, kept_holes)


if __name__ == "__main__":
    main()
