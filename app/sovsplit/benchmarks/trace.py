"""Benchmark of tracing a 4000×3000 map image: the georeference update after moving one control point, and
colour clustering + assignment of the 97 regions; each against a per-point Python loop run in the same process."""

from __future__ import annotations

import math
import time

import numpy as np

from sovsplit.benchmarks.timing import median_ms, ratio

WIDTH, HEIGHT = 4000, 3000
CITIES = ["Moscow", "Yakutsk", "Tashkent", "Norilsk", "Magadan", "Tbilisi"]
COLOURS = [(217, 83, 79), (240, 199, 94), (92, 184, 92)]  # west, buffer state, east


def _image():
    """The regions drawn in plate carrée on a 4000×3000 canvas (three colours, black borders), as an array."""
    import shapely
    from PIL import Image, ImageDraw

    from sovsplit.model.regions import default_regions
    from sovsplit.model.trace.image import MapImage

    regions = default_regions()
    x0, y0, x1, y1 = shapely.total_bounds(regions.geometries)
    sx, sy = WIDTH / (x1 - x0 + 4), HEIGHT / (y1 - y0 + 4)

    def pixel(lon, lat):
        return (np.asarray(lon) - x0 + 2) * sx, (y1 + 2 - np.asarray(lat)) * sy

    img = Image.new("RGB", (WIDTH, HEIGHT), (168, 207, 232))
    draw = ImageDraw.Draw(img)
    for region in sorted(regions.regions, key=lambda r: -r.geometry.area):
        x = region.geometry.representative_point().x
        colour = COLOURS[0 if x < 55 else (1 if x < 95 else 2)]
        for poly in shapely.get_parts(region.geometry):
            px, py = pixel(*np.asarray(poly.exterior.coords).T)
            ring = list(zip(px, py))
            draw.polygon(ring, fill=colour, outline=(0, 0, 0))
    return MapImage(np.asarray(img)), pixel, regions


def _georef(pixel):
    from sovsplit.model.reference import cities
    from sovsplit.model.trace.frame import resolve_frame
    from sovsplit.model.trace.georef import Georeference
    from sovsplit.model.trace.points import ControlPoint

    places = {c["name"]: (c.geometry.x, c.geometry.y) for c in cities()}
    points = []
    for name in CITIES:
        lon, lat = places[name]
        px, py = pixel(lon, lat)
        points.append(ControlPoint(float(px), float(py), lon, lat))
    return Georeference(WIDTH, HEIGHT, resolve_frame("EPSG:4326"), tuple(points))


def _update(georef, coast_lon, coast_lat, step: list[int]):
    """What the window redoes when a point is dragged: refit, residuals, the image mesh, the coast overlay."""
    step[0] += 1
    moved = georef.moving(0, georef.points[0].px + (step[0] % 7), georef.points[0].py)
    return moved.rms_km, moved.preview_mesh(), moved.lonlat_to_pixel(coast_lon, coast_lat)


def _update_loop(georef, coast_lon, coast_lat):
    """The same per point in Python: scalar transforms, one geodesic distance per residual."""
    from pyproj import Geod, Transformer

    tr = Transformer.from_crs("EPSG:4326", "EPSG:4326", always_xy=True)
    geod = Geod(ellps="WGS84")
    fit = georef.transform
    fwd, inv = fit.forward_map, fit.inverse_map
    total = 0.0
    for p in georef.points:
        mx, my = fwd(p.px, p.py)
        lon, lat = tr.transform(float(mx), float(my))
        total += geod.inv(p.lon, p.lat, lon, lat)[2] ** 2
    for gx in np.linspace(0, WIDTH, 33):
        for gy in np.linspace(0, HEIGHT, 25):
            tr.transform(*(float(v) for v in fwd(gx, gy)))
    for lon, lat in zip(coast_lon, coast_lat):
        inv(*tr.transform(float(lon), float(lat)))
    return math.sqrt(total / len(georef.points))


def _assign(image, georef, regions):
    from sovsplit.model.trace.assign import Target, trace_regions
    from sovsplit.model.trace.colours import cluster_colours

    palette = cluster_colours(image)
    targets = tuple(Target(f"polity {n}", "#{:02x}{:02x}{:02x}".format(*c)) for n, c in enumerate(COLOURS))
    mapping = {palette.nearest_colour(t.colour)[0].index: n for n, t in enumerate(targets)}
    return palette, mapping, trace_regions(image, georef, palette, mapping, targets, regions)


def _assign_loop(image, georef, palette, mapping, regions):
    """Region shares by a per-sample Python loop: read the pixel, convert to CIELAB, find the nearest swatch."""
    from sovsplit.model.trace.sampling import region_samples

    samples = region_samples(regions)
    px, py = georef.lonlat_to_pixel(samples.lon, samples.lat)
    centres = [tuple(s.lab) for s in palette.swatches]
    shares: dict[tuple[int, int], float] = {}
    for x, y, w, n in zip(px.tolist(), py.tolist(), samples.weight.tolist(), samples.region.tolist()):
        if not (0 <= x < WIDTH and 0 <= y < HEIGHT):
            continue
        r, g, b = (int(v) for v in image.rgb[int(y), int(x)])
        lab = _lab(r, g, b)
        best = min(range(len(centres)), key=lambda k: sum((lab[i] - centres[k][i]) ** 2 for i in range(3)))
        if best in mapping:
            shares[n, mapping[best]] = shares.get((n, mapping[best]), 0.0) + w
    return shares


def _lab(r: int, g: int, b: int) -> tuple[float, float, float]:
    def lin(c):
        c /= 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rl, gl, bl = lin(r), lin(g), lin(b)
    x = (0.4124564 * rl + 0.3575761 * gl + 0.1804375 * bl) / 0.95047
    y = 0.2126729 * rl + 0.7151522 * gl + 0.0721750 * bl
    z = (0.0193339 * rl + 0.1191920 * gl + 0.9503041 * bl) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def measure(quick: bool) -> dict:
    from sovsplit.model.trace.refine import coast_points
    from sovsplit.model.trace.sampling import region_samples

    image, pixel, regions = _image()
    georef = _georef(pixel)
    coast_lon, coast_lat = coast_points()
    step = [0]
    update_ms = median_ms(lambda: _update(georef, coast_lon, coast_lat, step), 5 if quick else 21)
    update_loop_ms = median_ms(lambda: _update_loop(georef, coast_lon, coast_lat), 1 if quick else 3)
    region_samples.cache_clear()
    start = time.perf_counter()
    region_samples(regions)
    samples_ms = (time.perf_counter() - start) * 1000.0
    assign_ms = median_ms(lambda: _assign(image, georef, regions), 1 if quick else 3)
    palette, mapping, result = _assign(image, georef, regions)
    loop_ms = median_ms(lambda: _assign_loop(image, georef, palette, mapping, regions), 1, 0)
    from sovsplit.model.trace.assign import trace_regions

    targets = result.targets
    only_assign_ms = median_ms(
        lambda: trace_regions(image, georef, palette, mapping, targets, regions), 2 if quick else 5
    )
    return {
        "trace_georef_update_ms": round(update_ms, 2),
        "trace_georef_update_loop_baseline_ms": round(update_loop_ms, 1),
        "trace_georef_update_vs_loop_ratio": ratio(update_loop_ms, update_ms),
        "trace_region_samples_once_ms": round(samples_ms, 1),
        "trace_cluster_and_assign_97_regions_ms": round(assign_ms, 1),
        "trace_assign_97_regions_ms": round(only_assign_ms, 1),
        "trace_assign_loop_baseline_ms": round(loop_ms, 1),
        "trace_assign_vs_loop_ratio": ratio(loop_ms, only_assign_ms),
    }


if __name__ == "__main__":
    print(measure(True))
