"""`sovsplit trace`: georeference a map image, read its colours, and write the scenario it shows."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sovsplit.commands.assign import find_polity
from sovsplit.model.editing.edits import EditRefused
from sovsplit.model.geodesy import area_km2
from sovsplit.model.io.problems import InputError
from sovsplit.model.io.scenario_io import load_scenario, save_scenario
from sovsplit.model.io.shipped_scenarios import resolve_scenario
from sovsplit.model.report import ScenarioReport, scenario_report
from sovsplit.model.trace.assign import UNMAPPED, Target, TraceResult, trace_regions
from sovsplit.model.trace.colours import cluster_colours
from sovsplit.model.trace.frame import FrameError, resolve_frame
from sovsplit.model.trace.georef import Georeference
from sovsplit.model.trace.image import hex_to_rgb, load_image
from sovsplit.model.trace.points import parse_gcp
from sovsplit.model.trace.points_file import read_points
from sovsplit.model.trace.scenario_edit import trace_edit
from sovsplit.model.trace.split import trace_cut
from sovsplit.model.trace.transforms import METHODS, TransformError

MAX_DELTA_E = 25.0  # a --colour farther than this from every colour of the image is not in it


def add_parser(sub) -> None:
    p = sub.add_parser("trace", help="turn a coloured map image into a scenario (control points + colours)")
    p.add_argument("image", help="the map image (PNG, JPEG, TIFF, WebP)")
    p.add_argument(
        "--gcp",
        action="append",
        default=[],
        metavar="PX,PY,LON,LAT",
        help="a control point: pixel from the top-left (x right, y down) and its lon/lat (repeatable)",
    )
    p.add_argument("--points", metavar="FILE.points", help="control points from a QGIS Georeferencer file")
    p.add_argument(
        "--crs",
        help="the image's projection: EPSG:4326 (default), EPSG:3857, EPSG:CODE or a "
        "projection key (albers, laea-north, mercator, platecarree)",
    )
    p.add_argument("--transform", choices=METHODS, default="affine", help="pixel → map transform (default affine)")
    p.add_argument("--refine", action="store_true", help="refine the fit by matching the image's coast")
    p.add_argument(
        "--colour",
        action="append",
        required=True,
        metavar="'#RRGGBB=POLITY NAME'",
        help="a colour of the image and the polity it stands for: an existing one (id or name) "
        "or a new one (repeatable)",
    )
    p.add_argument(
        "--base",
        default="default",
        metavar="SCENARIO",
        help="the scenario to change: a file or a shipped name (default: default)",
    )
    p.add_argument(
        "--uncertain",
        choices=("best", "keep"),
        default="best",
        help="regions no colour covers ≥ 70 %%: to their leading colour (best) or left as in the base",
    )
    p.add_argument(
        "--cut-uncertain",
        action="store_true",
        help="cut regions where two colours meet along the colour boundary, each piece to its polity",
    )
    p.add_argument("--keep-empty", action="store_true", help="keep base polities the image leaves without land")
    p.add_argument("-o", "--output", required=True, metavar="OUT.geojson", help="where to write the scenario")
    p.add_argument("--format", choices=("table", "json"), default="table")


def _fail(message: str) -> int:
    print(f"sovsplit trace: {message}", file=sys.stderr)
    return 2


def _colour_specs(texts: list[str]) -> list[tuple[str, str]]:
    specs = []
    for text in texts:
        colour, sep, name = text.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--colour {text!r} must be '#RRGGBB=POLITY NAME'")
        r, g, b = hex_to_rgb(colour)
        specs.append((f"#{r:02x}{g:02x}{b:02x}", name.strip()))
    return specs


def run(args) -> int:
    try:
        specs = _colour_specs(args.colour)
        frame = resolve_frame(args.crs) if args.crs else None
        gcps = [parse_gcp(g) for g in args.gcp]
    except (ValueError, FrameError) as exc:
        return _fail(str(exc))
    image = load_image(args.image)
    points = []
    if args.points:
        read = read_points(args.points, frame)
        frame = frame or read.frame
        points.extend(read.points)
    georef = Georeference(
        image.width, image.height, frame or resolve_frame("EPSG:4326"), tuple(points + gcps), args.transform
    )
    try:
        _ = georef.transform  # fit now, so too few points is reported before the slow steps
    except TransformError as exc:
        raise InputError(args.image, str(exc)) from None
    base = load_scenario(resolve_scenario(args.base))
    palette = cluster_colours(image)
    refinement = None
    if args.refine:
        from sovsplit.model.trace.refine import refine_georef

        refinement = refine_georef(image, georef, palette, base.regions)
        if refinement.improved:
            georef = refinement.georef
    mapping, targets = {}, []
    for colour, name in specs:
        swatch, delta = palette.nearest_colour(colour)
        if delta > MAX_DELTA_E:
            return _fail(
                f"{Path(args.image).name}: colour {colour} is not in the image "
                f"(nearest is {swatch.colour}, ΔE {delta:.0f})"
            )
        if swatch.index in mapping:
            other = targets[mapping[swatch.index]].colour
            return _fail(f"{Path(args.image).name}: colours {other} and {colour} are the same colour of the image")
        pid = find_polity(base, name)
        polity = base.polities.get(pid) if pid else None
        mapping[swatch.index] = len(targets)
        targets.append(Target(polity.name, polity.colour, polity.id) if polity else Target(name, colour))
    result = trace_regions(image, georef, palette, mapping, tuple(targets), base.regions)
    cuts = _cuts(base, image, georef, palette, mapping, result) if args.cut_uncertain else []
    try:
        edit = trace_edit(
            base,
            result,
            include_uncertain=args.uncertain == "best",
            drop_emptied=not args.keep_empty,
            source=Path(args.image).name,
            cuts=cuts,
        )
    except EditRefused as exc:
        return _fail(str(exc))
    edit.apply(base)
    save_scenario(base, args.output)
    summary = _summary(args, georef, refinement, palette, mapping, result, scenario_report(base))
    summary["cuts"] = [
        {
            "id": c.region_id,
            "name": base.regions[c.region_id].name,
            "pieces": [
                {"polity": result.targets[t].name, "area_km2": round(area_km2(base.parcels[pid].geometry), 1)}
                for pid, t in c.owners.items()
            ],
        }
        for c in cuts
    ]
    for entry in summary["polities"]:
        entry["parts"] = [c["id"] for c in summary["cuts"] if entry["name"] in {p["polity"] for p in c["pieces"]}]
    for entry in summary["uncertain"]:
        if any(c["id"] == entry["id"] for c in summary["cuts"]):
            entry["given_to"], entry["cut"] = None, True
    if args.format == "json":
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        _print_table(summary)
    return 0


def _cuts(base, image, georef, palette, mapping, result) -> list:
    """Cuts of the uncertain regions that show two mapped colours; ones that fail or overlap are skipped."""
    cuts, removed = [], set()
    for row in result.uncertain:
        if sum(1 for t in row.shares if t != UNMAPPED) < 2:
            continue
        try:
            traced = trace_cut(base, image, georef, palette, mapping, result, row.region_id)
        except EditRefused as exc:
            print(f"sovsplit trace: {row.name} not cut: {exc}", file=sys.stderr)
            continue
        gone = {p.id for p, _ in traced.edit.removed}
        if gone & removed:
            continue  # it touches a region cut already; it stays whole (uncertain)
        removed |= gone
        cuts.append(traced)
    return cuts


def _summary(args, georef, refinement, palette, mapping, result: TraceResult, report: ScenarioReport) -> dict:
    names = {i: t.name for i, t in enumerate(result.targets)} | {UNMAPPED: "other colours"}
    area = {p.name: p.area_km2 for p in report.polities}
    by_target = result.by_target()
    return {
        "image": str(args.image),
        "crs": georef.frame.name,
        "transform": georef.method,
        "control_points": len(georef.enabled),
        "rms_km": round(georef.rms_km, 3),
        "residuals_km": [round(r.km, 3) for r in georef.residuals],
        "refinement": refinement.as_dict() if refinement else None,
        "swatches": [
            {
                "colour": s.colour,
                "kind": s.kind,
                "land_share": round(s.land_share, 4),
                "polity": names[mapping[s.index]] if s.index in mapping else None,
            }
            for s in palette.swatches
        ],
        "polities": [
            {
                "name": t.name,
                "id": t.polity_id,
                "colour": t.colour,
                "regions": by_target[i],
                "area_km2": area.get(t.name),
            }
            for i, t in enumerate(result.targets)
        ],
        "uncertain": [
            {
                "id": r.region_id,
                "name": r.name,
                "samples": r.samples,
                "given_to": names[r.best] if (r.best is not None and args.uncertain == "best") else None,
                "shares": {names[k]: v for k, v in r.shares.items()},
            }
            for r in result.uncertain
        ],
        "output": str(args.output),
    }


def _print_table(s: dict) -> None:
    print(f"control points: {s['control_points']} ({s['transform']}, {s['crs']}), RMS {s['rms_km']:.2f} km")
    if s["refinement"]:
        r = s["refinement"]
        verdict = "accepted" if r["improved"] else "kept the control points (under 10 % better)"
        print(
            f"refinement: coast RMS {r['coast_rms_before_km']:.1f} km → {r['coast_rms_after_km']:.1f} km, "
            f"{r['improvement']:.0%} better, {verdict}"
        )
    for sw in s["swatches"]:
        if sw["kind"] == "colour" or sw["polity"]:
            print(f"  swatch {sw['colour']}  {sw['land_share']:6.1%} of the land  → {sw['polity'] or '(unmapped)'}")
    width = max([len(p["name"]) for p in s["polities"]] + [6])
    print(f"{'polity'.ljust(width)}  regions   area km²")
    for p in s["polities"]:
        area = f"{p['area_km2']:,.0f}" if p["area_km2"] is not None else "-"
        parts = f" +{len(p['parts'])} part" if p.get("parts") else ""
        print(f"{p['name'].ljust(width)}  {len(p['regions']):7d}{parts.ljust(8)}  {area:>10}")
    if s["uncertain"]:
        print(f"uncertain ({len(s['uncertain'])}):")
        for u in s["uncertain"]:
            shares = ", ".join(f"{k} {v:.0%}" for k, v in u["shares"].items()) or "no colour samples"
            to = (
                " → cut along the colour boundary"
                if u.get("cut")
                else f" → {u['given_to']}"
                if u["given_to"]
                else " (left as in the base)"
            )
            print(f"  {u['name']} ({u['id']}): {shares}{to}")
    for c in s.get("cuts", []):
        pieces = ", ".join(f"{p['polity']} {p['area_km2']:,.0f} km²" for p in c["pieces"])
        print(f"cut {c['name']} ({c['id']}): {pieces}")
    print(f"wrote {s['output']}")
